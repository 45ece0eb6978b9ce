import { notFound } from "../lib/http.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { findFacility } from "../../db/repositories/facilities";
import { CsrfField } from "../components/csrf-field";
import { FacilityForm, type FacilityFormDefaults, withSubmitted } from "../components/facility-form";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { closeFacility, editFacility } from "../lib/facilities.server";
import { requireCommunity } from "../lib/places.server";
import { FacilitySchema } from "../validation/facility";
import { fieldErrors, formToObject } from "../validation/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `编辑 ${data.facility.name} · 社区嵌入式服务设施` : "编辑设施" },
];

async function loadFacility(communityCode: string, id: string | undefined) {
  const facility = id ? await findFacility(db, id) : null;
  if (!facility || facility.communityCode !== communityCode) throw notFound("找不到该设施。");
  return facility;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "edit:facility");
  const facility = await loadFacility(community.code, params.id);
  return { community: { code: community.code }, facility };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "edit:facility", { form, clientIp: context.clientIp });
  const facility = await loadFacility(community.code, params.id);
  const change = { actor: user, ip: context.clientIp };
  if (form.get("_intent") === "close") {
    await closeFacility(db, change, community.code, facility.id);
    return redirect(`/communities/${community.code}`);
  }
  const submitted = formToObject(form, ["functions"]);
  const parsed = FacilitySchema.safeParse(submitted);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: submitted }, { status: 400 });
  await editFacility(db, change, community.code, facility.id, parsed.data);
  return redirect(`/communities/${community.code}`);
}

export default function EditFacility() {
  const { facility } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const current: FacilityFormDefaults = {
    name: facility.name,
    domain: facility.domain,
    functions: facility.functions,
    areaM2: String(facility.areaM2),
    officeAreaM2: String(facility.officeAreaM2),
    status: facility.status,
    lat: String(facility.lat),
    lng: String(facility.lng),
    operator: facility.operator ?? "",
    operatingModel: facility.operatingModel ?? "",
    pricing: facility.pricing ?? "",
    serviceLevel: facility.serviceLevel,
    hubPart: facility.hubPart,
  };
  return (
    <section className="panel">
      <h2>编辑设施：{facility.name}</h2>
      <FacilityForm
        key={actionData ? JSON.stringify(actionData.errors) : facility.updatedAt}
        errors={actionData?.errors ?? {}}
        submitLabel="保存修改"
        defaults={withSubmitted(current, actionData?.values)}
      />
      {facility.status !== "closed" ? (
        <Form
          method="post"
          className="danger-zone"
          onSubmit={(event) => {
            if (!window.confirm(`确定关闭“${facility.name}”吗？`)) event.preventDefault();
          }}
        >
          <CsrfField />
          <h3>关闭设施</h3>
          <p className="muted">设施停止运营时关闭它：记录会保留，评估不再计入它的面积和功能。</p>
          <button type="submit" name="_intent" value="close" className="button button--danger">
            关闭该设施
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
