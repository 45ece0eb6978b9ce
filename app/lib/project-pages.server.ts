// Construction projects, the read side: the 建设项目 tab, one project's page, the street's
// timeline and the overdue milestones of a street or district. What a user may do is asked
// of workflows/permissions.ts and workflows/stage-rules.ts, so a disabled button gives the
// same reason the use case (projects.server.ts) would.
import type { Kysely } from "kysely";
import { todayInHangzhou } from "../../db/clock";
import { findCurrentCycle, findCycle, listCycles } from "../../db/repositories/cycles";
import type { DashboardScope } from "../../db/repositories/dashboard";
import { findGapListOfCycle, type GapItem, listGapItems } from "../../db/repositories/gap-lists";
import { findAttachment, listAttachments, type ProjectAttachment } from "../../db/repositories/project-attachments";
import { type LateMilestoneRow, listLateMilestones, listOpenProjectsOfStreet } from "../../db/repositories/project-oversight";
import {
  type AcceptanceEntry,
  approvedItemsOfCycle,
  countProjectFacts,
  findProject,
  type ItemDrop,
  listAcceptances,
  listBuiltFacilities,
  listDrops,
  listMilestones,
  listProjectsOfCycle,
  type Project,
  type ProjectMilestone,
  projectOfItems,
} from "../../db/repositories/projects";
import type { Database } from "../../db/schema";
import { itemTitle } from "../../workflows/gap-list";
import { type AcceptanceResult, type FacilityFunction, type HubForm, MILESTONE_LABELS, type Stage } from "../../workflows/glossary";
import { type Actor, can, type Place } from "../../workflows/permissions";
import {
  type AcceptanceCheck,
  acceptanceChecks,
  completeMilestones,
  daysOverdue,
  fundingTotal,
  hubFunctionNote,
  isOverdue,
  type MilestoneState,
  overallProgress,
  suggestedResult,
} from "../../workflows/projects";
import { stageAllows, stageRefusal } from "../../workflows/stage-rules";

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

function summarise(project: Project, stored: readonly ProjectMilestone[], today: string): ProjectSummary {
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

const passedAcceptance = (project: Project | undefined) => project?.acceptance !== null && project?.acceptance !== undefined && project.acceptance.result !== "fail";

// ---------------------------------------------------------------------------------------
// The 建设项目 tab

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
  facts: { projectCount: number; unfinishedProjects: number; unresolvedItems: number; unplannedItems: number };
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
  const projectsByCycle = new Map<string, Project[]>();
  for (const c of cycles) projectsByCycle.set(c.id, await listProjectsOfCycle(db, c.id));
  const milestones = await listMilestones(db, [...projectsByCycle.values()].flat().map((p) => p.id));
  const summaryOf = (p: Project) => summarise(p, milestones.get(p.id) ?? [], today);

  const current = cycle ? (projectsByCycle.get(cycle.id) ?? []) : [];
  const { listStatus, items } = cycle ? await approvedItemsOfCycle(db, cycle.id) : { listStatus: null, items: [] as GapItem[] };
  const [linked, drops] = await Promise.all([projectOfItems(db, items.map((i) => i.id)), cycle ? listDrops(db, cycle.id) : new Map<string, ItemDrop>()]);
  const byId = new Map(current.map((p) => [p.id, p]));
  const createBlockedBecause = !can(actor, "manage:project", place)
    ? null
    : !cycle
      ? "该社区还没有体检周期。"
      : (stageRefusal(cycle.stage, "create:project") ?? (listStatus !== "approved" ? "本轮查漏补缺清单尚未审核通过。" : null));
  return {
    cycle: cycle && { id: cycle.id, year: cycle.year, round: cycle.round, stage: cycle.stage, version: cycle.version },
    listStatus,
    items: items.map((i) => {
      const project = byId.get(linked.get(i.id) ?? "");
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
        accepted: passedAcceptance(project),
      };
    }),
    projects: current.map(summaryOf),
    facts: cycle ? await countProjectFacts(db, cycle.id) : { projectCount: 0, unfinishedProjects: 0, unresolvedItems: 0, unplannedItems: 0 },
    canCreate: can(actor, "manage:project", place) && createBlockedBecause === null,
    canDrop: can(actor, "track:project", place) && cycle !== null && stageAllows(cycle.stage, "drop:item"),
    createBlockedBecause,
    earlierRounds: cycles
      .filter((c) => c.stage === "closed")
      .sort((a, b) => b.round - a.round)
      .map((c) => ({ round: c.round, year: c.year, projects: (projectsByCycle.get(c.id) ?? []).map(summaryOf) }))
      .filter((r) => r.projects.length > 0),
    today,
  };
}

// ---------------------------------------------------------------------------------------
// One project

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
  const [cycle, current, stored, attachments, acceptances, drops, facilities] = await Promise.all([
    findCycle(db, project.cycleId),
    findCurrentCycle(db, place.communityCode),
    listMilestones(db, [project.id]),
    listAttachments(db, project.id),
    listAcceptances(db, project.id),
    listDrops(db, project.cycleId),
    listBuiltFacilities(db, project.facilityIds),
  ]);
  const isCurrent = current?.id === project.cycleId;
  const stage = cycle?.stage ?? "closed";
  const list = cycle ? await findGapListOfCycle(db, cycle.id) : null;
  const gapItems = list ? await listGapItems(db, list.id) : [];
  const itemIds = new Set(project.functions.map((f) => f.gapItemId));
  const summary = summarise(project, stored.get(project.id) ?? [], today);
  const completed = summary.milestones.find((m) => m.milestone === "completed")?.actualDate ?? null;
  const isWorker = can(actor, "manage:project", place);
  const isReviewer = can(actor, "accept:project", place);
  const open = (activity: "plan:project" | "progress:project") => isCurrent && stageAllows(stage, activity);
  const passed = passedAcceptance(project);
  const acceptBlockedBecause = !isReviewer
    ? null
    : !isCurrent
      ? "该项目属于已结束的一轮，只能查看。"
      : (stageRefusal(stage, "accept:project") ??
        (project.status === "cancelled"
          ? "该项目的事项已全部撤销。"
          : passed
            ? "该项目已验收通过。"
            : !completed
              ? "项目尚未竣工（未填写“竣工”的实际完成日期）。"
              : null));
  const allPresent = { actualAreaM2: project.plannedAreaM2, functionsPresent: project.functions.map((f) => f.function) };
  const checkPreview = acceptanceChecks(project, allPresent);
  return {
    project,
    summary,
    cycle: { round: cycle?.round ?? 0, year: cycle?.year ?? 0, stage, isCurrent },
    items: gapItems.filter((i) => itemIds.has(i.id)).map((i) => ({ id: i.id, position: i.position, title: itemTitle(i), dropped: drops.get(i.id) ?? null })),
    attachments,
    acceptances,
    facilities,
    checkPreview,
    suggested: suggestedResult(checkPreview, allPresent),
    hubNote: project.kind === "hub" ? hubFunctionNote(project.functions.map((f) => f.function)) : null,
    showsFourSync: project.approach === "new_build" || place.developmentType === "new" || project.fourSync !== null,
    fundingTotal: fundingTotal(project.funding),
    rights: {
      plan: isWorker && open("plan:project") && !passed,
      progress: isWorker && open("progress:project") && project.status !== "cancelled",
      note: can(actor, "track:project", place) && open("progress:project"),
      accept: isReviewer && acceptBlockedBecause === null,
      upload: isWorker && open("progress:project"),
    },
    acceptBlockedBecause,
    today,
  };
}

/** The attachment, if it belongs to a project of this community (the route checked the user's scope). */
export async function attachmentOfCommunity(db: Kysely<Database>, communityCode: string, projectId: string, fileId: string): Promise<ProjectAttachment | null> {
  const file = await findAttachment(db, fileId);
  if (!file || file.projectId !== projectId) return null;
  const project = await findProject(db, projectId);
  return project && project.communityCode === communityCode ? file : null;
}

// ---------------------------------------------------------------------------------------
// Street and district views

export interface OverdueRow extends LateMilestoneRow {
  label: string;
  daysOverdue: number;
}

/** Milestones whose planned date has passed without an actual date, in open rounds, most overdue first. */
export async function listOverdueMilestones(db: Kysely<Database>, scope: DashboardScope, today: string = todayInHangzhou()): Promise<OverdueRow[]> {
  const rows = await listLateMilestones(db, scope, today);
  return rows.map((r) => ({ ...r, label: MILESTONE_LABELS[r.milestone], daysOverdue: daysOverdue({ plannedDate: r.plannedDate, actualDate: null }, today) }));
}

export interface CommunityProjects {
  code: string;
  name: string;
  stage: Stage;
  projects: ProjectSummary[];
}

/** The open rounds' projects of a street, by community, for the street's timeline. */
export async function loadStreetProjects(db: Kysely<Database>, streetCode: string, today: string = todayInHangzhou()): Promise<CommunityProjects[]> {
  const projects = await listOpenProjectsOfStreet(db, streetCode);
  const milestones = await listMilestones(db, projects.map((p) => p.project.id));
  const out = new Map<string, CommunityProjects>();
  for (const { project, communityName, stage } of projects) {
    const entry = out.get(project.communityCode) ?? { code: project.communityCode, name: communityName, stage, projects: [] };
    entry.projects.push(summarise(project, milestones.get(project.id) ?? [], today));
    out.set(project.communityCode, entry);
  }
  return [...out.values()];
}

export interface DistrictOverdue {
  rows: OverdueRow[];
  /** Streets with overdue milestones, the most first. */
  streets: { code: string; name: string; milestones: number; projects: number }[];
}

/** A district's overdue milestones, most overdue first, and how they fall by street. */
export async function loadDistrictOverdue(db: Kysely<Database>, districtCode: string, today: string = todayInHangzhou()): Promise<DistrictOverdue> {
  const rows = await listOverdueMilestones(db, { level: "district", code: districtCode }, today);
  const byStreet = new Map<string, { code: string; name: string; milestones: number; projects: Set<string> }>();
  for (const r of rows) {
    const s = byStreet.get(r.streetCode) ?? { code: r.streetCode, name: r.streetName, milestones: 0, projects: new Set<string>() };
    s.milestones++;
    s.projects.add(r.projectId);
    byStreet.set(r.streetCode, s);
  }
  return {
    rows: [...rows].sort((a, b) => b.daysOverdue - a.daysOverdue || a.communityCode.localeCompare(b.communityCode)),
    streets: [...byStreet.values()]
      .map((s) => ({ code: s.code, name: s.name, milestones: s.milestones, projects: s.projects.size }))
      .sort((a, b) => b.milestones - a.milestones || a.code.localeCompare(b.code)),
  };
}
