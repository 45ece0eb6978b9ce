import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DEVELOPMENT_TYPE_LABELS, STAGE_LABELS, STAGES } from "../../workflows/glossary";
import { Breadcrumbs } from "../components/breadcrumbs";
import { DemoBadge } from "../components/demo-badge";
import { RouteErrorBoundary } from "../components/route-error";
import { PlaceDashboard } from "../components/place-dashboard";
import { yearFrom } from "../lib/dashboard.server";
import { db } from "../lib/db.server";
import { loadStreetPage } from "../lib/place-pages.server";
import { keywordsOfPlace } from "../lib/comment-keywords.server";
import { requireStreet } from "../lib/places.server";
import { loadStreetAttention } from "../lib/street-attention.server";
import { StreetAttentionPanel } from "../components/street-attention";
import { Table } from "../components/table";
import { Section } from "../components/section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.street.name ?? "街道"} · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, street } = await requireStreet(request, params.code, "view:place");
  const [page, keywords, attention] = await Promise.all([
    loadStreetPage(db, user, street, yearFrom(new URL(request.url))),
    keywordsOfPlace(db, { level: "street", code: street.code }),
    loadStreetAttention(db, street.code),
  ]);
  return { ...page, keywords, attention };
}

export default function StreetPage() {
  const { street, communities, isReviewer, attention, crumbs, dashboard, years, keywords } = useLoaderData<typeof loader>();
  const byStage = STAGES.map((stage) => ({ stage, count: communities.filter((c) => c.stage === stage).length }));
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{street.name}</h1>
      <StreetAttentionPanel streetCode={street.code} attention={attention} isReviewer={isReviewer} />
      <Section id="stage-summary" title={<>各阶段社区数 <DemoBadge show={communities.some((c) => c.cycleIsDemo)} /></>}>
        <ul className="stage-counts">
          {byStage.map(({ stage, count }) => (
            <li key={stage}>
              <span>{STAGE_LABELS[stage]}</span> <strong>{count}</strong>
            </li>
          ))}
        </ul>
        <p className="link-row">
          <Link to={`/map?street=${street.code}`}>治理地图</Link> · <Link to={`/streets/${street.code}/spaces`}>存量空间台账</Link> · <Link to={`/trends/${street.code}`}>调查趋势</Link>
        </p>
      </Section>
      <Table
        caption={`本街道的社区/村（${communities.length} 个），在当前阶段停留最久的在前`}
        rows={[...communities].sort((a, b) => (b.daysInStage ?? 0) - (a.daysInStage ?? 0))}
        rowKey={(c) => c.code}
        columns={[
          { header: "名称", rowHeader: true, cell: (c) => <Link to={`/communities/${c.code}`}>{c.name}</Link> },
          { header: "当前阶段", cell: (c) => (c.stage ? <Link to={`/communities/${c.code}/cycle`}>{STAGE_LABELS[c.stage]}</Link> : "—") },
          { header: "停留天数", numeric: true, cell: (c) => c.daysInStage ?? "—" },
          { header: "户数", numeric: true, cell: (c) => c.households.toLocaleString("zh-CN") },
          { header: "类型", cell: (c) => DEVELOPMENT_TYPE_LABELS[c.developmentType === "new" ? "new" : "existing"] },
          { header: "试点", cell: (c) => (c.isPilot ? "试点" : "—") },
        ]}
      />
      <h2>本街道数字驾驶舱</h2>
      <PlaceDashboard scope={`street:${street.code}`} dashboard={dashboard} years={years} keywords={{ keywords, scopeLabel: "全街道" }} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
