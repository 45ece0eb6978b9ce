// 查漏补缺清单 (tab of a community): generate from the evaluation during 清单编制, edit,
// reorder, add and remove items, submit to the street; returned comments stay in view.
import { forbidden } from "../lib/http.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { FOUR_SYNC_LABELS, FOUR_SYNC_STEPS, GAP_LIST_STATUS_LABELS } from "../../workflows/gap-list";
import {
  APPROACH_LABELS,
  APPROACHES,
  DOMAIN_LABELS,
  DOMAINS,
  FUNCTION_CATALOGUE,
  functionsOfDomain,
  FUNDING_LABELS,
  FUNDING_SOURCES,
  HUB_FORM_LABELS,
  HUB_FORMS,
  OPERATING_MODEL_LABELS,
  OPERATING_MODELS,
  PRICING_LABELS,
  PRICING_TIERS,
  REVIEW_DECISION_LABELS,
  SERVICE_LEVEL_LABELS,
  SERVICE_LEVELS,
  STAGE_LABELS,
} from "../../workflows/glossary";
import { CsrfField } from "../components/csrf-field";
import { DemoBadge } from "../components/demo-badge";
import { ErrorSummary, FieldError, fieldProps } from "../components/field-error";
import { ApprovalTrail, DecisionBadge, DiffSummary, FormulaPanel, ItemEvidence, ListStatusBadge, toWanYuan } from "../components/gap-list";
import { RouteErrorBoundary } from "../components/route-error";

import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import {
  addGapItem,
  generateGapList,
  type GapItemView,
  loadGapListPage,
  moveGapItem,
  setGapItemRemoved,
  submitGapList,
  submitNoGaps,
  updateGapItem,
} from "../lib/gap-lists.server";
import { can } from "../../workflows/permissions";
import { requireCommunity } from "../lib/places.server";
import gapListStyles from "../styles/gap-list.css";
import { fieldErrors, formToObject } from "../validation/form";
import { GAP_LIST_ARRAY_FIELDS, GapListFormSchema, MAX_ITEM_AREA_M2, nestItemFields } from "../validation/gap-list";
import { CodeSelectField } from "../components/code-select";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: gapListStyles }];

export const meta: MetaFunction = () => [{ title: "查漏补缺清单 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const place = { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code };
  const page = await loadGapListPage(db, community.code);
  const isWorker = can(user, "edit:gaplist", place);
  return {
    community: { code: community.code, name: community.name, isDemoData: community.isDemoData },
    page,
    isWorker,
    canEdit: isWorker && page.editRefusal === null && page.list !== null,
    canGenerate: isWorker && page.editRefusal === null && page.evaluation !== null && (page.list === null || (page.list.status === "draft" && page.list.submissions === 0)),
    canReview: can(user, "review:gaplist", place) && page.cycle?.stage === "street_review" && page.list?.status === "submitted",
  };
}

type ActionData = { ok: boolean; message: string | null; errors: Record<string, string>; intent: string | null };

const reply = (body: ActionData, status = 200) => data(body, { status });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "edit:gaplist", { form, clientIp: context.clientIp });
  const parsed = GapListFormSchema.safeParse(nestItemFields(formToObject(form, GAP_LIST_ARRAY_FIELDS)));
  if (!parsed.success) {
    const errors = Object.fromEntries(Object.entries(fieldErrors(parsed.error)).map(([k, v]) => [k.replace(/^item\./, ""), v]));
    const intent = form.get("intent");
    return reply({ ok: false, message: null, errors, intent: typeof intent === "string" ? intent : null }, 400);
  }
  const input = parsed.data;
  const change = { actor: user, ip: context.clientIp };
  const code = community.code;
  const base = `/communities/${code}/gaplist`;
  const at = { communityCode: code, expectedVersion: input.version ?? null };
  const result = await (() => {
    switch (input.intent) {
      case "generate":
        return generateGapList(db, at, change);
      case "update":
        return updateGapItem(db, { ...at, expectedVersion: input.version, itemId: input.itemId, fields: input.item }, change);
      case "add":
        return addGapItem(db, { ...at, expectedVersion: input.version, fields: input.item }, change);
      case "remove":
      case "restore":
        return setGapItemRemoved(db, { ...at, expectedVersion: input.version, itemId: input.itemId, removed: input.intent === "remove" }, change);
      case "move":
        return moveGapItem(db, { ...at, expectedVersion: input.version, itemId: input.itemId, direction: input.direction }, change);
      case "submit":
        return submitGapList(db, { ...at, expectedVersion: input.version }, change);
      case "submitNoGaps":
        return submitNoGaps(db, { ...at, reason: input.reason }, change);
    }
  })();
  if (!result.ok) {
    if (result.status === 403) throw forbidden(result.message);
    return reply({ ok: false, message: result.message, errors: {}, intent: input.intent }, result.status);
  }
  if (input.intent === "update" && "position" in result) return redirect(`${base}?saved=${result.position}`);
  if (input.intent === "add" && "position" in result) return redirect(`${base}?added=${result.position}`);
  const message =
    input.intent === "generate" && "items" in result
      ? `已根据评估生成清单草稿，共 ${result.items} 项，按优先级排序。`
      : input.intent === "remove" && "title" in result
        ? `已删除：${result.title}（可在“已删除的事项”中恢复）。`
        : input.intent === "restore" && "title" in result
          ? `已恢复：${result.title}。`
          : input.intent === "move" && "position" in result
            ? `已移到第 ${result.position} 项。`
            : input.intent === "submit" && "items" in result
              ? `已提交街道审核（${result.items} 项）。审核期间清单不能修改。`
              : "已提交“无需补缺”说明，等待街道审核。";
  return reply({ ok: true, message, errors: {}, intent: input.intent });
}

export default function GapListPage() {
  const { community, page, isWorker, canEdit, canGenerate, canReview } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? String(navigation.formData?.get("intent") ?? "") : null;
  const list = page.list;
  const base = `/communities/${community.code}/gaplist`;
  const editing = canEdit ? page.items.find((i) => i.id === params.get("edit")) ?? null : null;
  const adding = canEdit && params.get("add") === "1";
  const errors = actionData?.errors ?? {};
  const notice = params.get("saved") ? `已保存第 ${params.get("saved")} 项的修改。` : params.get("added") ? `已新增第 ${params.get("added")} 项。` : null;
  const changed = new Set(list?.status === "returned" ? (page.diff?.changes ?? []).map((c) => c.itemId) : []);

  return (
    <>
      <section className="panel" aria-labelledby="gaplist-heading">
        <div className="panel__head">
          <h2 id="gaplist-heading">
            查漏补缺清单 {list ? <ListStatusBadge status={list.status} /> : null} <DemoBadge show={community.isDemoData || Boolean(list?.isDemoData)} />
          </h2>
          {list ? (
            <div className="inline-form">
              {canReview ? (
                <Link className="button" to={`${base}/review`}>
                  逐项审核
                </Link>
              ) : null}
              <a className="button button--secondary" href={`${base}/export.xlsx`} download>
                导出 XLSX
              </a>
              <Link className="button button--secondary" to={`/communities/${community.code}/gaplist/print`}>
                打印（A4 横向）
              </Link>
            </div>
          ) : null}
        </div>
        {page.cycle ? (
          <p>
            {page.cycle.year} 年第 {page.cycle.round} 轮体检，当前阶段：<strong>{STAGE_LABELS[page.cycle.stage]}</strong>。
            {list ? (
              <>
                {" "}
                清单第 {list.version} 版（共保存 {page.versions} 个版本）
                {list.evaluationLabel ? `，依据评估 ${list.evaluationLabel}` : ""}，政策版本 {list.profile.id} 第 {list.profile.version} 版
                {list.submissions ? `，已提交 ${list.submissions} 次` : ""}。
              </>
            ) : null}
          </p>
        ) : null}

        <div aria-live="polite">
          {notice ? (
            <p className="notice notice--info" role="status">
              {notice}
            </p>
          ) : null}
          {actionData?.message ? (
            <p className={actionData.ok ? "notice notice--info" : "form-error"} role={actionData.ok ? "status" : "alert"}>
              {actionData.message}
            </p>
          ) : null}
        </div>

        {list?.status === "returned" && list.returnComment ? (
          <div className="notice" role="note" aria-labelledby="returned-heading">
            <h3 id="returned-heading">街道退回意见</h3>
            <p style={{ whiteSpace: "pre-line" }}>{list.returnComment}</p>
            <p className="muted">请逐项修改后重新提交；街道只需再看改动的事项。</p>
          </div>
        ) : null}
        {list?.status === "approved" ? (
          <p className="notice notice--info" role="note">
            清单已于 {list.approvedAt ? formatDateTime(list.approvedAt) : "—"} 审核通过并锁定，可导出报送。如需变更，须在新一轮体检中重新提交审核。
          </p>
        ) : null}
        {list?.status === "submitted" ? (
          <p className="notice notice--info" role="note">
            {list.noGapReason ? `已提交“无需补缺”说明：${list.noGapReason}。` : "清单正在街道审核中，"}审核期间不能修改。
          </p>
        ) : null}
        {isWorker && page.editRefusal && list?.status !== "approved" && list?.status !== "submitted" ? <p className="muted">{page.editRefusal}</p> : null}

        {!list ? (
          page.evaluation ? (
            <p>
              本轮评估：{page.evaluation.label}（{formatDateTime(page.evaluation.createdAt)}）。
              {canGenerate ? " 可据此生成清单草稿：每个缺失或不足的功能一项，按优先级排序，之后可逐项修改。" : " 尚未生成清单。"}
            </p>
          ) : (
            <p className="empty">
              本轮还没有保存的评估。{isWorker ? <Link to={`/communities/${community.code}/evaluation`}>去评估页运行并保存评估</Link> : null}
            </p>
          )
        ) : null}
        {canGenerate ? (
          <Form method="post" className="inline-form">
            <CsrfField />
            {list ? <input type="hidden" name="version" value={list.version} /> : null}
            <button type="submit" name="intent" value="generate" className={list ? "button button--secondary" : "button"} disabled={busy !== null}>
              {busy === "generate" ? "正在生成…" : list ? "按最新评估重新生成（替换当前事项）" : "根据评估生成清单"}
            </button>
          </Form>
        ) : null}
      </section>

      {list && page.diff && list.status === "returned" ? (
        <section className="panel" aria-labelledby="diff-heading">
          <h2 id="diff-heading">退回后的修改</h2>
          <DiffSummary diff={page.diff} />
        </section>
      ) : null}

      {editing || adding ? (
        <section className="panel" aria-labelledby="item-form-heading">
          <h2 id="item-form-heading">{editing ? `编辑第 ${editing.position} 项：${editing.title}` : "新增事项"}</h2>
          {editing && page.lastReview[editing.id] ? (
            <p className="review-comment">
              街道上次审核：{REVIEW_DECISION_LABELS[page.lastReview[editing.id].decision]}
              {page.lastReview[editing.id].comment ? `，意见：${page.lastReview[editing.id].comment}` : ""}
            </p>
          ) : null}
          <ItemForm item={editing} version={list!.version} errors={actionData?.intent === (editing ? "update" : "add") ? errors : {}} cancelTo={base} busy={busy !== null} />
          {editing ? (
            <details>
              <summary>该事项的依据</summary>
              <ItemEvidence item={editing} />
            </details>
          ) : null}
        </section>
      ) : null}

      {list ? (
        <section className="panel" aria-labelledby="items-heading">
          <div className="panel__head">
            <h2 id="items-heading">清单事项（{page.items.length} 项）</h2>
            {canEdit && !adding ? (
              <Link className="button button--secondary" to={`${base}?add=1`}>
                新增事项
              </Link>
            ) : null}
          </div>
          {page.items.length === 0 ? (
            <p className="empty">{list.noGapReason ? `无需补缺：${list.noGapReason}` : "清单中没有事项。"}</p>
          ) : (
            <div className="table-wrap">
              <table className="gap-items" role="table">
                <caption>
                  按序号排列；优先级分数见“优先级和建设方式怎么定”。估算投资单位：万元。
                </caption>
                <thead>
                  <tr>
                    <th scope="col">序号</th>
                    <th scope="col">事项</th>
                    <th scope="col" className="num">
                      面积（m²）
                    </th>
                    <th scope="col" className="num">
                      估算投资（万元）
                    </th>
                    <th scope="col">服务与运营</th>
                    <th scope="col" className="num">
                      优先级
                    </th>
                    <th scope="col">审核</th>
                    {canEdit ? <th scope="col">操作</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((item, index) => (
                    <ItemRow
                      key={item.id}
                      item={item}
                      isFirst={index === 0}
                      isLast={index === page.items.length - 1}
                      canEdit={canEdit}
                      version={list.version}
                      base={base}
                      lastReview={page.lastReview[item.id] ?? null}
                      changed={changed.has(item.id)}
                      busy={busy !== null}
                    />
                  ))}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row" colSpan={2}>
                      合计
                    </th>
                    <td className="num" data-label="面积（m²）">
                      {page.totals.areaM2}
                    </td>
                    <td className="num" data-label="估算投资（万元）">
                      {toWanYuan(page.totals.cost)}
                    </td>
                    <td colSpan={canEdit ? 4 : 3} />
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          <FormulaPanel page={page} />
          {page.removed.length ? (
            <details>
              <summary>已删除的事项（{page.removed.length}）</summary>
              <ul>
                {page.removed.map((item) => (
                  <li key={item.id}>
                    {item.title}
                    {canEdit ? (
                      <Form method="post" className="inline-form" style={{ display: "inline-flex", marginLeft: "0.5rem" }}>
                        <CsrfField />
                        <input type="hidden" name="version" value={list.version} />
                        <input type="hidden" name="itemId" value={item.id} />
                        <button type="submit" name="intent" value="restore" className="button button--secondary" aria-label={`恢复：${item.title}`} disabled={busy !== null}>
                          恢复
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ) : null}

      {canEdit && list ? (
        <section className="panel" aria-labelledby="submit-heading">
          <h2 id="submit-heading">提交街道审核</h2>
          {page.items.length > 0 ? (
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="version" value={list.version} />
              <p>
                共 {page.items.length} 项，估算投资 {toWanYuan(page.totals.cost)} 万元。提交后由{" "}
                街道审核员逐项审核；审核期间清单不能修改。{list.status === "returned" ? "街道只需再看改动和退回的事项。" : ""}
              </p>
              <button type="submit" name="intent" value="submit" className="button" disabled={busy !== null}>
                {busy === "submit" ? "正在提交…" : "提交街道审核"}
              </button>
            </Form>
          ) : (
            <NoGapsForm version={list.version} errors={actionData?.intent === "submitNoGaps" ? errors : {}} busy={busy !== null} />
          )}
        </section>
      ) : null}
      {isWorker && !list && page.evaluation && page.editRefusal === null ? (
        <section className="panel" aria-labelledby="nogaps-heading">
          <h2 id="nogaps-heading">确无短板？</h2>
          <NoGapsForm version={null} errors={actionData?.intent === "submitNoGaps" ? errors : {}} busy={busy !== null} />
        </section>
      ) : null}

      {list ? (
        <section className="panel" aria-labelledby="trail-heading">
          <h2 id="trail-heading">提交与审核记录</h2>
          <ApprovalTrail trail={page.trail} />
          <p className="muted">当前状态：{GAP_LIST_STATUS_LABELS[list.status]}。每次修改都保存为一个版本（共 {page.versions} 个）。</p>
        </section>
      ) : null}
    </>
  );
}

function ItemRow({
  item,
  isFirst,
  isLast,
  canEdit,
  version,
  base,
  lastReview,
  changed,
  busy,
}: {
  item: GapItemView;
  isFirst: boolean;
  isLast: boolean;
  canEdit: boolean;
  version: number;
  base: string;
  lastReview: { decision: "approve" | "return" | "reject"; comment: string | null } | null;
  changed: boolean;
  busy: boolean;
}) {
  const n = item.position;
  return (
    <tr id={`item-${item.id}`} className={changed ? "is-changed" : undefined}>
      <td data-label="序号">{n}</td>
      <th scope="row">
        <span className="item-title">{item.title}</span>
        {item.hubForm ? <span className="badge">{HUB_FORM_LABELS[item.hubForm]}共同体</span> : null}
        {changed ? <span className="change">已修改</span> : null}
        <details>
          <summary>依据</summary>
          <ItemEvidence item={item} />
        </details>
        {item.candidateSite ? <div className="muted">候选选址：{item.candidateSite}</div> : null}
        {item.notes ? <div className="muted">备注：{item.notes}</div> : null}
      </th>
      <td className="num" data-label="面积（m²）">
        {item.targetAreaM2}
      </td>
      <td className="num" data-label="估算投资（万元）">
        {toWanYuan(item.estimatedCost)}
        <div className="muted">{item.costBasis === "manual" ? "人工填写" : "按默认单价"}</div>
      </td>
      <td data-label="服务与运营">
        {SERVICE_LEVEL_LABELS[item.serviceLevel]} · {PRICING_LABELS[item.pricing]} · {OPERATING_MODEL_LABELS[item.operatingModel]}
      </td>
      <td className="num" data-label="优先级">
        {item.priority}
      </td>
      <td data-label="审核">
        <DecisionBadge decision={item.decision} />
        {item.decision && item.decisionComment ? <p className="review-comment">{item.decisionComment}</p> : null}
        {!item.decision && lastReview ? (
          <p className="review-comment">
            上次：{REVIEW_DECISION_LABELS[lastReview.decision]}
            {lastReview.comment ? `，${lastReview.comment}` : ""}
          </p>
        ) : null}
      </td>
      {canEdit ? (
        <td data-label="操作">
          <div className="row-actions">
            <Link className="button button--secondary" to={`${base}?edit=${item.id}`} aria-label={`编辑第 ${n} 项：${item.title}`}>
              编辑
            </Link>
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="version" value={version} />
              <input type="hidden" name="itemId" value={item.id} />
              <input type="hidden" name="intent" value="move" />
              <button type="submit" name="direction" value="up" className="button button--secondary" disabled={isFirst || busy} aria-label={`上移第 ${n} 项`}>
                ↑
              </button>
              <button type="submit" name="direction" value="down" className="button button--secondary" disabled={isLast || busy} aria-label={`下移第 ${n} 项`}>
                ↓
              </button>
            </Form>
            <Form method="post">
              <CsrfField />
              <input type="hidden" name="version" value={version} />
              <input type="hidden" name="itemId" value={item.id} />
              <button type="submit" name="intent" value="remove" className="button button--secondary" disabled={busy} aria-label={`删除第 ${n} 项`}>
                删除
              </button>
            </Form>
          </div>
        </td>
      ) : null}
    </tr>
  );
}

function ItemForm({
  item,
  version,
  errors,
  cancelTo,
  busy,
}: {
  item: GapItemView | null;
  version: number;
  errors: Record<string, string>;
  cancelTo: string;
  busy: boolean;
}) {
  return (
    <Form method="post" className="form-grid" noValidate>
      <CsrfField />
      <input type="hidden" name="version" value={version} />
      {item ? <input type="hidden" name="itemId" value={item.id} /> : null}
      <ErrorSummary errors={errors} />
      <CodeSelectField name="domain" label="领域" codes={DOMAINS} labels={DOMAIN_LABELS} defaultValue={item?.domain ?? DOMAINS[0]} errors={errors} />
      <div className="field">
        <label htmlFor="function">功能</label>
        <select id="function" name="function" defaultValue={item?.function ?? "elderly_care"} {...fieldProps("function", errors)}>
          {DOMAINS.map((d) => (
            <optgroup key={d} label={DOMAIN_LABELS[d]}>
              {functionsOfDomain(d).map((f) => (
                <option key={f} value={f}>
                  {FUNCTION_CATALOGUE[f].label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldError name="function" errors={errors} />
      </div>
      <CodeSelectField name="approach" label="建设方式" codes={APPROACHES} labels={APPROACH_LABELS} defaultValue={item?.approach ?? "retrofit"} errors={errors} />
      <div className="field">
        <label htmlFor="targetAreaM2">建设面积（m²）</label>
        <input id="targetAreaM2" name="targetAreaM2" inputMode="decimal" defaultValue={item ? String(item.targetAreaM2) : ""} max={MAX_ITEM_AREA_M2} {...fieldProps("targetAreaM2", errors)} />
        <FieldError name="targetAreaM2" errors={errors} />
      </div>
      <div className="field">
        <label htmlFor="estimatedCost">估算投资（元）</label>
        <input
          id="estimatedCost"
          name="estimatedCost"
          inputMode="decimal"
          defaultValue={item && item.costBasis === "manual" ? String(item.estimatedCost) : ""}
          placeholder={item ? `留空按默认单价估算（现为 ${item.estimatedCost} 元）` : "留空按默认单价估算"}
          aria-describedby="estimatedCost-hint"
          {...fieldProps("estimatedCost", errors)}
        />
        <p id="estimatedCost-hint" className="muted">
          留空时按建设方式的单位造价（默认值）× 面积估算。
        </p>
        <FieldError name="estimatedCost" errors={errors} />
      </div>
      <CodeSelectField name="serviceLevel" label="服务属性" codes={SERVICE_LEVELS} labels={SERVICE_LEVEL_LABELS} defaultValue={item?.serviceLevel ?? "basic"} />
      <CodeSelectField name="pricing" label="收费方式" codes={PRICING_TIERS} labels={PRICING_LABELS} defaultValue={item?.pricing ?? "low_cost"} />
      <CodeSelectField name="operatingModel" label="运营模式" codes={OPERATING_MODELS} labels={OPERATING_MODEL_LABELS} defaultValue={item?.operatingModel ?? "public_built_private_run"} />
      <CodeSelectField name="hubForm" label="民生幸福共同体形态" codes={HUB_FORMS} labels={HUB_FORM_LABELS} defaultValue={item?.hubForm ?? ""} emptyLabel="不纳入共同体" />
      <fieldset className="field field--wide">
        <legend>资金来源</legend>
        <div className="checkbox-row">
          {FUNDING_SOURCES.map((f) => (
            <label key={f} className="checkbox">
              <input type="checkbox" name="fundingSources" value={f} defaultChecked={item?.fundingSources.includes(f) ?? false} />
              {FUNDING_LABELS[f]}
            </label>
          ))}
        </div>
        <FieldError name="fundingSources" errors={errors} />
      </fieldset>
      <fieldset className="field field--wide">
        <legend>四同步（仅新建事项）</legend>
        <div className="checkbox-row">
          {FOUR_SYNC_STEPS.map((s) => (
            <label key={s} className="checkbox">
              <input type="checkbox" name="fourSync" value={s} defaultChecked={item?.fourSync?.[s] ?? false} />
              {FOUR_SYNC_LABELS[s]}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="field field--wide">
        <label htmlFor="candidateSite">候选选址</label>
        <input id="candidateSite" name="candidateSite" maxLength={200} defaultValue={item?.candidateSite ?? ""} {...fieldProps("candidateSite", errors)} />
        <FieldError name="candidateSite" errors={errors} />
      </div>
      <div className="field field--wide">
        <label htmlFor="spaceSource">空间来源</label>
        <input id="spaceSource" name="spaceSource" maxLength={200} defaultValue={item?.spaceSource ?? ""} {...fieldProps("spaceSource", errors)} />
        <FieldError name="spaceSource" errors={errors} />
      </div>
      <div className="field field--wide">
        <label htmlFor="notes">备注（可回应街道意见）</label>
        <textarea id="notes" name="notes" rows={3} maxLength={500} defaultValue={item?.notes ?? ""} {...fieldProps("notes", errors)} />
        <FieldError name="notes" errors={errors} />
      </div>
      <div className="form-actions field--wide">
        <button type="submit" name="intent" value={item ? "update" : "add"} className="button" disabled={busy}>
          {item ? "保存修改" : "新增事项"}
        </button>
        <Link to={cancelTo}>取消</Link>
      </div>
    </Form>
  );
}

function NoGapsForm({ version, errors, busy }: { version: number | null; errors: Record<string, string>; busy: boolean }) {
  return (
    <Form method="post">
      <CsrfField />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      <p className="muted">清单中没有事项时，可说明理由后提交“无需补缺”，由街道审核。</p>
      <div className="field">
        <label htmlFor="reason">无需补缺的理由</label>
        <textarea id="reason" name="reason" rows={3} maxLength={500} {...fieldProps("reason", errors)} />
        <FieldError name="reason" errors={errors} />
      </div>
      <button type="submit" name="intent" value="submitNoGaps" className="button button--secondary" disabled={busy}>
        提交“无需补缺”说明
      </button>
    </Form>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
