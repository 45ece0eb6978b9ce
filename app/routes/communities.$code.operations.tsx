// 运营反馈 (tab of a community): the post-build feedback survey, monthly operating figures
// per facility, and the performance review per facility function — score with its formula,
// the adjustment flag (三(四)2 “动态调整服务需求少、绩效考核差的功能设置”) and the suggested
// operating subsidy tied to the score.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { DOMAIN_LABELS, SERVICE_LEVEL_LABELS, STAGE_LABELS, type SurveyStatus } from "../../workflows/glossary";
import { PERFORMANCE_CLAUSE, PERFORMANCE_COMPONENTS, PERFORMANCE_WORDING } from "../../workflows/performance";
import { ActionMessage } from "../components/action-message";
import { CsrfField } from "../components/csrf-field";
import { DemoBadge } from "../components/demo-badge";
import { ErrorSummary, FieldError, fieldProps } from "../components/field-error";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { FormulaPanel } from "../components/settings-table";
import { SubmitRow, TextField } from "../components/form-fields";
import { db } from "../lib/db.server";
import { formatNumber } from "../lib/format";
import { done, failed, invalidForm } from "../lib/http.server";
import { recordOperatingMonth } from "../lib/operations.server";
import { loadOperationsPage } from "../lib/operations-page.server";
import { requireCommunity } from "../lib/places.server";
import projectStyles from "../styles/projects.css";
import { fieldErrors, formToObject } from "../validation/form";
import { OperatingFiguresFormSchema } from "../validation/projects";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction = () => [{ title: "运营反馈 · 社区嵌入式服务设施" }];

const SURVEY_STATUS: Record<SurveyStatus, string> = { draft: "草稿", published: "已发布", closed: "已结束" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const place = { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code };
  const page = await loadOperationsPage(db, place, user);
  return { community: { code: community.code, name: community.name, households: community.households, isDemoData: community.isDemoData }, page };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form, clientIp: context.clientIp });
  // Which form the answer belongs to: "new", or "<facility>:<month>" for a correction.
  const formKey = { key: typeof form.get("formKey") === "string" ? String(form.get("formKey")) : null };
  const parsed = OperatingFiguresFormSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, formKey, fieldErrors(parsed.error).intent ?? "请检查标出的项目。");
  const { facilityId, version, intent: _intent, ...figures } = parsed.data;
  const outcome = await recordOperatingMonth(db, { actor: user, ip: context.clientIp }, { communityCode: community.code, facilityId, figures, expectedVersion: version });
  if (!outcome.ok) return failed(outcome, formKey);
  return done(`已${outcome.updated ? "修改" : "保存"} ${outcome.facilityName} ${outcome.month} 的运营数据。`, formKey);
}

const FIGURES = [
  ["visits", "服务人次"],
  ["peopleServed", "服务人数", "当月来过的不同的人"],
  ["hoursOpen", "开放时长（小时）"],
  ["income", "运营收入（元）"],
  ["subsidy", "运营补贴（元）"],
  ["operatingCost", "运营成本（元，选填）"],
] as const;

function FiguresFields({
  prefix,
  errors,
  values,
}: {
  prefix: string;
  errors: Record<string, string>;
  values?: { visits: number; peopleServed: number; hoursOpen: number; income: number; subsidy: number; operatingCost?: number };
}) {
  return (
    <>
      {FIGURES.map(([name, label, help]) => (
        <TextField
          key={name}
          id={`${prefix}-${name}`}
          name={name}
          label={label}
          errors={errors}
          help={help}
          inputMode="decimal"
          defaultValue={values?.[name] === undefined ? "" : String(values[name])}
        />
      ))}
    </>
  );
}

export default function OperationsPage() {
  const { community, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const base = `/communities/${community.code}`;
  const entryErrors = actionData && !actionData.ok && actionData.key === "new" ? actionData.errors : {};
  const withFigures = page.facilities.filter((f) => f.months.length > 0);
  // Cards for facilities with figures or built this round; the rest as one short list.
  const reviewed = page.facilities.filter((f) => f.months.length > 0 || f.builtThisRound);
  const others = page.facilities.filter((f) => f.months.length === 0 && !f.builtThisRound);
  const currentFeedback = page.feedback.filter((s) => s.isCurrentRound);

  return (
    <>
      <section className="panel" aria-labelledby="ops-heading">
        <div className="panel__head">
          <h2 id="ops-heading">运营反馈</h2>
          <div className="link-row">
            <Link to={`${base}/projects`}>建设项目</Link>
            <Link to={`${base}/cycle/summary`}>本轮总结</Link>
          </div>
        </div>
        <p>
          {page.cycle ? `${page.cycle.year} 年第 ${page.cycle.round} 轮，当前阶段：${STAGE_LABELS[page.cycle.stage]}。` : ""}
          按月填报各设施的运营数据，结合居民的使用反馈问卷，按使用率、满意度和成本效率给每个设施（功能）评分，标记“服务需求少、绩效考核差”的功能，并按得分给出运营补贴建议。
        </p>
        <blockquote className="muted">
          {PERFORMANCE_WORDING}（{PERFORMANCE_CLAUSE}）
        </blockquote>
        <ActionMessage result={actionData} />
      </section>

      <Section id="feedback-heading" title="居民使用反馈问卷">
        {page.feedback.length ? (
          <ul>
            {page.feedback.map((s) => (
              <li key={s.id}>
                <Link to={`${base}/surveys/${s.id}`}>{s.title}</Link>（第 {s.round} 轮，{SURVEY_STATUS[s.status]}，{s.responses} 份答卷）
                {s.status !== "draft" ? (
                  <>
                    {" "}
                    <Link to={`${base}/surveys/${s.id}/results`}>查看结果</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p className="empty">还没有使用反馈问卷。满意度将记为“暂无数据”，其权重按比例分给使用率和成本效率。</p>
        )}
        {page.canEnter && currentFeedback.length === 0 && page.cycle ? (
          // Created through the survey pages' own action: the standard 新设施使用反馈 template.
          <Form method="post" action={`${base}/surveys`}>
            <CsrfField />
            <input type="hidden" name="source" value="template:feedback_post_build" />
            <button type="submit" className="button">
              新建使用反馈问卷（标准模板）
            </button>
            <span className="muted"> 创建后在问卷页预览、发布，并打印二维码海报发给居民。</span>
          </Form>
        ) : null}
        <p className="muted">满意度取本社区最近一份已发布的使用反馈问卷中对应功能的评分（1–5 分）。</p>
      </Section>

      {page.canEnter ? (
        <Section id="entry-heading" title="填报月度运营数据">
          {page.facilities.length === 0 ? (
            <p className="empty">本社区还没有运营中的设施。验收通过的项目会自动加入设施清单。</p>
          ) : (
            <Form method="post" className="form-grid" aria-labelledby="entry-heading">
              <CsrfField />
              <input type="hidden" name="formKey" value="new" />
              <ErrorSummary errors={entryErrors} />
              <div className="field">
                <label htmlFor="facilityId">设施</label>
                <select id="facilityId" name="facilityId" {...fieldProps("facilityId", entryErrors)}>
                  {page.facilities.map((f) => (
                    <option key={f.facility.id} value={f.facility.id}>
                      {f.facility.name}
                      {f.builtThisRound ? "（本轮新建）" : ""}
                    </option>
                  ))}
                </select>
                <FieldError name="facilityId" errors={entryErrors} />
              </div>
              <div className="field">
                <label htmlFor="month">月份</label>
                <select id="month" name="month" defaultValue={page.defaultMonth} {...fieldProps("month", entryErrors)}>
                  {page.months.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>
                <FieldError name="month" errors={entryErrors} />
              </div>
              <FiguresFields prefix="new" errors={entryErrors} />
              <SubmitRow intent="figures" busy={busy} note="已填报的月份请在下方该设施的表格中修改。">
                保存运营数据
              </SubmitRow>
            </Form>
          )}
        </Section>
      ) : null}

      {page.flagged.length ? (
        <Section id="flag-heading" title="建议调整的功能">
          <ul>
            {page.flagged.map((f, i) => (
              <li key={i}>
                <span className="flag">建议调整</span> <strong>{f.title}</strong>：{f.reason}
              </li>
            ))}
          </ul>
          <p className="muted">结束本轮时，这些功能会转入下一轮体检，作为查漏补缺的依据。</p>
        </Section>
      ) : null}

      <Section id="facilities-heading" title={<>各设施运营绩效 <DemoBadge show={community.isDemoData || withFigures.some((f) => f.months.some((m) => m.isDemoData))} /></>}>
        {page.facilities.length === 0 ? <p className="empty">本社区还没有运营中的设施。</p> : null}
        {reviewed.map(({ facility, months, result, builtThisRound, projectName }) => {
          const headingId = `facility-${facility.id}`;
          return (
            <article key={facility.id} className="card" aria-labelledby={headingId}>
              <div className="card__head">
                <h3 id={headingId}>
                  {facility.name}
                  {builtThisRound ? <span className="badge">本轮新建</span> : null}
                  {result?.adjust.flagged ? (
                    <>
                      {" "}
                      <span className="flag">建议调整</span>
                    </>
                  ) : null}
                </h3>
                <span className="muted">
                  {DOMAIN_LABELS[facility.domain]} · {formatNumber(facility.areaM2)} m² · {SERVICE_LEVEL_LABELS[facility.serviceLevel]}
                  {projectName ? ` · 来自项目“${projectName}”` : ""}
                </span>
              </div>
              {result ? (
                <>
                  <p>
                    {result.rated ? (
                      <>
                        综合得分 <strong>{result.score ?? "—"}</strong> 分（{result.label}，{result.period?.from} 至 {result.period?.to}）
                      </>
                    ) : (
                      <strong>数据不足，暂不评定</strong>
                    )}
                    ；建议运营补贴：{result.suggestedSubsidy.note}
                  </p>
                  {result.adjust.reasons.length ? (
                    <ul>
                      {result.adjust.reasons.map((r) => (
                        <li key={r.code} className="overdue">
                          {r.message}
                        </li>
                      ))}
                    </ul>
                  ) : null}
                  <Table
                    caption={`${facility.name}：绩效构成`}
                    rows={PERFORMANCE_COMPONENTS.map((k) => result.components[k])}
                    rowKey={(c) => c.label}
                    columns={[
                      { header: "项目", rowHeader: true, cell: (c) => c.label },
                      { header: "得分", numeric: true, cell: (c) => c.score ?? "暂无数据" },
                      { header: "权重", numeric: true, cell: (c) => c.weight },
                      { header: "实测", cell: (c) => (c.value === null ? "—" : `${c.value} ${c.unit}`) },
                      { header: "基准", cell: (c) => (c.benchmark === null ? "—" : `${c.benchmark} ${c.unit}`) },
                      { header: "说明", cell: (c) => c.note ?? "" },
                    ]}
                  />
                  {result.dataQuality.notes.length ? (
                    <ul className="muted">
                      {result.dataQuality.notes.map((n) => (
                        <li key={n}>{n}</li>
                      ))}
                    </ul>
                  ) : null}
                </>
              ) : (
                <p className="empty">暂无运营数据。</p>
              )}
              {months.length ? (
                <Table
                  caption={`${facility.name}：月度运营数据`}
                  rows={[...months].reverse()}
                  rowKey={(m) => m.month}
                  columns={[
                    {
                      header: "月份",
                      rowHeader: true,
                      cell: (m) => (
                        <>
                          {m.month}
                          {m.isDemoData ? <span className="demo-mark" title="演示数据">*</span> : null}
                        </>
                      ),
                    },
                    { header: "服务人次", numeric: true, cell: (m) => formatNumber(m.visits) },
                    { header: "服务人数", numeric: true, cell: (m) => formatNumber(m.peopleServed) },
                    { header: "开放时长", numeric: true, cell: (m) => m.hoursOpen },
                    { header: "收入（元）", numeric: true, cell: (m) => formatNumber(m.income) },
                    { header: "补贴（元）", numeric: true, cell: (m) => formatNumber(m.subsidy) },
                    { header: "成本（元）", numeric: true, cell: (m) => (m.operatingCost === undefined ? "—" : formatNumber(m.operatingCost)) },
                    page.canEnter && {
                      header: "修改",
                      cell: (m) => {
                        const key = `${facility.id}:${m.month}`;
                        const errors = actionData && !actionData.ok && actionData.key === key ? actionData.errors : {};
                        return (
                          <details open={Object.keys(errors).length > 0}>
                            <summary>修改 {m.month}</summary>
                            <Form method="post" className="milestone-form">
                              <CsrfField />
                              <input type="hidden" name="formKey" value={key} />
                              <input type="hidden" name="facilityId" value={facility.id} />
                              <input type="hidden" name="month" value={m.month} />
                              <input type="hidden" name="version" value={m.version} />
                              <FiguresFields prefix={`m-${facility.id}-${m.month}`} errors={errors} values={m} />
                              <button type="submit" name="intent" value="figures" className="button" disabled={busy}>
                                保存 {m.month}
                              </button>
                            </Form>
                          </details>
                        );
                      },
                    },
                  ]}
                />
              ) : null}
            </article>
          );
        })}
        {others.length ? (
          <>
            <h3>其他运营中的设施（暂无运营数据）</h3>
            <ul>
              {others.map(({ facility }) => (
                <li key={facility.id}>
                  <Link to={`${base}/facilities/${facility.id}`}>{facility.name}</Link>
                  <span className="muted">
                    （{DOMAIN_LABELS[facility.domain]} · {formatNumber(facility.areaM2)} m²）
                  </span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Section>

      <FormulaPanel title="评分方法（含默认值）" description={page.formula} settings={page.settings} caption="运营绩效设置" />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
