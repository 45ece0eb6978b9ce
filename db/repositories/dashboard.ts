// Aggregates for the 市/区/街道 dashboards. Every figure is one grouped SQL query over
// summary rows (cycles, latest evaluations, kept survey counts): nothing here loads raw
// answers or facilities into JavaScript.
import { type ExpressionBuilder, type Kysely, sql } from "kysely";
import { jsonNumber } from "../dialect";
import type { Domain, DomainStatus, FacilityStatus } from "../../workflows/glossary";
import type { Database } from "../schema";
import { camelCased } from "../rows";

export type DashboardScope = { level: "city" } | { level: "district"; code: string } | { level: "street"; code: string };

/** The column that names a community's child area one level below the scope. */
export function childKey(scope: DashboardScope): "c.district_code" | "c.street_code" | "c.code" {
  return scope.level === "city" ? "c.district_code" : scope.level === "district" ? "c.street_code" : "c.code";
}

type CommunityEb = ExpressionBuilder<Database & { c: Database["communities"] }, "c">;

export function inScope(scope: DashboardScope) {
  return (eb: CommunityEb) =>
    scope.level === "city"
      ? eb.lit(true)
      : scope.level === "district"
        ? eb("c.district_code", "=", scope.code)
        : eb("c.street_code", "=", scope.code);
}

/**
 * The cycle each community is measured by: the latest round of `year`, or the open one.
 * Returned as a subquery of (community_code, id, stage, stage_entered_at).
 */
export function selectedCycles(db: Kysely<Database>, year: number | null) {
  if (year === null) {
    return db.selectFrom("cycles").select(["community_code", "id", "stage", "stage_entered_at"]).where("stage", "<>", "closed");
  }
  return db
    .selectFrom("cycles as y")
    .select(["y.community_code", "y.id", "y.stage", "y.stage_entered_at"])
    .where("y.year", "=", year)
    .where((eb) =>
      eb(
        "y.round",
        "=",
        eb
          .selectFrom("cycles as y2")
          .select((e) => e.fn.max("y2.round").as("r"))
          .whereRef("y2.community_code", "=", "y.community_code")
          .where("y2.year", "=", year),
      ),
    );
}

export interface ChildArea {
  code: string;
  name: string;
  communities: number;
  households: number;
}

export async function childAreas(db: Kysely<Database>, scope: DashboardScope): Promise<ChildArea[]> {
  const key = childKey(scope);
  const table = scope.level === "city" ? "districts" : scope.level === "district" ? "streets" : "communities";
  const names = await db.selectFrom(table).select(["code", "name"]).execute();
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  const rows = await db
    .selectFrom("communities as c")
    .select((eb) => [eb.ref(key).as("area"), eb.fn.countAll<number>().as("n"), eb.fn.sum<number>("c.households").as("households")])
    .where(inScope(scope))
    .groupBy(key)
    .orderBy(key)
    .execute();
  return rows.map((r) => ({ code: r.area, name: nameOf.get(r.area) ?? r.area, communities: Number(r.n), households: Number(r.households) }));
}

export interface StageCount {
  area: string;
  stage: string;
  count: number;
}

export async function stageCounts(db: Kysely<Database>, scope: DashboardScope, year: number | null): Promise<StageCount[]> {
  const key = childKey(scope);
  const rows = await db
    .selectFrom("communities as c")
    .innerJoin(selectedCycles(db, year).as("y"), "y.community_code", "c.code")
    .select((eb) => [eb.ref(key).as("area"), "y.stage", eb.fn.countAll<number>().as("n")])
    .where(inScope(scope))
    .groupBy([key, "y.stage"])
    .execute();
  return rows.map((r) => ({ area: r.area, stage: r.stage, count: Number(r.n) }));
}

/** When each community entered its current stage; at most a few thousand short rows. */
export async function stageEntries(db: Kysely<Database>, scope: DashboardScope, year: number | null) {
  return db
    .selectFrom("communities as c")
    .innerJoin(selectedCycles(db, year).as("y"), "y.community_code", "c.code")
    .select(["c.code", "c.name", "y.stage", "y.stage_entered_at as enteredAt"])
    .where(inScope(scope))
    .execute();
}

export interface DomainGapCount {
  area: string;
  domain: string;
  evaluated: number;
  missing: number;
  insufficient: number;
}

/** From the latest evaluation of each community. */
export async function domainGaps(db: Kysely<Database>, scope: DashboardScope): Promise<DomainGapCount[]> {
  const key = childKey(scope);
  const rows = await db
    .selectFrom("evaluation_domains as d")
    .innerJoin("evaluations as e", (j) => j.onRef("e.id", "=", "d.evaluation_id").on("e.is_latest", "=", 1))
    .innerJoin("communities as c", "c.code", "e.community_code")
    .select((eb) => [
      eb.ref(key).as("area"),
      "d.domain",
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>(eb.case().when("d.status", "=", "缺失").then(1).else(0).end()).as("missing"),
      eb.fn.sum<number>(eb.case().when("d.status", "=", "不足").then(1).else(0).end()).as("insufficient"),
    ])
    .where(inScope(scope))
    .groupBy([key, "d.domain"])
    .execute();
  return rows.map((r) => ({
    area: r.area,
    domain: r.domain,
    evaluated: Number(r.n),
    missing: Number(r.missing),
    insufficient: Number(r.insufficient),
  }));
}

export interface ParticipationRow {
  area: string;
  /** Households of communities whose needs survey of the selected round is published or closed. */
  surveyedHouseholds: number;
  surveys: number;
  byChannel: Record<string, number>;
}

export async function participation(db: Kysely<Database>, scope: DashboardScope, year: number | null): Promise<ParticipationRow[]> {
  const key = childKey(scope);
  const cycles = selectedCycles(db, year).as("y");
  const [households, counts] = await Promise.all([
    db
      .selectFrom("communities as c")
      .innerJoin(cycles, "y.community_code", "c.code")
      .innerJoin("surveys as s", (j) => j.onRef("s.cycle_id", "=", "y.id").on("s.kind", "=", "needs").on("s.status", "<>", "draft"))
      .select((eb) => [eb.ref(key).as("area"), eb.fn.sum<number>("c.households").as("households"), eb.fn.countAll<number>().as("surveys")])
      .where(inScope(scope))
      .groupBy(key)
      .execute(),
    db
      .selectFrom("communities as c")
      .innerJoin(selectedCycles(db, year).as("y"), "y.community_code", "c.code")
      .innerJoin("surveys as s", (j) => j.onRef("s.cycle_id", "=", "y.id").on("s.kind", "=", "needs"))
      .innerJoin("survey_response_counts as r", "r.survey_id", "s.id")
      .select((eb) => [eb.ref(key).as("area"), "r.channel", eb.fn.sum<number>("r.count").as("n")])
      .where(inScope(scope))
      .groupBy([key, "r.channel"])
      .execute(),
  ]);
  const byArea = new Map<string, ParticipationRow>();
  for (const h of households) {
    byArea.set(h.area, { area: h.area, surveyedHouseholds: Number(h.households), surveys: Number(h.surveys), byChannel: {} });
  }
  for (const c of counts) {
    const row = byArea.get(c.area) ?? { area: c.area, surveyedHouseholds: 0, surveys: 0, byChannel: {} };
    row.byChannel[c.channel] = Number(c.n);
    byArea.set(c.area, row);
  }
  return [...byArea.values()];
}

export interface TargetFactsRow {
  districtCode: string;
  communityCode: string;
  streetCode: string;
  isPilot: boolean;
  hasHub: boolean;
  lat: number;
  lng: number;
}

/** One short row per community: targets need who has a hub and who is near one. */
export async function targetFacts(db: Kysely<Database>): Promise<TargetFactsRow[]> {
  const rows = await db
    .selectFrom("communities")
    .select(["district_code", "code", "street_code", "is_pilot", "has_hub", "lat", "lng"])
    .execute();
  return rows.map((r) => ({
    districtCode: r.district_code,
    communityCode: r.code,
    streetCode: r.street_code,
    isPilot: r.is_pilot === 1,
    hasHub: r.has_hub === 1,
    lat: r.lat,
    lng: r.lng,
  }));
}

export interface GapItemCount {
  domain: string;
  approach: string;
  /** The item's own decision, or the list's status while it has none. */
  state: string;
  items: number;
  cost: number;
}

/** 查漏补缺 items of the selected rounds, by domain, approach and where they stand. */
export async function gapItemCounts(db: Kysely<Database>, scope: DashboardScope, year: number | null): Promise<GapItemCount[]> {
  const rows = await db
    .selectFrom("gap_items as i")
    .innerJoin("gap_lists as l", "l.id", "i.list_id")
    .innerJoin(selectedCycles(db, year).as("y"), "y.id", "l.cycle_id")
    .innerJoin("communities as c", "c.code", "l.community_code")
    .select((eb) => [
      "i.domain",
      "i.approach",
      eb.fn.coalesce("i.decision", "l.status").as("state"),
      eb.fn.countAll<number>().as("n"),
      eb.fn.sum<number>("i.estimated_cost").as("cost"),
    ])
    .where(inScope(scope))
    .where("i.status", "=", "active")
    .groupBy(["i.domain", "i.approach", eb => eb.fn.coalesce("i.decision", "l.status")])
    .execute();
  return rows.map((r) => ({ domain: r.domain, approach: r.approach, state: String(r.state), items: Number(r.n), cost: Number(r.cost ?? 0) }));
}

export interface MapCommunity {
  code: string;
  name: string;
  lat: number;
  lng: number;
  households: number;
  hasHub: boolean;
  isDemoData: boolean;
  /** From the latest evaluation, for the chosen domain (or the worst domain when none is chosen). */
  status: DomainStatus | null;
  coverageShare: number | null;
  /** Without a chosen domain: the domain behind `status` (worst status, then lowest score). */
  weakestDomain: Domain | null;
}

export async function mapCommunities(db: Kysely<Database>, scope: DashboardScope, domain: Domain | null): Promise<MapCommunity[]> {
  const rows = await db
    .selectFrom("communities as c")
    .leftJoin("evaluations as e", (j) => j.onRef("e.community_code", "=", "c.code").on("e.is_latest", "=", 1))
    .leftJoin("evaluation_domains as d", (j) =>
      domain ? j.onRef("d.evaluation_id", "=", "e.id").on("d.domain", "=", domain) : j.onRef("d.evaluation_id", "=", "e.id"),
    )
    .select((eb) => [
      "c.code",
      "c.name",
      "c.lat",
      "c.lng",
      "c.households",
      "c.has_hub",
      "c.is_demo_data",
      // Without a chosen domain: the worst status and the lowest coverage over the seven.
      eb.fn.max(eb.case().when("d.status", "=", "缺失").then(3).when("d.status", "=", "不足").then(2).when("d.status", "=", "满足").then(1).else(0).end()).as("worst"),
      eb.fn.min("d.coverage_share").as("coverage"),
    ])
    .where(inScope(scope))
    .groupBy(["c.code", "c.name", "c.lat", "c.lng", "c.households", "c.has_hub", "c.is_demo_data"])
    .execute();
  const statusOf: readonly (DomainStatus | null)[] = [null, "满足", "不足", "缺失"];
  const weakest = domain ? new Map<string, Domain>() : await weakestDomains(db, scope);
  return rows.map((r) => ({
    ...camelCased(r, ["code", "name", "lat", "lng", "households"]),
    hasHub: r.has_hub === 1,
    isDemoData: r.is_demo_data === 1,
    status: statusOf[Number(r.worst ?? 0)] ?? null,
    coverageShare: r.coverage === null ? null : Number(r.coverage),
    weakestDomain: weakest.get(r.code) ?? null,
  }));
}

/** Each evaluated community's weakest domain in its latest evaluation: the worst status, then the lowest score. */
async function weakestDomains(db: Kysely<Database>, scope: DashboardScope): Promise<Map<string, Domain>> {
  const rows = await db
    .selectFrom("communities as c")
    .innerJoin("evaluations as e", (j) => j.onRef("e.community_code", "=", "c.code").on("e.is_latest", "=", 1))
    .innerJoin("evaluation_domains as d", "d.evaluation_id", "e.id")
    .select(["c.code", "d.domain", "d.status", "d.score"])
    .where(inScope(scope))
    .execute();
  const rank: Record<DomainStatus, number> = { 满足: 1, 不足: 2, 缺失: 3 };
  const best = new Map<string, { domain: Domain; rank: number; score: number }>();
  for (const r of rows) {
    const seen = best.get(r.code);
    const candidate = { domain: r.domain, rank: rank[r.status], score: Number(r.score) };
    if (!seen || candidate.rank > seen.rank || (candidate.rank === seen.rank && candidate.score < seen.score)) best.set(r.code, candidate);
  }
  return new Map([...best].map(([code, b]) => [code, b.domain]));
}

export interface MapFacility {
  name: string;
  domain: Domain;
  status: FacilityStatus;
  lat: number;
  lng: number;
  communityCode: string;
}

export async function mapFacilities(db: Kysely<Database>, scope: DashboardScope, domain: Domain | null): Promise<MapFacility[]> {
  const rows = await db
    .selectFrom("facilities as f")
    .innerJoin("communities as c", "c.code", "f.community_code")
    .select(["f.name", "f.domain", "f.status", "f.lat", "f.lng", "f.community_code"])
    .where(inScope(scope))
    .$if(domain !== null, (q) => q.where("f.domain", "=", domain!))
    .execute();
  return rows.map((r) => ({ name: r.name, domain: r.domain, status: r.status, lat: r.lat, lng: r.lng, communityCode: r.community_code }));
}

export interface ProjectTotals {
  area: string;
  projects: number;
  budget: number;
  funding: Record<string, number>;
  spent: number;
}

/** Projects of the scope by child area: how many, planned budget by funding source, spent. */
export async function projectTotals(db: Kysely<Database>, scope: DashboardScope, sources: readonly string[]): Promise<ProjectTotals[]> {
  const key = childKey(scope);
  const [budgets, spending] = await Promise.all([
    db
      .selectFrom("projects as p")
      .innerJoin("communities as c", "c.code", "p.community_code")
      .select((eb) => [
        eb.ref(key).as("area"),
        eb.fn.countAll<number>().as("n"),
        eb.fn.sum<number>("p.budget_total").as("budget"),
        ...sources.map((s) => eb.fn.sum<number>(jsonNumber(db, "p.funding", s)).as(s)),
      ])
      .where(inScope(scope))
      .where("p.status", "<>", "cancelled")
      .groupBy(key)
      .execute(),
    db
      .selectFrom("project_milestones as m")
      .innerJoin("projects as p", "p.id", "m.project_id")
      .innerJoin("communities as c", "c.code", "p.community_code")
      .select((eb) => [eb.ref(key).as("area"), eb.fn.sum<number>("m.spent").as("spent")])
      .where(inScope(scope))
      .where("p.status", "<>", "cancelled")
      .groupBy(key)
      .execute(),
  ]);
  const spentBy = new Map(spending.map((r) => [r.area, Number(r.spent ?? 0)]));
  return budgets.map((r) => {
    const row = r as unknown as Record<string, unknown>;
    return {
      area: r.area,
      projects: Number(r.n),
      budget: Number(r.budget ?? 0),
      funding: Object.fromEntries(sources.map((s) => [s, Number(row[s] ?? 0)])),
      spent: spentBy.get(r.area) ?? 0,
    };
  });
}

/** Projects by the last milestone they have reached (actual date recorded). */
export async function projectMilestoneCounts(db: Kysely<Database>, scope: DashboardScope, milestones: readonly string[]): Promise<Map<number, number>> {
  const reached = db
    .selectFrom("projects as p")
    .innerJoin("communities as c", "c.code", "p.community_code")
    .leftJoin("project_milestones as m", (j) => j.onRef("m.project_id", "=", "p.id").on("m.actual_date", "is not", null))
    .select((eb) => [
      "p.id",
      eb.fn
        .max(sql<number>`case ${sql.ref("m.milestone")} ${sql.join(milestones.map((m, i) => sql`when ${m} then ${i + 1}`), sql` `)} else 0 end`)
        .as("reached"),
    ])
    .where(inScope(scope))
    .where("p.status", "<>", "cancelled")
    .groupBy("p.id")
    .as("r");
  const rows = await db
    .selectFrom(reached)
    .select((eb) => ["r.reached", eb.fn.countAll<number>().as("n")])
    .groupBy("r.reached")
    .execute();
  return new Map(rows.map((r) => [Number(r.reached), Number(r.n)]));
}
