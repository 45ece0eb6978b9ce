// Reference data, and in demo mode the demo city. Idempotent: each step runs only while its
// table is empty. In production (db/app-mode.ts) only the reference data is loaded: divisions,
// each community's first round in 准备, the policy profiles; never a demo account or figure.
import { hash } from "@node-rs/argon2";
import type { Kysely } from "kysely";
import { seedDemoEvaluations } from "./seed-evaluations";
import { seedDemoSurveys } from "./seed-surveys";
import { seedDemoGapLists } from "./seed-gap-lists";
import { seedDemoProjects } from "./seed-projects";
import { seedPolicyProfiles } from "./seed-policy";
import { cycleAt, type CycleContext, DEFAULT_MIN_RESPONSE_RATE, persistCycle } from "../workflows/community-cycle";
import type { Stage } from "../workflows/glossary";
import { type AppMode, appModeFromEnv } from "./app-mode";
import { DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
import { DEMO_YEAR, demoCyclePlan, generateDemoData } from "./demo-data";
import { insertInChunks } from "./repositories/chunks";
import { cycleRow } from "./repositories/cycles";
import { communityFigureColumns } from "./repositories/places";
import { newId } from "./ids";
import { now, nowIso, yearInHangzhou } from "./clock";
import { type DivisionRow, planScopeDivisions } from "./reference";
import type { Database, NewFacilityRow, NewNeighbourhood, NewUser } from "./schema";

export { DEMO_PASSWORD, DEMO_USERS } from "./demo-accounts";
export { insertInChunks } from "./repositories/chunks";

export interface SeedSummary {
  /** Names of the steps that loaded data in this run; empty when everything was there. */
  loaded: string[];
  districts: number;
  streets: number;
  communities: number;
  neighbourhoods: number;
  facilities: number;
}

async function isEmpty(db: Kysely<Database>, table: keyof Database & string): Promise<boolean> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * Each step loads its part only when its table is empty, so a database seeded by an
 * older version gains the newer demo data and a used database is never overwritten.
 */
export async function seedDatabase(
  db: Kysely<Database>,
  rows: DivisionRow[] = planScopeDivisions(),
  options: { mode?: AppMode } = {},
): Promise<SeedSummary> {
  const mode = options.mode ?? appModeFromEnv();
  const loaded: string[] = [];
  const loadIfEmpty = async (table: keyof Database & string, step: string, load: () => Promise<unknown>) => {
    if (!(await isEmpty(db, table))) return;
    await load();
    loaded.push(step);
  };
  await loadIfEmpty("districts", "places", () => (mode === "demo" ? seedDemoPlaces(db, rows) : seedPlaces(db, rows)));
  // A city seeded for production never gains demo steps, whatever the mode of a later run.
  const demo = mode === "demo" && (await holdsDemoCommunities(db));
  await loadIfEmpty("cycles", "cycles", () => seedCycles(db, demo));
  await loadIfEmpty("policy_profiles", "policy", () => seedPolicyProfiles(db));
  if (!demo) return { loaded, ...(await countAll(db)) };
  // Before evaluations: demo evaluations read the demo surveys' demand.
  await loadIfEmpty("surveys", "surveys", () => seedDemoSurveys(db));
  await loadIfEmpty("evaluations", "evaluations", () => seedDemoEvaluations(db));
  await loadIfEmpty("gap_lists", "gap_lists", () => seedDemoGapLists(db));
  await loadIfEmpty("projects", "projects", () => seedDemoProjects(db));
  return { loaded, ...(await countAll(db)) };
}

async function holdsDemoCommunities(db: Kysely<Database>): Promise<boolean> {
  return (await db.selectFrom("communities").select("code").where("is_demo_data", "=", 1).limit(1).executeTakeFirst()) !== undefined;
}

async function insertDivisions(trx: Kysely<Database>, rows: DivisionRow[]): Promise<void> {
  const districts = new Map<string, string>();
  const streets = new Map<string, { district: string; name: string }>();
  for (const row of rows) {
    districts.set(row.districtCode, row.districtName);
    streets.set(row.streetCode, { district: row.districtCode, name: row.streetName });
  }
  await insertInChunks(
    trx,
    "districts",
    [...districts].map(([code, name]) => ({ code, name, in_plan_scope: 1 as const })),
  );
  await insertInChunks(
    trx,
    "streets",
    [...streets].map(([code, s]) => ({ code, district_code: s.district, name: s.name })),
  );
}

/** A community's reference columns (NBS codes and names); its figures come from the seed that calls it. */
function communityReference(row: DivisionRow, now: string) {
  return {
    code: row.communityCode,
    street_code: row.streetCode,
    district_code: row.districtCode,
    name: row.communityName,
    kind: row.kind,
    urban_rural_code: row.urbanRuralCode,
    updated_at: now,
  };
}

/** Production: the divisions with their official codes; every figure 0 until `import-communities`. */
async function seedPlaces(db: Kysely<Database>, rows: DivisionRow[]): Promise<void> {
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await insertDivisions(trx, rows);
    await insertInChunks(
      trx,
      "communities",
      rows.map((row) => ({
        ...communityReference(row, now),
        households: 0,
        population: 0,
        share_60_plus: 0,
        share_0_3: 0,
        share_3_12: 0,
        development_type: "existing" as const,
        is_pilot: 0 as const,
        has_hub: 0 as const,
        lat: 0,
        lng: 0,
        is_demo_data: 0 as const,
      })),
    );
  });
}

async function seedDemoPlaces(db: Kysely<Database>, rows: DivisionRow[]): Promise<void> {
  const now = nowIso();
  const demo = generateDemoData(rows);
  const passwordHash = await hash(DEMO_PASSWORD);

  await db.transaction().execute(async (trx) => {
    await insertDivisions(trx, rows);
    await insertInChunks(
      trx,
      "communities",
      rows.map((row, i) => {
        const c = demo[i].community;
        return {
          ...communityReference(row, now),
          lat: c.lat,
          lng: c.lng,
          ...communityFigureColumns(c),
          is_demo_data: 1,
        };
      }),
    );
    const neighbourhoods: NewNeighbourhood[] = [];
    const facilities: NewFacilityRow[] = [];
    rows.forEach((row, i) => {
      for (const n of demo[i].neighbourhoods) {
        neighbourhoods.push({ id: newId(), community_code: row.communityCode, name: n.name, households: n.households, lat: n.lat, lng: n.lng, is_demo_data: 1 });
      }
      for (const f of demo[i].facilities) {
        facilities.push({
          id: newId(),
          community_code: row.communityCode,
          name: f.name,
          domain: f.domain,
          functions: JSON.stringify(f.functions),
          area_m2: f.areaM2,
          office_area_m2: f.officeAreaM2,
          status: f.status,
          lat: f.lat,
          lng: f.lng,
          operator: f.operator,
          operating_model: f.operatingModel,
          pricing: f.pricing,
          service_level: f.serviceLevel,
          hub_part: f.hubPart ? 1 : 0,
          is_demo_data: 1,
          created_at: now,
          updated_at: now,
        });
      }
    });
    await insertInChunks(trx, "neighbourhoods", neighbourhoods);
    await insertInChunks(trx, "facilities", facilities);
    const users: NewUser[] = DEMO_USERS.map((u) => ({
      id: newId(),
      username: u.username,
      display_name: u.displayName,
      password_hash: passwordHash,
      role: u.role,
      scope_code: u.scopeCode,
      active: 1,
      created_at: now,
    }));
    await insertInChunks(trx, "users", users);
  });
}

/** Demo: each community somewhere along its first round (db/demo-data.ts). Production: round 1 in 准备. */
async function seedCycles(db: Kysely<Database>, demo: boolean): Promise<void> {
  const communities = await db.selectFrom("communities").select(["code", "street_code"]).orderBy("code").execute();
  const today = now().getTime();
  const firstRound = { stage: "preparing" as Stage, daysInStage: 0, previousRounds: 0 };
  const baseYear = demo ? DEMO_YEAR : yearInHangzhou();
  const rows = communities.flatMap((c) => {
    const plan = demo ? demoCyclePlan(c.code) : firstRound;
    // Earlier rounds: last year's closed round of the scenario community and of DEMO_PREVIOUS_ROUND.
    const rounds = Array.from({ length: plan.previousRounds + 1 }, (_, i) => i + 1);
    return rounds.map((round) => {
      const current = round === rounds.length;
      const year = baseYear - (rounds.length - round);
      const stage = current ? plan.stage : "closed";
      const context: CycleContext = {
        communityCode: c.code,
        streetCode: c.street_code,
        year,
        round,
        minResponseRate: DEFAULT_MIN_RESPONSE_RATE,
        responseOverride: null,
        reviewComment: null,
        noGapReason: null,
        carriedOver: [],
      };
      const stored = persistCycle(cycleAt(stage, context));
      return cycleRow({
        communityCode: c.code,
        year,
        round,
        machineVersion: stored.machineVersion,
        snapshot: stored.snapshot,
        stage,
        stageEnteredAt: new Date(today - (current ? plan.daysInStage : 300) * 86_400_000).toISOString(),
        isDemoData: demo,
      });
    });
  });
  await db.transaction().execute((trx) => insertInChunks(trx, "cycles", rows));
}

async function countAll(db: Kysely<Database>): Promise<Omit<SeedSummary, "loaded">> {
  const count = async (table: "districts" | "streets" | "communities" | "neighbourhoods" | "facilities") =>
    Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n);
  return {
    districts: await count("districts"),
    streets: await count("streets"),
    communities: await count("communities"),
    neighbourhoods: await count("neighbourhoods"),
    facilities: await count("facilities"),
  };
}
