// Reference + demo data. Idempotent: a database that already holds districts is left alone.
import { hash } from "@node-rs/argon2";
import type { InsertObject, Insertable, Kysely } from "kysely";
import { seedDemoEvaluations } from "./seed-evaluations";
import { seedDemoSurveys } from "./seed-surveys";
import { seedDemoGapLists } from "./seed-gap-lists";
import { seedDemoProjects } from "./seed-projects";
import { seedPolicyProfiles } from "./seed-policy";
import { cycleAt, type CycleContext, DEFAULT_MIN_RESPONSE_RATE, persistCycle } from "../workflows/community-cycle";
import { DEMO_YEAR, demoCyclePlan, generateDemoData } from "./demo-data";
import { cycleRow } from "./repositories/cycles";
import { communityFigureColumns } from "./repositories/places";
import { newId } from "./ids";
import { now, nowIso } from "./clock";
import { type DivisionRow, planScopeDivisions } from "./reference";
import type { Database, NewFacilityRow, NewNeighbourhood, NewUser } from "./schema";

export const DEMO_PASSWORD = "hz-demo-2026";

export const DEMO_USERS = [
  { username: "wang.laoshi", displayName: "王老师", role: "community_worker", scopeCode: "330102001051", scopeName: "上城区 清波街道 清波门社区" },
  { username: "chen.kezhang", displayName: "陈科长", role: "street_reviewer", scopeCode: "330102001", scopeName: "上城区 清波街道" },
  { username: "shangcheng.admin", displayName: "上城区管理员", role: "district_admin", scopeCode: "330102", scopeName: "上城区" },
  { username: "city.admin", displayName: "市级管理员", role: "city_admin", scopeCode: null, scopeName: "杭州市" },
] as const;

export interface SeedSummary {
  /** Names of the steps that loaded data in this run; empty when everything was there. */
  loaded: string[];
  districts: number;
  streets: number;
  communities: number;
  neighbourhoods: number;
  facilities: number;
}

/** Multi-row inserts in chunks keep the statement under SQLite's and PostgreSQL's parameter limits. */
export async function insertInChunks<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
  chunkSize = 200,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunkSize) as InsertObject<Database, T>[])
      .execute();
  }
}

async function isEmpty(db: Kysely<Database>, table: keyof Database & string): Promise<boolean> {
  const row = await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * Each step loads its part only when its table is empty, so a database seeded by an
 * older version gains the newer demo data and a used database is never overwritten.
 */
export async function seedDatabase(db: Kysely<Database>, rows: DivisionRow[] = planScopeDivisions()): Promise<SeedSummary> {
  const loaded: string[] = [];
  if (await isEmpty(db, "districts")) {
    await seedPlaces(db, rows);
    loaded.push("places");
  }
  if (await isEmpty(db, "cycles")) {
    await seedDemoCycles(db);
    loaded.push("cycles");
  }
  // Before evaluations: demo evaluations read the demo surveys' demand.
  if (await isEmpty(db, "surveys")) {
    await seedDemoSurveys(db);
    loaded.push("surveys");
  }
  if (await isEmpty(db, "policy_profiles")) {
    await seedPolicyProfiles(db);
    loaded.push("policy");
  }
  if (await isEmpty(db, "evaluations")) {
    await seedDemoEvaluations(db);
    loaded.push("evaluations");
  }
  if (await isEmpty(db, "gap_lists")) {
    await seedDemoGapLists(db);
    loaded.push("gap_lists");
  }
  if (await isEmpty(db, "projects")) {
    await seedDemoProjects(db);
    loaded.push("projects");
  }
  return { loaded, ...(await countAll(db)) };
}

async function seedPlaces(db: Kysely<Database>, rows: DivisionRow[]): Promise<void> {
  const now = nowIso();
  const demo = generateDemoData(rows);
  const passwordHash = await hash(DEMO_PASSWORD);

  await db.transaction().execute(async (trx) => {
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
    await insertInChunks(
      trx,
      "communities",
      rows.map((row, i) => {
        const c = demo[i].community;
        return {
          code: row.communityCode,
          street_code: row.streetCode,
          district_code: row.districtCode,
          name: row.communityName,
          kind: row.kind,
          urban_rural_code: row.urbanRuralCode,
          lat: c.lat,
          lng: c.lng,
          ...communityFigureColumns(c),
          is_demo_data: 1,
          updated_at: now,
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

async function seedDemoCycles(db: Kysely<Database>): Promise<void> {
  const communities = await db.selectFrom("communities").select(["code", "street_code"]).orderBy("code").execute();
  const today = now().getTime();
  const rows = communities.flatMap((c) => {
    const plan = demoCyclePlan(c.code);
    // Earlier rounds (only the scenario community has one: last year's closed round).
    const rounds = Array.from({ length: plan.previousRounds + 1 }, (_, i) => i + 1);
    return rounds.map((round) => {
      const current = round === rounds.length;
      const year = DEMO_YEAR - (rounds.length - round);
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
        isDemoData: true,
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
