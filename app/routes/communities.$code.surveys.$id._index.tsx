import { notFound } from "../lib/http.server";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { findSurvey, responseTotals, summariseHouseholdCodes } from "../../db/repositories/surveys";
import { SURVEY_CHANNEL_LABELS, type SurveyChannel } from "../../workflows/glossary";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, FieldError, fieldProps } from "../components/field-error";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { can } from "../../workflows/permissions";
import { requireCommunity } from "../lib/places.server";
import { publicSurveyUrl, qrSvg } from "../lib/survey-links.server";
import { publishSurvey, rescheduleSurvey, surveyAvailability } from "../lib/surveys.server";
import { fieldErrors, formToObject } from "../validation/form";
import { isoToShanghaiLocal, PublishSurveySchema, RescheduleSurveySchema } from "../validation/survey";
import { ActionMessage } from "../components/action-message";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.survey.title ?? "问卷"} · 社区嵌入式服务设施` }];

const STATUS_LABELS = { draft: "草稿", open: "进行中", not_yet_open: "已发布，未开始", closed: "已结束" } as const;
const SCHEDULE_ACTIONS: Record<string, string> = {
  "survey.publish": "发布",
  "survey.extend": "延长截止时间",
  "survey.close_early": "提前结束",
  "survey.household_codes": "生成户码",
};

const NO_ERRORS: Record<string, string> = {};

async function loadSurvey(communityCode: string, id: string | undefined) {
  const survey = id ? await findSurvey(db, id) : null;
  if (!survey || survey.communityCode !== communityCode) throw notFound("找不到该问卷。");
  return survey;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const survey = await loadSurvey(community.code, params.id);
  const place = { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code };
  const [totals, codes, neighbourhoods, history] = await Promise.all([
    responseTotals(db, [survey.id]),
    summariseHouseholdCodes(db, survey.id),
    db.selectFrom("neighbourhoods").select(["id", "name", "households"]).where("community_code", "=", community.code).orderBy("name").execute(),
    db
      .selectFrom("audit_log as a")
      .leftJoin("users as u", "u.id", "a.actor_user_id")
      .select(["a.id", "a.action", "a.after_json", "a.created_at", "u.display_name"])
      .where("a.entity_type", "=", "survey")
      .where("a.entity_id", "=", survey.id)
      .where("a.action", "in", Object.keys(SCHEDULE_ACTIONS))
      .orderBy("a.created_at", "desc")
      .execute(),
  ]);
  const url = publicSurveyUrl(request, survey.publicToken);
  const status = surveyAvailability(survey);
  const now = new Date();
  return {
    community: { code: community.code, name: community.name, households: community.households },
    survey: {
      id: survey.id,
      title: survey.title,
      kind: survey.kind,
      status,
      version: survey.version,
      opensAt: survey.opensAt,
      closesAt: survey.closesAt,
      openLinkEnabled: survey.openLinkEnabled,
      stored: survey.status,
    },
    canManage: can(user, "manage:survey", place),
    url,
    qr: status === "draft" ? null : await qrSvg(url),
    byChannel: totals.get(survey.id) ?? {},
    neighbourhoods: neighbourhoods.map((n) => {
      const c = codes.find((x) => x.neighbourhoodId === n.id);
      return { ...n, issued: c?.issued ?? 0, used: c?.used ?? 0 };
    }),
    history: history.map((h) => ({
      id: h.id,
      label: SCHEDULE_ACTIONS[h.action] ?? h.action,
      who: h.display_name ?? "系统",
      at: h.created_at,
      detail: h.after_json ? (JSON.parse(h.after_json) as { reason?: string; closesAt?: string; count?: number }) : null,
    })),
    initialRequestId: crypto.randomUUID(),
    defaults: {
      opensAt: isoToShanghaiLocal(now.toISOString()),
      closesAt: isoToShanghaiLocal(new Date(now.getTime() + 21 * 86_400_000).toISOString()),
    },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "manage:survey", { form, clientIp: context.clientIp });
  const survey = await loadSurvey(community.code, params.id);
  const change = { actor: user, ip: context.clientIp };
  const intent = form.get("_intent");
  if (intent === "publish") {
    const parsed = PublishSurveySchema.safeParse(formToObject(form));
    if (!parsed.success) return data({ ok: false, intent, errors: fieldErrors(parsed.error), message: null }, { status: 400 });
    const result = await publishSurvey(db, change, survey.id, parsed.data.version, parsed.data);
    if (!result.ok) return data({ ok: false, intent, errors: NO_ERRORS, message: [result.message, ...(result.errors ?? [])].join(" ") }, { status: result.status });
    return { ok: true, intent, errors: NO_ERRORS, message: "问卷已发布。现在可以打印海报和户码。" };
  }
  if (intent === "reschedule") {
    const parsed = RescheduleSurveySchema.safeParse(formToObject(form));
    if (!parsed.success) return data({ ok: false, intent, errors: fieldErrors(parsed.error), message: null }, { status: 400 });
    const result = await rescheduleSurvey(db, change, survey.id, parsed.data.version, parsed.data);
    if (!result.ok) return data({ ok: false, intent, errors: NO_ERRORS, message: result.message }, { status: result.status });
    return { ok: true, intent, errors: NO_ERRORS, message: `截止时间已改为 ${formatDateTime(parsed.data.closesAt)}。` };
  }
  return data({ ok: false, intent, errors: NO_ERRORS, message: "未知的操作。" }, { status: 400 });
}

export default function SurveyOverview() {
  const { community, survey, canManage, url, qr, byChannel, neighbourhoods, history, defaults, initialRequestId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const base = `/communities/${community.code}/surveys/${survey.id}`;
  const verified = Object.entries(byChannel).filter(([c]) => c !== "open_link").reduce((s, [, n]) => s + n, 0);
  const errorsFor = (intent: string) => (result?.intent === intent ? result.errors : {});
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
        <section className="panel" aria-labelledby="publish-heading">
          <h2 id="publish-heading">发布问卷</h2>
          <p className="muted">发布后题目不能再修改。本轮的需求调查问卷一经发布，体检流程即进入“需求调查”阶段。</p>
          <Form method="post" className="form-grid" noValidate>
            <CsrfField />
            <input type="hidden" name="version" value={survey.version} />
            <ErrorSummary errors={errorsFor("publish")} />
            <div className="field">
              <label htmlFor="opensAt">开始时间</label>
              <input id="opensAt" name="opensAt" type="datetime-local" defaultValue={defaults.opensAt} required {...fieldProps("opensAt", errorsFor("publish"))} />
              <FieldError name="opensAt" errors={errorsFor("publish")} />
            </div>
            <div className="field">
              <label htmlFor="closesAt">截止时间</label>
              <input id="closesAt" name="closesAt" type="datetime-local" defaultValue={defaults.closesAt} required {...fieldProps("closesAt", errorsFor("publish"))} />
              <FieldError name="closesAt" errors={errorsFor("publish")} />
            </div>
            <div className="field field--wide">
              <label className="checkbox">
                <input type="checkbox" name="openLinkEnabled" />
                同时开放公开链接（无户码也可填写，每台设备一份，单独统计为“未核验”）
              </label>
            </div>
            <div className="form-actions field--wide">
              <button type="submit" name="_intent" value="publish" className="button" disabled={busy}>
                {busy ? "正在发布…" : "发布问卷"}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {qr ? (
        <section className="panel" aria-labelledby="share-heading">
          <h2 id="share-heading">链接与二维码</h2>
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
        </section>
      ) : null}

      {canManage && survey.stored === "published" ? (
        <section className="panel" aria-labelledby="codes-heading">
          <h2 id="codes-heading">户码（每户一码，一次有效）</h2>
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
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th scope="col">选择</th>
                    <th scope="col">小区</th>
                    <th scope="col" className="num">户数</th>
                    <th scope="col" className="num">已发户码</th>
                    <th scope="col" className="num">已使用</th>
                  </tr>
                </thead>
                <tbody>
                  {neighbourhoods.map((n) => (
                    <tr key={n.id}>
                      <td>
                        <input type="checkbox" name="neighbourhoods" value={n.id} id={`n-${n.id}`} aria-label={`为${n.name}生成户码`} />
                      </td>
                      <th scope="row">
                        <label htmlFor={`n-${n.id}`}>{n.name}</label>
                      </th>
                      <td className="num">{n.households}</td>
                      <td className="num">{n.issued}</td>
                      <td className="num">{n.used}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <button type="submit" className="button">
              生成并打印所选小区的户码纸条
            </button>
          </Form>
        </section>
      ) : null}

      {canManage && survey.stored === "published" ? (
        <section className="panel" aria-labelledby="reschedule-heading">
          <h2 id="reschedule-heading">延长或提前结束</h2>
          <Form method="post" className="form-grid" noValidate>
            <CsrfField />
            <input type="hidden" name="version" value={survey.version} />
            <ErrorSummary errors={errorsFor("reschedule")} />
            <div className="field">
              <label htmlFor="newClosesAt">新的截止时间</label>
              <input
                id="newClosesAt"
                name="closesAt"
                type="datetime-local"
                defaultValue={survey.closesAt ? isoToShanghaiLocal(survey.closesAt) : defaults.closesAt}
                required
                {...fieldProps("closesAt", errorsFor("reschedule"))}
              />
              <FieldError name="closesAt" errors={errorsFor("reschedule")} />
            </div>
            <div className="field field--wide">
              <label htmlFor="reason">理由（会记录在案）</label>
              <input id="reason" name="reason" maxLength={200} required {...fieldProps("reason", errorsFor("reschedule"))} />
              <FieldError name="reason" errors={errorsFor("reschedule")} />
            </div>
            <div className="form-actions field--wide">
              <button type="submit" name="_intent" value="reschedule" className="button button--secondary" disabled={busy}>
                保存新的截止时间
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      {history.length ? (
        <section className="panel" aria-labelledby="survey-history">
          <h2 id="survey-history">记录</h2>
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
        </section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
