import type { Kysely } from "kysely";
import type {
  CommunityFacts,
  EvaluationInput,
  EvaluationResult,
  FacilityFacts,
  NeighbourFacility,
  NeighbourhoodFacts,
} from "../../workflows/evaluation";
import { EVALUATION_TALLY_QUESTIONS, evaluationInputOf } from "../../workflows/evaluation-survey";
import { sumTallies, type TallyRow } from "../../workflows/surveys/tallies";
import type { FacilityFunction, Stage } from "../../workflows/glossary";
import { DOMAINS } from "../../workflows/glossary";
import { chunks } from "../chunks";
import { lockKey } from "../dialect";
import { newId } from "../ids";
import { nowIso } from "../clock";
import { camelCased, qualified } from "../rows";
import type { Database, EvaluationRow } from "../schema";

// ---------------------------------------------------------------------------------------
// Facts: what the engine needs, read in a handful of queries for any number of communities

export interface CommunityFactsRow {
  community: CommunityFacts;
  neighbourhoods: NeighbourhoodFacts[];
  facilities: FacilityFacts[];
  /** The community's figures or any of its facilities are generated demo data. */
  isDemoData: boolean;
  /** The current cycle (highest round). */
  cycle: { id: string; stage: Stage } | null;
  /** The current cycle's needs survey (published or closed), if any. */
  surveyId: string | null;
  /** Rows of survey_tallies for that survey, limited to the questions asked for. */
  tallies: TallyRow[];
}

export interface FactsOptions {
  /** Walking distance: how far around the communities to look for neighbours' facilities. */
  walkingDistanceM: number;
  /** Also load operating facilities of communities not in `codes` within reach (default true). */
  outsideNeighbours?: boolean;
  /** survey_tallies questions to read (e.g. the derived demand keys); none: no tallies. */
  tallyQuestions?: readonly string[];
  /** survey_tallies segments to read (default: all households only). */
  tallySegments?: readonly TallyRow["segment"][];
  /** Add the 未核验 answers' totals to the verified ones (a worker's recorded choice; default no). */
  includeUnverified?: boolean;
}

const M_PER_DEGREE = 111_195;

/**
 * Facts for the listed communities, in the order given, plus the pool of other
 * communities' operating facilities inside the bounding box of their 小区 and centroids
 * widened by the walking distance. The engine then finds the exact neighbours (grid +
 * haversine); the box only keeps the read small.
 */
export async function readEvaluationFacts(
  db: Kysely<Database>,
  codes: readonly string[],
  options: FactsOptions,
): Promise<{ rows: CommunityFactsRow[]; pool: NeighbourFacility[] }> {
  const byCode = new Map<string, CommunityFactsRow>();
  for (const part of chunks(codes)) {
    const communities = await db
      .selectFrom("communities")
      .select([
        "code",
        "name",
        "households",
        "share_60_plus",
        "share_0_3",
        "share_3_12",
        "development_type",
        "is_pilot",
        "has_hub",
        "lat",
        "lng",
        "is_demo_data",
      ])
      .where("code", "in", part)
      .execute();
    for (const c of communities) {
      byCode.set(c.code, {
        community: {
          code: c.code,
          name: c.name,
          type: c.development_type === "new" ? "new" : "existing",
          pilot: c.is_pilot === 1,
          // The contract needs ≥ 1; a community imported with 0 would otherwise be refused.
          households: Math.max(1, c.households),
          hasHub: c.has_hub === 1,
          lat: c.lat,
          lng: c.lng,
          share60Plus: c.share_60_plus,
          shareChildren: Math.min(1, c.share_0_3 + c.share_3_12),
        },
        neighbourhoods: [],
        facilities: [],
        isDemoData: c.is_demo_data === 1,
        cycle: null,
        surveyId: null,
        tallies: [],
      });
    }
  }

  const rounds = new Map<string, number>();
  for (const part of chunks(codes)) {
    const [neighbourhoods, facilities, cycles] = await Promise.all([
      db
        .selectFrom("neighbourhoods")
        .select(["id", "community_code", "name", "households", "lat", "lng"])
        .where("community_code", "in", part)
        .orderBy("community_code")
        .orderBy("name")
        .execute(),
      db
        .selectFrom("facilities")
        .select([
          "id",
          "community_code",
          "name",
          "domain",
          "functions",
          "area_m2",
          "office_area_m2",
          "status",
          "hub_part",
          "lat",
          "lng",
          "is_demo_data",
        ])
        .where("community_code", "in", part)
        .orderBy("community_code")
        .orderBy("domain")
        .orderBy("name")
        .execute(),
      db.selectFrom("cycles").select(["id", "community_code", "stage", "round"]).where("community_code", "in", part).execute(),
    ]);
    for (const n of neighbourhoods) {
      byCode.get(n.community_code)?.neighbourhoods.push({ id: n.id, name: n.name, households: n.households, lat: n.lat, lng: n.lng });
    }
    for (const f of facilities) {
      const row = byCode.get(f.community_code);
      if (!row) continue;
      row.facilities.push({
        id: f.id,
        name: f.name,
        domain: f.domain,
        functions: JSON.parse(f.functions) as FacilityFunction[],
        areaM2: f.area_m2,
        officeAreaM2: f.office_area_m2,
        status: f.status,
        hubPart: f.hub_part === 1,
        lat: f.lat,
        lng: f.lng,
      });
      if (f.is_demo_data === 1) row.isDemoData = true;
    }
    for (const y of cycles) {
      const row = byCode.get(y.community_code);
      if (!row || (rounds.get(y.community_code) ?? -1) > y.round) continue;
      rounds.set(y.community_code, y.round);
      row.cycle = { id: y.id, stage: y.stage };
    }
  }

  const questions = options.tallyQuestions ?? [];
  if (questions.length) {
    const byCycle = new Map<string, CommunityFactsRow>();
    for (const row of byCode.values()) if (row.cycle) byCycle.set(row.cycle.id, row);
    const bySurvey = new Map<string, CommunityFactsRow>();
    for (const part of chunks([...byCycle.keys()])) {
      const surveys = await db
        .selectFrom("surveys")
        .select(["id", "cycle_id"])
        .where("cycle_id", "in", part)
        .where("kind", "=", "needs")
        .where("status", "in", ["published", "closed"])
        .orderBy("created_at")
        .execute();
      // The newest needs survey of the cycle counts.
      for (const s of surveys) {
        const row = byCycle.get(s.cycle_id);
        if (row) row.surveyId = s.id;
      }
    }
    for (const row of byCode.values()) if (row.surveyId) bySurvey.set(row.surveyId, row);
    const segments = options.tallySegments ?? ["all"];
    for (const part of chunks([...bySurvey.keys()])) {
      const tallies = await db
        .selectFrom("survey_tallies")
        .select(["survey_id", "question", "option", "segment", "count", "sum"])
        .where("survey_id", "in", part)
        .where("question", "in", [...questions])
        .where("segment", "in", [...segments])
        .where("verified", "in", options.includeUnverified ? [0, 1] : [1])
        .execute();
      for (const t of tallies) {
        bySurvey.get(t.survey_id)?.tallies.push({
          question: t.question,
          option: t.option,
          segment: t.segment,
          count: t.count,
          sum: t.sum,
        });
      }
    }
  }

  if (options.includeUnverified) for (const row of byCode.values()) row.tallies = sumTallies(row.tallies);
  const rows = codes.flatMap((code) => {
    const row = byCode.get(code);
    return row ? [row] : [];
  });
  const pool = options.outsideNeighbours === false ? [] : await readNeighbourPool(db, rows, options.walkingDistanceM);
  return { rows, pool };
}

/** A community to evaluate: the engine's input read from its facts, with its current cycle. */
export interface EvaluationCandidate {
  communityCode: string;
  cycle: { id: string; stage: Stage } | null;
  input: EvaluationInput;
  isDemoData: boolean;
}

/** The engine's input for each listed community (readEvaluationFacts with the survey's demand), in the order given. */
export async function readEvaluationInputs(
  db: Kysely<Database>,
  codes: readonly string[],
  options: Omit<FactsOptions, "tallyQuestions" | "tallySegments">,
): Promise<{ rows: EvaluationCandidate[]; pool: NeighbourFacility[] }> {
  const { rows, pool } = await readEvaluationFacts(db, codes, { ...options, tallyQuestions: EVALUATION_TALLY_QUESTIONS });
  return {
    rows: rows.map((r) => ({ communityCode: r.community.code, cycle: r.cycle, input: evaluationInputOf(r), isDemoData: r.isDemoData })),
    pool,
  };
}

async function readNeighbourPool(db: Kysely<Database>, rows: readonly CommunityFactsRow[], walkingDistanceM: number): Promise<NeighbourFacility[]> {
  if (!rows.length) return [];
  let minLat = Infinity;
  let maxLat = -Infinity;
  let minLng = Infinity;
  let maxLng = -Infinity;
  const extend = (lat: number | undefined, lng: number | undefined) => {
    if (lat === undefined || lng === undefined) return;
    minLat = Math.min(minLat, lat);
    maxLat = Math.max(maxLat, lat);
    minLng = Math.min(minLng, lng);
    maxLng = Math.max(maxLng, lng);
  };
  for (const row of rows) {
    extend(row.community.lat, row.community.lng);
    for (const n of row.neighbourhoods) extend(n.lat, n.lng);
  }
  if (!Number.isFinite(minLat)) return [];
  const dLat = (walkingDistanceM / M_PER_DEGREE) * 1.01;
  const cos = Math.max(0.01, Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180) - 0.01);
  const dLng = (walkingDistanceM / (M_PER_DEGREE * cos)) * 1.01;
  const inside = new Set(rows.map((r) => r.community.code));
  const found = await db
    .selectFrom("facilities as f")
    .innerJoin("communities as c", "c.code", "f.community_code")
    .select(["f.id", "f.community_code", "c.name as community_name", "f.name", "f.domain", "f.functions", "f.area_m2", "f.office_area_m2", "f.lat", "f.lng"])
    .where("f.status", "=", "operating")
    .where("f.lat", ">=", minLat - dLat)
    .where("f.lat", "<=", maxLat + dLat)
    .where("f.lng", ">=", minLng - dLng)
    .where("f.lng", "<=", maxLng + dLng)
    .orderBy("f.community_code")
    .orderBy("f.id")
    .execute();
  const pool: NeighbourFacility[] = [];
  for (const f of found) {
    if (inside.has(f.community_code)) continue;
    pool.push({
      id: f.id,
      communityCode: f.community_code,
      communityName: f.community_name,
      name: f.name,
      domain: f.domain,
      functions: JSON.parse(f.functions) as FacilityFunction[],
      areaM2: f.area_m2,
      officeAreaM2: f.office_area_m2,
      status: "operating",
      lat: f.lat,
      lng: f.lng,
    });
  }
  return pool;
}

// ---------------------------------------------------------------------------------------
// Stored evaluations

export interface EvaluationSummary {
  id: string;
  cycleId: string;
  cycleYear: number;
  cycleRound: number;
  communityCode: string;
  version: number;
  profileId: string;
  profileVersion: number;
  settings: Record<string, number | boolean>;
  score: number;
  bindingFailures: number;
  isLatest: boolean;
  isDemoData: boolean;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  /** Why 未核验 answers were counted in; null when the evaluation used verified answers only. */
  unverifiedReason: string | null;
}

export interface StoredEvaluation extends EvaluationSummary {
  input: EvaluationInput;
  result: EvaluationResult;
}

/** The evaluations columns a summary carries: selected and mapped from this one list. */
const SUMMARY_COLUMNS = [
  "id",
  "cycle_id",
  "community_code",
  "version",
  "profile_id",
  "profile_version",
  "settings",
  "score",
  "binding_failures",
  "is_latest",
  "is_demo_data",
  "created_by",
  "created_at",
  "unverified_reason",
] as const;

type SummaryRow = Pick<EvaluationRow, (typeof SUMMARY_COLUMNS)[number]> & { year: number; round: number; display_name: string | null };

function toSummary(row: SummaryRow): EvaluationSummary {
  return {
    ...camelCased(row, SUMMARY_COLUMNS),
    cycleYear: row.year,
    cycleRound: row.round,
    settings: JSON.parse(row.settings) as Record<string, number | boolean>,
    isLatest: row.is_latest === 1,
    isDemoData: row.is_demo_data === 1,
    createdByName: row.display_name,
  };
}

function summaryQuery(db: Kysely<Database>) {
  return db
    .selectFrom("evaluations as e")
    .innerJoin("cycles as y", "y.id", "e.cycle_id")
    .leftJoin("users as u", "u.id", "e.created_by")
    .select([...qualified("e", SUMMARY_COLUMNS), "y.year", "y.round", "u.display_name"]);
}

/** Every evaluation of a community, newest first (all cycles). */
export async function listEvaluations(db: Kysely<Database>, communityCode: string): Promise<EvaluationSummary[]> {
  const rows = await summaryQuery(db)
    .where("e.community_code", "=", communityCode)
    .orderBy("y.round", "desc")
    .orderBy("e.version", "desc")
    .execute();
  return rows.map(toSummary);
}

function toStored(row: SummaryRow & Pick<EvaluationRow, "input" | "result">): StoredEvaluation {
  return { ...toSummary(row), input: JSON.parse(row.input) as EvaluationInput, result: JSON.parse(row.result) as EvaluationResult };
}

export async function findEvaluation(db: Kysely<Database>, id: string): Promise<StoredEvaluation | null> {
  const row = await summaryQuery(db).select(["e.input", "e.result"]).where("e.id", "=", id).executeTakeFirst();
  return row ? toStored(row) : null;
}

/** The latest saved evaluation of a cycle (its highest version), or null before one is saved. */
export async function findLatestEvaluationOfCycle(db: Kysely<Database>, cycleId: string): Promise<StoredEvaluation | null> {
  const row = await summaryQuery(db).select(["e.input", "e.result"]).where("e.cycle_id", "=", cycleId).orderBy("e.version", "desc").limit(1).executeTakeFirst();
  return row ? toStored(row) : null;
}

export async function countEvaluationsOfCycle(db: Kysely<Database>, cycleId: string): Promise<number> {
  const row = await db
    .selectFrom("evaluations")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("cycle_id", "=", cycleId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export interface NewEvaluation {
  cycleId: string;
  communityCode: string;
  profileId: string;
  profileVersion: number;
  settings: Record<string, number | boolean>;
  input: EvaluationInput;
  result: EvaluationResult;
  isDemoData: boolean;
  createdBy: string | null;
  createdAt?: string;
  unverifiedReason?: string | null;
}

/**
 * Stores the next version of the cycle's evaluation and makes it the community's latest.
 * Call inside the transaction that checked the cycle's stage.
 */
export async function insertEvaluation(db: Kysely<Database>, evaluation: NewEvaluation): Promise<{ id: string; version: number }> {
  // Next version and the one is_latest row per community are read-then-write (ADR 0006).
  await lockKey(db, `evaluation:${evaluation.communityCode}`);
  const last = await db
    .selectFrom("evaluations")
    .select((eb) => eb.fn.max("version").as("version"))
    .where("cycle_id", "=", evaluation.cycleId)
    .executeTakeFirst();
  const version = Number(last?.version ?? 0) + 1;
  const id = newId();
  await db.updateTable("evaluations").set({ is_latest: 0 }).where("community_code", "=", evaluation.communityCode).where("is_latest", "=", 1).execute();
  await db.insertInto("evaluations").values(evaluationRow(evaluation, id, version)).execute();
  await db.insertInto("evaluation_domains").values(domainRows(id, evaluation.result)).execute();
  return { id, version };
}

/** Row values for a new evaluation (also used by the seed's bulk insert). */
export function evaluationRow(evaluation: NewEvaluation, id: string, version: number) {
  return {
    id,
    cycle_id: evaluation.cycleId,
    community_code: evaluation.communityCode,
    version,
    profile_id: evaluation.profileId,
    profile_version: evaluation.profileVersion,
    settings: JSON.stringify(evaluation.settings),
    input: JSON.stringify(evaluation.input),
    result: JSON.stringify(evaluation.result),
    score: evaluation.result.summary.score,
    binding_failures: evaluation.result.summary.findings.bindingFailures,
    is_latest: 1 as const,
    is_demo_data: evaluation.isDemoData ? (1 as const) : (0 as const),
    created_by: evaluation.createdBy,
    created_at: evaluation.createdAt ?? nowIso(),
    unverified_reason: evaluation.unverifiedReason ?? null,
  };
}

export function domainRows(evaluationId: string, result: EvaluationResult) {
  return DOMAINS.map((domain) => ({
    evaluation_id: evaluationId,
    domain,
    status: result.domains[domain].status,
    score: result.domains[domain].score,
    coverage_share: result.domains[domain].coverageShare ?? null,
  }));
}
