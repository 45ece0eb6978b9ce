import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { blankFacility, FacilityForm, withSubmitted } from "../components/facility-form";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { createFacility } from "../lib/facilities.server";
import { requireCommunity } from "../lib/places.server";
import { FacilitySchema } from "../validation/facility";
import { fieldErrors, formToObject } from "../validation/form";

export const meta: MetaFunction = () => [{ title: "新增设施 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "edit:facility");
  return { community: { code: community.code, name: community.name, lat: community.lat, lng: community.lng } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "edit:facility", { form, clientIp: context.clientIp });
  const parsed = FacilitySchema.safeParse(formToObject(form, ["functions"]));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), values: formToObject(form, ["functions"]) }, { status: 400 });
  await createFacility(db, { actor: user, ip: context.clientIp }, community.code, parsed.data);
  return redirect(`/communities/${community.code}`);
}

export default function NewFacility() {
  const { community } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="panel">
      <h2>新增设施</h2>
      <FacilityForm
        key={actionData ? JSON.stringify(actionData.errors) : "fresh"}
        errors={actionData?.errors ?? {}}
        submitLabel="保存设施"
        defaults={withSubmitted(blankFacility(community.lat, community.lng), actionData?.values)}
      />
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
