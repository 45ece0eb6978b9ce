// 本轮总结: what the round found, approved, built, how residents rated it and what is flagged;
// closing it (CLOSE_ROUND) opens the next round carrying the flagged functions and the approved
// items not delivered. Earlier rounds: ?round=N.
import { failed, invalidForm, notFound } from "../lib/http.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { functionShortLabel } from "../../workflows/gap-list";
import { ACCEPTANCE_LABELS, DOMAIN_LABELS, PROJECT_STATUS_LABELS, PROJECT_STATUSES, STAGE_LABELS } from "../../workflows/glossary";
import { VersionedForm } from "../components/csrf-field";
import { DemoBadge } from "../components/demo-badge";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { loadRoundSummaryPage } from "../lib/cycle-pages.server";
import { sendCycleEvent } from "../lib/cycles.server";
import { db } from "../lib/db.server";
import { formatNumber, formatPercent } from "../lib/format";
import { requireCommunity } from "../lib/places.server";
import projectStyles from "../styles/projects.css";
import { formToObject } from "../validation/form";
import { CloseRoundFormSchema } from "../validation/projects";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction = () => [{ title: "本轮总结 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const asked = Number(new URL(request.url).searchParams.get("round") ?? "");
  const page = await loadRoundSummaryPage(db, user, community, Number.isInteger(asked) && asked > 0 ? asked : null);
  if (!page) throw notFound("找不到该轮体检。");
  return { community: { code: community.code, name: community.name, isDemoData: community.isDemoData }, ...page };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form });
  const parsed = CloseRoundFormSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, {}, "请求有误，请刷新页面后重试。");
  const result = await sendCycleEvent(db, { actor: user, ip: context.clientIp }, { communityCode: community.code, expectedVersion: parsed.data.version, command: { type: "CLOSE_ROUND" } });
  if (!result.ok) return failed(result);
  return redirect(`/communities/${community.code}/cycle/summary?round=${result.cycle.round}&closed=${result.nextCycle?.round ?? ""}`);
}

export default function RoundSummaryPage() {
  const { community, cycle, rounds, summary, carriedOver, close } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const base = `/communities/${community.code}`;
  const shortDomains = summary.found.domains.filter((d) => d.status !== "满足");
  const closedInto = params.get("closed");
  return (
    <>
      <section className="panel" aria-labelledby="summary-heading">
        <div className="panel__head">
          <h2 id="summary-heading">
            {cycle.year} 年第 {cycle.round} 轮总结 <DemoBadge show={cycle.isDemoData} />
          </h2>
          <nav aria-label="其他轮次" className="link-row">
            {rounds
              .filter((r) => r.round !== cycle.round)
              .map((r) => (
                <Link key={r.round} to={`${base}/cycle/summary?round=${r.round}`}>
                  第 {r.round} 轮（{STAGE_LABELS[r.stage]}）
                </Link>
              ))}
          </nav>
        </div>
        <p>当前阶段：{STAGE_LABELS[cycle.stage]}。</p>
        {closedInto ? (
          <p className="notice notice--info" role="status">
            本轮已结束，第 {closedInto} 轮已在“准备”阶段开启，下列事项已转入新一轮。<Link to={`${base}/cycle`}>去体检流程</Link>
          </p>
        ) : null}
        <div aria-live="polite">
          {actionData && !actionData.ok ? (
            <p className="form-error" role="alert">
              {actionData.message}
            </p>
          ) : null}
        </div>
      </section>

      <Section id="found-heading" title="发现了什么">
        <dl className="facts">
          <div>
            <dt>需求调查参与率</dt>
            <dd>{summary.found.responseRate === null ? "暂无数据" : formatPercent(summary.found.responseRate)}</dd>
          </div>
          <div>
            <dt>评估得分</dt>
            <dd>{summary.found.evaluationScore === null ? "暂无数据" : `${summary.found.evaluationScore} 分（未达标的约束性规则 ${summary.found.bindingFailures} 条）`}</dd>
          </div>
        </dl>
        <p>
          {shortDomains.length
            ? `不足或缺失的领域：${shortDomains.map((d) => `${DOMAIN_LABELS[d.domain]}（${d.status}）`).join("、")}。`
            : summary.found.domains.length
              ? "七大领域均满足。"
              : "本轮没有保存的评估。"}
        </p>
      </Section>

      <Section id="approved-heading" title="通过了什么">
        <ul className="counts">
          <li>通过审核 {summary.approved.items} 项</li>
          <li>估算投资 {formatNumber(Math.round(summary.approved.estimatedCost))} 元</li>
          <li>不予通过 {summary.approved.rejected} 项</li>
          <li>撤销 {summary.approved.dropped} 项</li>
        </ul>
      </Section>

      <Section id="built-heading" title="建成了什么">
        <ul className="counts">
          <li>建设项目 {summary.built.projects} 个</li>
          {PROJECT_STATUSES.filter((s) => summary.built.byStatus[s] > 0).map((s) => (
            <li key={s}>
              {PROJECT_STATUS_LABELS[s]} {summary.built.byStatus[s]}
            </li>
          ))}
          <li>总投资 {formatNumber(Math.round(summary.built.budget))} 元</li>
        </ul>
        <p>
          验收：{(["pass", "pass_with_remarks", "fail"] as const).map((r) => `${ACCEPTANCE_LABELS[r]} ${summary.built.accepted[r]} 次`).join("，")}。
        </p>
        {summary.built.facilities.length ? (
          <p>
            新增设施：
            {summary.built.facilities.map((f, i) => (
              <span key={f.id}>
                {i > 0 ? "、" : ""}
                <Link to={`${base}/facilities/${f.id}`}>{f.name}</Link>（{formatNumber(f.areaM2)} m²）
              </span>
            ))}
          </p>
        ) : (
          <p className="empty">本轮没有验收通过的新设施。</p>
        )}
        <p>
          <Link to={`${base}/projects`}>查看建设项目</Link>
        </p>
      </Section>

      <Section id="rated-heading" title="居民怎么评价">
        {summary.rated.surveys === 0 ? (
          <p className="empty">本轮没有已发布的使用反馈问卷。</p>
        ) : (
          <>
            <p>
              {summary.rated.surveys} 份使用反馈问卷，{summary.rated.respondents} 户答卷。
            </p>
            {summary.rated.byFunction.length ? (
              <Table
                caption="各功能满意度（1–5 分）"
                rows={summary.rated.byFunction}
                rowKey={(f) => f.function}
                columns={[
                  { header: "功能", rowHeader: true, cell: (f) => functionShortLabel(f.function) },
                  { header: "满意度", numeric: true, cell: (f) => f.mean },
                  { header: "评价人数", numeric: true, cell: (f) => f.answered },
                ]}
              />
            ) : (
              <p className="empty">答卷中还没有对具体功能的评分。</p>
            )}
          </>
        )}
      </Section>

      <Section id="reviews-heading" title="运营绩效与调整建议">
        {summary.reviews.length === 0 ? (
          <p className="empty">还没有填报运营数据的设施。</p>
        ) : (
          <Table
            caption="各设施（功能）运营绩效"
            rows={summary.reviews}
            rowKey={(r) => `${r.facilityId}-${r.function ?? r.domain}`}
            columns={[
              { header: "设施 · 功能", rowHeader: true, cell: (r) => `${r.facilityName} · ${r.label}` },
              { header: "综合得分", numeric: true, cell: (r) => r.score ?? "暂不评定" },
              { header: "调整建议", cell: (r) => (r.adjust.flagged ? <span className="flag">建议调整</span> : "—") },
              { header: "建议补贴", cell: (r) => r.suggestedSubsidy.note },
            ]}
          />
        )}
        <p>
          <Link to={`${base}/operations`}>查看运营反馈与评分方法</Link>
        </p>
      </Section>

      <Section id="carry-heading" title={cycle.stage === "closed" ? "已转入下一轮" : "结束本轮时转入下一轮"}>
        {carriedOver.length === 0 ? (
          <p className="empty">没有需要转入下一轮的事项。</p>
        ) : (
          <ul>
            {carriedOver.map((c, i) => (
              <li key={i}>
                <strong>{c.kind === "flagged_function" ? "建议调整的功能" : "未完成的事项"}</strong>：{c.title}（{DOMAIN_LABELS[c.domain]}）——{c.reason}
              </li>
            ))}
          </ul>
        )}
        {close?.shown ? (
          <VersionedForm version={cycle.version}>
            <p id="close-help">结束本轮后，本轮记录只读；新一轮在“准备”阶段开启，并带上以上事项。</p>
            <button type="submit" name="intent" value="close" className="button" disabled={!close.available || navigation.state === "submitting"} aria-describedby="close-help">
              结束本轮，开启下一轮
            </button>
            {!close.available ? <p className="action__why">暂不可用：{close.why}</p> : null}
          </VersionedForm>
        ) : null}
      </Section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
