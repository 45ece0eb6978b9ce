// The printable A4 report of one evaluation version. Outside the community layout (no tabs,
// no breadcrumbs); the app header is hidden by the print stylesheet.
import { notFound } from "../lib/http.server";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DemoBadge } from "../components/demo-badge";
import { DiffList, DomainCards, DomainRadar, FindingsTable, SummaryFacts } from "../components/evaluation-report";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { loadEvaluationPage } from "../lib/evaluation-pages.server";
import { formatDateTime } from "../lib/format";
import { requireCommunity } from "../lib/places.server";
import evaluationStyles from "../styles/evaluation.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.community.name} 评估报告 · ${data.selected.label}` : "评估报告" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "view:place");
  const page = await loadEvaluationPage(db, community.code, new URL(request.url).searchParams.get("v"));
  if (!page?.selected) throw notFound("该社区还没有保存的评估，无法打印报告。");
  return {
    community: {
      code: community.code,
      name: community.name,
      street: community.street.name,
      district: community.district.name,
      isDemoData: community.isDemoData,
    },
    selected: page.selected,
    printedAt: new Date().toISOString(),
  };
}

export default function EvaluationReport() {
  const { community, selected, printedAt } = useLoaderData<typeof loader>();
  return (
    <article className="report" aria-labelledby="report-title">
      <p className="no-print">
        <Link to={`/communities/${community.code}/evaluation?v=${selected.id}`}>返回评估页</Link>{" "}
        <button type="button" className="button" onClick={() => window.print()}>
          打印
        </button>
      </p>
      <h1 id="report-title">
        {community.name} 社区嵌入式服务设施评估报告 <DemoBadge show={community.isDemoData || selected.isDemoData} />
      </h1>
      <p className="report__meta">
        {community.district} · {community.street} · 社区代码 <span className="mono">{community.code}</span>
        <br />
        {selected.label}，{formatDateTime(selected.createdAt)} 保存（{selected.createdByName ?? "系统"}）
        {selected.policy ? `；依据 ${selected.policy.title}（${selected.policy.number}），政策版本 ${selected.policy.id} 第 ${selected.policy.version} 版` : ""}
        {selected.settings.length ? `；调整过的默认值：${selected.settings.map((s) => `${s.label} ${s.value}`).join("、")}` : ""}
        <br />
        {selected.answersUsed}
        <br />
        打印时间 {formatDateTime(printedAt)}
        {community.isDemoData || selected.isDemoData ? "。注意：本报告含系统生成的演示数据，仅供演示。" : ""}
      </p>

      <section aria-labelledby="summary-heading">
        <h2 id="summary-heading">概况</h2>
        <SummaryFacts result={selected.result} respondents={selected.respondents} />
      </section>

      <section aria-labelledby="domains-heading">
        <h2 id="domains-heading">七大领域</h2>
        <DomainRadar result={selected.result} label="七大领域得分雷达图（各领域得分见下方）" />
        <DomainCards result={selected.result} />
      </section>

      {selected.diff && selected.previousLabel ? (
        <section aria-labelledby="changes-heading">
          <h2 id="changes-heading">与上一版（{selected.previousLabel}）相比</h2>
          <DiffList diff={selected.diff} previousLabel={selected.previousLabel} />
        </section>
      ) : null}

      <section aria-labelledby="findings-heading">
        <h2 id="findings-heading">逐条对照</h2>
        <FindingsTable result={selected.result} names={selected.names} keywords={selected.keywords} caption="各项规则的结论、条款与依据（“参照”为不作约束的提示）" />
      </section>
    </article>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
