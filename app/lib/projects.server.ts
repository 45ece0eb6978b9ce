// Construction projects (建设计划 → 建设实施 → 验收), the write side: made from the approved
// 查漏补缺 items, planned, tracked milestone by milestone, accepted by the street against the
// approved items and turned into facilities of the inventory; approved items dropped with a
// reason. Each use case has the house shape (ADR 0010): authorise → load → stage and version
// → pure rule (workflows/projects.ts) → write → audit. Attachments: project-attachments.server.ts;
// the pages' view models: project-pages.server.ts. See docs/decisions/0009-projects-and-operation.md.
import type { Kysely } from "kysely";
import { nowIso, todayInHangzhou } from "../../db/clock";
import { isUniqueViolation, lockKey } from "../../db/dialect";
import { writeAudit } from "../../db/repositories/audit";
import { type Cycle, findCurrentCycle, findCycle } from "../../db/repositories/cycles";
import { insertFacility } from "../../db/repositories/facilities";
import type { GapItem } from "../../db/repositories/gap-lists";
import { findCommunity } from "../../db/repositories/places";
import {
  approvedItemsOfCycle,
  deleteDrop,
  findProject,
  insertAcceptance,
  insertDrop,
  insertProject,
  listDrops,
  listMilestones,
  planOf,
  type Project,
  type ProjectChanges,
  projectOfItems,
  saveMilestone,
  updateProject,
} from "../../db/repositories/projects";
import type { Database } from "../../db/schema";
import { EMPTY_FOUR_SYNC, itemTitle } from "../../workflows/gap-list";
import { FOUR_SYNC_STEPS } from "../../workflows/glossary";
import type { AcceptanceResult, FacilityFunction, HubForm, Milestone } from "../../workflows/glossary";
import {
  acceptanceChecks,
  acceptanceRefusal,
  actualDateProblem,
  builtFacilities,
  completeMilestones,
  type MilestoneState,
  planFromItems,
  type ProjectPlan,
  projectStatus,
} from "../../workflows/projects";
import type { Action } from "../../workflows/permissions";
import type { StageActivity } from "../../workflows/stage-rules";
import type { ProjectPlanFields } from "../validation/projects";
import { authorize, type Change, communityPlace, type Outcome, refuse, requireStage, runUseCase } from "./use-case.server";

export const STALE_PROJECT_MESSAGE = "项目已被他人更新，请刷新页面后重试。";

async function currentCycleOf(trx: Kysely<Database>, communityCode: string): Promise<Cycle> {
  const cycle = await findCurrentCycle(trx, communityCode);
  if (!cycle) refuse(404, "该社区还没有体检周期。");
  return cycle;
}

/** The project, in this community and in its current round (older rounds are read-only). */
async function projectInCurrentRound(trx: Kysely<Database>, communityCode: string, projectId: string): Promise<{ project: Project; cycle: Cycle }> {
  const project = await findProject(trx, projectId);
  if (!project || project.communityCode !== communityCode) refuse(404, "找不到该项目。");
  const cycle = await currentCycleOf(trx, communityCode);
  if (project.cycleId !== cycle.id) {
    const own = await findCycle(trx, project.cycleId);
    refuse(409, `该项目属于已结束的${own ? `第 ${own.round} 轮` : "往轮"}体检，只能查看。`);
  }
  return { project, cycle };
}

/** The project a use case changes, at the version the form showed. */
export interface ProjectAt {
  communityCode: string;
  projectId: string;
  expectedVersion: number;
}

/**
 * The first steps of every use case on one project: the actor may do `action` in the community,
 * the project is in its current round, the stage allows `activity`, and the form's version
 * (where it sends one) is the project's.
 */
export async function projectToChange(
  trx: Kysely<Database>,
  change: Change,
  input: Omit<ProjectAt, "expectedVersion"> & Partial<Pick<ProjectAt, "expectedVersion">>,
  step: { action: Action; activity: StageActivity; what?: string },
): Promise<Project> {
  authorize(change, step.action, await communityPlace(trx, input.communityCode));
  const { project, cycle } = await projectInCurrentRound(trx, input.communityCode, input.projectId);
  requireStage(cycle.stage, step.activity, step.what);
  if (input.expectedVersion !== undefined) requireVersion(project, input.expectedVersion);
  return project;
}

/** The audit row of a change to the project, in the change's transaction. */
function auditProject(trx: Kysely<Database>, change: Change, projectId: string, action: string, diff: { before?: unknown; after?: unknown }): Promise<void> {
  return writeAudit(trx, { actor: change.actor, action, entityType: "project", entityId: projectId, ...diff, ip: change.ip });
}

async function milestonesOf(trx: Kysely<Database>, projectId: string): Promise<MilestoneState[]> {
  return completeMilestones((await listMilestones(trx, [projectId])).get(projectId) ?? []);
}

function requireVersion(project: Project, expectedVersion: number): void {
  if (project.version !== expectedVersion) refuse(409, STALE_PROJECT_MESSAGE);
}

async function save(trx: Kysely<Database>, project: Project, changes: ProjectChanges): Promise<void> {
  if (!(await updateProject(trx, project.id, project.version, changes))) refuse(409, STALE_PROJECT_MESSAGE);
}

async function statusAfter(trx: Kysely<Database>, project: Project, milestones: readonly MilestoneState[], acceptance: AcceptanceResult | null) {
  const ids = project.functions.map((f) => f.gapItemId).filter((x): x is string => x !== null);
  const drops = ids.length ? await listDrops(trx, project.cycleId) : new Map();
  return projectStatus(milestones, acceptance, ids.length > 0 && ids.every((id) => drops.has(id)));
}

// ---------------------------------------------------------------------------------------
// Planning

/** One approved item as a project, or several merged into one 民生幸福共同体 project. */
export function createProject(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; itemIds: readonly string[]; name: string; hubForm: HubForm | null },
): Promise<Outcome<{ projectId: string }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "manage:project", await communityPlace(trx, input.communityCode));
    const cycle = await currentCycleOf(trx, input.communityCode);
    // Read-then-write over the round's items: one creation at a time per round (ADR 0006 rule 6).
    await lockKey(trx, `projects:${cycle.id}`);
    requireStage(cycle.stage, "create:project");
    const { listStatus, items } = await approvedItemsOfCycle(trx, cycle.id);
    if (listStatus !== "approved") refuse(409, "本轮查漏补缺清单尚未审核通过，不能编制建设项目。");
    const ids = [...new Set(input.itemIds)];
    const chosen = ids.map((id) => items.find((i) => i.id === id));
    if (chosen.some((i) => i === undefined)) refuse(400, "所选事项不是本轮审核通过的清单事项，请刷新页面后重试。");
    const picked = chosen as GapItem[];
    const positions = (list: readonly GapItem[]) => list.map((i) => `第 ${i.position} 项`).join("、");
    const linked = await projectOfItems(trx, ids);
    if (linked.size > 0) refuse(409, `所选事项已编入其他项目：${positions(picked.filter((i) => linked.has(i.id)))}。请刷新页面后重试。`);
    const drops = await listDrops(trx, cycle.id);
    const dropped = picked.filter((i) => drops.has(i.id));
    if (dropped.length) refuse(409, `所选事项已撤销：${positions(dropped)}；如需建设，请先恢复。`);
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
    await auditProject(trx, change, projectId, "project.create", { after: { cycleId: cycle.id, items: ids, plan } });
    return { projectId };
  });
}

/** The plan form: name, site, approach, areas, budget and funding, operation, 四同步, planned dates. */
export function updateProjectPlan(
  db: Kysely<Database>,
  change: Change,
  input: ProjectAt & { fields: ProjectPlanFields },
): Promise<Outcome<{ name: string }>> {
  return runUseCase(db, change, async (trx) => {
    const project = await projectToChange(trx, change, input, { action: "manage:project", activity: "plan:project" });
    if (project.acceptance && project.acceptance.result !== "fail") refuse(409, "项目已验收通过，计划不能再修改。");
    const f = input.fields;
    const errors: Record<string, string> = {};
    for (const fn of project.functions) if (f.areas[fn.function] === undefined) errors[`areas.${fn.function}`] = "请填写该功能的计划面积（m²）";
    if (project.kind === "hub" && !f.hubForm) errors.hubForm = "请选择共同体形态";
    if (Object.keys(errors).length) refuse(400, "请检查标出的项目。", errors);
    const community = await findCommunity(trx, input.communityCode);
    const showsFourSync = f.approach === "new_build" || community?.developmentType === "new";
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
    const milestones = await milestonesOf(trx, project.id);
    const changed = milestones.filter((m) => (f.planned[m.milestone] ?? null) !== m.plannedDate);
    await save(trx, project, { plan });
    for (const m of changed) await saveMilestone(trx, project.id, { ...m, plannedDate: f.planned[m.milestone] ?? null }, change.actor.id);
    await auditProject(trx, change, project.id, "project.plan", {
      before: { plan: planOf(project), planned: Object.fromEntries(changed.map((m) => [m.milestone, m.plannedDate])) },
      after: { plan, planned: Object.fromEntries(changed.map((m) => [m.milestone, f.planned[m.milestone] ?? null])), version: project.version + 1 },
    });
    return { name: plan.name };
  });
}

// ---------------------------------------------------------------------------------------
// Tracking

/** The worker's report on one milestone: actual date, progress, spending, note. */
export function recordProgress(
  db: Kysely<Database>,
  change: Change,
  input: ProjectAt & {
    milestone: Milestone;
    actualDate: string | null;
    progressPct: number;
    spent: number;
    note: string | null;
  },
  today: string = todayInHangzhou(),
): Promise<Outcome<{ milestone: Milestone }>> {
  return runUseCase(db, change, async (trx) => {
    const project = await projectToChange(trx, change, input, { action: "manage:project", activity: "progress:project" });
    if (project.status === "cancelled") refuse(409, "该项目的事项已全部撤销，不再记录进度；如需继续，请先恢复事项。");
    const milestones = await milestonesOf(trx, project.id);
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
    await auditProject(trx, change, project.id, "project.milestone", { before, after: { ...after, version: project.version + 1 } });
    return { milestone: input.milestone };
  });
}

/** A note on a milestone, by the worker or the street's reviewer (who records nothing else). */
export function recordMilestoneNote(
  db: Kysely<Database>,
  change: Change,
  input: ProjectAt & { milestone: Milestone; note: string | null },
): Promise<Outcome<{ milestone: Milestone }>> {
  return runUseCase(db, change, async (trx) => {
    const project = await projectToChange(trx, change, input, { action: "track:project", activity: "progress:project", what: "填写节点备注" });
    const before = (await milestonesOf(trx, project.id)).find((m) => m.milestone === input.milestone)!;
    await save(trx, project, {});
    await saveMilestone(trx, project.id, { ...before, note: input.note }, change.actor.id);
    await auditProject(trx, change, project.id, "project.milestone_note", {
      before: { milestone: input.milestone, note: before.note },
      after: { milestone: input.milestone, note: input.note, version: project.version + 1 },
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
  change: Change,
  input: ProjectAt & {
    result: AcceptanceResult;
    actualAreaM2: number;
    functionsPresent: readonly FacilityFunction[];
    remarks: string | null;
  },
  today: string = todayInHangzhou(),
): Promise<Outcome<{ result: AcceptanceResult; facilities: string[] }>> {
  return runUseCase(db, change, async (trx) => {
    const project = await projectToChange(trx, change, input, { action: "accept:project", activity: "accept:project" });
    if (project.status === "cancelled") refuse(409, "该项目的事项已全部撤销，不能验收。");
    if (project.acceptance && project.acceptance.result !== "fail") refuse(409, "该项目已验收通过。");
    const milestones = await milestonesOf(trx, project.id);
    if (!milestones.find((m) => m.milestone === "completed")?.actualDate) {
      refuse(409, "项目尚未竣工（未填写“竣工”的实际完成日期），不能验收。");
    }
    const planned = new Set(project.functions.map((f) => f.function));
    if (input.functionsPresent.some((f) => !planned.has(f))) refuse(400, "所选功能不在项目计划中，请刷新页面后重试。", { functionsPresent: "所选功能不在项目计划中" });
    const acceptanceInput = { actualAreaM2: input.actualAreaM2, functionsPresent: [...new Set(input.functionsPresent)] };
    const checks = acceptanceChecks(project, acceptanceInput);
    const remarks = input.remarks?.trim() || null;
    const refusal = acceptanceRefusal(input.result, checks, acceptanceInput, remarks);
    if (refusal) refuse(400, refusal, input.result !== "pass" && !remarks ? { remarks: refusal } : { result: refusal });

    const acceptance = { result: input.result, remarks, checks, actualAreaM2: input.actualAreaM2, by: change.actor.id, at: nowIso() };
    const accepted = milestones.find((m) => m.milestone === "accepted")!;
    const next = accepted.actualDate ? milestones : milestones.map((m) => (m.milestone === "accepted" ? { ...m, actualDate: today, progressPct: 100 } : m));
    const passed = input.result !== "fail";
    const facilities = passed ? await addBuiltFacilities(trx, change, project, acceptanceInput) : [];
    await save(trx, project, {
      acceptance,
      status: await statusAfter(trx, project, next, input.result),
      ...(passed ? { facilityIds: facilities.map((f) => f.id) } : {}),
    });
    if (!accepted.actualDate) await saveMilestone(trx, project.id, next.find((m) => m.milestone === "accepted")!, change.actor.id);
    await insertAcceptance(trx, { projectId: project.id, acceptance });
    await auditProject(trx, change, project.id, "project.accept", {
      before: { acceptance: project.acceptance?.result ?? null, version: project.version },
      after: { result: input.result, remarks, checks, actualAreaM2: input.actualAreaM2, facilities: facilities.map((f) => f.id), version: project.version + 1 },
    });
    return { result: input.result, facilities: facilities.map((f) => f.name) };
  });
}

/** One operating facility per function present, at the community's location. */
async function addBuiltFacilities(
  trx: Kysely<Database>,
  change: Change,
  project: Project,
  accepted: { actualAreaM2: number; functionsPresent: FacilityFunction[] },
): Promise<{ id: string; name: string }[]> {
  const community = await findCommunity(trx, project.communityCode);
  if (!community) refuse(404, "找不到该社区/村。");
  const facilities: { id: string; name: string }[] = [];
  for (const built of builtFacilities(project, accepted)) {
    const facility = await insertFacility(trx, project.communityCode, {
      name: built.name,
      domain: built.domain,
      functions: [built.function],
      areaM2: built.areaM2,
      officeAreaM2: 0,
      status: "operating",
      lat: community.lat,
      lng: community.lng,
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
  return facilities;
}

// ---------------------------------------------------------------------------------------
// Dropping an approved item (acceptance needs every approved item accepted or dropped)

async function approvedItemOfRound(trx: Kysely<Database>, communityCode: string, itemId: string) {
  const cycle = await currentCycleOf(trx, communityCode);
  const { items } = await approvedItemsOfCycle(trx, cycle.id);
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
  change: Change,
  input: { communityCode: string; itemId: string; reason: string },
): Promise<Outcome<{ title: string }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "track:project", await communityPlace(trx, input.communityCode));
    const { cycle, item } = await approvedItemOfRound(trx, input.communityCode, input.itemId);
    requireStage(cycle.stage, "drop:item");
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

export function restoreGapItem(db: Kysely<Database>, change: Change, input: { communityCode: string; itemId: string }): Promise<Outcome<{ title: string }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "track:project", await communityPlace(trx, input.communityCode));
    const { cycle, item } = await approvedItemOfRound(trx, input.communityCode, input.itemId);
    requireStage(cycle.stage, "drop:item", "恢复事项");
    if (!(await deleteDrop(trx, item.id))) refuse(409, "该事项没有被撤销，请刷新页面。");
    await refreshStatusOfItemProject(trx, item.id);
    await writeAudit(trx, { actor: change.actor, action: "gaplist.item.restore", entityType: "gap_item", entityId: item.id, after: { cycleId: cycle.id }, ip: change.ip });
    return { title: itemTitle(item) };
  });
}
