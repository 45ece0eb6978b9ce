// 查漏补缺清单 (tab of a community): generate from the evaluation during 清单编制, edit,
// reorder, add and remove items, submit to the street; returned comments stay in view.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { GAP_LIST_STATUS_LABELS, REVIEW_DECISION_LABELS, STAGE_LABELS } from "../../workflows/glossary";
import { ActionMessage } from "../components/action-message";
import { CsrfField, VersionedForm } from "../components/csrf-field";
import { DemoBadge } from "../components/demo-badge";
import { ApprovalTrail, DiffSummary, FormulaPanel, ItemEvidence, ListStatusBadge, toWanYuan } from "../components/gap-list";
import { ItemForm, ItemRow, NoGapsForm, RestoreForm } from "../components/gap-list-editing";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { loadGapListPage } from "../lib/gap-list-pages.server";
import { addGapItem, generateGapList, moveGapItem, setGapItemRemoved, submitGapList, submitNoGaps, updateGapItem } from "../lib/gap-lists.server";
import { done, failed, invalidForm } from "../lib/http.server";
import { requireCommunity } from "../lib/places.server";
import gapListStyles from "../styles/gap-list.css";
import { formToObject } from "../validation/form";
import { GAP_LIST_ARRAY_FIELDS, GapListFormSchema, intentError, nestItemFields, withItemFieldNames } from "../validation/gap-list";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: gapListStyles }];

export const meta: MetaFunction = () => [{ title: "查漏补缺清单 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  return {
    community: { code: community.code, name: community.name, isDemoData: community.isDemoData },
    page: await loadGapListPage(db, user, community.code),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form });
  const parsed = GapListFormSchema.safeParse(nestItemFields(formToObject(form, GAP_LIST_ARRAY_FIELDS)));
  if (!parsed.success) {
    const intent = form.get("intent");
    return invalidForm(withItemFieldNames(parsed.error), { intent: typeof intent === "string" ? intent : null }, intentError(parsed.error));
  }
  const input = parsed.data;
  const change = { actor: user, ip: context.clientIp };
  const at = { communityCode: community.code };
  const base = `/communities/${community.code}/gaplist`;
  const extra = { intent: input.intent };
  switch (input.intent) {
    case "generate": {
      const outcome = await generateGapList(db, change, { ...at, expectedVersion: input.version ?? null });
      return outcome.ok ? done(`已根据评估生成清单草稿，共 ${outcome.items} 项，按优先级排序。`, extra) : failed(outcome, extra);
    }
    case "update": {
      const outcome = await updateGapItem(db, change, { ...at, expectedVersion: input.version, itemId: input.itemId, fields: input.item });
      return outcome.ok ? redirect(`${base}?saved=${outcome.position}`) : failed(outcome, extra);
    }
    case "add": {
      const outcome = await addGapItem(db, change, { ...at, expectedVersion: input.version, fields: input.item });
      return outcome.ok ? redirect(`${base}?added=${outcome.position}`) : failed(outcome, extra);
    }
    case "remove":
    case "restore": {
      const removed = input.intent === "remove";
      const outcome = await setGapItemRemoved(db, change, { ...at, expectedVersion: input.version, itemId: input.itemId, removed });
      if (!outcome.ok) return failed(outcome, extra);
      return done(removed ? `已删除：${outcome.title}（可在“已删除的事项”中恢复）。` : `已恢复：${outcome.title}。`, extra);
    }
    case "move": {
      const outcome = await moveGapItem(db, change, { ...at, expectedVersion: input.version, itemId: input.itemId, direction: input.direction });
      return outcome.ok ? done(`已移到第 ${outcome.position} 项。`, extra) : failed(outcome, extra);
    }
    case "submit": {
      const outcome = await submitGapList(db, change, { ...at, expectedVersion: input.version });
      return outcome.ok ? done(`已提交街道审核（${outcome.items} 项）。审核期间清单不能修改。`, extra) : failed(outcome, extra);
    }
    case "submitNoGaps": {
      const outcome = await submitNoGaps(db, change, { ...at, expectedVersion: input.version ?? null, reason: input.reason });
      return outcome.ok ? done("已提交“无需补缺”说明，等待街道审核。", extra) : failed(outcome, extra);
    }
  }
}

export default function GapListPage() {
  const { community, page } = useLoaderData<typeof loader>();
  const { isWorker, edit: canEdit, generate: canGenerate, review: canReview } = page.can;
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

        <ActionMessage result={{ ok: true, message: notice }} />
        <ActionMessage result={actionData} />

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
        <Section id="diff-heading" title="退回后的修改">
          <DiffSummary diff={page.diff} anchorPrefix="item-" />
        </Section>
      ) : null}

      {editing || adding ? (
        <Section id="item-form-heading" title={editing ? `编辑第 ${editing.position} 项：${editing.title}` : "新增事项"}>
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
        </Section>
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
                    {canEdit ? <RestoreForm item={item} version={list.version} busy={busy !== null} /> : null}
                  </li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ) : null}

      {canEdit && list ? (
        <Section id="submit-heading" title="提交街道审核">
          {page.items.length > 0 ? (
            <VersionedForm version={list.version}>
              <p>
                共 {page.items.length} 项，估算投资 {toWanYuan(page.totals.cost)} 万元。提交后由{" "}
                街道审核员逐项审核；审核期间清单不能修改。{list.status === "returned" ? "街道只需再看改动和退回的事项。" : ""}
              </p>
              <button type="submit" name="intent" value="submit" className="button" disabled={busy !== null}>
                {busy === "submit" ? "正在提交…" : "提交街道审核"}
              </button>
            </VersionedForm>
          ) : (
            <NoGapsForm version={list.version} errors={actionData?.intent === "submitNoGaps" ? errors : {}} busy={busy !== null} />
          )}
        </Section>
      ) : null}
      {isWorker && !list && page.evaluation && page.editRefusal === null ? (
        <Section id="nogaps-heading" title="确无短板？">
          <NoGapsForm version={null} errors={actionData?.intent === "submitNoGaps" ? errors : {}} busy={busy !== null} />
        </Section>
      ) : null}

      {list ? (
        <Section id="trail-heading" title="提交与审核记录">
          <ApprovalTrail trail={page.trail} />
          <p className="muted">当前状态：{GAP_LIST_STATUS_LABELS[list.status]}。每次修改都保存为一个版本（共 {page.versions} 个）。</p>
        </Section>
      ) : null}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
