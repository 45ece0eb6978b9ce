// 存量空间台账 of a community: the list, the map and a new space (community worker, street reviewer).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { IdleSpaceTable } from "../components/idle-space-table";
import { NewSpacePanel } from "../components/new-space-panel";
import { PointMap } from "../components/point-map";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { done, failed, invalidForm } from "../lib/http.server";
import { loadCommunitySpacesPage } from "../lib/idle-space-pages.server";
import { createIdleSpace } from "../lib/idle-spaces.server";
import { requireCommunity } from "../lib/places.server";
import { formToObject } from "../validation/form";
import { IdleSpaceFormSchema } from "../validation/idle-space";
import { spaceMapLayers } from "../components/space-map-layers";
import { Section } from "../components/section";

export const meta: MetaFunction = () => [{ title: "存量空间台账 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const page = await loadCommunitySpacesPage(db, user, {
    code: community.code,
    place: { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code },
  });
  return { ...page, community: { code: community.code, name: community.name } };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form });
  const submitted = formToObject(form);
  const values: Record<string, string> = Object.fromEntries(Object.entries(submitted).map(([k, v]) => [k, String(v ?? "")]));
  const parsed = IdleSpaceFormSchema.safeParse(submitted);
  if (!parsed.success) return invalidForm(parsed.error, { values }, "请检查表单中标出的项目。");
  const outcome = await createIdleSpace(db, { actor: user, ip: context.clientIp }, { communityCode: community.code, form: parsed.data });
  if (!outcome.ok) return failed(outcome, { values });
  return done(`已登记存量空间“${parsed.data.name}”。`, { values: {} as Record<string, string> });
}

export default function CommunitySpaces() {
  const { spaces, canManage, mapPoints, community } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const layers = spaceMapLayers(mapPoints);
  return (
    <>
      <Section id="spaces-heading" title="存量空间台账">
        <p>
          可用于建设服务设施的闲置空间，按补改、转型、划转三种途径登记。<Link to={`/siting/${community.code}`}>用“可用”空间做选址推演</Link>
          {canManage ? (
            <>
              {" "}· <Link to="/import">批量导入（CSV/XLSX）</Link>
            </>
          ) : null}
        </p>
        <IdleSpaceTable spaces={spaces} />
        <PointMap layers={layers} label={`${community.name}的小区、设施与存量空间分布图`} height={360} />
      </Section>
      {canManage ? (
        <NewSpacePanel id="new-space-heading" title="登记存量空间" result={result} busy={busy} spaceCount={spaces.length} layers={layers} />
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
