// The printable 查漏补缺 list: A4 landscape, laid out like a project list, with the cycle,
// the policy version, the approval trail and a signature block. Outside the community tabs.
import { notFound } from "../lib/http.server";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { APPROACH_LABELS, DOMAIN_LABELS, FUNDING_LABELS, GAP_LIST_STATUS_LABELS, HUB_FORM_LABELS, OPERATING_MODEL_LABELS, PRICING_LABELS, REVIEW_DECISION_LABELS, SERVICE_LEVEL_LABELS } from "../../workflows/glossary";
import { namedFunctionLabel } from "../../workflows/gap-list";
import { DemoBadge } from "../components/demo-badge";
import { ApprovalTrail, toWanYuan } from "../components/gap-list";
import { RouteErrorBoundary } from "../components/route-error";
import { nowIso } from "../../db/clock";
import { db } from "../lib/db.server";
import { formatDate, formatDateTime } from "../lib/format";
import { loadGapListPage } from "../lib/gap-list-pages.server";
import { requireCommunity } from "../lib/places.server";
import gapListStyles from "../styles/gap-list.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: gapListStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.community.name} 查漏补缺清单（打印）` : "查漏补缺清单（打印）" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const page = await loadGapListPage(db, user, community.code);
  if (!page.list) throw notFound("该社区本轮还没有查漏补缺清单，无法打印。");
  return {
    community: { code: community.code, name: community.name, street: community.street.name, district: community.district.name, isDemoData: community.isDemoData },
    page,
    printedAt: nowIso(),
  };
}

export default function GapListPrint() {
  const { community, page, printedAt } = useLoaderData<typeof loader>();
  const list = page.list!;
  const approval = [...page.trail].reverse().find((t) => t.reason === "approve");
  return (
    <article className="gap-print" aria-labelledby="print-title">
      <p className="no-print">
        <Link to={`/communities/${community.code}/gaplist`}>返回清单页</Link>{" "}
        <button type="button" className="button" onClick={() => window.print()}>
          打印
        </button>
      </p>
      <h1 id="print-title">
        {community.name} 社区嵌入式服务设施查漏补缺清单 <DemoBadge show={community.isDemoData || list.isDemoData} />
      </h1>
      <p className="gap-print__meta">
        {community.district} · {community.street} · 社区代码 <span className="mono">{community.code}</span>
        {page.cycle ? `；${page.cycle.year} 年第 ${page.cycle.round} 轮体检` : ""}；清单状态：{GAP_LIST_STATUS_LABELS[list.status]}，第 {list.version} 版
        <br />
        依据 {list.profile.title}（{list.profile.number}），政策版本 {list.profile.id} 第 {list.profile.version} 版；评估 {list.evaluationLabel ?? "—"}；打印时间{" "}
        {formatDateTime(printedAt)}
        {community.isDemoData || list.isDemoData ? "。注意：含系统生成的演示数据，仅供演示。" : ""}
      </p>
      <table>
        <caption className="visually-hidden">查漏补缺清单事项</caption>
        <thead>
          <tr>
            <th scope="col">序号</th>
            <th scope="col">领域</th>
            <th scope="col">功能</th>
            <th scope="col">建设方式</th>
            <th scope="col">面积（m²）</th>
            <th scope="col">估算投资（万元）</th>
            <th scope="col">资金来源</th>
            <th scope="col">服务属性 / 收费 / 运营</th>
            <th scope="col">选址与空间来源</th>
            <th scope="col">优先级</th>
            <th scope="col">审核意见</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((item) => (
            <tr key={item.id}>
              <td>{item.position}</td>
              <td>{DOMAIN_LABELS[item.domain]}</td>
              <td>
                {namedFunctionLabel(item)}
                {item.hubForm ? `（${HUB_FORM_LABELS[item.hubForm]}共同体）` : ""}
              </td>
              <td>{APPROACH_LABELS[item.approach]}</td>
              <td className="num">{item.targetAreaM2}</td>
              <td className="num">{toWanYuan(item.estimatedCost)}</td>
              <td>{item.fundingSources.map((f) => FUNDING_LABELS[f]).join("、")}</td>
              <td>
                {SERVICE_LEVEL_LABELS[item.serviceLevel]} / {PRICING_LABELS[item.pricing]} / {OPERATING_MODEL_LABELS[item.operatingModel]}
              </td>
              <td>{[item.candidateSite, item.spaceSource].filter(Boolean).join("；")}</td>
              <td className="num">{item.priority}</td>
              <td>
                {item.decision ? REVIEW_DECISION_LABELS[item.decision] : "未审核"}
                {item.decisionComment ? `：${item.decisionComment}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row" colSpan={4}>
              合计（{page.items.length} 项）
            </th>
            <td className="num">{page.totals.areaM2}</td>
            <td className="num">{toWanYuan(page.totals.cost)}</td>
            <td colSpan={5} />
          </tr>
        </tfoot>
      </table>

      <section aria-labelledby="trail-title">
        <h2 id="trail-title">审核记录</h2>
        <ApprovalTrail trail={page.trail} />
      </section>

      <table className="signatures">
        <caption className="visually-hidden">签章</caption>
        <tbody>
          <tr>
            <td>
              社区（盖章）
              <br />
              <br />
              {community.name}
            </td>
            <td>
              街道审核意见
              <br />
              <br />
              {list.status === "approved" ? "同意" : ""}
            </td>
            <td>审核人（签字）{approval ? `：${approval.by}` : ""}</td>
            <td>日期{approval ? `：${formatDate(approval.at)}` : "：    年   月   日"}</td>
          </tr>
        </tbody>
      </table>
    </article>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
