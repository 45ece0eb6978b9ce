// Construction projects (建设计划 → 建设实施 → 验收): made from the approved 查漏补缺 items,
// planned, tracked milestone by milestone with attachments, accepted by the street against
// the approved items, and turned into facilities of the inventory. Every use-case is one
// transaction with its permission check (403), stage and state checks (409), `WHERE
// version = ?` (409 when stale) and an audit row. See docs/decisions/0009-projects-and-operation.md.
import type { Kysely } from "kysely";
import { isUniqueViolation, lockKey } from "../../db/dialect";
import { writeAudit } from "../../db/repositories/audit";
import { type Cycle, findCurrentCycle, findCycle, listCycles } from "../../db/repositories/cycles";
import { insertFacility } from "../../db/repositories/facilities";
import { findGapListOfCycle, type GapItem, listGapItems } from "../../db/repositories/gap-lists";
import {
  type AcceptanceEntry,
  countProjectFacts,
  deleteAttachment,
  deleteDrop,
  findAttachment,
  findProject,
  insertAcceptance,
  insertAttachment,
  insertDrop,
  insertProject,
  type ItemDrop,
  listAcceptances,
  listAttachments,
  listDrops,
  listMilestones,
  listProjectsOfCycle,
  planOf,
  type Project,
  type ProjectAttachment,
  type ProjectMilestone,
  projectOfItems,
  saveMilestone,
  toProject,
  updateProject,
} from "../../db/repositories/projects";
import type { Database } from "../../db/schema";
import { EMPTY_FOUR_SYNC, FOUR_SYNC_STEPS, itemTitle } from "../../workflows/gap-list";
import {
  type AcceptanceResult,
  type FacilityFunction,
  type HubForm,
  MILESTONE_LABELS,
  type Milestone,
  STAGE_LABELS,
  type Stage,
} from "../../workflows/glossary";
import {
  type AcceptanceCheck,
  acceptanceChecks,
  acceptanceRefusal,
  actualDateProblem,
  builtFacilities,
  completeMilestones,
  daysOverdue,
  fundingTotal,
  hubFunctionNote,
  isOverdue,
  type MilestoneState,
  overallProgress,
  planFromItems,
  type ProjectPlan,
  projectStatus,
  suggestedResult,
} from "../../workflows/projects";
import type { ProjectPlanFields } from "../validation/projects";
import { todayInHangzhou } from "../../db/clock";
import { checkAttachment, cleanFileName } from "./file-types";
import { type Action, type Actor, can, type Place } from "../../workflows/permissions";
import { newStoredName, removeUpload, writeUpload } from "./uploads.server";
import { type Outcome, refuse, runUseCase } from "./use-case.server";

export const STALE_PROJECT_MESSAGE = "项目已被他人更新，请刷新页面后重试。";

export interface Change {
  actor: Actor;
  ip: string | null;
}

const CREATE_STAGES: readonly Stage[] = ["planning", "construction"];
const PLAN_STAGES: readonly Stage[] = ["planning", "construction", "acceptance"];
const PROGRESS_STAGES: readonly Stage[] = ["planning", "construction", "acceptance", "operation_feedback"];
const ACCEPT_STAGES: readonly Stage[] = ["construction", "acceptance"];
const DROP_STAGES: readonly Stage[] = ["planning", "construction", "acceptance"];

const stageList = (stages: readonly Stage[]) => stages.map((s) => `“${STAGE_LABELS[s]}”`).join("、");

const PERMISSION_MESSAGES: Partial<Record<Action, string>> = {
  "manage:project": "只有本社区的社区工作者可以编制和更新建设项目。",
  "accept:project": "只有本街道的街道审核员可以验收项目。",
};

interface CommunityPlace extends Place {
  communityCode: string;
  name: string;
  developmentType: string;
  lat: number;
  lng: number;
}

async function placeOf(db: Kysely<Database>, communityCode: string): Promise<CommunityPlace> {
  const row = await db
    .selectFrom("communities")
    .select(["code", "name", "street_code", "district_code", "development_type", "lat", "lng"])
    .where("code", "=", communityCode)
    .executeTakeFirst();
  if (!row) refuse(404, "找不到该社区/村。");
  return {
    communityCode: row.code,
    streetCode: row.street_code,
    districtCode: row.district_code,
    name: row.name,
    developmentType: row.development_type,
    lat: row.lat,
    lng: row.lng,
  };
}

function requireCan(actor: Actor, action: Action, place: Place): void {
  if (!can(actor, action, place)) refuse(403, PERMISSION_MESSAGES[action] ?? "您没有权限执行此操作。");
}

function requireEither(actor: Actor, actions: readonly Action[], place: Place, message: string): void {
  if (!actions.some((a) => can(actor, a, place))) refuse(403, message);
}

async function currentCycle(db: Kysely<Database>, communityCode: string): Promise<Cycle> {
  const cycle = await findCurrentCycle(db, communityCode);
  if (!cycle) refuse(404, "该社区还没有体检周期。");
  return cycle;
}

function requireStage(cycle: Cycle, stages: readonly Stage[], what: string): void {
  if (!stages.includes(cycle.stage)) refuse(409, `只有在${stageList(stages)}阶段可以${what}（当前为“${STAGE_LABELS[cycle.stage]}”）。`);
}

/** The project, in this community and in its current round (older rounds are read-only). */
async function projectInCurrentRound(trx: Kysely<Database>, communityCode: string, projectId: string): Promise<{ project: Project; cycle: Cycle }> {
  const project = await findProject(trx, projectId);
  if (!project || project.communityCode !== communityCode) refuse(404, "找不到该项目。");
  const cycle = await currentCycle(trx, communityCode);
  if (project.cycleId !== cycle.id) {
    const own = await findCycle(trx, project.cycleId);
    refuse(409, `该项目属于已结束的${own ? `第 ${own.round} 轮` : "往轮"}体检，只能查看。`);
  }
  return { project, cycle };
}

async function save(trx: Kysely<Database>, project: Project, changes: Parameters<typeof updateProject>[3]): Promise<void> {
  if (!(await updateProject(trx, project.id, project.version, changes))) refuse(409, STALE_PROJECT_MESSAGE);
}

function requireVersion(project: Project, expectedVersion: number): void {
  if (project.version !== expectedVersion) refuse(409, STALE_PROJECT_MESSAGE);
}

/** Approved items of the cycle's approved list, in list order. */
async function approvedItems(trx: Kysely<Database>, cycleId: string): Promise<{ listStatus: string | null; items: GapItem[] }> {
  const list = await findGapListOfCycle(trx, cycleId);
  if (!list) return { listStatus: null, items: [] };
  const items = (await listGapItems(trx, list.id)).filter((i) => i.status === "active" && i.decision === "approve");
  return { listStatus: list.status, items: list.status === "approved" ? items : [] };
}

async function itemDropsOf(trx: Kysely<Database>, project: Project): Promise<{ dropped: number; total: number }> {
  const ids = project.functions.map((f) => f.gapItemId).filter((x): x is string => x !== null);
  if (ids.length === 0) return { dropped: 0, total: 0 };
  const drops = await listDrops(trx, project.cycleId);
  return { dropped: ids.filter((id) => drops.has(id)).length, total: ids.length };
}

async function statusAfter(trx: Kysely<Database>, project: Project, milestones: readonly MilestoneState[], acceptance: AcceptanceResult | null) {
  const { dropped, total } = await itemDropsOf(trx, project);
  return projectStatus(milestones, acceptance, total > 0 && dropped === total);
}

// ---------------------------------------------------------------------------------------
// Planning

/** One approved item as a project, or several merged into one 民生幸福共同体 project. */
export function createProject(
  db: Kysely<Database>,
  input: { communityCode: string; itemIds: readonly string[]; name: string; hubForm: HubForm | null },
  change: Change,
): Promise<Outcome<{ projectId: string }>> {
  return runUseCase(db, change, async (trx) => {
    const place = await placeOf(trx, input.communityCode);
    requireCan(change.actor, "manage:project", place);
    const cycle = await currentCycle(trx, input.communityCode);
    // Read-then-write over the round's items: one creation at a time per round (ADR 0006 rule 6).
    await lockKey(trx, `projects:${cycle.id}`);
    requireStage(cycle, CREATE_STAGES, "新建项目");
    const { listStatus, items } = await approvedItems(trx, cycle.id);
    if (listStatus !== "approved") refuse(409, "本轮查漏补缺清单尚未审核通过，不能编制建设项目。");
    const ids = [...new Set(input.itemIds)];
    const chosen = ids.map((id) => items.find((i) => i.id === id));
    if (chosen.some((i) => i === undefined)) refuse(400, "所选事项不是本轮审核通过的清单事项，请刷新页面后重试。");
    const picked = chosen as GapItem[];
    const linked = await projectOfItems(trx, ids);
    if (linked.size > 0) refuse(409, `所选事项已编入其他项目：${picked.filter((i) => linked.has(i.id)).map((i) => `第 ${i.position} 项`).join("、")}。请刷新页面后重试。`);
    const drops = await listDrops(trx, cycle.id);
    const dropped = picked.filter((i) => drops.has(i.id));
    if (dropped.length) refuse(409, `所选事项已撤销：${dropped.map((i) => `第 ${i.position} 项`).join("、")}；如需建设，请先恢复。`);
    if (picked.length > 1 && !input.hubForm) refuse(400, "合并多个事项为民生幸福共同体项目时，请选择共同体形态。", { hubForm: "请选择共同体形态（集聚型、分散型或嵌入型）" });
    const plan = planFromItems(picked, { name: input.name.trim(), hubForm: input.hubForm });
    let projectId: string;
    try {
      projectId = await insertProject(trx, { cycleId: cycle.id, communityCode: input.communityCode, plan, status: "planned", gapItemIds: ids, createdBy: change.actor.id });
    } catch (error) {
      // Another connection linked one of the items first (PostgreSQL; ADR 0006 rule 7).
      if (isUniqueViolation(error)) refuse(409, "所选事项刚刚被编入其他项目，请刷新页面后重试。");
      throw error;
    }
    await writeAudit(trx, {
      actor: change.actor,
      action: "project.create",
      entityType: "project",
      entityId: projectId,
      after: { cycleId: cycle.id, items: ids, plan },
      ip: change.ip,
    });
    return { projectId };
  });
}

/** The plan form: name, site, approach, areas, budget and funding, operation, 四同步, planned dates. */
export function updateProjectPlan(
  db: Kysely<Database>,
  input: { communityCode: string; projectId: string; expectedVersion: number; fields: ProjectPlanFields },
  change: Change,
): Promise<Outcome<{ name: string }>> {
  return runUseCase(db, change, async (trx) => {
    const place = await placeOf(trx, input.communityCode);
    requireCan(change.actor, "manage:project", place);
    const { project, cycle } = await projectInCurrentRound(trx, input.communityCode, input.projectId);
    requireStage(cycle, PLAN_STAGES, "修改项目计划");
    requireVersion(project, input.expectedVersion);
    if (project.acceptance && project.acceptance.result !== "fail") refuse(409, "项目已验收通过，计划不能再修改。");
    const f = input.fields;
    const errors: Record<string, string> = {};
    for (const fn of project.functions) if (f.areas[fn.function] === undefined) errors[`areas.${fn.function}`] = "请填写该功能的计划面积（m²）";
    if (project.kind === "hub" && !f.hubForm) errors.hubForm = "请选择共同体形态";
    if (Object.keys(errors).length) refuse(400, "请检查标出的项目。", errors);
    const showsFourSync = f.approach === "new_build" || place.developmentType === "new";
    const plan: ProjectPlan = {
      ...planOf(project),
      name: f.name,
      hubForm: project.kind === "hub" ? f.hubForm : null,
      site: f.site,
      spaceSource: f.spaceSource,
      approach: f.approach,
      functions: project.functions.map((fn) => ({ ...fn, areaM2: f.areas[fn.function] ?? fn.areaM2 })),
      budgetTotal: f.budgetTotal,
      funding: Object.fromEntries(Object.entries(f.funding).filter(([, v]) => v > 0)),
      operator: f.operator,
      operatingModel: f.operatingModel,
      pricing: f.pricing,
      serviceLevel: f.serviceLevel,
      fourSync: showsFourSync ? { ...EMPTY_FOUR_SYNC, ...Object.fromEntries(FOUR_SYNC_STEPS.map((s) => [s, f.fourSync.includes(s)])) } : null,
    };
    const milestones = completeMilestones((await listMilestones(trx, [project.id])).get(project.id) ?? []);
    const changed = milestones.filter((m) => (f.planned[m.milestone] ?? null) !== m.plannedDate);
    await save(trx, project, { plan });
    for (const m of changed) await saveMilestone(trx, project.id, { ...m, plannedDate: f.planned[m.milestone] ?? null }, change.actor.id);
    await writeAudit(trx, {
      actor: change.actor,
      action: "project.plan",
      entityType: "project",
      entityId: project.id,
      before: { plan: planOf(project), planned: Object.fromEntries(changed.map((m) => [m.milestone, m.plannedDate])) },
      after: { plan, planned: Object.fromEntries(changed.map((m) => [m.milestone, f.planned[m.milestone] ?? null])), version: project.version + 1 },
      ip: change.ip,
    });
    return { name: plan.name };
  });
}

// ---------------------------------------------------------------------------------------
// Tracking

/** The worker's report on one milestone: actual date, progress, spending, note. */
export function recordProgress(
  db: Kysely<Database>,
  input: {
    communityCode: string;
    projectId: string;
    expectedVersion: number;
    milestone: Milestone;
    actualDate: string | null;
    progressPct: number;
    spent: number;
    note: string | null;
  },
  change: Change,
  today: string = todayInHangzhou(),
): Promise<Outcome<{ milestone: Milestone }>> {
  return runUseCase(db, change, async (trx) => {
    const place = await placeOf(trx, input.communityCode);
    requireCan(change.actor, "manage:project", place);
    const { project, cycle } = await projectInCurrentRound(trx, input.communityCode, input.projectId);
    requireStage(cycle, PROGRESS_STAGES, "记录项目进度");
    requireVersion(project, input.expectedVersion);
    if (project.status === "cancelled") refuse(409, "该项目的事项已全部撤销，不再记录进度；如需继续，请先恢复事项。");
    const milestones = completeMilestones((await listMilestones(trx, [project.id])).get(project.id) ?? []);
    const before = milestones.find((m) => m.milestone === input.milestone)!;
    if (input.actualDate !== before.actualDate) {
      const problem = actualDateProblem(milestones, input.milestone, input.actualDate, today);
      if (problem) refuse(400, problem, { actualDate: problem });
    }
    const after: MilestoneState = {
      ...before,
      actualDate: input.actualDate,
      progressPct: input.actualDate ? 100 : input.progressPct,
      spent: input.spent,
      note: input.note,
    };
    const next = milestones.map((m) => (m.milestone === input.milestone ? after : m));
    await save(trx, project, { status: await statusAfter(trx, project, next, project.acceptance?.result ?? null) });
    await saveMilestone(trx, project.id, after, change.actor.id);
    await writeAudit(trx, {
      actor: change.actor,
      action: "project.milestone",
      entityType: "project",
      entityId: project.id,
      before,
      after: { ...after, version: project.version + 1 },
      ip: change.ip,
    });
    return { milestone: input.milestone };
  });
}

/** A note on a milestone, by the worker or the street's reviewer (who records nothing else). */
export function recordMilestoneNote(
  db: Kysely<Database>,
  input: { communityCode: string; projectId: string; expectedVersion: number; milestone: Milestone; note: string | null },
  change: Change,
): Promise<Outcome<{ milestone: Milestone }>> {
  return runUseCase(db, change, async (trx) => {
    const place = await placeOf(trx, input.communityCode);
    requireEither(change.actor, ["manage:project", "accept:project"], place, "只有本社区的社区工作者或本街道的街道审核员可以填写节点备注。");
    const { project, cycle } = await projectInCurrentRound(trx, input.communityCode, input.projectId);
    requireStage(cycle, PROGRESS_STAGES, "填写节点备注");
    requireVersion(project, input.expectedVersion);
    const milestones = completeMilestones((await listMilestones(trx, [project.id])).get(project.id) ?? []);
    const before = milestones.find((m) => m.milestone === input.milestone)!;
    await save(trx, project, {});
    await saveMilestone(trx, project.id, { ...before, note: input.note }, change.actor.id);
    await writeAudit(trx, {
      actor: change.actor,
      action: "project.milestone_note",
      entityType: "project",
      entityId: project.id,
      before: { milestone: input.milestone, note: before.note },
      after: { milestone: input.milestone, note: input.note, version: project.version + 1 },
      ip: change.ip,
    });
    return { milestone: input.milestone };
  });
}

// ---------------------------------------------------------------------------------------
// Acceptance (验收, 四(三))

/**
 * The street's 验收 against the approved items. 通过 / 有条件通过 add one facility per
 * function present to the inventory (运营中), so the next evaluation counts them; 不通过
 * keeps the items open (they must be re-accepted or dropped with a reason).
 */
export function acceptProject(
  db: Kysely<Database>,
  input: {
    communityCode: string;
    projectId: string;
    expectedVersion: number;
    result: AcceptanceResult;
    actualAreaM2: number;
    functionsPresent: readonly FacilityFunction[];
    remarks: string | null;
  },
  change: Change,
  today: string = todayInHangzhou(),
): Promise<Outcome<{ result: AcceptanceResult; facilities: string[] }>> {
  return runUseCase(db, change, async (trx) => {
    const place = await placeOf(trx, input.communityCode);
    requireCan(change.actor, "accept:project", place);
    const { project, cycle } = await projectInCurrentRound(trx, input.communityCode, input.projectId);
    requireStage(cycle, ACCEPT_STAGES, "验收项目");
    requireVersion(project, input.expectedVersion);
    if (project.status === "cancelled") refuse(409, "该项目的事项已全部撤销，不能验收。");
    if (project.acceptance && project.acceptance.result !== "fail") refuse(409, "该项目已验收通过。");
    const milestones = completeMilestones((await listMilestones(trx, [project.id])).get(project.id) ?? []);
    if (!milestones.find((m) => m.milestone === "completed")?.actualDate) {
      refuse(409, "项目尚未竣工（未填写“竣工”的实际完成日期），不能验收。");
    }
    const planned = new Set(project.functions.map((f) => f.function));
    const stray = input.functionsPresent.filter((f) => !planned.has(f));
    if (stray.length) refuse(400, "所选功能不在项目计划中，请刷新页面后重试。", { functionsPresent: "所选功能不在项目计划中" });
    const acceptanceInput = { actualAreaM2: input.actualAreaM2, functionsPresent: [...new Set(input.functionsPresent)] };
    const checks = acceptanceChecks(project, acceptanceInput);
    const remarks = input.remarks?.trim() || null;
    const refusal = acceptanceRefusal(input.result, checks, acceptanceInput, remarks);
    if (refusal) refuse(400, refusal, input.result !== "pass" && !remarks ? { remarks: refusal } : { result: refusal });

    const at = new Date().toISOString();
    const acceptance = { result: input.result, remarks, checks, actualAreaM2: input.actualAreaM2, by: change.actor.id, at };
    const accepted = milestones.find((m) => m.milestone === "accepted")!;
    const next = accepted.actualDate ? milestones : milestones.map((m) => (m.milestone === "accepted" ? { ...m, actualDate: today, progressPct: 100 } : m));
    const passed = input.result !== "fail";
    const facilities: { id: string; name: string }[] = [];
    if (passed) {
      for (const built of builtFacilities(project, acceptanceInput)) {
        const facility = await insertFacility(trx, input.communityCode, {
          name: built.name,
          domain: built.domain,
          functions: [built.function],
          areaM2: built.areaM2,
          officeAreaM2: 0,
          status: "operating",
          lat: place.lat,
          lng: place.lng,
          operator: project.operator,
          operatingModel: project.operatingModel,
          pricing: project.pricing,
          serviceLevel: project.serviceLevel,
          hubPart: built.hubPart,
        });
        facilities.push({ id: facility.id, name: facility.name });
        await writeAudit(trx, {
          actor: change.actor,
          action: "facility.create",
          entityType: "facility",
          entityId: facility.id,
          after: { ...facility, fromProject: project.id },
          ip: change.ip,
        });
      }
    }
    await save(trx, project, {
      acceptance,
      status: await statusAfter(trx, project, next, input.result),
      ...(passed ? { facilityIds: facilities.map((f) => f.id) } : {}),
    });
    if (!accepted.actualDate) await saveMilestone(trx, project.id, next.find((m) => m.milestone === "accepted")!, change.actor.id);
    await insertAcceptance(trx, { projectId: project.id, acceptance });
    await writeAudit(trx, {
      actor: change.actor,
      action: "project.accept",
      entityType: "project",
      entityId: project.id,
      before: { acceptance: project.acceptance?.result ?? null, version: project.version },
      after: { result: input.result, remarks, checks, actualAreaM2: input.actualAreaM2, facilities: facilities.map((f) => f.id), version: project.version + 1 },
      ip: change.ip,
    });
    return { result: input.result, facilities: facilities.map((f) => f.name) };
  });
}

// ---------------------------------------------------------------------------------------
// Dropping an approved item (acceptance needs every approved item accepted or dropped)

async function approvedItemOfRound(trx: Kysely<Database>, communityCode: string, itemId: string) {
  const cycle = await currentCycle(trx, communityCode);
  const { items } = await approvedItems(trx, cycle.id);
  const item = items.find((i) => i.id === itemId);
  if (!item) refuse(404, "找不到该通过审核的清单事项。");
  return { cycle, item };
}

async function refreshStatusOfItemProject(trx: Kysely<Database>, itemId: string): Promise<void> {
  const projectId = (await projectOfItems(trx, [itemId])).get(itemId);
  if (!projectId) return;
  const project = (await findProject(trx, projectId))!;
  const milestones = (await listMilestones(trx, [projectId])).get(projectId) ?? [];
  const status = await statusAfter(trx, project, milestones, project.acceptance?.result ?? null);
  if (status !== project.status) await save(trx, project, { status });
}

export function dropGapItem(
  db: Kysely<Database>,
  input: { communityCode: string; itemId: string; reason: string },
  change: Change,
): Promise<Outcome<{ title: string }>> {
  return runUseCase(db, change, async (trx) => {
    const place = await placeOf(trx, input.communityCode);
    requireEither(change.actor, ["manage:project", "accept:project"], place, "只有本社区的社区工作者或本街道的街道审核员可以撤销通过的事项。");
    const { cycle, item } = await approvedItemOfRound(trx, input.communityCode, input.itemId);
    requireStage(cycle, DROP_STAGES, "撤销事项");
    const projectId = (await projectOfItems(trx, [item.id])).get(item.id);
    if (projectId) {
      const project = await findProject(trx, projectId);
      if (project?.acceptance && project.acceptance.result !== "fail") refuse(409, `该事项所在项目“${project.name}”已验收通过，不能撤销。`);
    }
    try {
      await insertDrop(trx, { gapItemId: item.id, cycleId: cycle.id, reason: input.reason.trim(), droppedBy: change.actor.id });
    } catch (error) {
      if (isUniqueViolation(error)) refuse(409, "该事项已被撤销，请刷新页面。");
      throw error;
    }
    await refreshStatusOfItemProject(trx, item.id);
    await writeAudit(trx, {
      actor: change.actor,
      action: "gaplist.item.drop",
      entityType: "gap_item",
      entityId: item.id,
      after: { reason: input.reason.trim(), cycleId: cycle.id, projectId: projectId ?? null },
      ip: change.ip,
    });
    return { title: itemTitle(item) };
  });
}

export function restoreGapItem(
  db: Kysely<Database>,
  input: { communityCode: string; itemId: string },
  change: Change,
): Promise<Outcome<{ title: string }>> {
  return runUseCase(db, change, async (trx) => {
    const place = await placeOf(trx, input.communityCode);
    requireEither(change.actor, ["manage:project", "accept:project"], place, "只有本社区的社区工作者或本街道的街道审核员可以恢复撤销的事项。");
    const { cycle, item } = await approvedItemOfRound(trx, input.communityCode, input.itemId);
    requireStage(cycle, DROP_STAGES, "恢复事项");
    if (!(await deleteDrop(trx, item.id))) refuse(409, "该事项没有被撤销，请刷新页面。");
    await refreshStatusOfItemProject(trx, item.id);
    await writeAudit(trx, { actor: change.actor, action: "gaplist.item.restore", entityType: "gap_item", entityId: item.id, after: { cycleId: cycle.id }, ip: change.ip });
    return { title: itemTitle(item) };
  });
}

// ---------------------------------------------------------------------------------------
// Attachments

/** Checks the bytes, writes the file under UPLOAD_DIR, then records it; a failed record removes the file. */
export async function uploadAttachment(
  db: Kysely<Database>,
  input: { communityCode: string; projectId: string; milestone: Milestone | null; fileName: string; data: Uint8Array },
  change: Change,
): Promise<Outcome<{ name: string }>> {
  const checked = checkAttachment(input.fileName, input.data);
  if (!checked.ok) return { ok: false, status: 400, message: checked.message, errors: { file: checked.message } };
  const storedName = newStoredName(checked.extension);
  const originalName = cleanFileName(input.fileName);
  let written = false;
  const outcome = await runUseCase(db, change, async (trx) => {
    const place = await placeOf(trx, input.communityCode);
    requireCan(change.actor, "manage:project", place);
    const { project, cycle } = await projectInCurrentRound(trx, input.communityCode, input.projectId);
    requireStage(cycle, PROGRESS_STAGES, "上传附件");
    await writeUpload(storedName, input.data);
    written = true;
    const id = await insertAttachment(trx, {
      projectId: project.id,
      milestone: input.milestone,
      originalName,
      storedName,
      contentType: checked.contentType,
      sizeBytes: input.data.byteLength,
      uploadedBy: change.actor.id,
    });
    await writeAudit(trx, {
      actor: change.actor,
      action: "project.attachment.upload",
      entityType: "project",
      entityId: project.id,
      after: { id, name: originalName, contentType: checked.contentType, size: input.data.byteLength, milestone: input.milestone },
      ip: change.ip,
    });
    return { name: originalName };
  }).catch(async (error: unknown) => {
    if (written) await removeUpload(storedName);
    throw error;
  });
  if (!outcome.ok && written) await removeUpload(storedName);
  return outcome;
}

export async function removeAttachment(
  db: Kysely<Database>,
  input: { communityCode: string; projectId: string; fileId: string },
  change: Change,
): Promise<Outcome<{ name: string }>> {
  const outcome = await runUseCase(db, change, async (trx) => {
    const place = await placeOf(trx, input.communityCode);
    requireCan(change.actor, "manage:project", place);
    const { project, cycle } = await projectInCurrentRound(trx, input.communityCode, input.projectId);
    requireStage(cycle, PROGRESS_STAGES, "删除附件");
    const file = await findAttachment(trx, input.fileId);
    if (!file || file.projectId !== project.id) refuse(404, "找不到该附件。");
    await deleteAttachment(trx, file.id);
    await writeAudit(trx, {
      actor: change.actor,
      action: "project.attachment.remove",
      entityType: "project",
      entityId: project.id,
      before: { id: file.id, name: file.originalName, storedName: file.storedName },
      ip: change.ip,
    });
    return { name: file.originalName, storedName: file.storedName };
  });
  if (!outcome.ok) return outcome;
  await removeUpload(outcome.storedName);
  return { ok: true, name: outcome.name };
}

/** The attachment, if it belongs to a project of this community (the route checked the user's scope). */
export async function attachmentOfCommunity(db: Kysely<Database>, communityCode: string, projectId: string, fileId: string): Promise<ProjectAttachment | null> {
  const file = await findAttachment(db, fileId);
  if (!file || file.projectId !== projectId) return null;
  const project = await findProject(db, projectId);
  return project && project.communityCode === communityCode ? file : null;
}

// ---------------------------------------------------------------------------------------
// Reading

export interface MilestoneView extends MilestoneState {
  label: string;
  overdue: boolean;
  daysOverdue: number;
  updatedAt: string | null;
}

export interface ProjectSummary {
  id: string;
  name: string;
  kind: Project["kind"];
  hubForm: HubForm | null;
  status: Project["status"];
  approach: Project["approach"];
  plannedAreaM2: number;
  budgetTotal: number;
  spent: number;
  progress: number;
  functions: Project["functions"];
  milestones: MilestoneView[];
  overdue: MilestoneView[];
  acceptance: AcceptanceResult | null;
  isDemoData: boolean;
}

function milestoneViews(stored: readonly ProjectMilestone[], status: Project["status"], today: string): MilestoneView[] {
  const settled = status === "cancelled" || status === "failed";
  return completeMilestones(stored).map((m) => {
    const overdue = !settled && isOverdue(m, today);
    return {
      ...m,
      label: MILESTONE_LABELS[m.milestone],
      overdue,
      daysOverdue: overdue ? daysOverdue(m, today) : 0,
      updatedAt: stored.find((x) => x.milestone === m.milestone)?.updatedAt ?? null,
    };
  });
}

export function summarise(project: Project, stored: readonly ProjectMilestone[], today: string): ProjectSummary {
  const milestones = milestoneViews(stored, project.status, today);
  return {
    id: project.id,
    name: project.name,
    kind: project.kind,
    hubForm: project.hubForm,
    status: project.status,
    approach: project.approach,
    plannedAreaM2: project.plannedAreaM2,
    budgetTotal: project.budgetTotal,
    spent: milestones.reduce((sum, m) => sum + m.spent, 0),
    progress: overallProgress(milestones),
    functions: project.functions,
    milestones,
    overdue: milestones.filter((m) => m.overdue),
    acceptance: project.acceptance?.result ?? null,
    isDemoData: project.isDemoData,
  };
}

export interface ApprovedItemView {
  id: string;
  position: number;
  title: string;
  domain: GapItem["domain"];
  function: FacilityFunction;
  targetAreaM2: number;
  estimatedCost: number;
  project: { id: string; name: string; status: Project["status"] } | null;
  drop: ItemDrop | null;
  /** In a project that passed 验收. */
  accepted: boolean;
}

export interface ProjectsPage {
  cycle: { id: string; year: number; round: number; stage: Stage; version: number } | null;
  listStatus: string | null;
  items: ApprovedItemView[];
  projects: ProjectSummary[];
  facts: { projectCount: number; unfinishedProjects: number; unresolvedItems: number };
  canCreate: boolean;
  canDrop: boolean;
  /** Why the worker cannot create a project now (null: she can, or she is not the worker). */
  createBlockedBecause: string | null;
  earlierRounds: { round: number; year: number; projects: ProjectSummary[] }[];
  today: string;
}

export async function loadProjectsPage(db: Kysely<Database>, place: Place & { communityCode: string }, actor: Actor, today: string = todayInHangzhou()): Promise<ProjectsPage> {
  const cycles = await listCycles(db, place.communityCode);
  const cycle = cycles.find((c) => c.stage !== "closed") ?? null;
  const earlier = cycles.filter((c) => c.stage === "closed");
  const projectsByCycle = new Map<string, Project[]>();
  for (const c of cycles) projectsByCycle.set(c.id, await listProjectsOfCycle(db, c.id));
  const allProjects = [...projectsByCycle.values()].flat();
  const milestones = await listMilestones(db, allProjects.map((p) => p.id));
  const summaryOf = (p: Project) => summarise(p, milestones.get(p.id) ?? [], today);

  const current = cycle ? projectsByCycle.get(cycle.id) ?? [] : [];
  const { listStatus, items } = cycle ? await approvedItems(db, cycle.id) : { listStatus: null, items: [] as GapItem[] };
  const [linked, drops] = await Promise.all([projectOfItems(db, items.map((i) => i.id)), cycle ? listDrops(db, cycle.id) : Promise.resolve(new Map<string, ItemDrop>())]);
  const byId = new Map(current.map((p) => [p.id, p]));
  const isWorker = can(actor, "manage:project", place);
  const isReviewer = can(actor, "accept:project", place);
  const createBlockedBecause = !isWorker
    ? null
    : !cycle
      ? "该社区还没有体检周期。"
      : !CREATE_STAGES.includes(cycle.stage)
        ? `只有在${stageList(CREATE_STAGES)}阶段可以新建项目（当前为“${STAGE_LABELS[cycle.stage]}”）。`
        : listStatus !== "approved"
          ? "本轮查漏补缺清单尚未审核通过。"
          : null;
  return {
    cycle: cycle && { id: cycle.id, year: cycle.year, round: cycle.round, stage: cycle.stage, version: cycle.version },
    listStatus,
    items: items.map((i) => {
      const projectId = linked.get(i.id);
      const project = projectId ? byId.get(projectId) : undefined;
      return {
        id: i.id,
        position: i.position,
        title: itemTitle(i),
        domain: i.domain,
        function: i.function,
        targetAreaM2: i.targetAreaM2,
        estimatedCost: i.estimatedCost,
        project: project ? { id: project.id, name: project.name, status: project.status } : null,
        drop: drops.get(i.id) ?? null,
        accepted: project?.acceptance !== null && project?.acceptance !== undefined && project.acceptance.result !== "fail",
      };
    }),
    projects: current.map(summaryOf),
    facts: cycle ? await countProjectFacts(db, cycle.id) : { projectCount: 0, unfinishedProjects: 0, unresolvedItems: 0 },
    canCreate: isWorker && createBlockedBecause === null,
    canDrop: (isWorker || isReviewer) && cycle !== null && DROP_STAGES.includes(cycle.stage),
    createBlockedBecause,
    earlierRounds: earlier
      .sort((a, b) => b.round - a.round)
      .map((c) => ({ round: c.round, year: c.year, projects: (projectsByCycle.get(c.id) ?? []).map(summaryOf) }))
      .filter((r) => r.projects.length > 0),
    today,
  };
}

export interface ProjectPage {
  project: Project;
  summary: ProjectSummary;
  cycle: { round: number; year: number; stage: Stage; isCurrent: boolean };
  items: { id: string; position: number; title: string; dropped: ItemDrop | null }[];
  attachments: Awaited<ReturnType<typeof listAttachments>>;
  acceptances: AcceptanceEntry[];
  facilities: { id: string; name: string; areaM2: number }[];
  /** The checks as they would read if everything planned were found: a preview for the reviewer. */
  checkPreview: AcceptanceCheck[];
  suggested: AcceptanceResult;
  hubNote: { met: boolean; message: string } | null;
  showsFourSync: boolean;
  fundingTotal: number;
  rights: { plan: boolean; progress: boolean; note: boolean; accept: boolean; upload: boolean };
  acceptBlockedBecause: string | null;
  today: string;
}

export async function loadProjectPage(
  db: Kysely<Database>,
  place: Place & { communityCode: string; developmentType: string },
  projectId: string,
  actor: Actor,
  today: string = todayInHangzhou(),
): Promise<ProjectPage | null> {
  const project = await findProject(db, projectId);
  if (!project || project.communityCode !== place.communityCode) return null;
  const [cycle, current, stored, attachments, acceptances, drops] = await Promise.all([
    findCycle(db, project.cycleId),
    findCurrentCycle(db, place.communityCode),
    listMilestones(db, [project.id]),
    listAttachments(db, project.id),
    listAcceptances(db, project.id),
    listDrops(db, project.cycleId),
  ]);
  const isCurrent = current?.id === project.cycleId;
  const stage = cycle?.stage ?? "closed";
  const list = cycle ? await findGapListOfCycle(db, cycle.id) : null;
  const gapItems = list ? await listGapItems(db, list.id) : [];
  const itemIds = new Set(project.functions.map((f) => f.gapItemId));
  const facilities = project.facilityIds.length
    ? await db.selectFrom("facilities").select(["id", "name", "area_m2"]).where("id", "in", project.facilityIds).execute()
    : [];
  const summary = summarise(project, stored.get(project.id) ?? [], today);
  const completed = summary.milestones.find((m) => m.milestone === "completed")?.actualDate ?? null;
  const isWorker = can(actor, "manage:project", place);
  const isReviewer = can(actor, "accept:project", place);
  const passed = project.acceptance !== null && project.acceptance.result !== "fail";
  const acceptBlockedBecause = !isReviewer
    ? null
    : !isCurrent
      ? "该项目属于已结束的一轮，只能查看。"
      : !ACCEPT_STAGES.includes(stage)
        ? `只有在${stageList(ACCEPT_STAGES)}阶段可以验收（当前为“${STAGE_LABELS[stage]}”）。`
        : project.status === "cancelled"
          ? "该项目的事项已全部撤销。"
          : passed
            ? "该项目已验收通过。"
            : !completed
              ? "项目尚未竣工（未填写“竣工”的实际完成日期）。"
              : null;
  const allPresent = { actualAreaM2: project.plannedAreaM2, functionsPresent: project.functions.map((f) => f.function) };
  return {
    project,
    summary,
    cycle: { round: cycle?.round ?? 0, year: cycle?.year ?? 0, stage, isCurrent },
    items: gapItems.filter((i) => itemIds.has(i.id)).map((i) => ({ id: i.id, position: i.position, title: itemTitle(i), dropped: drops.get(i.id) ?? null })),
    attachments,
    acceptances,
    facilities: facilities.map((f) => ({ id: f.id, name: f.name, areaM2: f.area_m2 })),
    checkPreview: acceptanceChecks(project, allPresent),
    suggested: suggestedResult(acceptanceChecks(project, allPresent), allPresent),
    hubNote: project.kind === "hub" ? hubFunctionNote(project.functions.map((f) => f.function)) : null,
    showsFourSync: project.approach === "new_build" || place.developmentType === "new" || project.fourSync !== null,
    fundingTotal: fundingTotal(project.funding),
    rights: {
      plan: isWorker && isCurrent && PLAN_STAGES.includes(stage) && !passed,
      progress: isWorker && isCurrent && PROGRESS_STAGES.includes(stage) && project.status !== "cancelled",
      note: (isWorker || isReviewer) && isCurrent && PROGRESS_STAGES.includes(stage),
      accept: isReviewer && acceptBlockedBecause === null,
      upload: isWorker && isCurrent && PROGRESS_STAGES.includes(stage),
    },
    acceptBlockedBecause,
    today,
  };
}

// ---------------------------------------------------------------------------------------
// Street and district views

export type OversightScope = { level: "street"; code: string } | { level: "district"; code: string } | { level: "city" };

export interface OverdueRow {
  projectId: string;
  projectName: string;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  milestone: Milestone;
  label: string;
  plannedDate: string;
  daysOverdue: number;
  isDemoData: boolean;
}

/** Milestones whose planned date has passed without an actual date, in open rounds, most overdue first. */
export async function listOverdueMilestones(db: Kysely<Database>, scope: OversightScope, today: string = todayInHangzhou()): Promise<OverdueRow[]> {
  let query = db
    .selectFrom("project_milestones as m")
    .innerJoin("projects as p", "p.id", "m.project_id")
    .innerJoin("cycles as y", "y.id", "p.cycle_id")
    .innerJoin("communities as c", "c.code", "p.community_code")
    .innerJoin("streets as s", "s.code", "c.street_code")
    .select(["p.id", "p.name", "p.is_demo_data", "c.code", "c.name as community_name", "s.code as street_code", "s.name as street_name", "m.milestone", "m.planned_date"])
    .where("m.actual_date", "is", null)
    .where("m.planned_date", "is not", null)
    .where("m.planned_date", "<", today)
    .where("y.stage", "<>", "closed")
    .where("p.status", "not in", ["failed", "cancelled"]);
  if (scope.level === "street") query = query.where("c.street_code", "=", scope.code);
  if (scope.level === "district") query = query.where("c.district_code", "=", scope.code);
  const rows = await query.orderBy("m.planned_date").orderBy("c.code").orderBy("p.id").execute();
  return rows.map((r) => ({
    projectId: r.id,
    projectName: r.name,
    communityCode: r.code,
    communityName: r.community_name,
    streetCode: r.street_code,
    streetName: r.street_name,
    milestone: r.milestone,
    label: MILESTONE_LABELS[r.milestone],
    plannedDate: r.planned_date!,
    daysOverdue: daysOverdue({ plannedDate: r.planned_date, actualDate: null }, today),
    isDemoData: r.is_demo_data === 1,
  }));
}

export interface CommunityProjects {
  code: string;
  name: string;
  stage: Stage;
  projects: ProjectSummary[];
}

/** The open rounds' projects of a street, by community, for the street's timeline. */
export async function loadStreetProjects(db: Kysely<Database>, streetCode: string, today: string = todayInHangzhou()): Promise<CommunityProjects[]> {
  const rows = await db
    .selectFrom("projects as p")
    .innerJoin("cycles as y", "y.id", "p.cycle_id")
    .innerJoin("communities as c", "c.code", "p.community_code")
    .selectAll("p")
    .select(["c.name as community_name", "y.stage as cycle_stage"])
    .where("c.street_code", "=", streetCode)
    .where("y.stage", "<>", "closed")
    .orderBy("c.code")
    .orderBy("p.created_at")
    .orderBy("p.id")
    .execute();
  const projects = rows.map((r) => ({ project: toProject(r), communityName: r.community_name, stage: r.cycle_stage }));
  const milestones = await listMilestones(db, projects.map((p) => p.project.id));
  const out = new Map<string, CommunityProjects>();
  for (const { project, communityName, stage } of projects) {
    const entry = out.get(project.communityCode) ?? { code: project.communityCode, name: communityName, stage, projects: [] };
    entry.projects.push(summarise(project, milestones.get(project.id) ?? [], today));
    out.set(project.communityCode, entry);
  }
  return [...out.values()];
}

