// Seed step: demo construction projects for the demo communities past 建设计划 whose 查漏补缺
// list is approved, consistent with their cycle's stage — 建设计划: planned milestones;
// 建设实施: some actual dates (some late); 验收: finished projects, about half accepted with
// their facilities added; 运营反馈: all accepted, facilities added and three to six months of
// operating figures (a few quiet enough to be flagged). Everything is marked 演示数据
// (ADR 0003) and generated from a fixed seed per community; no audit rows.
import type { InsertObject, Insertable, Kysely } from "kysely";
import { hangzhouDate } from "../workflows/dates";
import { functionShortLabel, type GapItemSnapshot } from "../workflows/gap-list";
import { type AcceptanceResult, type FacilityFunction, HUB_FORMS, MILESTONES, type Milestone, OPERATING_MODELS, type Stage } from "../workflows/glossary";
import { PERFORMANCE_SETTINGS } from "../workflows/performance-settings";
import {
  acceptanceChecks,
  addDays,
  builtFacilities,
  type MilestoneState,
  planFromItems,
  type ProjectPlan,
  projectStatus,
} from "../workflows/projects";
import * as clock from "./clock";
import { DEMO_SEED, randomStream } from "./demo-data";
import { newId } from "./ids";
import { operationRow } from "./repositories/facility-operations";
import { milestoneRows, projectRow } from "./repositories/projects";
import type { Database, NewFacilityRow } from "./schema";

const STAGES_WITH_PROJECTS: readonly Stage[] = ["planning", "construction", "acceptance", "operation_feedback"];

/** Days from the start of planning to each planned milestone. */
const PLANNED_OFFSETS: Record<Milestone, number> = { approved: 10, designed: 60, started: 100, completed: 280, accepted: 310, opened: 330 };
/** How long before entering the stage planning started. */
const PLANNING_STARTED_BEFORE_STAGE: Record<string, number> = { planning: 0, construction: 90, acceptance: 330, operation_feedback: 420 };
/** Share of the budget spent at each milestone. */
const SPENT_SHARE: Record<Milestone, number> = { approved: 0, designed: 0.05, started: 0.2, completed: 0.6, accepted: 0.05, opened: 0.1 };

const OPERATORS = ["杭州颐乐养老服务有限公司", "杭州邻里社会工作服务中心", "杭州安康家政服务有限公司", "杭州童心社会服务中心", "杭州文化惠民运营有限公司"];

async function insertChunked<T extends keyof Database & string>(db: Kysely<Database>, table: T, rows: Insertable<Database[T]>[], size = 200): Promise<void> {
  for (let i = 0; i < rows.length; i += size) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + size) as InsertObject<Database, T>[])
      .execute();
  }
}

function monthsBack(today: string, count: number): string[] {
  const index = Number(today.slice(0, 4)) * 12 + Number(today.slice(5, 7)) - 1;
  return Array.from({ length: count }, (_, i) => {
    const k = index - count + i;
    return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, "0")}`;
  });
}

/** Usage benchmark (people served per 100 households per month) of a function, for plausible figures. */
function benchmarkOf(fn: FacilityFunction, domain: keyof typeof PERFORMANCE_SETTINGS.usage.benchmarkByDomain): number {
  return PERFORMANCE_SETTINGS.usage.benchmarkByFunction[fn]?.value ?? PERFORMANCE_SETTINGS.usage.benchmarkByDomain[domain].value;
}

export async function seedDemoProjects(db: Kysely<Database>, now: Date = clock.now()): Promise<number> {
  const today = hangzhouDate(now);
  const cycles = await db
    .selectFrom("cycles as y")
    .innerJoin("gap_lists as l", "l.cycle_id", "y.id")
    .innerJoin("communities as c", "c.code", "y.community_code")
    .select(["y.id as cycle_id", "y.stage", "y.stage_entered_at", "l.id as list_id", "c.code", "c.name", "c.households", "c.lat", "c.lng"])
    .where("y.stage", "in", STAGES_WITH_PROJECTS)
    .where("l.status", "=", "approved")
    .where("y.is_demo_data", "=", 1)
    .orderBy("c.code")
    .execute();
  if (cycles.length === 0) return 0;
  const itemRows = await db
    .selectFrom("gap_items")
    .selectAll()
    .where("list_id", "in", cycles.map((c) => c.list_id))
    .where("status", "=", "active")
    .where("decision", "=", "approve")
    .orderBy("list_id")
    .orderBy("position")
    .execute();
  const itemsByList = new Map<string, GapItemSnapshot[]>();
  for (const r of itemRows) {
    const list = itemsByList.get(r.list_id) ?? [];
    list.push({
      id: r.id,
      position: r.position,
      domain: r.domain as GapItemSnapshot["domain"],
      function: r.function,
      approach: r.approach as GapItemSnapshot["approach"],
      targetAreaM2: r.target_area_m2,
      serviceLevel: r.service_level as GapItemSnapshot["serviceLevel"],
      pricing: r.pricing as GapItemSnapshot["pricing"],
      operatingModel: r.operating_model as GapItemSnapshot["operatingModel"],
      estimatedCost: r.estimated_cost,
      fundingSources: JSON.parse(r.funding_sources) as GapItemSnapshot["fundingSources"],
      name: r.name,
      candidateSite: r.candidate_site,
      spaceSource: r.space_source,
      notes: r.notes,
      hubForm: r.hub_form,
      fourSync: r.four_sync === null ? null : (JSON.parse(r.four_sync) as GapItemSnapshot["fourSync"]),
      status: "active",
      priority: r.priority,
      decision: "approve",
      decisionComment: null,
    });
    itemsByList.set(r.list_id, list);
  }

  const projects: ReturnType<typeof projectRow>[] = [];
  const links: { gap_item_id: string; project_id: string }[] = [];
  const milestones: ReturnType<typeof milestoneRows> = [];
  const acceptances: Insertable<Database["project_acceptances"]>[] = [];
  const facilities: NewFacilityRow[] = [];
  const operations: Insertable<Database["facility_operations"]>[] = [];
  const at = now.toISOString();

  for (const c of cycles) {
    const items = itemsByList.get(c.list_id) ?? [];
    if (items.length === 0) continue;
    const rand = randomStream(`${DEMO_SEED}:projects:${c.code}`);
    const groups: GapItemSnapshot[][] = items.length >= 3 && rand() < 0.5 ? [items.slice(0, 2), ...items.slice(2).map((i) => [i])] : items.map((i) => [i]);
    const stage = c.stage;
    const planningStart = addDays(c.stage_entered_at.slice(0, 10), -PLANNING_STARTED_BEFORE_STAGE[stage]);

    for (const group of groups) {
      const hubForm = group.length > 1 ? HUB_FORMS[Math.floor(rand() * HUB_FORMS.length)] : null;
      const name =
        group.length > 1
          ? `${c.name}民生幸福共同体`
          : `${c.name}${functionShortLabel(group[0].function)}${group[0].approach === "shared_with_neighbour" ? "（跨社区共享）" : ""}`;
      const base = planFromItems(group, { name, hubForm });
      const plan: ProjectPlan = {
        ...base,
        operator: stage === "planning" ? null : OPERATORS[Math.floor(rand() * OPERATORS.length)],
        operatingModel: base.operatingModel ?? OPERATING_MODELS[0],
      };
      const start = addDays(planningStart, Math.floor(rand() * 20));
      // A project's delay: most a little late, some a lot.
      const slip = rand() < 0.2 ? 30 + Math.floor(rand() * 60) : Math.floor(rand() * 20);
      const accepted: AcceptanceResult | null =
        stage === "operation_feedback" ? (rand() < 0.85 ? "pass" : "pass_with_remarks") : stage === "acceptance" && rand() < 0.5 ? (rand() < 0.8 ? "pass" : "pass_with_remarks") : null;
      const lastAllowed: Milestone | null =
        stage === "planning" ? "approved" : stage === "construction" ? "completed" : accepted ? (stage === "operation_feedback" ? "opened" : "accepted") : "completed";
      let previous = "";
      const states: MilestoneState[] = MILESTONES.map((m) => {
        const plannedDate = addDays(start, PLANNED_OFFSETS[m]);
        let actual = addDays(plannedDate, slip);
        if (actual < previous) actual = previous;
        const mustBeDone = (stage === "acceptance" || stage === "operation_feedback") && MILESTONES.indexOf(m) <= MILESTONES.indexOf(lastAllowed!);
        const withinStage = lastAllowed !== null && MILESTONES.indexOf(m) <= MILESTONES.indexOf(lastAllowed);
        let done = withinStage && (mustBeDone || actual <= today);
        if (done && actual > today) actual = today;
        if (done && previous === "" && MILESTONES.indexOf(m) > 0) done = false;
        if (done) previous = actual;
        return { milestone: m, plannedDate, actualDate: done ? actual : null, progressPct: done ? 100 : 0, spent: done ? Math.round(plan.budgetTotal * SPENT_SHARE[m]) : 0, note: null };
      });
      // The milestone in progress shows part of its work done.
      const next = states.find((s) => s.actualDate === null);
      if (next && stage !== "planning") next.progressPct = 10 + Math.floor(rand() * 70);

      const id = newId();
      const row = projectRow({ cycleId: c.cycle_id, communityCode: c.code, plan, status: projectStatus(states, accepted), createdBy: null, isDemoData: true, createdAt: `${start}T01:00:00.000Z` }, id);
      const facilityIds: string[] = [];
      if (accepted) {
        const input = { actualAreaM2: row.planned_area_m2, functionsPresent: plan.functions.map((f) => f.function) };
        const checks = acceptanceChecks({ ...plan, plannedAreaM2: row.planned_area_m2 }, input);
        const acceptedAt = `${states.find((s) => s.milestone === "accepted")!.actualDate ?? today}T02:00:00.000Z`;
        const remarks = accepted === "pass_with_remarks" ? "无障碍设施需完善，限期整改（演示数据）" : null;
        row.acceptance_result = accepted;
        row.acceptance_remarks = remarks;
        row.acceptance_checks = JSON.stringify(checks);
        row.accepted_area_m2 = row.planned_area_m2;
        row.accepted_at = acceptedAt;
        acceptances.push({ id: newId(), project_id: id, result: accepted, remarks, checks: JSON.stringify(checks), actual_area_m2: row.planned_area_m2, decided_by: null, decided_at: acceptedAt, is_demo_data: 1 });
        for (const built of builtFacilities({ ...plan, plannedAreaM2: row.planned_area_m2 }, input)) {
          const facilityId = newId();
          facilityIds.push(facilityId);
          facilities.push({
            id: facilityId,
            community_code: c.code,
            name: built.name,
            domain: built.domain,
            functions: JSON.stringify([built.function]),
            area_m2: built.areaM2,
            office_area_m2: 0,
            status: "operating",
            lat: Math.round((c.lat + (rand() - 0.5) * 0.004) * 1e6) / 1e6,
            lng: Math.round((c.lng + (rand() - 0.5) * 0.004) * 1e6) / 1e6,
            operator: plan.operator,
            operating_model: plan.operatingModel,
            pricing: plan.pricing,
            service_level: plan.serviceLevel,
            hub_part: built.hubPart ? 1 : 0,
            is_demo_data: 1,
            created_at: acceptedAt,
            updated_at: acceptedAt,
          });
          if (stage !== "operation_feedback") continue;
          // Monthly figures since opening: most facilities busy, some quiet (to be flagged).
          const quiet = rand() < 0.25;
          const hundreds = Math.max(1, c.households / 100);
          const benchmark = benchmarkOf(built.function, built.domain);
          for (const month of monthsBack(today, 3 + Math.floor(rand() * 4))) {
            const level = quiet ? 0.1 + rand() * 0.3 : 0.8 + rand() * 0.8;
            const peopleServed = Math.max(1, Math.round(benchmark * hundreds * level));
            const visits = peopleServed * (2 + Math.floor(rand() * 6));
            const subsidy = Math.round(built.areaM2 * (8 + rand() * 10));
            operations.push(
              operationRow(
                facilityId,
                { month, visits, peopleServed, hoursOpen: 120 + Math.floor(rand() * 180), income: Math.round(visits * (plan.pricing === "free" ? 0 : 5 + rand() * 10)), subsidy },
                null,
                { isDemoData: true, at },
              ),
            );
          }
        }
      }
      row.facility_ids = JSON.stringify(facilityIds);
      projects.push(row);
      for (const item of group) links.push({ gap_item_id: item.id, project_id: id });
      milestones.push(...milestoneRows(id, states, null, at));
    }
  }

  await db.transaction().execute(async (trx) => {
    await insertChunked(trx, "projects", projects, 100);
    await insertChunked(trx, "project_items", links, 500);
    await insertChunked(trx, "project_milestones", milestones, 300);
    await insertChunked(trx, "project_acceptances", acceptances, 200);
    await insertChunked(trx, "facilities", facilities, 150);
    await insertChunked(trx, "facility_operations", operations, 300);
  });
  return projects.length;
}
