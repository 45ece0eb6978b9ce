// Results of one survey for the community, its street and above: participation against the
// households, per 小区 and channel; the demand index per domain with the 一老一小 segments; tallies
// of every question; open comments; raw-answer exports. Read from the kept totals only.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ActionMessage } from "../components/action-message";
import { KeywordPanel } from "../components/keyword-panel";
import { QuestionResultView } from "../components/survey-question-result";
import { DemandChart, RateChart } from "../components/survey-results";
import { Pagination } from "../components/pagination";
import { RouteErrorBoundary } from "../components/route-error";
import { SurveyBackLink, surveyOverviewPath } from "../components/survey-back-link";
import { Table } from "../components/table";
import { nowIso } from "../../db/clock";
import { surveyAvailability } from "../../workflows/surveys/availability";
import { SEGMENT_LABELS } from "../../workflows/surveys/tallies";
import { db } from "../lib/db.server";
import { formatDateTime, formatNumber, formatPercent } from "../lib/format";
import { requireCommunitySurvey } from "../lib/survey-access.server";
import { canFlagComments, canManageSurveys } from "../lib/survey-pages.server";
import { loadSurveyResults } from "../lib/survey-results.server";
import { keywordPanel } from "../lib/comment-keywords.server";
import { flagComment } from "../lib/comment-flags.server";
import { done, failed, invalidForm } from "../lib/http.server";
import { FlagCommentFormSchema } from "../validation/comments";
import { formToObject } from "../validation/form";
import toolStyles from "../styles/survey-tools.css";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: toolStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `调查结果 · ${data?.survey.title ?? "问卷"} · 社区嵌入式服务设施` }];

const AVAILABILITY_LABELS = { draft: "草稿（未发布）", open: "进行中", not_yet_open: "已发布，未开始", closed: "已结束" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, survey } = await requireCommunitySurvey(request, params, "view:survey_results");
  const search = new URL(request.url).searchParams;
  const page = Number(search.get("page") ?? "1");
  const { titles, ...results } = await loadSurveyResults(db, survey, community, page);
  const keywords = await keywordPanel(db, survey.id, titles, { term: search.get("keyword"), page: Number(search.get("kpage") ?? "1") });
  return {
    community: { code: community.code, name: community.name },
    survey: { id: survey.id, title: survey.title, availability: surveyAvailability(survey, nowIso()), closesAt: survey.closesAt },
    canManage: canManageSurveys(user, community),
    canFlag: canFlagComments(user, community),
    results,
    keywords,
    // From the server: the survey core (tallies.ts) is not needed in the browser here.
    segmentLabels: SEGMENT_LABELS,
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, survey } = await requireCommunitySurvey(request, params, "view:survey_results", { form });
  const parsed = FlagCommentFormSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error);
  const outcome = await flagComment(db, { actor: user, ip: context.clientIp }, { surveyId: survey.id, commentId: parsed.data.commentId, flagged: parsed.data.flagged });
  if (!outcome.ok) return failed(outcome);
  return done(outcome.flagged ? "已标记：这条意见排在最前。" : "已取消标记。");
}

function percent(value: number | null): string {
  return value === null ? "—" : formatPercent(value);
}

function index(value: number | null): string {
  return value === null ? "—" : (value * 100).toFixed(1);
}

export default function SurveyResultsPage() {
  const { community, survey, canManage, canFlag, results, keywords, segmentLabels: SEGMENT_LABELS } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { figures, demand, questions, comments, unverified } = results;
  const showUnverified = unverified.demand.respondents > 0;
  const base = surveyOverviewPath(community.code, survey.id);
  const sections = [...new Set(questions.map((q) => q.section))];
  const belowTarget = figures.rate < figures.target;

  return (
    <>
      <SurveyBackLink communityCode={community.code} surveyId={survey.id} />
      <section className="panel" aria-labelledby="results-heading">
        <div className="panel__head">
          <h2 id="results-heading">调查结果 · {survey.title}</h2>
          <p className="link-row">
            <a href={`${base}/export.csv`} download>
              导出答卷（CSV）
            </a>
            <a href={`${base}/export.xlsx`} download>
              导出答卷（XLSX）
            </a>
            <Link to={`${base}/crosstab`}>交叉分析</Link>
            <Link to={`/trends/${community.code}`}>各轮趋势</Link>
            {canManage && survey.availability !== "draft" ? <Link to={`${base}/paper`}>录入纸质问卷</Link> : null}
          </p>
        </div>
        <p className="muted">
          状态：{AVAILABILITY_LABELS[survey.availability]}
          {survey.closesAt ? `，截止 ${formatDateTime(survey.closesAt)}` : ""}。导出的答卷每户一行，不含户码。
        </p>
        <dl className="facts">
          <div>
            <dt>社区户数</dt>
            <dd>{formatNumber(figures.households)}</dd>
          </div>
          <div>
            <dt>已答卷户数（已核验）</dt>
            <dd>{formatNumber(figures.verified)}</dd>
          </div>
          <div>
            <dt>参与率（目标 {formatPercent(figures.target, 0)}）</dt>
            <dd className={belowTarget ? "rate--low" : undefined}>
              {formatPercent(figures.rate)}
              {belowTarget ? "，未达目标" : "，已达目标"}
            </dd>
          </div>
          <div>
            <dt>未核验答卷（公开链接、无户码纸质录入；不计入参与率和评估）</dt>
            <dd>{formatNumber(figures.unverified)}</dd>
          </div>
        </dl>
      </section>

      <Section id="participation-heading" title="各小区参与情况">
        <div className="results-grid">
          <RateChart
            names={figures.byNeighbourhood.filter((n) => n.rate !== null).map((n) => n.name)}
            rates={figures.byNeighbourhood.filter((n) => n.rate !== null).map((n) => n.rate ?? 0)}
            target={figures.target}
            label={`各小区参与率柱状图，虚线为目标 ${formatPercent(figures.target, 0)}；数据见表格`}
          />
          <div className="table-wrap">
            <table>
              <caption>各小区答卷户数与参与率</caption>
              <thead>
                <tr>
                  <th scope="col">小区</th>
                  <th scope="col" className="num">
                    户数
                  </th>
                  <th scope="col" className="num">
                    答卷户数
                  </th>
                  <th scope="col" className="num">
                    参与率
                  </th>
                  <th scope="col" className="num">
                    未核验
                  </th>
                </tr>
              </thead>
              <tbody>
                {figures.byNeighbourhood.map((n) => (
                  <tr key={n.id || "none"}>
                    <th scope="row">{n.name}</th>
                    <td className="num">{n.households ? formatNumber(n.households) : "—"}</td>
                    <td className="num">{formatNumber(n.verified)}</td>
                    <td className={n.rate !== null && n.rate < figures.target ? "num rate--low" : "num"}>{percent(n.rate)}</td>
                    <td className="num">{formatNumber(n.unverified)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">全社区</th>
                  <td className="num">{formatNumber(figures.households)}</td>
                  <td className="num">{formatNumber(figures.verified)}</td>
                  <td className="num">{formatPercent(figures.rate)}</td>
                  <td className="num">{formatNumber(figures.unverified)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
        </div>
        <Table
          caption="按填写方式"
          rows={figures.byChannel}
          rowKey={(c) => c.channel}
          columns={[
            { header: "填写方式", rowHeader: true, cell: (c) => c.label },
            { header: "答卷数", numeric: true, cell: (c) => formatNumber(c.count) },
            { header: "计入参与率", cell: (c) => (c.verified ? "是" : "否（单独统计）") },
          ]}
        />
      </Section>

      <Section id="demand-heading" title="各领域需求指数（一老一小）">
        <p>
          以下按{figures.verified} 户已核验答卷（凭户码）计算；评估、需求指数和赛马只用已核验答卷。
          {showUnverified ? `另有 ${unverified.demand.respondents} 份未核验答卷，单列在表格最后一列，不计入。` : ""}
        </p>
        <p className="muted">
          需求指数 = 需要更多服务的家庭占比，按需要程度和紧迫程度加权，0–100，越高越迫切。分别列出{SEGMENT_LABELS.elderly}（{demand.segmentRespondents.elderly}{" "}
          户）和{SEGMENT_LABELS.young_children}（{demand.segmentRespondents.young_children} 户）。
        </p>
        {demand.domains.length === 0 || demand.respondents === 0 ? (
          <p className="empty">还没有答卷，或问卷中没有标记为需求的问题。</p>
        ) : (
          <>
            <DemandChart
              domains={demand.domains.map((d) => d.label)}
              series={[
                { name: SEGMENT_LABELS.all, values: demand.domains.map((d) => d.all.demandIndex) },
                { name: SEGMENT_LABELS.elderly, values: demand.domains.map((d) => d.elderly.demandIndex) },
                { name: SEGMENT_LABELS.young_children, values: demand.domains.map((d) => d.young_children.demandIndex) },
              ]}
              label="各领域需求指数分组柱状图（全部家庭、有老人家庭、有幼儿家庭）；数据见表格"
            />
            <Table
              caption="需求指数（0–100）与满意度（1–5）"
              rows={demand.domains}
              rowKey={(d) => d.domain}
              columns={[
                { header: "领域", rowHeader: true, cell: (d) => d.label },
                { header: SEGMENT_LABELS.all, numeric: true, cell: (d) => index(d.all.demandIndex) },
                { header: SEGMENT_LABELS.elderly, numeric: true, cell: (d) => index(d.elderly.demandIndex) },
                { header: SEGMENT_LABELS.young_children, numeric: true, cell: (d) => index(d.young_children.demandIndex) },
                { header: "满意度", numeric: true, cell: (d) => (d.all.satisfaction === null ? "—" : d.all.satisfaction.toFixed(1)) },
                showUnverified && {
                  header: `未核验答卷：${SEGMENT_LABELS.all}`,
                  numeric: true,
                  cell: (d) => index(unverified.demand.domains.find((u) => u.domain === d.domain)?.all.demandIndex ?? null),
                },
              ]}
            />
          </>
        )}
      </Section>

      <Section id="questions-heading" title="各题统计">
        {sections.map((section) => (
          <section key={section} aria-label={section}>
            <h3>{section}</h3>
            {questions
              .filter((q) => q.section === section)
              .map((q) => (
                <QuestionResultView key={q.name} q={q} unverified={unverified.answered[q.name] ?? 0} />
              ))}
          </section>
        ))}
      </Section>

      <ActionMessage result={result} />
      <KeywordPanel panel={keywords} canFlag={canFlag} />

      <Section id="comments-heading" title={<>意见和建议（{comments.total} 条）</>}>
        {comments.rows.length ? (
          <ol className="comments">
            {comments.rows.map((c, i) => (
              <li key={`${c.createdAt}-${i}`}>
                <span className="muted">
                  {c.questionTitle} · {formatDateTime(c.createdAt)}
                </span>
                <blockquote>{c.text}</blockquote>
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty">还没有文字意见。</p>
        )}
        <Pagination page={comments.page} pageCount={comments.pageCount} />
      </Section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
