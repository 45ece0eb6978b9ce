// The 查漏补缺 list use cases: generate from the cycle's latest evaluation, edit (every edit
// a version), submit to the street, decide item by item, finish the review. Each is one
// transaction in the house shape (docs/decisions/0010-use-case-shape.md): the list change,
// the cycle's move (applyCycleEvent in the same transaction) and the audit row commit
// together or not at all. The pages' view models are in gap-list-pages.server.ts.
import type { Kysely } from "kysely";
import { nowIso } from "../../db/clock";
import { lockKey } from "../../db/dialect";
import { failpoint } from "../../db/failpoints";
import { writeAudit } from "../../db/repositories/audit";
import { type Cycle, findCurrentCycle, findCycle } from "../../db/repositories/cycles";
import { findEvaluation, findLatestEvaluationOfCycle } from "../../db/repositories/evaluations";
import {
  bumpGapList,
  clearReturnDecisions,
  deleteGapItems,
  findGapItem,
  findGapListOfCycle,
  type GapList,
  type GapListUpdate,
  gapItemRow,
  gapListSnapshot,
  insertGapItem,
  insertGapItems,
  insertGapList,
  insertGapListVersion,
  listGapItems,
  setGapItemDecision,
  setGapItemPositions,
  setGapItemStatus,
  updateGapItemValues,
} from "../../db/repositories/gap-lists";
import type { Database } from "../../db/schema";
import {
  collectedComments,
  commentForMachine,
  decisionRefusal,
  type GapItemBase,
  type GapItemFormValues,
  type GapListVersionReason,
  itemTitle,
  listEditRefusal,
  regenerateRefusal,
  reviewOutcome,
  toSnapshotItem,
} from "../../workflows/gap-list";
import { gapCommunityFacts, generateGapItems, generationOptions, itemFromForm } from "../../workflows/gap-list-generation";
import type { ReviewDecision, Stage } from "../../workflows/glossary";
import type { CycleCommand } from "../../workflows/community-cycle";
import type { Action } from "../../workflows/permissions";
import { applyCycleEvent, type CycleCommandInput, type CycleMoved, sendCycleEvent, STALE_CYCLE_MESSAGE } from "./cycles.server";
import { versionLabel } from "./evaluations.server";
import { loadGapListSettings, profileOf, settingsOfList } from "./gap-list-settings.server";
import { authorize, type Change, communityPlace, type Outcome, refuse, requireStage, runUseCase } from "./use-case.server";

export const STALE_LIST_MESSAGE = "清单已被他人更新，请刷新页面后重试。";
const NO_CYCLE_MESSAGE = "该社区还没有体检周期。";
const NO_EVALUATION_MESSAGE = "本轮还没有保存的评估，请先在“评估”页运行并保存评估。";
const NO_ITEM_MESSAGE = "找不到该清单事项。";

// ---------------------------------------------------------------------------------------
// The steps every use case shares

type SubmitCommand = Extract<CycleCommand, { type: "SUBMIT_NO_GAPS" }> | { type: "SUBMIT_LIST" };

interface Editable {
  cycle: Cycle;
  list: GapList;
}

/** The community's list a use case changes, at the version the page was made from. */
export interface ListAt {
  communityCode: string;
  expectedVersion: number;
}

/** Authorise `action` at the community, then load its current cycle and the cycle's list. */
async function loadForChange(trx: Kysely<Database>, change: Change, action: Action, communityCode: string): Promise<{ cycle: Cycle; list: GapList | null }> {
  authorize(change, action, await communityPlace(trx, communityCode));
  const cycle = await findCurrentCycle(trx, communityCode);
  if (!cycle) refuse(404, NO_CYCLE_MESSAGE);
  return { cycle, list: await findGapListOfCycle(trx, cycle.id) };
}

/** 409 unless the cycle's stage and the list's state let the worker change the list. */
function requireListEditable(cycle: Cycle, list: GapList | null): void {
  requireStage(cycle.stage, "edit:gaplist");
  const refusal = listEditRefusal(list?.status ?? null);
  if (refusal) refuse(409, refusal);
}

/** For every worker edit: permission, the list, stage and list state, the version the page was made from. */
async function requireEditable(trx: Kysely<Database>, change: Change, input: ListAt): Promise<Editable> {
  const { cycle, list } = await loadForChange(trx, change, "edit:gaplist", input.communityCode);
  if (!list) refuse(404, "本轮还没有查漏补缺清单，请先根据评估生成。");
  requireListEditable(cycle, list);
  if (list.version !== input.expectedVersion) refuse(409, STALE_LIST_MESSAGE);
  return { cycle, list };
}

/** For every reviewer action: permission, the list, stage and list state, version. */
async function requireReviewable(trx: Kysely<Database>, change: Change, input: ListAt): Promise<Editable> {
  const { cycle, list } = await loadForChange(trx, change, "review:gaplist", input.communityCode);
  if (!list) refuse(404, "本轮还没有查漏补缺清单。");
  if (list.status === "approved") refuse(409, "清单已审核通过并锁定。");
  if (cycle.stage !== "street_review" || list.status !== "submitted") refuse(409, "清单当前不在街道审核中。");
  if (list.version !== input.expectedVersion) refuse(409, STALE_LIST_MESSAGE);
  return { cycle, list };
}

/** The audit row of a change, in the change's transaction. */
function audit(trx: Kysely<Database>, change: Change, action: string, entityType: "gap_list" | "gap_item", entityId: string, diff: { before?: unknown; after?: unknown }) {
  return writeAudit(trx, { actor: change.actor, action, entityType, entityId, ...diff, ip: change.ip });
}

/** One change = one new version: `WHERE version = ?` or 409. Returns the new version. */
async function bump(trx: Kysely<Database>, list: GapList, update: GapListUpdate = {}): Promise<number> {
  if (!(await bumpGapList(trx, list.id, list.version, update))) refuse(409, STALE_LIST_MESSAGE);
  return list.version + 1;
}

/** Saves the list as it now is under `version`, with why. */
async function recordVersion(trx: Kysely<Database>, change: Change, listId: string, version: number, reason: GapListVersionReason, note: string | null = null) {
  await insertGapListVersion(trx, { listId, version, reason, note, snapshot: await gapListSnapshot(trx, listId), createdBy: change.actor.id });
}

async function requireItem(trx: Kysely<Database>, list: GapList, itemId: string) {
  const item = await findGapItem(trx, list.id, itemId);
  if (!item) refuse(404, NO_ITEM_MESSAGE);
  return item;
}

async function activeItems(trx: Kysely<Database>, listId: string) {
  return (await listGapItems(trx, listId)).filter((i) => i.status === "active");
}

/** Active items numbered 1…n in their current order (or in `order`). */
async function renumber(trx: Kysely<Database>, listId: string, order?: string[]): Promise<void> {
  const ids = order ?? (await activeItems(trx, listId)).map((i) => i.id);
  await setGapItemPositions(
    trx,
    ids.map((id, i) => ({ id, position: i + 1 })),
  );
}

// ---------------------------------------------------------------------------------------
// The worker

/**
 * Drafts the list from the cycle's latest evaluation (清单编制 only). A draft never
 * submitted may be generated again from a newer evaluation; its old items are replaced.
 */
export function generateGapList(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; expectedVersion: number | null },
): Promise<Outcome<{ listId: string; items: number }>> {
  return runUseCase(db, change, async (trx) => {
    // The first list of a cycle is an insert, not a versioned update: two generations at once
    // (two instances) take turns, and the second sees the first's list (ADR 0006).
    await lockKey(trx, `gap-list:${input.communityCode}`);
    const { cycle, list: existing } = await loadForChange(trx, change, "edit:gaplist", input.communityCode);
    requireListEditable(cycle, existing);
    const refusal = regenerateRefusal(existing);
    if (refusal) refuse(409, refusal);
    const evaluation = await findLatestEvaluationOfCycle(trx, cycle.id);
    if (!evaluation) refuse(409, NO_EVALUATION_MESSAGE);

    const { settings, applied } = await loadGapListSettings(trx);
    const profile = await profileOf(trx, evaluation.profileId, evaluation.profileVersion);
    const items = generateGapItems(evaluation.result, gapCommunityFacts(evaluation.input, evaluation.result), generationOptions(profile, settings));

    const drawnFrom = { evaluationId: evaluation.id, profileId: evaluation.profileId, profileVersion: evaluation.profileVersion, settings: applied };
    let listId: string;
    let version: number;
    if (existing) {
      if (existing.version !== input.expectedVersion) refuse(409, STALE_LIST_MESSAGE);
      version = await bump(trx, existing, drawnFrom);
      await deleteGapItems(trx, existing.id);
      listId = existing.id;
    } else {
      listId = await insertGapList(trx, { cycleId: cycle.id, communityCode: input.communityCode, ...drawnFrom, createdBy: change.actor.id });
      version = 1;
    }
    await insertGapItems(
      trx,
      items.map((item, i) => gapItemRow(listId, i + 1, item)),
    );
    await recordVersion(trx, change, listId, version, "generate", `依据评估 ${versionLabel(evaluation)}`);
    await audit(trx, change, "gaplist.generate", "gap_list", listId, {
      after: { cycleId: cycle.id, evaluationId: evaluation.id, version, items: items.length, settings: applied },
    });
    return { listId, items: items.length };
  });
}

/** The item's values from the form, by the rules of the list's own settings and evaluation. */
async function itemOfForm(trx: Kysely<Database>, list: GapList, fields: GapItemFormValues, before: GapItemBase | null) {
  const evaluation = await findEvaluation(trx, list.evaluationId);
  if (!evaluation) refuse(409, "清单所依据的评估已不存在，请重新生成清单。");
  const options = generationOptions(await profileOf(trx, list.profileId, list.profileVersion), settingsOfList(list));
  return itemFromForm(fields, before, evaluation.result, options);
}

/** Changes one item; its decision, if any, is cleared (changed content needs a fresh look). */
export function updateGapItem(
  db: Kysely<Database>,
  change: Change,
  input: ListAt & { itemId: string; fields: GapItemFormValues },
): Promise<Outcome<{ position: number }>> {
  return runUseCase(db, change, async (trx) => {
    const { list } = await requireEditable(trx, change, input);
    const before = await requireItem(trx, list, input.itemId);
    if (before.status !== "active") refuse(409, "该事项已删除；请先恢复再修改。");
    const values = await itemOfForm(trx, list, input.fields, before);
    const version = await bump(trx, list);
    await updateGapItemValues(trx, before.id, values);
    await recordVersion(trx, change, list.id, version, "edit");
    const after = (await findGapItem(trx, list.id, before.id))!;
    await audit(trx, change, "gaplist.item.update", "gap_item", before.id, { before: toSnapshotItem(before), after: toSnapshotItem(after) });
    return { position: before.position };
  });
}

export function addGapItem(
  db: Kysely<Database>,
  change: Change,
  input: ListAt & { fields: GapItemFormValues },
): Promise<Outcome<{ itemId: string; position: number }>> {
  return runUseCase(db, change, (trx) => applyAddGapItem(trx, change, input));
}

/** addGapItem's throwing step, for a use case that adds an item inside its own transaction (选址推演). */
export async function applyAddGapItem(
  trx: Kysely<Database>,
  change: Change,
  input: ListAt & { fields: GapItemFormValues },
): Promise<{ itemId: string; position: number }> {
  const { list } = await requireEditable(trx, change, input);
  const position = (await activeItems(trx, list.id)).length + 1;
  const values = await itemOfForm(trx, list, input.fields, null);
  const version = await bump(trx, list);
  const itemId = await insertGapItem(trx, list.id, position, values);
  await recordVersion(trx, change, list.id, version, "edit");
  await audit(trx, change, "gaplist.item.add", "gap_item", itemId, { after: toSnapshotItem((await findGapItem(trx, list.id, itemId))!) });
  return { itemId, position };
}

/** Removes an item from the list (kept as removed, restorable) or brings it back at the end. */
export function setGapItemRemoved(
  db: Kysely<Database>,
  change: Change,
  input: ListAt & { itemId: string; removed: boolean },
): Promise<Outcome<{ title: string }>> {
  return runUseCase(db, change, async (trx) => {
    const { list } = await requireEditable(trx, change, input);
    const item = await requireItem(trx, list, input.itemId);
    if ((item.status === "removed") === input.removed) refuse(409, input.removed ? "该事项已删除。" : "该事项没有被删除。");
    const active = await activeItems(trx, list.id);
    const version = await bump(trx, list);
    await setGapItemStatus(trx, item.id, input.removed ? "removed" : "active", input.removed ? 0 : active.length + 1);
    await renumber(trx, list.id);
    await recordVersion(trx, change, list.id, version, "edit");
    await audit(trx, change, input.removed ? "gaplist.item.remove" : "gaplist.item.restore", "gap_item", item.id, { before: { status: item.status, position: item.position } });
    return { title: itemTitle(item) };
  });
}

export function moveGapItem(
  db: Kysely<Database>,
  change: Change,
  input: ListAt & { itemId: string; direction: "up" | "down" },
): Promise<Outcome<{ position: number }>> {
  return runUseCase(db, change, async (trx) => {
    const { list } = await requireEditable(trx, change, input);
    const order = (await activeItems(trx, list.id)).map((i) => i.id);
    const from = order.indexOf(input.itemId);
    if (from < 0) refuse(404, NO_ITEM_MESSAGE);
    const to = input.direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) refuse(400, input.direction === "up" ? "已经是第一项。" : "已经是最后一项。");
    [order[from], order[to]] = [order[to], order[from]];
    const version = await bump(trx, list);
    await renumber(trx, list.id, order);
    await recordVersion(trx, change, list.id, version, "edit");
    await audit(trx, change, "gaplist.item.move", "gap_item", input.itemId, { before: { position: from + 1 }, after: { position: to + 1 } });
    return { position: to + 1 };
  });
}

/** Sends the list to the street: the cycle's SUBMIT_LIST or SUBMIT_NO_GAPS in the same transaction. */
async function sendToStreet(trx: Kysely<Database>, change: Change, { cycle, list }: Editable, command: SubmitCommand) {
  const moved = await applyCycleEvent(trx, change, { communityCode: list.communityCode, expectedVersion: cycle.version, command });
  const submissions = list.submissions + 1;
  const noGapReason = command.type === "SUBMIT_NO_GAPS" ? command.reason.trim() : null;
  const version = await bump(trx, list, { status: "submitted", submissions, submittedAt: nowIso(), noGapReason });
  await recordVersion(trx, change, list.id, version, "submit", noGapReason === null ? `第 ${submissions} 次提交` : `无需补缺：${noGapReason}`);
  return { stage: moved.cycle.stage, version, submissions };
}

/** Submits the list to the street: SUBMIT_LIST in the same transaction. */
export function submitGapList(
  db: Kysely<Database>,
  change: Change,
  input: ListAt,
): Promise<Outcome<{ stage: Stage; items: number }>> {
  return runUseCase(db, change, async (trx) => {
    const { cycle, list } = await requireEditable(trx, change, input);
    // Items the street returned come back to it undecided; unchanged approvals stand.
    await clearReturnDecisions(trx, list.id);
    const { stage, version, submissions } = await sendToStreet(trx, change, { cycle, list }, { type: "SUBMIT_LIST" });
    const items = (await activeItems(trx, list.id)).length;
    await audit(trx, change, "gaplist.submit", "gap_list", list.id, { after: { version, submissions, items } });
    return { stage, items };
  });
}

/** No gaps to fill: SUBMIT_NO_GAPS with the reason; the list (created if need be) stays empty. */
export function submitNoGaps(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; expectedVersion: number | null; reason: string },
): Promise<Outcome<{ stage: Stage }>> {
  return runUseCase(db, change, async (trx) => {
    await lockKey(trx, `gap-list:${input.communityCode}`); // may insert the list: see generateGapList
    const loaded = await loadForChange(trx, change, "edit:gaplist", input.communityCode);
    const { cycle } = loaded;
    requireListEditable(cycle, loaded.list);
    let list = loaded.list;
    if (!list) {
      const evaluation = await findLatestEvaluationOfCycle(trx, cycle.id);
      if (!evaluation) refuse(409, NO_EVALUATION_MESSAGE);
      const { applied } = await loadGapListSettings(trx);
      await insertGapList(trx, {
        cycleId: cycle.id,
        communityCode: input.communityCode,
        evaluationId: evaluation.id,
        profileId: evaluation.profileId,
        profileVersion: evaluation.profileVersion,
        settings: applied,
        createdBy: change.actor.id,
      });
      list = (await findGapListOfCycle(trx, cycle.id))!;
    } else if (list.version !== input.expectedVersion) refuse(409, STALE_LIST_MESSAGE);
    const { stage, submissions } = await sendToStreet(trx, change, { cycle, list }, { type: "SUBMIT_NO_GAPS", reason: input.reason });
    await audit(trx, change, "gaplist.submit_no_gaps", "gap_list", list.id, { after: { reason: input.reason.trim(), submissions } });
    return { stage };
  });
}

// ---------------------------------------------------------------------------------------
// The street

/** One item's decision: 通过, 退回修改 (with a comment) or 不予通过 (with the reason). */
export function decideGapItem(
  db: Kysely<Database>,
  change: Change,
  input: ListAt & { itemId: string; decision: ReviewDecision; comment: string | null },
): Promise<Outcome<{ title: string; position: number }>> {
  return runUseCase(db, change, async (trx) => {
    const { list } = await requireReviewable(trx, change, input);
    const item = await requireItem(trx, list, input.itemId);
    if (item.status !== "active") refuse(404, NO_ITEM_MESSAGE);
    const comment = input.comment?.trim() || null;
    const refusal = decisionRefusal(input.decision, comment);
    if (refusal) refuse(400, refusal);
    const now = nowIso();
    const version = await bump(trx, list, { reviewedAt: now });
    await setGapItemDecision(trx, item.id, { decision: input.decision, comment, decidedBy: change.actor.id, decidedAt: now });
    await recordVersion(trx, change, list.id, version, "decision");
    await audit(trx, change, "gaplist.item.decide", "gap_item", item.id, {
      before: { decision: item.decision, comment: item.decisionComment },
      after: { decision: input.decision, comment },
    });
    return { title: itemTitle(item), position: item.position };
  });
}

/** Sends the list back with `comment`: RETURN in the same transaction. */
async function returnList(trx: Kysely<Database>, change: Change, { cycle, list }: Editable, comment: string): Promise<Stage> {
  const moved = await applyCycleEvent(trx, change, {
    communityCode: list.communityCode,
    expectedVersion: cycle.version,
    command: { type: "RETURN", comment: commentForMachine(comment) },
  });
  const version = await bump(trx, list, { status: "returned", returnComment: comment, reviewedAt: nowIso() });
  await recordVersion(trx, change, list.id, version, "return", comment);
  await audit(trx, change, "gaplist.return", "gap_list", list.id, { after: { comment, version } });
  return moved.cycle.stage;
}

/**
 * Ends the review once every item has a decision: any item returned → the list goes back
 * with the collected comments (RETURN); otherwise it is approved (APPROVE) and frozen.
 * `approveUndecided`: "其余事项全部通过" — the items still undecided are approved first, in the
 * same transaction (decisions already taken, and those kept from the last review, stand).
 */
export function finishReview(
  db: Kysely<Database>,
  change: Change,
  input: ListAt & { approveOnly?: boolean; approveUndecided?: boolean },
): Promise<Outcome<{ outcome: "approve" | "return"; stage: Stage; approvedNow: number }>> {
  return runUseCase(db, change, async (trx) => {
    const ctx = await requireReviewable(trx, change, input);
    let items = await listGapItems(trx, ctx.list.id);
    const undecided = items.filter((i) => i.status === "active" && i.decision === null);
    if (input.approveUndecided && undecided.length) {
      const now = nowIso();
      for (const item of undecided) await setGapItemDecision(trx, item.id, { decision: "approve", comment: null, decidedBy: change.actor.id, decidedAt: now });
      await audit(trx, change, "gaplist.approve_undecided", "gap_list", ctx.list.id, { after: { items: undecided.map((i) => i.id) } });
      items = await listGapItems(trx, ctx.list.id);
    }
    const approvedNow = input.approveUndecided ? undecided.length : 0;
    const review = reviewOutcome(items);
    if (review.outcome === null) refuse(400, `还有 ${review.undecided} 项未作审核决定，请逐项决定后再完成审核。`);
    if (review.outcome === "return" && input.approveOnly) refuse(400, `有 ${review.returned} 项已退回修改，清单不能整体通过；请在清单审核页完成审核。`);
    if (review.outcome === "return") return { outcome: "return" as const, stage: await returnList(trx, change, ctx, collectedComments(items, null)), approvedNow };

    const moved = await applyCycleEvent(trx, change, { communityCode: input.communityCode, expectedVersion: ctx.cycle.version, command: { type: "APPROVE" } });
    const now = nowIso();
    const version = await bump(trx, ctx.list, { status: "approved", approvedAt: now, reviewedAt: now });
    await failpoint("gap-list-approve");
    await recordVersion(trx, change, ctx.list.id, version, "approve", `通过 ${review.approved} 项，不予通过 ${review.rejected} 项`);
    await audit(trx, change, "gaplist.approve", "gap_list", ctx.list.id, { after: { approved: review.approved, rejected: review.rejected, version } });
    return { outcome: "approve" as const, stage: moved.cycle.stage, approvedNow };
  });
}

/** Returns the whole list with a general comment (plus any item comments), whatever is decided. */
export function returnGapList(
  db: Kysely<Database>,
  change: Change,
  input: ListAt & { comment: string },
): Promise<Outcome<{ stage: Stage }>> {
  return runUseCase(db, change, async (trx) => {
    const ctx = await requireReviewable(trx, change, input);
    const items = await listGapItems(trx, ctx.list.id);
    return { stage: await returnList(trx, change, ctx, collectedComments(items, input.comment)) };
  });
}

/**
 * The cycle page's SUBMIT_LIST, SUBMIT_NO_GAPS, APPROVE and RETURN go through the list, so
 * the list and the cycle never disagree ("only one way to do a thing"). Without a list
 * (e.g. a cycle that never had one) the event goes to the cycle as before.
 */
export async function sendCycleEventWithList(db: Kysely<Database>, change: Change, input: CycleCommandInput): Promise<Outcome<CycleMoved>> {
  const { command } = input;
  const type = command.type;
  if (type !== "SUBMIT_LIST" && type !== "SUBMIT_NO_GAPS" && type !== "APPROVE" && type !== "RETURN") return sendCycleEvent(db, change, input);
  const cycle = await findCurrentCycle(db, input.communityCode);
  if (!cycle) return { ok: false, status: 404, message: NO_CYCLE_MESSAGE };
  if (cycle.version !== input.expectedVersion) return { ok: false, status: 409, message: STALE_CYCLE_MESSAGE };
  const list = await findGapListOfCycle(db, cycle.id);
  if (!list && type !== "SUBMIT_NO_GAPS") return sendCycleEvent(db, change, input);
  const at = { communityCode: input.communityCode, expectedVersion: list?.version ?? 0 };
  const result =
    command.type === "SUBMIT_LIST"
      ? await submitGapList(db, change, at)
      : command.type === "SUBMIT_NO_GAPS"
        ? await submitNoGaps(db, change, { ...at, expectedVersion: list?.version ?? null, reason: command.reason })
        : command.type === "RETURN"
          ? await returnGapList(db, change, { ...at, comment: command.comment })
          : await finishReview(db, change, { ...at, approveOnly: true });
  if (!result.ok) return result;
  return { ok: true, cycle: (await findCycle(db, cycle.id))!, nextCycle: null };
}
