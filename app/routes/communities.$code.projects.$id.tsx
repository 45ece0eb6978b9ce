// One construction project: its plan (site, approach, areas, budget and funding, operation,
// 四同步, planned dates), its milestones with actual dates, progress, spending and notes, its
// photos and documents, and the street's 验收 against the approved items.
import type { Failure } from "../lib/use-case.server";
import { forbidden, notFound } from "../lib/http.server";
import {
  type ActionFunctionArgs,
  data,
  type LinksFunction,
  type LoaderFunctionArgs,
  MaxPartSizeExceededError,
  type MetaFunction,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FOUR_SYNC_LABELS, FOUR_SYNC_STEPS, functionShortLabel } from "../../workflows/gap-list";
import {
  ACCEPTANCE_LABELS,
  ACCEPTANCE_RESULTS,
  APPROACH_LABELS,
  APPROACHES,
  DOMAIN_LABELS,
  FUNDING_LABELS,
  FUNDING_SOURCES,
  HUB_FORM_LABELS,
  HUB_FORMS,
  MILESTONE_LABELS,
  MILESTONES,
  type Milestone,
  OPERATING_MODEL_LABELS,
  OPERATING_MODELS,
  PRICING_LABELS,
  PRICING_TIERS,
  SERVICE_LEVEL_LABELS,
  SERVICE_LEVELS,
  STAGE_LABELS,
} from "../../workflows/glossary";
import { fundingText, PROGRESS_FORMULA, PROJECT_KIND_LABELS, PROJECT_STATUS_LABELS } from "../../workflows/projects";
import { CsrfField } from "../components/csrf-field";
import { DemoBadge } from "../components/demo-badge";
import { ErrorSummary, FieldError, fieldProps } from "../components/field-error";
import { RouteErrorBoundary } from "../components/route-error";

import { db } from "../lib/db.server";
import { ACCEPT_ATTRIBUTE, ALLOWED_TEXT, formatBytes, isImage, MAX_ATTACHMENT_BYTES } from "../lib/file-types";
import { formatDateTime, formatNumber } from "../lib/format";
import type { Action } from "../../workflows/permissions";
import { requireCommunity } from "../lib/places.server";
import {
  acceptProject,
  loadProjectPage,
  recordMilestoneNote,
  recordProgress,
  removeAttachment,
  updateProjectPlan,
  uploadAttachment,
} from "../lib/projects.server";
import projectStyles from "../styles/projects.css";
import { fieldErrors, formToObject } from "../validation/form";
import { nestPlanFields, PROJECT_ARRAY_FIELDS, ProjectFormSchema, unprefixPlanErrors } from "../validation/projects";
import { ActionMessage } from "../components/action-message";
import { CodeSelectField } from "../components/code-select";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.page.project.name ?? "建设项目"} · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const place = {
    districtCode: community.district.code,
    streetCode: community.street.code,
    communityCode: community.code,
    developmentType: community.developmentType,
  };
  const page = await loadProjectPage(db, place, params.id ?? "", user);
  if (!page) throw notFound("找不到该项目。");
  return { community: { code: community.code, name: community.name, isDemoData: community.isDemoData }, page };
}

type ActionData = { ok: boolean; message: string | null; errors: Record<string, string>; intent: string | null; milestone: Milestone | null };

const INTENT_PERMISSION: Record<string, Action> = {
  plan: "manage:project",
  progress: "manage:project",
  upload: "manage:project",
  removeFile: "manage:project",
  accept: "accept:project",
  // A note may come from the worker or the street's reviewer: the use-case decides.
  note: "view:place",
};

async function readForm(request: Request): Promise<FormData | ActionData> {
  if (!request.headers.get("Content-Type")?.startsWith("multipart/form-data")) return request.formData();
  try {
    // One more byte than allowed, so an oversized file is refused by our own check with our own words.
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_ATTACHMENT_BYTES + 1 }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return { ok: false, message: "文件超过 10 MB，请压缩后再上传。", errors: { file: "文件超过 10 MB" }, intent: "upload", milestone: null };
    }
    throw error;
  }
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await readForm(request);
  if (!(form instanceof FormData)) return data<ActionData>(form, { status: 400 });
  const intent = String(form.get("intent") ?? "");
  const { user, community } = await requireCommunity(request, params.code, INTENT_PERMISSION[intent] ?? "manage:project", { form, clientIp: context.clientIp });
  const milestoneField = form.get("milestone");
  const milestone = typeof milestoneField === "string" && (MILESTONES as readonly string[]).includes(milestoneField) ? (milestoneField as Milestone) : null;
  const parsed = ProjectFormSchema.safeParse(nestPlanFields(formToObject(form, PROJECT_ARRAY_FIELDS)));
  if (!parsed.success) {
    return data<ActionData>({ ok: false, message: "请检查标出的项目。", errors: unprefixPlanErrors(fieldErrors(parsed.error)), intent, milestone }, { status: 400 });
  }
  const input = parsed.data;
  const change = { actor: user, ip: context.clientIp };
  const at = { communityCode: community.code, projectId: params.id ?? "" };
  let result: { ok: true; message: string } | { ok: false; status: Failure["status"]; message: string; errors?: Record<string, string> };
  switch (input.intent) {
    case "plan": {
      const r = await updateProjectPlan(db, { ...at, expectedVersion: input.version, fields: input.plan }, change);
      result = r.ok ? { ok: true, message: "已保存项目计划。" } : r;
      break;
    }
    case "progress": {
      const r = await recordProgress(db, { ...at, expectedVersion: input.version, milestone: input.milestone, actualDate: input.actualDate, progressPct: input.progressPct, spent: input.spent, note: input.note }, change);
      result = r.ok ? { ok: true, message: `已记录“${MILESTONE_LABELS[input.milestone]}”的进度。` } : r;
      break;
    }
    case "note": {
      const r = await recordMilestoneNote(db, { ...at, expectedVersion: input.version, milestone: input.milestone, note: input.note }, change);
      result = r.ok ? { ok: true, message: `已保存“${MILESTONE_LABELS[input.milestone]}”的备注。` } : r;
      break;
    }
    case "accept": {
      const r = await acceptProject(db, { ...at, expectedVersion: input.version, result: input.result, actualAreaM2: input.actualAreaM2, functionsPresent: input.functionsPresent, remarks: input.remarks }, change);
      result = r.ok
        ? {
            ok: true,
            message:
              r.result === "fail"
                ? "验收结论：不通过。整改后可重新验收，或在“建设项目”页写明理由撤销相关事项。"
                : `验收结论：${ACCEPTANCE_LABELS[r.result]}。${r.facilities.length ? `已将 ${r.facilities.join("、")} 加入本社区设施清单。` : ""}`,
          }
        : r;
      break;
    }
    case "upload": {
      const file = form.get("file");
      if (!(file instanceof File) || !file.name) {
        result = { ok: false, status: 400, message: "请选择要上传的文件。", errors: { file: "请选择要上传的文件" } };
        break;
      }
      const r = await uploadAttachment(db, { ...at, milestone: input.milestone, fileName: file.name, data: new Uint8Array(await file.arrayBuffer()) }, change);
      result = r.ok ? { ok: true, message: `已上传：${r.name}` } : r;
      break;
    }
    case "removeFile": {
      const r = await removeAttachment(db, { ...at, fileId: input.fileId }, change);
      result = r.ok ? { ok: true, message: `已删除附件：${r.name}` } : r;
      break;
    }
  }
  if (!result.ok) {
    if (result.status === 403) throw forbidden(result.message);
    if (result.status === 404) throw notFound(result.message);
    return data<ActionData>({ ok: false, message: result.message, errors: result.errors ?? {}, intent, milestone }, { status: result.status });
  }
  return data<ActionData>({ ok: true, message: result.message, errors: {}, intent, milestone });
}

export default function ProjectPage() {
  const { community, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state === "submitting";
  const { project, summary, rights } = page;
  const base = `/communities/${community.code}`;
  const errorsFor = (intent: string, milestone: Milestone | null = null) =>
    actionData && !actionData.ok && actionData.intent === intent && (milestone === null || actionData.milestone === milestone) ? actionData.errors : {};
  const planErrors = errorsFor("plan");
  const acceptErrors = errorsFor("accept");
  const uploadErrors = errorsFor("upload");
  const noPlannedDates = summary.milestones.every((m) => m.plannedDate === null);

  return (
    <>
      <p>
        <Link to={`${base}/projects`}>← 建设项目</Link>
      </p>
      <section className="panel" aria-labelledby="project-heading">
        <h2 id="project-heading">
          {project.name} <span className={`project-status project-status--${project.status}`}>{PROJECT_STATUS_LABELS[project.status]}</span>{" "}
          <DemoBadge show={project.isDemoData} />
        </h2>
        <p>
          {PROJECT_KIND_LABELS[project.kind]}
          {project.hubForm ? `（${HUB_FORM_LABELS[project.hubForm]}）` : ""}，{APPROACH_LABELS[project.approach]}；{page.cycle.year} 年第 {page.cycle.round} 轮
          {page.cycle.isCurrent ? `，当前阶段：${STAGE_LABELS[page.cycle.stage]}` : "（已结束，只读）"}。总体进度 {summary.progress}%。
        </p>
        {params.get("created") && !actionData ? (
          <p className="notice notice--info" role="status">
            项目已建立。请填写选址、运营主体、资金来源和各节点的计划日期，保存项目计划。
          </p>
        ) : null}
        {summary.overdue.length ? (
          <p className="notice" role="note">
            <strong>逾期节点：</strong>
            {summary.overdue.map((m) => `${m.label}（计划 ${m.plannedDate}，已逾期 ${m.daysOverdue} 天）`).join("；")}
          </p>
        ) : null}
        <ActionMessage result={actionData} />
        <dl className="facts">
          <div>
            <dt>选址</dt>
            <dd>{project.site ?? "（未填写）"}</dd>
          </div>
          <div>
            <dt>空间来源</dt>
            <dd>{project.spaceSource ?? "（未填写）"}</dd>
          </div>
          <div>
            <dt>计划功能与面积</dt>
            <dd>
              {project.functions.map((f) => `${functionShortLabel(f.function)} ${formatNumber(f.areaM2)} m²`).join("；")}（合计 {formatNumber(project.plannedAreaM2)} m²）
            </dd>
          </div>
          <div>
            <dt>总投资</dt>
            <dd>{formatNumber(Math.round(project.budgetTotal))} 元</dd>
          </div>
          <div>
            <dt>资金来源</dt>
            <dd>{fundingText(project.funding)}</dd>
          </div>
          <div>
            <dt>运营主体</dt>
            <dd>{project.operator ?? "（未填写）"}</dd>
          </div>
          <div>
            <dt>运营模式 · 收费</dt>
            <dd>
              {project.operatingModel ? OPERATING_MODEL_LABELS[project.operatingModel] : "（未填写）"} · {project.pricing ? PRICING_LABELS[project.pricing] : "（未填写）"}
            </dd>
          </div>
          <div>
            <dt>服务属性</dt>
            <dd>{SERVICE_LEVEL_LABELS[project.serviceLevel]}</dd>
          </div>
          {page.showsFourSync ? (
            <div>
              <dt>四同步</dt>
              <dd>{FOUR_SYNC_STEPS.map((s) => `${FOUR_SYNC_LABELS[s]}${project.fourSync?.[s] ? "✓" : "—"}`).join(" ")}</dd>
            </div>
          ) : null}
        </dl>
        {page.hubNote ? <p className={page.hubNote.met ? "muted" : "notice"}>{page.hubNote.message}</p> : null}
        <h3>对应的清单事项</h3>
        <ul>
          {page.items.map((i) => (
            <li key={i.id}>
              第 {i.position} 项 {i.title}
              {i.dropped ? <strong>（已撤销：{i.dropped.reason}）</strong> : null}
            </li>
          ))}
        </ul>
      </section>

      {rights.plan ? (
        <section className="panel" aria-labelledby="plan-heading">
          <details open={noPlannedDates || Object.keys(planErrors).length > 0}>
            <summary>
              <h2 id="plan-heading" style={{ display: "inline" }}>
                编辑项目计划
              </h2>
            </summary>
            <Form method="post" className="form-grid" noValidate>
              <CsrfField />
              <input type="hidden" name="version" value={project.version} />
              <ErrorSummary errors={planErrors} />
              <div className="field">
                <label htmlFor="name">项目名称</label>
                <input id="name" name="name" defaultValue={project.name} required maxLength={60} {...fieldProps("name", planErrors)} />
                <FieldError name="name" errors={planErrors} />
              </div>
              {project.kind === "hub" ? (
                <CodeSelectField name="hubForm" label="共同体形态" codes={HUB_FORMS} labels={HUB_FORM_LABELS} defaultValue={project.hubForm ?? ""} errors={planErrors} />
              ) : null}
              <CodeSelectField name="approach" label="建设方式" codes={APPROACHES} labels={APPROACH_LABELS} defaultValue={project.approach} />
              <div className="field">
                <label htmlFor="site">选址</label>
                <input id="site" name="site" defaultValue={project.site ?? ""} maxLength={200} {...fieldProps("site", planErrors)} />
                <FieldError name="site" errors={planErrors} />
              </div>
              <div className="field">
                <label htmlFor="spaceSource">空间来源</label>
                <input id="spaceSource" name="spaceSource" defaultValue={project.spaceSource ?? ""} maxLength={200} />
              </div>
              {project.functions.map((f) => (
                <div className="field" key={f.function}>
                  <label htmlFor={`areas.${f.function}`}>{functionShortLabel(f.function)}计划面积（m²）</label>
                  <input
                    id={`areas.${f.function}`}
                    name={`areas.${f.function}`}
                    inputMode="decimal"
                    defaultValue={String(f.areaM2)}
                    {...fieldProps(`areas.${f.function}`, planErrors)}
                  />
                  <FieldError name={`areas.${f.function}`} errors={planErrors} />
                </div>
              ))}
              <div className="field">
                <label htmlFor="budgetTotal">总投资（元）</label>
                <input id="budgetTotal" name="budgetTotal" inputMode="decimal" defaultValue={String(Math.round(project.budgetTotal))} {...fieldProps("budgetTotal", planErrors)} />
                <FieldError name="budgetTotal" errors={planErrors} />
              </div>
              <fieldset className="field field--wide" aria-describedby={planErrors.funding ? "funding-error" : "funding-help"}>
                <legend>资金来源（元，合计须等于总投资）</legend>
                <p id="funding-help" className="muted">
                  四(二)2：中央预算内资金、地方政府专项债、市区两级财政预算、社会力量等。
                </p>
                <div className="form-grid">
                  {FUNDING_SOURCES.map((s) => (
                    <div className="field" key={s}>
                      <label htmlFor={`funding.${s}`}>{FUNDING_LABELS[s]}</label>
                      <input id={`funding.${s}`} name={`funding.${s}`} inputMode="decimal" defaultValue={project.funding[s] ? String(project.funding[s]) : ""} />
                      <FieldError name={`funding.${s}`} errors={planErrors} />
                    </div>
                  ))}
                </div>
                <FieldError name="funding" errors={planErrors} />
              </fieldset>
              <div className="field">
                <label htmlFor="operator">运营主体</label>
                <input id="operator" name="operator" defaultValue={project.operator ?? ""} maxLength={60} {...fieldProps("operator", planErrors)} />
                <FieldError name="operator" errors={planErrors} />
              </div>
              <CodeSelectField name="operatingModel" label="运营模式" codes={OPERATING_MODELS} labels={OPERATING_MODEL_LABELS} defaultValue={project.operatingModel ?? ""} emptyLabel="（未确定）" />
              <CodeSelectField name="pricing" label="收费方式" codes={PRICING_TIERS} labels={PRICING_LABELS} defaultValue={project.pricing ?? ""} emptyLabel="（未确定）" />
              <CodeSelectField name="serviceLevel" label="服务属性" codes={SERVICE_LEVELS} labels={SERVICE_LEVEL_LABELS} defaultValue={project.serviceLevel} />
              {page.showsFourSync ? (
                <fieldset className="field field--wide">
                  <legend>四同步（新建社区：与住宅项目同步）</legend>
                  <div className="checkbox-row">
                    {FOUR_SYNC_STEPS.map((s) => (
                      <label className="checkbox" key={s}>
                        <input type="checkbox" name="fourSync" value={s} defaultChecked={project.fourSync?.[s] ?? false} />
                        {FOUR_SYNC_LABELS[s]}
                      </label>
                    ))}
                  </div>
                </fieldset>
              ) : null}
              <fieldset className="field field--wide">
                <legend>各节点计划日期</legend>
                <div className="form-grid">
                  {summary.milestones.map((m) => (
                    <div className="field" key={m.milestone}>
                      <label htmlFor={`planned.${m.milestone}`}>{m.label}计划日期</label>
                      <input
                        id={`planned.${m.milestone}`}
                        name={`planned.${m.milestone}`}
                        type="date"
                        defaultValue={m.plannedDate ?? ""}
                        {...fieldProps(`planned.${m.milestone}`, planErrors)}
                      />
                      <FieldError name={`planned.${m.milestone}`} errors={planErrors} />
                    </div>
                  ))}
                </div>
              </fieldset>
              <div className="form-actions field--wide">
                <button type="submit" name="intent" value="plan" className="button" disabled={busy}>
                  保存项目计划
                </button>
              </div>
            </Form>
          </details>
        </section>
      ) : null}

      <section className="panel milestones" aria-labelledby="milestones-heading">
        <h2 id="milestones-heading">节点进度</h2>
        <p className="muted">{PROGRESS_FORMULA}实际完成日期须按节点顺序填写，不能晚于今天。</p>
        <div className="table-wrap">
          <table className="stack">
            <caption>立项 → 设计 → 开工 → 竣工 → 验收 → 开放运营</caption>
            <thead>
              <tr>
                <th scope="col">节点</th>
                <th scope="col">计划日期</th>
                <th scope="col">实际完成</th>
                <th scope="col" className="num">
                  进度
                </th>
                <th scope="col" className="num">
                  本节点支出（元）
                </th>
                <th scope="col">备注</th>
              </tr>
            </thead>
            <tbody>
              {summary.milestones.map((m) => {
                const errors = errorsFor(rights.progress ? "progress" : "note", m.milestone);
                return (
                  <tr key={m.milestone} id={`milestone-${m.milestone}`}>
                    <th scope="row">
                      {m.label}
                      {m.overdue ? <span className="overdue">（逾期 {m.daysOverdue} 天）</span> : null}
                    </th>
                    <td data-label="计划日期">{m.plannedDate ?? "—"}</td>
                    <td data-label="实际完成">{m.actualDate ?? "—"}</td>
                    <td className="num" data-label="进度">
                      {m.actualDate ? 100 : m.progressPct}%
                    </td>
                    <td className="num" data-label="本节点支出（元）">
                      {formatNumber(Math.round(m.spent))}
                    </td>
                    <td data-label="备注">
                      {m.note ?? ""}
                      {rights.progress || rights.note ? (
                        <details open={Object.keys(errors).length > 0}>
                          <summary>{rights.progress ? `填报${m.label}` : `备注${m.label}`}</summary>
                          <Form method="post" className="milestone-form" aria-label={`${m.label}进度`}>
                            <CsrfField />
                            <input type="hidden" name="version" value={project.version} />
                            <input type="hidden" name="milestone" value={m.milestone} />
                            {rights.progress ? (
                              <>
                                <div className="field">
                                  <label htmlFor={`actual-${m.milestone}`}>{m.label}实际完成日期</label>
                                  <input
                                    id={`actual-${m.milestone}`}
                                    name="actualDate"
                                    type="date"
                                    max={page.today}
                                    defaultValue={m.actualDate ?? ""}
                                    {...fieldProps("actualDate", errors)}
                                  />
                                  <FieldError name="actualDate" errors={errors} />
                                </div>
                                <div className="field">
                                  <label htmlFor={`pct-${m.milestone}`}>{m.label}进度（%）</label>
                                  <input id={`pct-${m.milestone}`} name="progressPct" inputMode="numeric" defaultValue={String(m.actualDate ? 100 : m.progressPct)} {...fieldProps("progressPct", errors)} />
                                  <FieldError name="progressPct" errors={errors} />
                                </div>
                                <div className="field">
                                  <label htmlFor={`spent-${m.milestone}`}>{m.label}支出（元）</label>
                                  <input id={`spent-${m.milestone}`} name="spent" inputMode="decimal" defaultValue={m.spent ? String(m.spent) : ""} {...fieldProps("spent", errors)} />
                                  <FieldError name="spent" errors={errors} />
                                </div>
                              </>
                            ) : null}
                            <div className="field">
                              <label htmlFor={`note-${m.milestone}`}>{m.label}备注</label>
                              <input id={`note-${m.milestone}`} name="note" defaultValue={m.note ?? ""} maxLength={500} />
                            </div>
                            <button type="submit" name="intent" value={rights.progress ? "progress" : "note"} className="button" disabled={busy}>
                              保存{m.label}
                            </button>
                          </Form>
                        </details>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>

      <section className="panel" aria-labelledby="files-heading">
        <h2 id="files-heading">照片和文件</h2>
        {page.attachments.length === 0 ? <p className="empty">还没有附件。</p> : null}
        <ul className="attachments">
          {page.attachments.map((a) => {
            const href = `${base}/projects/${project.id}/files/${a.id}`;
            return (
              <li key={a.id}>
                {isImage(a.contentType) ? <img src={href} alt={`照片：${a.originalName}`} loading="lazy" /> : null}
                <a href={href} download={isImage(a.contentType) ? undefined : a.originalName}>
                  {a.originalName}
                </a>
                <span className="muted">
                  {a.milestone ? `${MILESTONE_LABELS[a.milestone]} · ` : ""}
                  {formatBytes(a.sizeBytes)} · {a.uploadedByName ?? "—"} · {formatDateTime(a.createdAt)}
                </span>
                {rights.upload ? (
                  <Form method="post">
                    <CsrfField />
                    <input type="hidden" name="fileId" value={a.id} />
                    <button type="submit" name="intent" value="removeFile" className="button button--secondary" disabled={busy} aria-label={`删除附件 ${a.originalName}`}>
                      删除
                    </button>
                  </Form>
                ) : null}
              </li>
            );
          })}
        </ul>
        {rights.upload ? (
          <Form method="post" encType="multipart/form-data" className="form-grid">
            <CsrfField />
            <div className="field">
              <label htmlFor="file">上传照片或文件</label>
              <input id="file" name="file" type="file" accept={ACCEPT_ATTRIBUTE} required aria-describedby={uploadErrors.file ? "file-error file-help" : "file-help"} aria-invalid={uploadErrors.file ? true : undefined} />
              <p id="file-help" className="muted">
                {ALLOWED_TEXT}。
              </p>
              <FieldError name="file" errors={uploadErrors} />
            </div>
            <div className="field">
              <label htmlFor="upload-milestone">所属节点</label>
              <select id="upload-milestone" name="milestone" defaultValue="">
                <option value="">（不指定）</option>
                {MILESTONES.map((m) => (
                  <option key={m} value={m}>
                    {MILESTONE_LABELS[m]}
                  </option>
                ))}
              </select>
            </div>
            <div className="form-actions field--wide">
              <button type="submit" name="intent" value="upload" className="button" disabled={busy}>
                上传
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="acceptance-heading">
        <h2 id="acceptance-heading">验收（对照通过的清单事项）</h2>
        {page.acceptances.length ? (
          <ol className="history">
            {page.acceptances.map((a, i) => (
              <li key={i}>
                <time dateTime={a.at}>{formatDateTime(a.at)}</time> {a.byName ?? "—"}：<span className={`result result--${a.result}`}>{ACCEPTANCE_LABELS[a.result]}</span>
                ，实际面积 {formatNumber(a.actualAreaM2)} m²
                <ul className="checks">
                  {a.checks.map((c) => (
                    <li key={c.key}>
                      <span className={c.passed ? "ok-mark" : "bad-mark"}>{c.passed ? "✓" : "✗"}</span> {c.label}：{c.detail}
                    </li>
                  ))}
                </ul>
                {a.remarks ? <blockquote>验收意见：{a.remarks}</blockquote> : null}
              </li>
            ))}
          </ol>
        ) : (
          <p className="empty">尚未验收。</p>
        )}
        {page.facilities.length ? (
          <p>
            已加入设施清单：
            {page.facilities.map((f, i) => (
              <span key={f.id}>
                {i > 0 ? "、" : ""}
                <Link to={`${base}/facilities/${f.id}`}>{f.name}</Link>（{formatNumber(f.areaM2)} m²）
              </span>
            ))}
          </p>
        ) : null}
        {page.acceptBlockedBecause ? <p className="muted">暂不能验收：{page.acceptBlockedBecause}</p> : null}
        {rights.accept ? (
          <Form method="post" className="form-grid" aria-label="验收">
            <CsrfField />
            <input type="hidden" name="version" value={project.version} />
            <ErrorSummary errors={acceptErrors} />
            <div className="field field--wide">
              <p id="checks-help" className="muted">
                系统按填写的实际面积和到位功能逐项检查：建设面积达到计划、计划功能全部到位、收费方式和运营模式已确定、运营主体已落实。全部达标才能“通过”；
                有未达标项可“有条件通过”并写明整改要求，或“不通过”。通过（含有条件通过）后，到位的功能自动加入本社区设施清单。
              </p>
              <ul className="checks" aria-label="按计划全部到位时的检查">
                {page.checkPreview.map((c) => (
                  <li key={c.key}>
                    <span className={c.passed ? "ok-mark" : "bad-mark"}>{c.passed ? "✓" : "✗"}</span> {c.label}：{c.detail}
                  </li>
                ))}
              </ul>
            </div>
            <div className="field">
              <label htmlFor="actualAreaM2">实际建设面积（m²）</label>
              <input id="actualAreaM2" name="actualAreaM2" inputMode="decimal" defaultValue={String(project.plannedAreaM2)} {...fieldProps("actualAreaM2", acceptErrors)} />
              <FieldError name="actualAreaM2" errors={acceptErrors} />
            </div>
            <fieldset className="field">
              <legend>到位的功能</legend>
              {project.functions.map((f) => (
                <label className="checkbox" key={f.function}>
                  <input type="checkbox" name="functionsPresent" value={f.function} defaultChecked />
                  {functionShortLabel(f.function)}（{DOMAIN_LABELS[f.domain]}）
                </label>
              ))}
            </fieldset>
            <fieldset className="field field--wide" {...(acceptErrors.result ? { "aria-describedby": "result-error" } : {})}>
              <legend>验收结论</legend>
              <div className="checkbox-row">
                {ACCEPTANCE_RESULTS.map((r) => (
                  <label className="checkbox" key={r}>
                    <input type="radio" name="result" value={r} defaultChecked={r === page.suggested} />
                    {ACCEPTANCE_LABELS[r]}
                  </label>
                ))}
              </div>
              <FieldError name="result" errors={acceptErrors} />
            </fieldset>
            <div className="field field--wide">
              <label htmlFor="remarks">验收意见（有条件通过、不通过时必填，写明整改要求）</label>
              <textarea id="remarks" name="remarks" rows={3} maxLength={500} {...fieldProps("remarks", acceptErrors)} />
              <FieldError name="remarks" errors={acceptErrors} />
            </div>
            <div className="form-actions field--wide">
              <button type="submit" name="intent" value="accept" className="button" disabled={busy}>
                提交验收结论
              </button>
            </div>
          </Form>
        ) : null}
      </section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
