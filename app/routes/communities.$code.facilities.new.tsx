import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { blankFacility, FacilityForm, withSubmitted } from "../components/facility-form";
import { RouteErrorBoundary } from "../components/route-error";
import { spaceMapLayers } from "../components/space-map-layers";
import { loadCommunityMapPoints } from "../lib/idle-space-pages.server";
import { db } from "../lib/db.server";
import { createFacility } from "../lib/facilities.server";
import { failed, invalidForm } from "../lib/http.server";
import { requireCommunity } from "../lib/places.server";
import { FacilitySchema } from "../validation/facility";
import { formToObject } from "../validation/form";

export const meta: MetaFunction = () => [{ title: "新增设施 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "edit:facility");
  return { community: { code: community.code, name: community.name, lat: community.lat, lng: community.lng }, mapPoints: await loadCommunityMapPoints(db, community.code) };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form });
  const submitted = formToObject(form, ["functions"]);
  const parsed = FacilitySchema.safeParse(submitted);
  if (!parsed.success) return invalidForm(parsed.error, { values: submitted });
  const outcome = await createFacility(db, { actor: user, ip: context.clientIp }, { communityCode: community.code, facility: parsed.data });
  if (!outcome.ok) return failed(outcome, { values: submitted });
  return redirect(`/communities/${community.code}`);
}

export default function NewFacility() {
  const { community, mapPoints } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <section className="panel">
      <h2>新增设施</h2>
      <FacilityForm
        key={actionData ? JSON.stringify(actionData.errors) : "fresh"}
        errors={actionData?.errors ?? {}}
        layers={spaceMapLayers(mapPoints)}
        submitLabel="保存设施"
        defaults={withSubmitted(blankFacility(community.lat, community.lng), actionData?.values)}
      />
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
