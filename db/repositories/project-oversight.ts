// Reads for the street's and district's oversight of construction (四(三) 项目清单跟踪监测):
// the open rounds' projects and their milestones that are late.
import type { Kysely } from "kysely";
import type { Milestone, Stage } from "../../workflows/glossary";
import type { Database } from "../schema";
import type { DashboardScope } from "./dashboard";
import { type Project, toProject } from "./projects";

export interface LateMilestoneRow {
  projectId: string;
  projectName: string;
  communityCode: string;
  communityName: string;
  streetCode: string;
  streetName: string;
  milestone: Milestone;
  plannedDate: string;
  isDemoData: boolean;
}

/** Milestones planned before `today` without an actual date, in open rounds, earliest planned first. */
export async function listLateMilestones(db: Kysely<Database>, scope: DashboardScope, today: string): Promise<LateMilestoneRow[]> {
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
    plannedDate: r.planned_date!,
    isDemoData: r.is_demo_data === 1,
  }));
}

/** The open rounds' projects of a street, by community code, then oldest first. */
export async function listOpenProjectsOfStreet(
  db: Kysely<Database>,
  streetCode: string,
): Promise<{ project: Project; communityName: string; stage: Stage }[]> {
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
  return rows.map((r) => ({ project: toProject(r), communityName: r.community_name, stage: r.cycle_stage }));
}
