// Data access for construction projects: projects, project_items, project_milestones,
// project_acceptances and gap_item_drops (attachments: project-attachments.ts). JSON
// columns are parsed here and nowhere else (ADR 0002).
import type { Kysely } from "kysely";
import type { FourSync } from "../../workflows/gap-list";
import type { AcceptanceResult, GapListStatus } from "../../workflows/glossary";
import { MILESTONES, type ProjectStatus } from "../../workflows/glossary";
import { type AcceptanceCheck, type Funding, type MilestoneState, plannedArea, type ProjectFunction, type ProjectPlan } from "../../workflows/projects";
import { newId } from "../ids";
import { findGapListOfCycle, type GapItem, listGapItems } from "./gap-lists";
import { nowIso } from "../clock";
import { camelCased } from "../rows";
import type { Database, ProjectMilestoneRow, ProjectRow } from "../schema";

export interface ProjectAcceptance {
  result: AcceptanceResult;
  remarks: string | null;
  checks: AcceptanceCheck[];
  actualAreaM2: number;
  by: string | null;
  at: string;
}

export interface Project extends ProjectPlan {
  id: string;
  cycleId: string;
  communityCode: string;
  plannedAreaM2: number;
  status: ProjectStatus;
  acceptance: ProjectAcceptance | null;
  facilityIds: string[];
  version: number;
  isDemoData: boolean;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** The plan part of a project, as the use-cases edit it. */
export function planOf(p: Project): ProjectPlan {
  return {
    name: p.name,
    kind: p.kind,
    hubForm: p.hubForm,
    site: p.site,
    spaceSource: p.spaceSource,
    approach: p.approach,
    functions: p.functions,
    budgetTotal: p.budgetTotal,
    funding: p.funding,
    operator: p.operator,
    operatingModel: p.operatingModel,
    pricing: p.pricing,
    serviceLevel: p.serviceLevel,
    fourSync: p.fourSync,
  };
}

export interface ProjectMilestone extends MilestoneState {
  projectId: string;
  updatedBy: string | null;
  updatedAt: string;
}

export function toProject(row: ProjectRow): Project {
  return {
    ...camelCased(row, [
      "id",
      "cycle_id",
      "community_code",
      "name",
      "kind",
      "hub_form",
      "site",
      "space_source",
      "approach",
      "planned_area_m2",
      "functions",
      "budget_total",
      "funding",
      "operator",
      "operating_model",
      "pricing",
      "service_level",
      "four_sync",
      "status",
      "facility_ids",
      "version",
      "is_demo_data",
      "created_by",
      "created_at",
      "updated_at",
    ]),
    functions: JSON.parse(row.functions) as ProjectFunction[],
    funding: JSON.parse(row.funding) as Funding,
    fourSync: row.four_sync === null ? null : (JSON.parse(row.four_sync) as FourSync),
    acceptance:
      row.acceptance_result === null
        ? null
        : {
            result: row.acceptance_result,
            remarks: row.acceptance_remarks,
            checks: row.acceptance_checks ? (JSON.parse(row.acceptance_checks) as AcceptanceCheck[]) : [],
            actualAreaM2: row.accepted_area_m2 ?? 0,
            by: row.accepted_by,
            at: row.accepted_at ?? row.updated_at,
          },
    facilityIds: JSON.parse(row.facility_ids) as string[],
    isDemoData: row.is_demo_data === 1,
  };
}

export function toMilestone(row: ProjectMilestoneRow): ProjectMilestone {
  return camelCased(row, ["project_id", "milestone", "planned_date", "actual_date", "progress_pct", "spent", "note", "updated_by", "updated_at"]);
}

function planColumns(plan: ProjectPlan) {
  return {
    name: plan.name,
    kind: plan.kind,
    hub_form: plan.hubForm,
    site: plan.site,
    space_source: plan.spaceSource,
    approach: plan.approach,
    planned_area_m2: plannedArea(plan.functions),
    functions: JSON.stringify(plan.functions),
    budget_total: plan.budgetTotal,
    funding: JSON.stringify(plan.funding),
    operator: plan.operator,
    operating_model: plan.operatingModel,
    pricing: plan.pricing,
    service_level: plan.serviceLevel,
    four_sync: plan.fourSync === null ? null : JSON.stringify(plan.fourSync),
  };
}

export function projectRow(
  p: { cycleId: string; communityCode: string; plan: ProjectPlan; status: ProjectStatus; createdBy: string | null; isDemoData?: boolean; createdAt?: string },
  id: string = newId(),
) {
  const now = p.createdAt ?? nowIso();
  return {
    id,
    cycle_id: p.cycleId,
    community_code: p.communityCode,
    ...planColumns(p.plan),
    status: p.status,
    acceptance_result: null as AcceptanceResult | null,
    acceptance_remarks: null as string | null,
    acceptance_checks: null as string | null,
    accepted_area_m2: null as number | null,
    accepted_by: null as string | null,
    accepted_at: null as string | null,
    facility_ids: "[]",
    version: 1,
    is_demo_data: p.isDemoData ? (1 as const) : (0 as const),
    created_by: p.createdBy,
    created_at: now,
    updated_at: now,
  };
}

/** A milestone's progress as written by the plan and by each update. */
function milestoneColumns(m: MilestoneState, updatedBy: string | null, at: string) {
  return {
    planned_date: m.plannedDate,
    actual_date: m.actualDate,
    progress_pct: Math.round(m.progressPct),
    spent: m.spent,
    note: m.note,
    updated_by: updatedBy,
    updated_at: at,
  };
}

export function milestoneRows(projectId: string, milestones: readonly MilestoneState[], updatedBy: string | null, at: string = nowIso()) {
  return milestones.map((m) => ({ project_id: projectId, milestone: m.milestone, ...milestoneColumns(m, updatedBy, at) }));
}

/** Inserts the project, its item links and its six (empty) milestones. A linked item raises a unique violation. */
export async function insertProject(
  db: Kysely<Database>,
  p: { cycleId: string; communityCode: string; plan: ProjectPlan; status: ProjectStatus; gapItemIds: readonly string[]; createdBy: string | null },
): Promise<string> {
  const row = projectRow(p);
  await db.insertInto("projects").values(row).execute();
  await db
    .insertInto("project_items")
    .values(p.gapItemIds.map((gapItemId) => ({ gap_item_id: gapItemId, project_id: row.id })))
    .execute();
  const empty = MILESTONES.map((milestone) => ({ milestone, plannedDate: null, actualDate: null, progressPct: 0, spent: 0, note: null }));
  await db.insertInto("project_milestones").values(milestoneRows(row.id, empty, p.createdBy)).execute();
  return row.id;
}

export async function findProject(db: Kysely<Database>, id: string): Promise<Project | null> {
  const row = await db.selectFrom("projects").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toProject(row) : null;
}

export async function listProjectsOfCycle(db: Kysely<Database>, cycleId: string): Promise<Project[]> {
  const rows = await db.selectFrom("projects").selectAll().where("cycle_id", "=", cycleId).orderBy("created_at").orderBy("id").execute();
  return rows.map(toProject);
}

export async function listMilestones(db: Kysely<Database>, projectIds: readonly string[]): Promise<Map<string, ProjectMilestone[]>> {
  const out = new Map<string, ProjectMilestone[]>();
  for (let i = 0; i < projectIds.length; i += 500) {
    const rows = await db.selectFrom("project_milestones").selectAll().where("project_id", "in", projectIds.slice(i, i + 500)).execute();
    for (const row of rows) {
      const list = out.get(row.project_id) ?? [];
      list.push(toMilestone(row));
      out.set(row.project_id, list);
    }
  }
  for (const list of out.values()) list.sort((a, b) => MILESTONES.indexOf(a.milestone) - MILESTONES.indexOf(b.milestone));
  return out;
}

export type ProjectChanges = Partial<{
  plan: ProjectPlan;
  status: ProjectStatus;
  acceptance: ProjectAcceptance;
  facilityIds: string[];
}>;

/** Saves the changes if the project is still at `expectedVersion`; false means someone else saved first (409). */
export async function updateProject(db: Kysely<Database>, id: string, expectedVersion: number, changes: ProjectChanges): Promise<boolean> {
  const result = await db
    .updateTable("projects")
    .set((eb) => ({
      version: eb("version", "+", 1),
      updated_at: nowIso(),
      ...(changes.plan ? planColumns(changes.plan) : {}),
      ...(changes.status ? { status: changes.status } : {}),
      ...(changes.acceptance
        ? {
            acceptance_result: changes.acceptance.result,
            acceptance_remarks: changes.acceptance.remarks,
            acceptance_checks: JSON.stringify(changes.acceptance.checks),
            accepted_area_m2: changes.acceptance.actualAreaM2,
            accepted_by: changes.acceptance.by,
            accepted_at: changes.acceptance.at,
          }
        : {}),
      ...(changes.facilityIds ? { facility_ids: JSON.stringify(changes.facilityIds) } : {}),
    }))
    .where("id", "=", id)
    .where("version", "=", expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function saveMilestone(
  db: Kysely<Database>,
  projectId: string,
  m: MilestoneState,
  updatedBy: string,
): Promise<void> {
  await db
    .updateTable("project_milestones")
    .set(milestoneColumns(m, updatedBy, nowIso()))
    .where("project_id", "=", projectId)
    .where("milestone", "=", m.milestone)
    .execute();
}

export async function insertAcceptance(
  db: Kysely<Database>,
  a: { projectId: string; acceptance: ProjectAcceptance; isDemoData?: boolean },
): Promise<void> {
  await db
    .insertInto("project_acceptances")
    .values({
      id: newId(),
      project_id: a.projectId,
      result: a.acceptance.result,
      remarks: a.acceptance.remarks,
      checks: JSON.stringify(a.acceptance.checks),
      actual_area_m2: a.acceptance.actualAreaM2,
      decided_by: a.acceptance.by,
      decided_at: a.acceptance.at,
      is_demo_data: a.isDemoData ? 1 : 0,
    })
    .execute();
}

export interface AcceptanceEntry extends ProjectAcceptance {
  byName: string | null;
}

export async function listAcceptances(db: Kysely<Database>, projectId: string): Promise<AcceptanceEntry[]> {
  const rows = await db
    .selectFrom("project_acceptances as a")
    .leftJoin("users as u", "u.id", "a.decided_by")
    .select(["a.result", "a.remarks", "a.checks", "a.actual_area_m2", "a.decided_by", "a.decided_at", "u.display_name"])
    .where("a.project_id", "=", projectId)
    .orderBy("a.decided_at")
    .execute();
  return rows.map((r) => ({
    result: r.result,
    remarks: r.remarks,
    checks: JSON.parse(r.checks) as AcceptanceCheck[],
    actualAreaM2: r.actual_area_m2,
    by: r.decided_by,
    at: r.decided_at,
    byName: r.display_name,
  }));
}

/** Acceptance decisions of these projects by result (every attempt counts). */
export async function countAcceptanceResults(db: Kysely<Database>, projectIds: readonly string[]): Promise<Record<AcceptanceResult, number>> {
  const counts = { pass: 0, pass_with_remarks: 0, fail: 0 };
  if (projectIds.length === 0) return counts;
  const rows = await db
    .selectFrom("project_acceptances")
    .select((eb) => ["result", eb.fn.countAll<number>().as("n")])
    .where("project_id", "in", projectIds)
    .groupBy("result")
    .execute();
  for (const r of rows) if (r.result in counts) counts[r.result] = Number(r.n);
  return counts;
}

/** The facilities accepted projects added to the inventory, by name. */
export async function listBuiltFacilities(db: Kysely<Database>, facilityIds: readonly string[]): Promise<{ id: string; name: string; areaM2: number }[]> {
  if (facilityIds.length === 0) return [];
  const rows = await db.selectFrom("facilities").select(["id", "name", "area_m2"]).where("id", "in", facilityIds).orderBy("name").execute();
  return rows.map((f) => ({ id: f.id, name: f.name, areaM2: f.area_m2 }));
}

// ---------------------------------------------------------------------------------------
// Items, drops

/** Approved items of the cycle's list, in list order; none until the list is approved. */
export async function approvedItemsOfCycle(db: Kysely<Database>, cycleId: string): Promise<{ listStatus: GapListStatus | null; items: GapItem[] }> {
  const list = await findGapListOfCycle(db, cycleId);
  if (!list) return { listStatus: null, items: [] };
  const items = (await listGapItems(db, list.id)).filter((i) => i.status === "active" && i.decision === "approve");
  return { listStatus: list.status, items: list.status === "approved" ? items : [] };
}

/** project id by gap item id, for the items of these lists. */
export async function projectOfItems(db: Kysely<Database>, gapItemIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < gapItemIds.length; i += 500) {
    const rows = await db.selectFrom("project_items").select(["gap_item_id", "project_id"]).where("gap_item_id", "in", gapItemIds.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.gap_item_id, r.project_id);
  }
  return out;
}

export interface ItemDrop {
  gapItemId: string;
  reason: string;
  droppedBy: string | null;
  droppedByName: string | null;
  droppedAt: string;
}

export async function listDrops(db: Kysely<Database>, cycleId: string): Promise<Map<string, ItemDrop>> {
  const rows = await db
    .selectFrom("gap_item_drops as d")
    .leftJoin("users as u", "u.id", "d.dropped_by")
    .select(["d.gap_item_id", "d.reason", "d.dropped_by", "d.dropped_at", "u.display_name"])
    .where("d.cycle_id", "=", cycleId)
    .execute();
  return new Map(rows.map((r) => [r.gap_item_id, { gapItemId: r.gap_item_id, reason: r.reason, droppedBy: r.dropped_by, droppedByName: r.display_name, droppedAt: r.dropped_at }]));
}

/** A unique violation means the item was dropped already (by someone else, concurrently). */
export async function insertDrop(db: Kysely<Database>, d: { gapItemId: string; cycleId: string; reason: string; droppedBy: string | null }): Promise<void> {
  await db
    .insertInto("gap_item_drops")
    .values({ gap_item_id: d.gapItemId, cycle_id: d.cycleId, reason: d.reason, dropped_by: d.droppedBy, dropped_at: nowIso() })
    .execute();
}

export async function deleteDrop(db: Kysely<Database>, gapItemId: string): Promise<boolean> {
  const result = await db.deleteFrom("gap_item_drops").where("gap_item_id", "=", gapItemId).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

// ---------------------------------------------------------------------------------------
// The cycle's guards (COMPLETE_PLANNING, COMPLETE_CONSTRUCTION, COMPLETE_ACCEPTANCE)

/**
 * projectCount: projects of the cycle. unfinishedProjects: those whose 竣工 has no actual
 * date, leaving out projects whose items were all dropped (abandoned). unresolvedItems:
 * approved items of the cycle's approved list neither in a project that passed 验收 (通过 or
 * 有条件通过) nor dropped with a reason. unplannedItems: those approved items in no project at all.
 */
export async function countProjectFacts(
  db: Kysely<Database>,
  cycleId: string,
): Promise<{ projectCount: number; unfinishedProjects: number; unresolvedItems: number; unplannedItems: number }> {
  const approvedOpen = db
    .selectFrom("gap_items as i")
    .innerJoin("gap_lists as l", "l.id", "i.list_id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("l.cycle_id", "=", cycleId)
    .where("l.status", "=", "approved")
    .where("i.status", "=", "active")
    .where("i.decision", "=", "approve")
    .where(({ exists, not, selectFrom }) =>
      not(exists(selectFrom("gap_item_drops as d").select("d.gap_item_id").whereRef("d.gap_item_id", "=", "i.id"))),
    );
  const [projects, unfinished, unresolved, unplanned] = await Promise.all([
    db
      .selectFrom("projects")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("cycle_id", "=", cycleId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("projects as p")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("p.cycle_id", "=", cycleId)
      .where(({ exists, not, selectFrom }) =>
        not(
          exists(
            selectFrom("project_milestones as m")
              .select("m.project_id")
              .whereRef("m.project_id", "=", "p.id")
              .where("m.milestone", "=", "completed")
              .where("m.actual_date", "is not", null),
          ),
        ),
      )
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom("project_items as pi")
            .leftJoin("gap_item_drops as d", "d.gap_item_id", "pi.gap_item_id")
            .select("pi.gap_item_id")
            .whereRef("pi.project_id", "=", "p.id")
            .where("d.gap_item_id", "is", null),
        ),
      )
      .executeTakeFirstOrThrow(),
    approvedOpen
      .where(({ exists, not, selectFrom }) =>
        not(
          exists(
            selectFrom("project_items as pi")
              .innerJoin("projects as p", "p.id", "pi.project_id")
              .select("pi.gap_item_id")
              .whereRef("pi.gap_item_id", "=", "i.id")
              .where("p.acceptance_result", "in", ["pass", "pass_with_remarks"]),
          ),
        ),
      )
      .executeTakeFirstOrThrow(),
    approvedOpen
      .where(({ exists, not, selectFrom }) =>
        not(exists(selectFrom("project_items as pi").select("pi.gap_item_id").whereRef("pi.gap_item_id", "=", "i.id"))),
      )
      .executeTakeFirstOrThrow(),
  ]);
  return {
    projectCount: Number(projects.n),
    unfinishedProjects: Number(unfinished.n),
    unresolvedItems: Number(unresolved.n),
    unplannedItems: Number(unplanned.n),
  };
}
