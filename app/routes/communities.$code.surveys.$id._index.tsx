import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { SURVEY_CHANNEL_LABELS, type SurveyChannel } from "../../workflows/glossary";
import { ActionMessage } from "../components/action-message";
import { CsrfField, VersionedForm } from "../components/csrf-field";
import { ErrorSummary } from "../components/field-error";
import { SubmitRow, TextField } from "../components/form-fields";
import { Table } from "../components/table";
import { RouteErrorBoundary } from "../components/route-error";
import { ProblemList } from "../components/survey/problem-list";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { done, failed, invalid, invalidForm } from "../lib/http.server";
import { requireCommunitySurvey } from "../lib/survey-access.server";
import { publicSurveyUrl } from "../lib/survey-links.server";
import { loadSurveyOverviewPage } from "../lib/survey-pages.server";
import { publishSurvey, rescheduleSurvey } from "../lib/surveys.server";
import { formToObject } from "../validation/form";
import { fieldErrorsOf, isoToShanghaiLocal, problemsOf, PublishSurveySchema, RescheduleSurveySchema } from "../validation/survey";
import { Section } from "../components/section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.survey.title ?? "问卷"} · 社区嵌入式服务设施` }];

const STATUS_LABELS = { draft: "草稿", open: "进行中", not_yet_open: "已发布，未开始", closed: "已结束" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, survey } = await requireCommunitySurvey(request, params, "view:place");
  return loadSurveyOverviewPage(db, user, community, survey, publicSurveyUrl(request, survey.publicToken));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, survey } = await requireCommunitySurvey(request, params, "view:place", { form, clientIp: context.clientIp });
  const change = { actor: user, ip: context.clientIp };
  const intent = String(form.get("_intent"));
  if (intent === "publish") {
    const parsed = PublishSurveySchema.safeParse(formToObject(form));
    if (!parsed.success) return invalidForm(parsed.error, { intent });
    const { version, ...schedule } = parsed.data;
    const outcome = await publishSurvey(db, change, { surveyId: survey.id, expectedVersion: version, ...schedule });
    if (!outcome.ok) return failed(outcome, { intent });
    return done("问卷已发布。现在可以打印海报和户码。", { intent });
  }
  if (intent === "reschedule") {
    const parsed = RescheduleSurveySchema.safeParse(formToObject(form));
    if (!parsed.success) return invalidForm(parsed.error, { intent });
    const { version, ...input } = parsed.data;
    const outcome = await rescheduleSurvey(db, change, { surveyId: survey.id, expectedVersion: version, ...input });
    if (!outcome.ok) return failed(outcome, { intent });
    return done(`截止时间已改为 ${formatDateTime(parsed.data.closesAt)}。`, { intent });
  }
  return invalid({}, { intent }, "未知的操作。");
}

export default function SurveyOverview() {
  const { community, survey, canManage, url, qr, byChannel, verified, neighbourhoods, history, defaults, initialRequestId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const base = `/communities/${community.code}/surveys/${survey.id}`;
  const errorsFor = (intent: string) => (result?.intent === intent ? fieldErrorsOf(result.errors) : {});
  // One id per batch request: reloading the printed slips page cannot issue a second batch.
  const [requestId, setRequestId] = useState(initialRequestId);
  return (
    <>
      <section className="panel" aria-labelledby="survey-heading">
        <div className="panel__head">
          <h2 id="survey-heading">
            {survey.title} <span className="badge">{STATUS_LABELS[survey.status]}</span>
          </h2>
          <Link to={`/communities/${community.code}/surveys`}>全部问卷</Link>
        </div>
        <nav aria-label="问卷操作" className="link-row">
          {canManage && survey.stored === "draft" ? <Link to={`${base}/edit`}>编辑题目</Link> : <Link to={`${base}/edit`}>查看题目</Link>}
          {canManage && survey.stored === "published" ? <Link to={`${base}/paper`}>录入纸质问卷</Link> : null}
          {survey.stored !== "draft" ? <Link to={`${base}/results`}>查看结果</Link> : null}
        </nav>
        <ActionMessage result={result} />
        <ProblemList problems={problemsOf(result?.errors)} className="form-error" />
        <dl className="facts">
          <div>
            <dt>答卷</dt>
            <dd>
              {Object.entries(byChannel)
                .map(([c, n]) => `${SURVEY_CHANNEL_LABELS[c as SurveyChannel] ?? c} ${n}`)
                .join("，") || "0"}
            </dd>
          </div>
          <div>
            <dt>参与率（不含公开链接）</dt>
            <dd>
              {verified} / {community.households} 户 = {((verified / Math.max(1, community.households)) * 100).toFixed(1)}%
            </dd>
          </div>
          <div>
            <dt>时间</dt>
            <dd>{survey.opensAt && survey.closesAt ? `${formatDateTime(survey.opensAt)} – ${formatDateTime(survey.closesAt)}` : "未发布"}</dd>
          </div>
          <div>
            <dt>填写方式</dt>
            <dd>{survey.openLinkEnabled ? "户码，或公开链接（未核验）" : "凭户码填写"}</dd>
          </div>
        </dl>
      </section>

      {canManage && survey.stored === "draft" ? (
        <Section id="publish-heading" title="发布问卷">
          <p className="muted">发布后题目不能再修改。本轮的需求调查问卷一经发布，体检流程即进入“需求调查”阶段。</p>
          <VersionedForm version={survey.version} className="form-grid" noValidate>
            <ErrorSummary errors={errorsFor("publish")} />
            <TextField name="opensAt" label="开始时间" type="datetime-local" defaultValue={defaults.opensAt} required errors={errorsFor("publish")} />
            <TextField name="closesAt" label="截止时间" type="datetime-local" defaultValue={defaults.closesAt} required errors={errorsFor("publish")} />
            <div className="field field--wide">
              <label className="checkbox">
                <input type="checkbox" name="openLinkEnabled" />
                同时开放公开链接（无户码也可填写，每台设备一份，单独统计为“未核验”）
              </label>
            </div>
            <SubmitRow name="_intent" intent="publish" busy={busy} busyLabel="正在发布…">
              发布问卷
            </SubmitRow>
          </VersionedForm>
        </Section>
      ) : null}

      {qr ? (
        <Section id="share-heading" title="链接与二维码">
          <div className="share">
            <div className="share__qr" role="img" aria-label={`问卷二维码，链接 ${url}`} dangerouslySetInnerHTML={{ __html: qr }} />
            <div>
              <p>
                居民链接：<a href={url}>{url}</a>
              </p>
              <p className="link-row">
                <a href={`${base}/qr.svg`} download>
                  下载二维码（SVG）
                </a>
                <a href={`${base}/qr.png`} download>
                  下载二维码（PNG）
                </a>
                <Link to={`/communities/${community.code}/surveys/${survey.id}/poster`} target="_blank" rel="noopener">
                  打印 A4 海报
                </Link>
              </p>
            </div>
          </div>
        </Section>
      ) : null}

      {canManage && survey.stored === "published" ? (
        <>
          <Section id="codes-heading" title="户码（每户一码，一次有效）">
            <p className="muted">户码只保存加密后的摘要：生成后请立即打印纸条，之后无法再次显示。遗失的可按小区补发新的一批。</p>
            <Form
              method="post"
              action={`${base}/codes`}
              target="_blank"
              reloadDocument
              onSubmit={() => setTimeout(() => setRequestId(crypto.randomUUID()), 0)}
            >
              <CsrfField />
              <input type="hidden" name="requestId" value={requestId} />
              <Table
                className=""
                rows={neighbourhoods}
                rowKey={(n) => n.id}
                columns={[
                  { header: "选择", cell: (n) => <input type="checkbox" name="neighbourhoods" value={n.id} id={`n-${n.id}`} aria-label={`为${n.name}生成户码`} /> },
                  { header: "小区", rowHeader: true, cell: (n) => <label htmlFor={`n-${n.id}`}>{n.name}</label> },
                  { header: "户数", numeric: true, cell: (n) => n.households },
                  { header: "已发户码", numeric: true, cell: (n) => n.issued },
                  { header: "已使用", numeric: true, cell: (n) => n.used },
                ]}
              />
              <button type="submit" className="button">
                生成并打印所选小区的户码纸条
              </button>
            </Form>
          </Section>

          <Section id="reschedule-heading" title="延长或提前结束">
            <VersionedForm version={survey.version} className="form-grid" noValidate>
              <ErrorSummary errors={errorsFor("reschedule")} />
              <TextField
                id="newClosesAt"
                name="closesAt"
                label="新的截止时间"
                type="datetime-local"
                defaultValue={survey.closesAt ? isoToShanghaiLocal(survey.closesAt) : defaults.closesAt}
                required
                errors={errorsFor("reschedule")}
              />
              <TextField name="reason" label="理由（会记录在案）" maxLength={200} required wide errors={errorsFor("reschedule")} />
              <div className="form-actions field--wide">
                <button type="submit" name="_intent" value="reschedule" className="button button--secondary" disabled={busy}>
                  保存新的截止时间
                </button>
              </div>
            </VersionedForm>
          </Section>
        </>
      ) : null}

      {history.length ? (
        <Section id="survey-history" title="记录">
          <ol className="history">
            {history.map((h) => (
              <li key={h.id}>
                <time dateTime={h.at}>{formatDateTime(h.at)}</time> {h.who}：{h.label}
                {h.detail?.closesAt ? `，截止 ${formatDateTime(h.detail.closesAt)}` : ""}
                {h.detail?.count ? `，${h.detail.count} 个` : ""}
                {h.detail?.reason ? <blockquote>{h.detail.reason}</blockquote> : null}
              </li>
            ))}
          </ol>
        </Section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
