// 公共服务空间治理地图 (三(五)1): communities and facilities drawn from our own coordinates,
// with no tile or map service, so it works on an office network without internet access.
import { forbidden } from "../lib/http.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigate, useSubmit } from "@remix-run/react";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { z } from "zod";
import { type Domain, DOMAIN_LABELS, DOMAINS, FACILITY_STATUS_LABELS, SPACE_ROUTE_LABELS, SPACE_STATUS_LABELS } from "../../workflows/glossary";
import { Breadcrumbs } from "../components/breadcrumbs";
import { Chart } from "../components/chart";
import { CodeSelectField } from "../components/code-select";
import { OptionSelectField, placeOptions } from "../components/option-select";
import { circleSeries, offlineMapOption } from "../components/offline-map-option";
import { DemoBadge } from "../components/demo-badge";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { requireUser } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { loadMapPage } from "../lib/map-pages.server";
import { Section } from "../components/section";

export const meta: MetaFunction = () => [{ title: "公共服务空间治理地图 · 社区嵌入式服务设施" }];

const WALK_M = 1000; // [默认值] the 15-minute circle's walking distance (CIRCLE_15MIN)
const CIRCLES_UP_TO = 80; // drawing 2,470 circles would hide the map; a street's worth is readable
const DOMAIN_COLOURS: Record<Domain, string> = {
  eldercare_childcare: "#b45309",
  meal_assist: "#dc2626",
  housekeeping_convenience: "#7c3aed",
  health: "#059669",
  sports_fitness: "#2563eb",
  culture_leisure: "#db2777",
  children_play: "#ca8a04",
};
const STATUS_COLOURS: Record<string, string> = { 满足: "#16a34a", 不足: "#f59e0b", 缺失: "#dc2626" };

const FilterSchema = z.object({
  district: z.string().regex(/^\d{6}$/).optional().catch(undefined),
  street: z.string().regex(/^\d{9}$/).optional().catch(undefined),
  domain: z.enum(DOMAINS).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filters = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const page = await loadMapPage(db, user, filters);
  if (!page) throw forbidden();
  return page;
}

export default function GovernanceMap() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const submit = useSubmit();
  const drawCircles = data.communities.length <= CIRCLES_UP_TO;
  const option = useMemo<EChartsCoreOption>(
    () =>
      offlineMapOption({
        points: [...data.communities, ...data.facilities],
        pad: 0.01,
        series: [
          ...(drawCircles ? [circleSeries("15分钟生活圈（1公里，默认值）", data.communities, WALK_M, { fill: "rgba(31,78,140,0.06)", stroke: "rgba(31,78,140,0.35)" })] : []),
          {
            name: "社区/村",
            type: "scatter",
            coordinateSystem: "geo",
            itemStyle: { color: "#64748b" },
            symbol: "circle",
            symbolSize: (_value: number[], p: { data: { hub: boolean } }) => (p?.data?.hub ? 14 : 10),
            data: data.communities.map((c) => ({
              value: [c.lng, c.lat],
              name: c.name,
              code: c.code,
              hub: c.hasHub,
              info: `${c.households.toLocaleString("zh-CN")} 户${c.hasHub ? " · 有共同体" : ""}${
                c.status ? ` · ${data.domain ? DOMAIN_LABELS[data.domain] : "最弱领域"}：${weakest(c)}` : " · 尚未评估"
              }${c.coverageShare !== null ? ` · 15分钟圈覆盖 ${(c.coverageShare * 100).toFixed(0)}% 户` : ""}`,
              itemStyle: { color: c.status ? STATUS_COLOURS[c.status] : "#94a3b8", borderColor: "#fff", borderWidth: 1 },
            })),
          },
          ...(data.spaces.length
            ? [
                {
                  name: "存量空间",
                  type: "scatter",
                  coordinateSystem: "geo",
                  symbol: "diamond",
                  symbolSize: 10,
                  itemStyle: { color: "#b45309" },
                  data: data.spaces.map((s) => ({
                    value: [s.lng, s.lat],
                    name: s.name,
                    info: `存量空间 · ${SPACE_ROUTE_LABELS[s.route]} · ${SPACE_STATUS_LABELS[s.status]} · ${s.areaM2} m²`,
                  })),
                },
              ]
            : []),
          ...DOMAINS.filter((d) => data.facilities.some((f) => f.domain === d)).map((d) => ({
            name: DOMAIN_LABELS[d],
            type: "scatter",
            coordinateSystem: "geo",
            itemStyle: { color: DOMAIN_COLOURS[d] },
            symbol: "rect",
            symbolSize: 6,
            data: data.facilities
              .filter((f) => f.domain === d)
              .map((f) => ({
                value: [f.lng, f.lat],
                name: f.name,
                info: `${DOMAIN_LABELS[d]} · ${FACILITY_STATUS_LABELS[f.status] ?? f.status}`,
                itemStyle: f.status === "operating" ? { color: DOMAIN_COLOURS[d] } : { color: "#fff", borderColor: DOMAIN_COLOURS[d], borderWidth: 1.5, opacity: f.status === "closed" ? 0.4 : 1 },
              })),
          })),
        ],
      }),
    [data, drawCircles],
  );

  const summary = {
    满足: data.communities.filter((c) => c.status === "满足").length,
    不足: data.communities.filter((c) => c.status === "不足").length,
    缺失: data.communities.filter((c) => c.status === "缺失").length,
    未评估: data.communities.filter((c) => c.status === null).length,
  };

  return (
    <>
      <Breadcrumbs items={data.crumbs} />
      <h1>公共服务空间治理地图</h1>
      <Form method="get" className="filters" onChange={(e) => submit(e.currentTarget)} aria-label="地图筛选">
        {data.districts.length ? <OptionSelectField name="district" label="区" options={placeOptions(data.districts)} emptyLabel="全市" defaultValue={data.district} /> : null}
        {data.streets.length ? <OptionSelectField name="street" label="街道/乡镇" options={placeOptions(data.streets)} emptyLabel="全部街道" defaultValue={data.street} /> : null}
        <CodeSelectField name="domain" label="领域" codes={DOMAINS} labels={DOMAIN_LABELS} emptyLabel={data.allDomainsLabel} defaultValue={data.domain} />
        <noscript>
          <button type="submit" className="button">
            查看
          </button>
        </noscript>
      </Form>
      <section className="panel" aria-labelledby="map-heading">
        <h2 id="map-heading">
          {data.communities.length} 个社区/村 · {data.facilities.length} 处
          {data.facilityDomain ? DOMAIN_LABELS[data.facilityDomain] : ""}设施 <DemoBadge show={data.communities.some((c) => c.isDemoData)} />
        </h2>
        <Chart
          option={option}
          renderer="canvas"
          height={560}
          label={`治理地图：满足 ${summary.满足}、不足 ${summary.不足}、缺失 ${summary.缺失}、未评估 ${summary.未评估} 个社区`}
          onClick={(p) => {
            const code = (p as unknown as { data?: { code?: string } }).data?.code;
            if (code) navigate(`/communities/${code}`);
          }}
        />
        <p className="muted">
          圆点为社区（绿：满足，黄：不足，红：缺失，灰：尚未评估；大圆点有民生幸福共同体），方块为设施（实心：运营中，空心：规划中，淡色：已关闭），菱形为存量空间。
          {drawCircles ? "浅蓝圆圈为各社区 1 公里（默认值）的15分钟生活圈。" : "放大到街道后显示各社区的15分钟生活圈。"}
          底图：无（离线绘制，不依赖互联网地图服务），坐标系 WGS-84；未绘制行政边界——没有可随软件包分发、注明年份的杭州行政边界数据。坐标为演示数据。
        </p>
      </section>
      <Section id="map-table" title="社区列表（地图的文字版）">
        <Table
          rows={data.communities.slice(0, 100)}
          rowKey={(c) => c.code}
          columns={[
            { header: "社区/村", rowHeader: true, cell: (c) => <Link to={`/communities/${c.code}`}>{c.name}</Link> },
            { header: data.domain ? DOMAIN_LABELS[data.domain] : "最弱领域", cell: (c) => (c.status ? weakest(c) : "尚未评估") },
            { header: "15分钟圈覆盖户数占比", numeric: true, cell: (c) => (c.coverageShare === null ? "—" : `${(c.coverageShare * 100).toFixed(0)}%`) },
            { header: "共同体", cell: (c) => (c.hasHub ? "有" : "—") },
          ]}
        />
        {data.communities.length > 100 ? <p className="muted">仅列出前 100 个；请按区或街道筛选。</p> : null}
      </Section>
    </>
  );
}

/** The status, with the domain's name when it is the weakest of the seven. */
function weakest(c: { status: string | null; weakestDomain: Domain | null }): string {
  return c.weakestDomain ? `${DOMAIN_LABELS[c.weakestDomain]}（${c.status}）` : (c.status ?? "");
}

export const ErrorBoundary = RouteErrorBoundary;
