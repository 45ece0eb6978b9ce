import { failed, invalidForm, notFound } from "../lib/http.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "../components/csrf-field";
import { FacilityForm, type FacilityFormDefaults, withSubmitted } from "../components/facility-form";
import { RouteErrorBoundary } from "../components/route-error";
import { spaceMapLayers } from "../components/space-map-layers";
import { loadCommunityMapPoints } from "../lib/idle-space-pages.server";
import { db } from "../lib/db.server";
import { closeFacility, editFacility } from "../lib/facilities.server";
import { findCommunityFacility } from "../lib/place-pages.server";
import { requireCommunity } from "../lib/places.server";
import { FacilitySchema } from "../validation/facility";
import { formToObject } from "../validation/form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `编辑 ${data.facility.name} · 社区嵌入式服务设施` : "编辑设施" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "edit:facility");
  const facility = await findCommunityFacility(db, community.code, params.id);
  if (!facility) throw notFound("找不到该设施。");
  return { community: { code: community.code }, facility, mapPoints: await loadCommunityMapPoints(db, community.code) };
}

const IntentSchema = z.enum(["save", "close"], { error: "请求有误，请刷新页面后重试。" });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form });
  const change = { actor: user, ip: context.clientIp };
  const submitted = formToObject(form, ["functions"]);
  const intent = IntentSchema.safeParse(form.get("_intent") ?? "save");
  if (!intent.success) return invalidForm(intent.error, { values: submitted }, intent.error.issues[0].message);
  const target = { communityCode: community.code, facilityId: params.id ?? "" };
  if (intent.data === "close") {
    const closed = await closeFacility(db, change, target);
    if (!closed.ok) return failed(closed, { values: submitted });
    return redirect(`/communities/${community.code}`);
  }
  const parsed = FacilitySchema.safeParse(submitted);
  if (!parsed.success) return invalidForm(parsed.error, { values: submitted });
  const edited = await editFacility(db, change, { ...target, facility: parsed.data });
  if (!edited.ok) return failed(edited, { values: submitted });
  return redirect(`/communities/${community.code}`);
}

export default function EditFacility() {
  const { facility, mapPoints } = useLoaderData<typeof loader>();
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
    system: "WGS84",
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
        layers={spaceMapLayers(mapPoints)}
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
