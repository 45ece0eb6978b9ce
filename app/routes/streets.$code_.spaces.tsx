// A street's 存量空间台账 across its communities: kept by the street's reviewer (a new space is
// registered for one of the street's communities), read by the district and the city.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "../components/breadcrumbs";
import { IdleSpaceTable } from "../components/idle-space-table";
import { NewSpacePanel } from "../components/new-space-panel";
import { PointMap } from "../components/point-map";
import { RouteErrorBoundary } from "../components/route-error";
import { spaceMapLayers } from "../components/space-map-layers";
import { Table } from "../components/table";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";
import { done, failed, invalidForm } from "../lib/http.server";
import { loadStreetSpacesPage } from "../lib/idle-space-pages.server";
import { createIdleSpace } from "../lib/idle-spaces.server";
import { requireStreet } from "../lib/places.server";
import { formToObject } from "../validation/form";
import { IdleSpaceFormSchema } from "../validation/idle-space";
import { Section } from "../components/section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.street.name ?? "街道"} 存量空间台账 · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, street } = await requireStreet(request, params.code, "view:place");
  const page = await loadStreetSpacesPage(db, user, { code: street.code, place: { districtCode: street.district.code, streetCode: street.code } });
  return { ...page, street, crumbs: placeCrumbs(user, { district: street.district, street }, [{ label: "存量空间台账" }]) };
}

const NewSpaceSchema = IdleSpaceFormSchema.extend({ communityCode: z.string({ error: "请选择社区" }).regex(/^\d{12}$/, "请选择社区") });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user } = await requireStreet(request, params.code, "view:place", { form, clientIp: context.clientIp });
  const submitted = formToObject(form);
  const values: Record<string, string> = Object.fromEntries(Object.entries(submitted).map(([k, v]) => [k, String(v ?? "")]));
  const parsed = NewSpaceSchema.safeParse(submitted);
  if (!parsed.success) return invalidForm(parsed.error, { values }, "请检查表单中标出的项目。");
  const { communityCode, ...space } = parsed.data;
  // The use case decides whether this user may keep that community's inventory (403, audited).
  const outcome = await createIdleSpace(db, { actor: user, ip: context.clientIp }, { communityCode, form: space });
  if (!outcome.ok) return failed(outcome, { values });
  return done(`已登记存量空间“${space.name}”。`, { values: {} as Record<string, string> });
}

export default function StreetSpaces() {
  const { spaces, byCommunity, canManage, mapPoints, street, crumbs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const layers = spaceMapLayers(mapPoints);
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{street.name} 存量空间台账</h1>
      <Section id="street-spaces-heading" title="各社区的存量空间">
        <p>
          可用于建设服务设施的闲置空间（补改、转型、划转）。<Link to={`/siting/${street.code}`}>用“可用”空间做街道选址推演</Link>
          {canManage ? (
            <>
              {" "}· <Link to="/import">批量导入（CSV/XLSX）</Link>
            </>
          ) : null}
        </p>
        <Table
          caption="按社区汇总"
          rows={byCommunity}
          rowKey={(c) => c.code}
          columns={[
            { header: "社区/村", rowHeader: true, cell: (c) => <Link to={`/communities/${c.code}/spaces`}>{c.name}</Link> },
            { header: "空间数", numeric: true, cell: (c) => c.count },
            { header: "其中可用", numeric: true, cell: (c) => c.available },
            { header: "建筑面积合计（m²）", numeric: true, cell: (c) => c.areaM2 },
          ]}
        />
        <IdleSpaceTable spaces={spaces} showCommunity />
        <PointMap layers={layers} label={`${street.name}的小区、设施与存量空间分布图`} height={420} />
      </Section>
      {canManage ? (
        <NewSpacePanel
          id="street-new-space-heading"
          title="为本街道的社区登记存量空间"
          result={result}
          busy={busy}
          spaceCount={spaces.length}
          layers={layers}
          communities={byCommunity.map((c) => ({ code: c.code, name: c.name }))}
        />
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
