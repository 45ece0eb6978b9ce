// The 查漏补缺 list use-cases: generate from the cycle's latest evaluation, edit (every edit
// a version), submit to the street, decide item by item, finish the review, export.
// Each use-case is one transaction: the list change, the cycle's move (applyCycleEvent in
// the same transaction) and the audit row commit together or not at all.
import type { Kysely } from "kysely";
import { lockKey } from "../../db/dialect";
import { writeAudit } from "../../db/repositories/audit";
import { type Cycle, findCurrentCycle, findCycle } from "../../db/repositories/cycles";
import { findEvaluation, listEvaluations, type StoredEvaluation } from "../../db/repositories/evaluations";
import {
  bumpGapList,
  clearReturnDecisions,
  draftValues,
  findGapItem,
  findGapListOfCycle,
  findLastSnapshot,
  type GapItem,
  type GapItemValues,
  type GapList,
  gapItemRow,
  gapListRow,
  gapListVersionRow,
  type GapListUpdate,
  type GapListVersionEntry,
  insertGapItem,
  insertGapListVersion,
  listGapItems,
  listGapListVersions,
  setGapItemDecision,
  setGapItemPositions,
  setGapItemStatus,
  toSnapshotItem,
  updateGapItemValues,
  VERSION_REASON_LABELS,
} from "../../db/repositories/gap-lists";
import { listSettingOverrides } from "../../db/repositories/policy";
import type { Database, GapListVersionReason } from "../../db/schema";
import { MAX_COMMENT_LENGTH } from "../../workflows/community-cycle";
import type { EvaluationInput, EvaluationResult } from "../../workflows/evaluation";
import {
  applyGapListOverrides,
  approachRules,
  costBasisText,
  diffGapItems,
  EMPTY_FOUR_SYNC,
  estimateCost,
  FOUR_SYNC_STEPS,
  gapCommunityFacts,
  type GapItemSnapshot,
  type GapListDiff,
  type GapListSettings,
  type GapListSnapshot,
  type GapListStatus,
  type GenerationOptions,
  generateGapItems,
  generationOptions,
  itemTitle,
  listGapListSettings,
  manualRationale,
  priorityFormula,
  priorityScore,
  reviewOutcome,
} from "../../workflows/gap-list";
import { type ReviewDecision, ROLE_LABELS, STAGE_LABELS, STAGES, type Stage } from "../../workflows/glossary";
import { loadBuiltInProfile, type PolicyProfile } from "../../workflows/policy/profile";
import type { GapItemFields } from "../validation/gap-list";
import { applyCycleEvent, type CycleCommandInput, type CycleMoved, sendCycleEvent, STALE_CYCLE_MESSAGE } from "./cycles.server";
import { versionLabel } from "./evaluations.server";
import { type Actor, type Action, can, type Place } from "../../workflows/permissions";
import { loadProfileVersion } from "./policy.server";
import { type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

/** Where the gap-list [默认值] overrides live in policy_settings (the evaluation's settings store). */
export const GAP_LIST_SETTINGS_ID = "gap-list";

export const STALE_LIST_MESSAGE = "清单已被他人更新，请刷新页面后重试。";
export const FROZEN_MESSAGE = "清单已审核通过并锁定，不能再修改；如需变更，须在新一轮体检中重新编制并提交审核。";

// ---------------------------------------------------------------------------------------
// Settings and context

export async function loadGapListSettings(db: Kysely<Database>): Promise<{ settings: GapListSettings; applied: Record<string, number> }> {
  const overrides = await listSettingOverrides(db, GAP_LIST_SETTINGS_ID);
  return applyGapListOverrides(Object.fromEntries(overrides.map((o) => [o.key, o.value])));
}

/** The settings a list was made with (its stored overrides on today's defaults). */
function settingsOfList(list: GapList): GapListSettings {
  return applyGapListOverrides(list.settings).settings;
}

async function placeOf(db: Kysely<Database>, communityCode: string): Promise<Place & { communityCode: string }> {
  const row = await db.selectFrom("communities").select(["code", "street_code", "district_code"]).where("code", "=", communityCode).executeTakeFirst();
  if (!row) refuse(404, "找不到该社区/村。");
  return { communityCode: row.code, streetCode: row.street_code, districtCode: row.district_code };
}

function requireCan(actor: Actor, action: Action, place: Place): void {
  if (!can(actor, action, place)) {
    refuse(403, action === "review:gaplist" ? "只有本街道的街道审核员可以审核清单。" : "只有本社区的社区工作者可以编辑和提交清单。");
  }
}

async function currentCycle(db: Kysely<Database>, communityCode: string): Promise<Cycle> {
  const cycle = await findCurrentCycle(db, communityCode);
  if (!cycle) refuse(404, "该社区还没有体检周期。");
  return cycle;
}

/** The latest saved evaluation of the cycle: the list's input. */
async function latestEvaluationOfCycle(db: Kysely<Database>, communityCode: string, cycleId: string): Promise<StoredEvaluation | null> {
  const summary = (await listEvaluations(db, communityCode)).find((e) => e.cycleId === cycleId);
  return summary ? findEvaluation(db, summary.id) : null;
}

const profileCache = new Map<string, PolicyProfile>();
async function profileOf(db: Kysely<Database>, id: string, version: number): Promise<PolicyProfile> {
  const key = `${id}@${version}`;
  let profile = profileCache.get(key);
  if (!profile) {
    profile = (await loadProfileVersion(db, id, version)) ?? loadBuiltInProfile();
    profileCache.set(key, profile);
  }
  return profile;
}

async function optionsOfList(db: Kysely<Database>, list: GapList): Promise<GenerationOptions> {
  return generationOptions(await profileOf(db, list.profileId, list.profileVersion), settingsOfList(list));
}

const INDEX = (stage: Stage) => STAGES.indexOf(stage);

/** Why the worker cannot change the list now (null: she can). */
export function editRefusal(stage: Stage, status: GapListStatus | null): string | null {
  if (status === "approved" || INDEX(stage) > INDEX("street_review")) return FROZEN_MESSAGE;
  if (stage === "street_review" || status === "submitted") return "清单已提交街道审核，审核期间不能修改；如需修改，请联系街道审核员退回。";
  if (stage !== "drafting") return `本轮尚未进入“清单编制”阶段（当前为“${STAGE_LABELS[stage]}”）。`;
  return null;
}

interface Editable {
  cycle: Cycle;
  list: GapList;
  place: Place & { communityCode: string };
}

/** For every worker edit: permission, stage, list state and the version the page was made from. */
async function requireEditable(trx: Kysely<Database>, communityCode: string, expectedVersion: number, actor: Actor): Promise<Editable> {
  const place = await placeOf(trx, communityCode);
  requireCan(actor, "edit:gaplist", place);
  const cycle = await currentCycle(trx, communityCode);
  const list = await findGapListOfCycle(trx, cycle.id);
  if (!list) refuse(404, "本轮还没有查漏补缺清单，请先根据评估生成。");
  const refusal = editRefusal(cycle.stage, list.status);
  if (refusal) refuse(409, refusal);
  if (list.version !== expectedVersion) refuse(409, STALE_LIST_MESSAGE);
  return { cycle, list, place };
}

/** One change = one new version: `WHERE version = ?` or 409. Returns the new version. */
async function bump(trx: Kysely<Database>, list: GapList, update: GapListUpdate = {}): Promise<number> {
  if (!(await bumpGapList(trx, list.id, list.version, update))) refuse(409, STALE_LIST_MESSAGE);
  return list.version + 1;
}

/** For every reviewer action: permission, stage, list state, version. */
async function requireReviewable(trx: Kysely<Database>, communityCode: string, expectedVersion: number, actor: Actor): Promise<Editable> {
  const place = await placeOf(trx, communityCode);
  requireCan(actor, "review:gaplist", place);
  const cycle = await currentCycle(trx, communityCode);
  const list = await findGapListOfCycle(trx, cycle.id);
  if (!list) refuse(404, "本轮还没有查漏补缺清单。");
  if (list.status === "approved") refuse(409, "清单已审核通过并锁定。");
  if (cycle.stage !== "street_review" || list.status !== "submitted") refuse(409, "清单当前不在街道审核中。");
  if (list.version !== expectedVersion) refuse(409, STALE_LIST_MESSAGE);
  return { cycle, list, place };
}

async function snapshotOf(trx: Kysely<Database>, listId: string): Promise<GapListSnapshot> {
  const row = await trx.selectFrom("gap_lists").select(["status", "return_comment", "no_gap_reason"]).where("id", "=", listId).executeTakeFirstOrThrow();
  const items = await listGapItems(trx, listId);
  return {
    status: row.status,
    returnComment: row.return_comment,
    noGapReason: row.no_gap_reason,
    items: items.map(toSnapshotItem),
  };
}

/** Saves the list as it now is under `version`, with why. */
async function recordVersion(trx: Kysely<Database>, listId: string, version: number, reason: GapListVersionReason, actor: Actor | null, note: string | null = null) {
  await insertGapListVersion(trx, { listId, version, reason, note, snapshot: await snapshotOf(trx, listId), createdBy: actor?.id ?? null });
}

/** Active items numbered 1…n in their current order. */
async function renumber(trx: Kysely<Database>, listId: string, order?: string[]): Promise<void> {
  const active = (await listGapItems(trx, listId)).filter((i) => i.status === "active");
  const ids = order ?? active.map((i) => i.id);
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
/** A cycle's first list, tied to the evaluation (and its policy profile) it was drawn from. */
async function insertListFor(
  trx: Kysely<Database>,
  cycleId: string,
  communityCode: string,
  evaluation: { id: string; profileId: string; profileVersion: number },
  settings: Record<string, number>,
  createdBy: string,
): Promise<string> {
  const row = gapListRow({
    cycleId,
    communityCode,
    evaluationId: evaluation.id,
    profileId: evaluation.profileId,
    profileVersion: evaluation.profileVersion,
    settings,
    createdBy,
  });
  await trx.insertInto("gap_lists").values(row).execute();
  return row.id;
}

export function generateGapList(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number | null },
  change: Change,
): Promise<Outcome<{ listId: string; items: number }>> {
  return runUseCase(db, change, async (trx) => {
    // The first list of a cycle is an insert, not a versioned update: two generations at once
    // (two instances) take turns, and the second sees the first's list (ADR 0006).
    await lockKey(trx, `gap-list:${input.communityCode}`);
    const place = await placeOf(trx, input.communityCode);
    requireCan(change.actor, "edit:gaplist", place);
    const cycle = await currentCycle(trx, input.communityCode);
    const existing = await findGapListOfCycle(trx, cycle.id);
    const refusal = editRefusal(cycle.stage, existing?.status ?? null);
    if (refusal) refuse(409, refusal);
    if (existing && (existing.status !== "draft" || existing.submissions > 0)) {
      refuse(409, "清单已提交过审核，不能重新生成；请逐项修改。");
    }
    const evaluation = await latestEvaluationOfCycle(trx, input.communityCode, cycle.id);
    if (!evaluation) refuse(409, "本轮还没有保存的评估，请先在“评估”页运行并保存评估。");

    const { settings, applied } = await loadGapListSettings(trx);
    const profile = await profileOf(trx, evaluation.profileId, evaluation.profileVersion);
    const drafts = generateGapItems(evaluation.result, gapCommunityFacts(evaluation.input, evaluation.result), generationOptions(profile, settings));

    let listId: string;
    let version: number;
    if (existing) {
      if (existing.version !== input.expectedVersion) refuse(409, STALE_LIST_MESSAGE);
      const bumped = await bumpGapList(trx, existing.id, existing.version, {
        evaluationId: evaluation.id,
        profileId: evaluation.profileId,
        profileVersion: evaluation.profileVersion,
        settings: applied,
      });
      if (!bumped) refuse(409, STALE_LIST_MESSAGE);
      await trx.deleteFrom("gap_items").where("list_id", "=", existing.id).execute();
      listId = existing.id;
      version = existing.version + 1;
    } else {
      listId = await insertListFor(trx, cycle.id, input.communityCode, evaluation, applied, change.actor.id);
      version = 1;
    }
    if (drafts.length) await trx.insertInto("gap_items").values(drafts.map((d, i) => gapItemRow(listId, i + 1, draftValues(d)))).execute();
    await recordVersion(trx, listId, version, "generate", change.actor, `依据评估 ${versionLabel(evaluation)}`);
    await writeAudit(trx, {
      actor: change.actor,
      action: "gaplist.generate",
      entityType: "gap_list",
      entityId: listId,
      after: { cycleId: cycle.id, evaluationId: evaluation.id, version, items: drafts.length, settings: applied },
      ip: change.ip,
    });
    return { listId, items: drafts.length };
  });
}

/** The stored values of an item from the form; blank cost: estimated from the unit cost (默认值). */
async function valuesFromForm(
  trx: Kysely<Database>,
  list: GapList,
  fields: GapItemFields,
  before: GapItem | null,
): Promise<GapItemValues> {
  const options = await optionsOfList(trx, list);
  const evaluation = await findEvaluation(trx, list.evaluationId);
  if (!evaluation) refuse(409, "清单所依据的评估已不存在，请重新生成清单。");
  const sameDomain = before !== null && before.domain === fields.domain;
  const targetAreaM2 = fields.approach === "shared_with_neighbour" && fields.targetAreaM2 === 0 ? 0 : fields.targetAreaM2;
  const manualCost = fields.estimatedCost !== null && (!before || before.costBasis === "manual" || fields.estimatedCost !== before.estimatedCost);
  return {
    domain: fields.domain,
    function: fields.function,
    approach: fields.approach,
    targetAreaM2,
    serviceLevel: fields.serviceLevel,
    pricing: fields.pricing,
    operatingModel: fields.operatingModel,
    estimatedCost: manualCost && fields.estimatedCost !== null ? fields.estimatedCost : estimateCost(fields.approach, targetAreaM2, options.settings),
    costBasis: manualCost ? "manual" : "unit_cost",
    fundingSources: fields.fundingSources,
    priority: priorityScore(fields.domain, evaluation.result, options).score,
    rationale: sameDomain ? before.rationale : manualRationale(fields.domain, evaluation.result, options),
    candidateSite: fields.candidateSite,
    spaceSource: fields.spaceSource,
    notes: fields.notes,
    hubForm: fields.hubForm,
    fourSync:
      fields.approach === "new_build"
        ? { ...EMPTY_FOUR_SYNC, ...Object.fromEntries(FOUR_SYNC_STEPS.map((s) => [s, fields.fourSync.includes(s)])) }
        : null,
  };
}

/** Changes one item; its decision, if any, is cleared (changed content needs a fresh look). */
export function updateGapItem(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number; itemId: string; fields: GapItemFields },
  change: Change,
): Promise<Outcome<{ position: number }>> {
  return runUseCase(db, change, async (trx) => {
    const { list } = await requireEditable(trx, input.communityCode, input.expectedVersion, change.actor);
    const before = await findGapItem(trx, list.id, input.itemId);
    if (!before) refuse(404, "找不到该清单事项。");
    if (before.status !== "active") refuse(409, "该事项已删除；请先恢复再修改。");
    const values = await valuesFromForm(trx, list, input.fields, before);
    const version = await bump(trx, list);
    await updateGapItemValues(trx, before.id, values);
    await recordVersion(trx, list.id, version, "edit", change.actor);
    await writeAudit(trx, {
      actor: change.actor,
      action: "gaplist.item.update",
      entityType: "gap_item",
      entityId: before.id,
      before: toSnapshotItem(before),
      after: toSnapshotItem((await findGapItem(trx, list.id, before.id))!),
      ip: change.ip,
    });
    return { position: before.position };
  });
}

export function addGapItem(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number; fields: GapItemFields },
  change: Change,
): Promise<Outcome<{ itemId: string; position: number }>> {
  return runUseCase(db, change, async (trx) => {
    const { list } = await requireEditable(trx, input.communityCode, input.expectedVersion, change.actor);
    const active = (await listGapItems(trx, list.id)).filter((i) => i.status === "active");
    const values = await valuesFromForm(trx, list, input.fields, null);
    const position = active.length + 1;
    const version = await bump(trx, list);
    const itemId = await insertGapItem(trx, list.id, position, values);
    await recordVersion(trx, list.id, version, "edit", change.actor);
    await writeAudit(trx, {
      actor: change.actor,
      action: "gaplist.item.add",
      entityType: "gap_item",
      entityId: itemId,
      after: toSnapshotItem((await findGapItem(trx, list.id, itemId))!),
      ip: change.ip,
    });
    return { itemId, position };
  });
}

/** Removes an item from the list (kept as removed, restorable) or brings it back at the end. */
export function setGapItemRemoved(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number; itemId: string; removed: boolean },
  change: Change,
): Promise<Outcome<{ title: string }>> {
  return runUseCase(db, change, async (trx) => {
    const { list } = await requireEditable(trx, input.communityCode, input.expectedVersion, change.actor);
    const item = await findGapItem(trx, list.id, input.itemId);
    if (!item) refuse(404, "找不到该清单事项。");
    if ((item.status === "removed") === input.removed) refuse(409, input.removed ? "该事项已删除。" : "该事项没有被删除。");
    const active = (await listGapItems(trx, list.id)).filter((i) => i.status === "active");
    const version = await bump(trx, list);
    await setGapItemStatus(trx, item.id, input.removed ? "removed" : "active", input.removed ? 0 : active.length + 1);
    await renumber(trx, list.id);
    await recordVersion(trx, list.id, version, "edit", change.actor);
    await writeAudit(trx, {
      actor: change.actor,
      action: input.removed ? "gaplist.item.remove" : "gaplist.item.restore",
      entityType: "gap_item",
      entityId: item.id,
      before: { status: item.status, position: item.position },
      ip: change.ip,
    });
    return { title: itemTitle(item) };
  });
}

export function moveGapItem(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number; itemId: string; direction: "up" | "down" },
  change: Change,
): Promise<Outcome<{ position: number }>> {
  return runUseCase(db, change, async (trx) => {
    const { list } = await requireEditable(trx, input.communityCode, input.expectedVersion, change.actor);
    const order = (await listGapItems(trx, list.id)).filter((i) => i.status === "active").map((i) => i.id);
    const from = order.indexOf(input.itemId);
    if (from < 0) refuse(404, "找不到该清单事项。");
    const to = input.direction === "up" ? from - 1 : from + 1;
    if (to < 0 || to >= order.length) refuse(400, input.direction === "up" ? "已经是第一项。" : "已经是最后一项。");
    [order[from], order[to]] = [order[to], order[from]];
    const version = await bump(trx, list);
    await renumber(trx, list.id, order);
    await recordVersion(trx, list.id, version, "edit", change.actor);
    await writeAudit(trx, {
      actor: change.actor,
      action: "gaplist.item.move",
      entityType: "gap_item",
      entityId: input.itemId,
      before: { position: from + 1 },
      after: { position: to + 1 },
      ip: change.ip,
    });
    return { position: to + 1 };
  });
}

/** Submits the list to the street: SUBMIT_LIST in the same transaction. */
export function submitGapList(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number },
  change: Change,
): Promise<Outcome<{ stage: Stage; items: number }>> {
  return runUseCase(db, change, async (trx) => {
    const { list, cycle } = await requireEditable(trx, input.communityCode, input.expectedVersion, change.actor);
    // Items the street returned come back to it undecided; unchanged approvals stand.
    await clearReturnDecisions(trx, list.id);
    const moved = await applyCycleEvent(trx, change, {
      communityCode: input.communityCode,
      expectedVersion: cycle.version,
      command: { type: "SUBMIT_LIST" },
    });
    const submissions = list.submissions + 1;
    const version = await bump(trx, list, { status: "submitted", submissions, submittedAt: new Date().toISOString(), noGapReason: null });
    await recordVersion(trx, list.id, version, "submit", change.actor, `第 ${submissions} 次提交`);
    const items = (await listGapItems(trx, list.id)).filter((i) => i.status === "active").length;
    await writeAudit(trx, {
      actor: change.actor,
      action: "gaplist.submit",
      entityType: "gap_list",
      entityId: list.id,
      after: { version, submissions, items },
      ip: change.ip,
    });
    return { stage: moved.cycle.stage, items };
  });
}

/** No gaps to fill: SUBMIT_NO_GAPS with the reason; the list (created if need be) stays empty. */
export function submitNoGaps(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number | null; reason: string },
  change: Change,
): Promise<Outcome<{ stage: Stage }>> {
  return runUseCase(db, change, async (trx) => {
    await lockKey(trx, `gap-list:${input.communityCode}`); // may insert the list: see generateGapList
    const place = await placeOf(trx, input.communityCode);
    requireCan(change.actor, "edit:gaplist", place);
    const cycle = await currentCycle(trx, input.communityCode);
    let list = await findGapListOfCycle(trx, cycle.id);
    const refusal = editRefusal(cycle.stage, list?.status ?? null);
    if (refusal) refuse(409, refusal);
    if (!list) {
      const evaluation = await latestEvaluationOfCycle(trx, input.communityCode, cycle.id);
      if (!evaluation) refuse(409, "本轮还没有保存的评估，请先在“评估”页运行并保存评估。");
      const { applied } = await loadGapListSettings(trx);
      await insertListFor(trx, cycle.id, input.communityCode, evaluation, applied, change.actor.id);
      list = (await findGapListOfCycle(trx, cycle.id))!;
    } else if (list.version !== input.expectedVersion) refuse(409, STALE_LIST_MESSAGE);
    const moved = await applyCycleEvent(trx, change, {
      communityCode: input.communityCode,
      expectedVersion: cycle.version,
      command: { type: "SUBMIT_NO_GAPS", reason: input.reason },
    });
    const submissions = list.submissions + 1;
    const version = await bump(trx, list, { status: "submitted", submissions, submittedAt: new Date().toISOString(), noGapReason: input.reason.trim() });
    await recordVersion(trx, list.id, version, "submit", change.actor, `无需补缺：${input.reason.trim()}`);
    await writeAudit(trx, {
      actor: change.actor,
      action: "gaplist.submit_no_gaps",
      entityType: "gap_list",
      entityId: list.id,
      after: { reason: input.reason.trim(), submissions },
      ip: change.ip,
    });
    return { stage: moved.cycle.stage };
  });
}

// ---------------------------------------------------------------------------------------
// The street

/** One item's decision: 通过, 退回修改 (with a comment) or 不予通过 (with the reason). */
export function decideGapItem(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number; itemId: string; decision: ReviewDecision; comment: string | null },
  change: Change,
): Promise<Outcome<{ title: string; position: number }>> {
  return runUseCase(db, change, async (trx) => {
    const { list } = await requireReviewable(trx, input.communityCode, input.expectedVersion, change.actor);
    const item = await findGapItem(trx, list.id, input.itemId);
    if (!item || item.status !== "active") refuse(404, "找不到该清单事项。");
    const comment = input.comment?.trim() || null;
    if (input.decision !== "approve" && !comment) refuse(400, input.decision === "return" ? "退回修改请填写意见" : "不予通过请填写理由");
    const version = await bump(trx, list, { reviewedAt: new Date().toISOString() });
    await setGapItemDecision(trx, item.id, { decision: input.decision, comment, decidedBy: change.actor.id, decidedAt: new Date().toISOString() });
    await recordVersion(trx, list.id, version, "decision", change.actor);
    await writeAudit(trx, {
      actor: change.actor,
      action: "gaplist.item.decide",
      entityType: "gap_item",
      entityId: item.id,
      before: { decision: item.decision, comment: item.decisionComment },
      after: { decision: input.decision, comment },
      ip: change.ip,
    });
    return { title: itemTitle(item), position: item.position };
  });
}

/** The returned items' comments as one text: "第 2 项 社区助餐 · 社区助餐：请补充…". */
function collectedComments(items: readonly GapItem[], general: string | null): string {
  const lines = items
    .filter((i) => i.status === "active" && i.decision === "return")
    .map((i) => `第 ${i.position} 项 ${itemTitle(i)}：${i.decisionComment ?? ""}`);
  return [general?.trim() || null, ...lines].filter(Boolean).join("\n");
}

/** The machine keeps a short comment; the list keeps the whole text. */
function forMachine(comment: string): string {
  return comment.length <= MAX_COMMENT_LENGTH ? comment : `${comment.slice(0, MAX_COMMENT_LENGTH - 12)}…（详见清单）`;
}

async function returnList(trx: Kysely<Database>, ctx: Editable, comment: string, change: Change, action: string) {
  const moved = await applyCycleEvent(trx, change, {
    communityCode: ctx.list.communityCode,
    expectedVersion: ctx.cycle.version,
    command: { type: "RETURN", comment: forMachine(comment) },
  });
  const version = await bump(trx, ctx.list, { status: "returned", returnComment: comment, reviewedAt: new Date().toISOString() });
  await recordVersion(trx, ctx.list.id, version, "return", change.actor, comment);
  await writeAudit(trx, {
    actor: change.actor,
    action,
    entityType: "gap_list",
    entityId: ctx.list.id,
    after: { comment, version },
    ip: change.ip,
  });
  return moved.cycle.stage;
}

/**
 * Ends the review once every item has a decision: any item returned → the list goes back
 * with the collected comments (RETURN); otherwise it is approved (APPROVE) and frozen.
 */
export function finishReview(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number; approveOnly?: boolean },
  change: Change,
): Promise<Outcome<{ outcome: "approve" | "return"; stage: Stage }>> {
  return runUseCase(db, change, async (trx) => {
    const ctx = await requireReviewable(trx, input.communityCode, input.expectedVersion, change.actor);
    const items = await listGapItems(trx, ctx.list.id);
    const review = reviewOutcome(items);
    if (review.outcome === null) refuse(400, `还有 ${review.undecided} 项未作审核决定，请逐项决定后再完成审核。`);
    if (review.outcome === "return" && input.approveOnly) refuse(400, `有 ${review.returned} 项已退回修改，清单不能整体通过；请在清单审核页完成审核。`);
    if (review.outcome === "return") {
      const stage = await returnList(trx, ctx, collectedComments(items, null), change, "gaplist.return");
      return { outcome: "return" as const, stage };
    }
    const moved = await applyCycleEvent(trx, change, {
      communityCode: input.communityCode,
      expectedVersion: ctx.cycle.version,
      command: { type: "APPROVE" },
    });
    const now = new Date().toISOString();
    const version = await bump(trx, ctx.list, { status: "approved", approvedAt: now, reviewedAt: now });
    await recordVersion(trx, ctx.list.id, version, "approve", change.actor, `通过 ${review.approved} 项，不予通过 ${review.rejected} 项`);
    await writeAudit(trx, {
      actor: change.actor,
      action: "gaplist.approve",
      entityType: "gap_list",
      entityId: ctx.list.id,
      after: { approved: review.approved, rejected: review.rejected, version },
      ip: change.ip,
    });
    return { outcome: "approve" as const, stage: moved.cycle.stage };
  });
}

/** Returns the whole list with a general comment (plus any item comments), whatever is decided. */
export function returnGapList(
  db: Kysely<Database>,
  input: { communityCode: string; expectedVersion: number; comment: string },
  change: Change,
): Promise<Outcome<{ stage: Stage }>> {
  return runUseCase(db, change, async (trx) => {
    const ctx = await requireReviewable(trx, input.communityCode, input.expectedVersion, change.actor);
    const items = await listGapItems(trx, ctx.list.id);
    const stage = await returnList(trx, ctx, collectedComments(items, input.comment), change, "gaplist.return");
    return { stage };
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
  if (!cycle) return { ok: false, status: 404, message: "该社区还没有体检周期。" };
  if (cycle.version !== input.expectedVersion) return { ok: false, status: 409, message: STALE_CYCLE_MESSAGE };
  const list = await findGapListOfCycle(db, cycle.id);
  if (!list && type !== "SUBMIT_NO_GAPS") return sendCycleEvent(db, change, input);
  const at = { communityCode: input.communityCode, expectedVersion: list?.version ?? 0 };
  const result =
    command.type === "SUBMIT_LIST"
      ? await submitGapList(db, at, change)
      : command.type === "SUBMIT_NO_GAPS"
        ? await submitNoGaps(db, { ...at, expectedVersion: list?.version ?? null, reason: command.reason }, change)
        : command.type === "RETURN"
          ? await returnGapList(db, { ...at, comment: command.comment }, change)
          : await finishReview(db, { ...at, approveOnly: true }, change);
  if (!result.ok) return result;
  return { ok: true, cycle: (await findCycle(db, cycle.id))!, nextCycle: null };
}

// ---------------------------------------------------------------------------------------
// Reading

export interface GapItemView extends GapItemSnapshot {
  title: string;
  costBasis: "unit_cost" | "manual";
  costText: string;
  rationale: GapItem["rationale"];
  decidedAt: string | null;
}

function toView(item: GapItem, settings: GapListSettings): GapItemView {
  return {
    ...toSnapshotItem(item),
    title: itemTitle(item),
    costBasis: item.costBasis,
    costText: item.costBasis === "manual" ? "社区工作者填写" : costBasisText(item.approach, item.targetAreaM2, settings),
    rationale: item.rationale,
    decidedAt: item.decidedAt,
  };
}

export interface TrailEntry {
  version: number;
  reason: GapListVersionReason;
  label: string;
  by: string;
  at: string;
  note: string | null;
}

/** The approval trail: submissions, returns and the approval, oldest first. */
function trailOf(versions: readonly GapListVersionEntry[]): TrailEntry[] {
  return versions
    .filter((v) => v.reason === "generate" || v.reason === "submit" || v.reason === "return" || v.reason === "approve")
    .map((v) => ({
      version: v.version,
      reason: v.reason,
      label: VERSION_REASON_LABELS[v.reason],
      by: v.createdByName ? `${v.createdByName}${v.createdByRole ? `（${ROLE_LABELS[v.createdByRole] ?? v.createdByRole}）` : ""}` : "系统（演示数据）",
      at: v.createdAt,
      note: v.note,
    }));
}

export interface GapListPage {
  cycle: { id: string; year: number; round: number; stage: Stage; version: number } | null;
  evaluation: { id: string; label: string; createdAt: string } | null;
  list: {
    id: string;
    status: GapListStatus;
    version: number;
    submissions: number;
    returnComment: string | null;
    noGapReason: string | null;
    submittedAt: string | null;
    approvedAt: string | null;
    isDemoData: boolean;
    evaluationLabel: string | null;
    profile: { id: string; version: number; title: string; number: string };
  } | null;
  items: GapItemView[];
  removed: GapItemView[];
  /** The street's decisions when it last returned the list, by item id (shown until resubmission). */
  lastReview: Record<string, { decision: ReviewDecision; comment: string | null }>;
  /** What changed since the street last returned it (null before any return). */
  diff: GapListDiff | null;
  trail: TrailEntry[];
  versions: number;
  review: ReturnType<typeof reviewOutcome>;
  totals: { areaM2: number; cost: number };
  formula: ReturnType<typeof priorityFormula>;
  approachRules: string[];
  settings: { key: string; label: string; value: number; unit: string; isDefault: boolean }[];
  editRefusal: string | null;
}

/** Everything the list, review, print and export pages show. */
export async function loadGapListPage(db: Kysely<Database>, communityCode: string): Promise<GapListPage> {
  const cycle = await findCurrentCycle(db, communityCode);
  const list = cycle ? await findGapListOfCycle(db, cycle.id) : null;
  const evaluation = cycle ? (await listEvaluations(db, communityCode)).find((e) => e.cycleId === cycle.id) ?? null : null;
  const settings = list ? settingsOfList(list) : (await loadGapListSettings(db)).settings;
  const items = list ? await listGapItems(db, list.id) : [];
  const versions = list ? await listGapListVersions(db, list.id) : [];
  const lastReturn = list && list.submissions > 0 ? await findLastSnapshot(db, list.id, "return") : null;
  const profile = list ? await profileOf(db, list.profileId, list.profileVersion) : null;
  const listEvaluation = list ? (list.evaluationId === evaluation?.id ? evaluation : (await listEvaluations(db, communityCode)).find((e) => e.id === list.evaluationId)) : null;

  const active = items.filter((i) => i.status === "active").sort((a, b) => a.position - b.position);
  const lastReview: GapListPage["lastReview"] = {};
  if (lastReturn && list?.status === "returned") {
    for (const i of lastReturn.snapshot.items) if (i.decision) lastReview[i.id] = { decision: i.decision, comment: i.decisionComment };
  }
  return {
    cycle: cycle ? { id: cycle.id, year: cycle.year, round: cycle.round, stage: cycle.stage, version: cycle.version } : null,
    evaluation: evaluation ? { id: evaluation.id, label: versionLabel(evaluation), createdAt: evaluation.createdAt } : null,
    list:
      list && profile
        ? {
            id: list.id,
            status: list.status,
            version: list.version,
            submissions: list.submissions,
            returnComment: list.returnComment,
            noGapReason: list.noGapReason,
            submittedAt: list.submittedAt,
            approvedAt: list.approvedAt,
            isDemoData: list.isDemoData,
            evaluationLabel: listEvaluation ? versionLabel(listEvaluation) : null,
            profile: { id: profile.id, version: profile.version, title: profile.document.title, number: profile.document.number },
          }
        : null,
    items: active.map((i) => toView(i, settings)),
    removed: items.filter((i) => i.status === "removed").map((i) => toView(i, settings)),
    lastReview,
    diff: lastReturn ? diffGapItems(lastReturn.snapshot.items, items.map(toSnapshotItem)) : null,
    trail: trailOf(versions),
    versions: versions.length,
    review: reviewOutcome(items),
    totals: {
      areaM2: Math.round(active.reduce((s, i) => s + i.targetAreaM2, 0) * 10) / 10,
      cost: active.reduce((s, i) => s + i.estimatedCost, 0),
    },
    formula: priorityFormula(settings),
    approachRules: approachRules(settings),
    settings: listGapListSettings(settings)
      .filter(({ key }) => !key.startsWith("gapList.functionAreaM2."))
      .map(({ key, setting }) => ({ key, label: setting.label, value: setting.value, unit: setting.unit ?? "", isDefault: setting.default })),
    editRefusal: cycle ? editRefusal(cycle.stage, list?.status ?? null) : "该社区还没有体检周期。",
  };
}

/** For the community layout: the street's comment when the list came back, shown on arrival. */
export async function returnedListNotice(db: Kysely<Database>, communityCode: string): Promise<{ comment: string; at: string | null } | null> {
  const cycle = await findCurrentCycle(db, communityCode);
  if (!cycle || cycle.stage !== "drafting") return null;
  const list = await findGapListOfCycle(db, cycle.id);
  if (!list || list.status !== "returned") return null;
  return { comment: list.returnComment ?? "", at: list.updatedAt };
}

/** The evaluation a list was made from: the reviewer's evidence beside each item. */
export async function evaluationOfList(db: Kysely<Database>, evaluationId: string): Promise<EvaluationResult | null> {
  return (await findEvaluation(db, evaluationId))?.result ?? null;
}

// ---------------------------------------------------------------------------------------
// Seed

/**
 * Seed step: demo communities past 评估 whose cycle is in 街道审核 get a submitted list,
 * those past it an approved one, generated from their stored evaluation and marked as demo
 * data. One snapshot each (the seed keeps the database small); no audit rows.
 */
export async function storeDemoGapLists(db: Kysely<Database>): Promise<number> {
  const stages = STAGES.slice(INDEX("street_review")).filter((s) => s !== "closed");
  const rows = await db
    .selectFrom("evaluations as e")
    .innerJoin("cycles as y", "y.id", "e.cycle_id")
    .leftJoin("gap_lists as l", "l.cycle_id", "y.id")
    .select(["e.id", "e.cycle_id", "e.community_code", "e.profile_id", "e.profile_version", "e.input", "e.result", "y.stage", "y.stage_entered_at"])
    .where("e.is_latest", "=", 1)
    .where("y.stage", "in", stages)
    .where("l.id", "is", null)
    .orderBy("e.community_code")
    .execute();
  const { settings, applied } = await loadGapListSettings(db);
  let stored = 0;
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 100) {
      const lists = [];
      const items = [];
      const versions = [];
      for (const r of rows.slice(i, i + 100)) {
        const profile = await profileOf(trx, r.profile_id, r.profile_version);
        const result = JSON.parse(r.result) as EvaluationResult;
        const drafts = generateGapItems(result, gapCommunityFacts(JSON.parse(r.input) as EvaluationInput, result), generationOptions(profile, settings));
        const approved = r.stage !== "street_review";
        const at = r.stage_entered_at;
        const list = {
          ...gapListRow({
            cycleId: r.cycle_id,
            communityCode: r.community_code,
            evaluationId: r.id,
            profileId: r.profile_id,
            profileVersion: r.profile_version,
            settings: applied,
            status: approved ? "approved" : "submitted",
            isDemoData: true,
            createdBy: null,
            createdAt: at,
          }),
          submissions: 1,
          submitted_at: at,
          reviewed_at: approved ? at : null,
          approved_at: approved ? at : null,
        };
        const decision = approved ? { decision: "approve" as const, comment: null, decidedBy: null, decidedAt: at } : undefined;
        const itemRows = drafts.map((d, n) => gapItemRow(list.id, n + 1, draftValues(d), { isDemoData: true, createdAt: at, decision }));
        const snapshot: GapListSnapshot = {
          status: list.status,
          returnComment: null,
          noGapReason: null,
          items: itemRows.map((row) => ({
            ...toSnapshotItem({
              id: row.id,
              listId: list.id,
              position: row.position,
              ...draftValues(drafts[row.position - 1]),
              status: "active",
              decision: decision?.decision ?? null,
              decisionComment: null,
              decidedBy: null,
              decidedAt: decision?.decidedAt ?? null,
              isDemoData: true,
            }),
          })),
        };
        lists.push(list);
        items.push(...itemRows);
        versions.push(gapListVersionRow({ listId: list.id, version: 1, reason: approved ? "approve" : "submit", note: "演示数据", snapshot, createdBy: null, createdAt: at }));
      }
      if (lists.length) await trx.insertInto("gap_lists").values(lists).execute();
      for (let j = 0; j < items.length; j += 200) await trx.insertInto("gap_items").values(items.slice(j, j + 200)).execute();
      if (versions.length) await trx.insertInto("gap_list_versions").values(versions).execute();
      stored += lists.length;
    }
  });
  return stored;
}
