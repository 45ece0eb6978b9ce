// 评估 use-cases: gather the facts from the database, run the pure engine with the active
// policy, store a new version while the cycle is in 评估. Functions take `db` first so a
// transaction, a test database, the seed or the CLI can pass theirs.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import {
  type CommunityFactsRow,
  domainRows,
  evaluationRow,
  findEvaluation,
  insertEvaluation,
  listEvaluations,
  readEvaluationFacts,
  type StoredEvaluation,
  type TallyFact,
} from "../../db/repositories/evaluations";
import { newId } from "../../db/ids";
import type { Database } from "../../db/schema";
import {
  type EvaluationInput,
  type EvaluationResult,
  evaluateBatch,
  type FacilityFacts,
  type SurveyFacts,
} from "../../workflows/evaluation";
import { DOMAINS, type Stage, STAGE_LABELS, STAGES } from "../../workflows/glossary";
import { singleRule } from "../../workflows/policy/profile";
import { demandFromTallies, demandKey, RESPONDENTS_KEY, satisfactionKey } from "../../workflows/surveys/tallies";
import { diffEvaluations, type EvaluationDiff } from "./evaluation-diff";
import type { Actor } from "../../workflows/permissions";
import { type ActivePolicy, loadActivePolicy, loadProfileVersion } from "./policy.server";
import { formatSettingValue, listSettings } from "./policy-settings";

/** The only survey_tallies rows the evaluation reads: respondents and the derived measures. */
export const EVALUATION_TALLY_QUESTIONS: readonly string[] = [
  RESPONDENTS_KEY,
  ...DOMAINS.flatMap((d) => [demandKey(d), satisfactionKey(d)]),
];

/**
 * The survey figures the engine reads, from the stored totals (never the raw answers):
 * demandFromTallies gives the mean household demand and satisfaction per domain. The
 * evidence names the tally measures behind each figure.
 */
export function surveyFactsFromTallies(tallies: readonly TallyFact[]): SurveyFacts | undefined {
  if (!tallies.length) return undefined;
  const demand = demandFromTallies(tallies);
  if (demand.respondents <= 0) return undefined;
  const domains: SurveyFacts["domains"] = {};
  for (const domain of DOMAINS) {
    const figures = demand.domains[domain];
    if (figures.demandIndex === null) continue;
    const satisfaction = figures.satisfaction === null ? undefined : Math.min(5, Math.max(1, figures.satisfaction));
    domains[domain] = {
      demandIndex: Math.min(1, Math.max(0, figures.demandIndex)),
      ...(satisfaction === undefined ? {} : { satisfaction }),
      questions: satisfaction === undefined ? [demandKey(domain)] : [demandKey(domain), satisfactionKey(domain)],
    };
  }
  return { respondents: demand.respondents, domains };
}

function toInput(row: CommunityFactsRow): EvaluationInput {
  const survey = surveyFactsFromTallies(row.tallies);
  return {
    community: row.community,
    ...(row.neighbourhoods.length ? { neighbourhoods: row.neighbourhoods } : {}),
    facilities: row.facilities,
    ...(survey ? { survey } : {}),
  };
}

export interface PreparedEvaluation {
  communityCode: string;
  cycle: { id: string; stage: Stage } | null;
  /**
   * The facts used, self-contained: the neighbours' facilities the engine found within
   * walking distance are listed as shared (跨社区共享), so evaluating this input alone
   * reproduces the result (and it passes the evaluation contract).
   */
  input: EvaluationInput;
  result: EvaluationResult;
  isDemoData: boolean;
}

/**
 * Evaluates the listed communities with the given policy. Neighbours: the other listed
 * communities and, unless `outsideNeighbours` is false, the operating facilities of any
 * community within reach (read by bounding box; the engine's grid does the exact search).
 */
export async function evaluateCommunities(
  db: Kysely<Database>,
  codes: readonly string[],
  policy: ActivePolicy,
  options: { outsideNeighbours?: boolean } = {},
): Promise<PreparedEvaluation[]> {
  const walkingDistanceM = singleRule(policy.effective, "service_circle").settings.walkingDistanceM.value;
  const { rows, pool } = await readEvaluationFacts(db, codes, {
    walkingDistanceM,
    outsideNeighbours: options.outsideNeighbours,
    tallyQuestions: EVALUATION_TALLY_QUESTIONS,
  });
  const inputs = rows.map(toInput);
  const results = evaluateBatch(inputs, policy.effective, { neighbourPool: pool });

  // Every facility the engine could offer as a neighbour, in its own order, as a neighbour sees it.
  const offered = new Map<string, FacilityFacts>();
  const offer = (f: FacilityFacts, communityName: string) => {
    if (f.id === undefined || f.shared || f.status !== "operating" || f.lat === undefined || f.lng === undefined) return;
    offered.set(f.id, {
      id: f.id,
      name: f.name,
      domain: f.domain,
      // Functions and office area never count for a neighbour's facility: left out of the record.
      areaM2: f.areaM2,
      status: "operating",
      shared: true,
      sharedFrom: communityName,
      lat: f.lat,
      lng: f.lng,
    });
  };
  for (const input of inputs) for (const f of input.facilities) offer(f, input.community.name);
  for (const f of pool) offer(f, f.communityName ?? f.communityCode);
  const order = new Map([...offered.keys()].map((id, i) => [id, i]));

  return rows.map((row, i) => {
    const input = inputs[i];
    const result = results[i];
    const own = new Set(input.facilities.map((f) => f.id));
    const shared = new Set<string>();
    for (const finding of result.findings) {
      if (finding.rule !== "CIRCLE_15MIN") continue;
      for (const ref of finding.evidence.facilities ?? []) if (!own.has(ref) && offered.has(ref)) shared.add(ref);
    }
    const neighbours = [...shared].sort((a, b) => order.get(a)! - order.get(b)!).map((id) => offered.get(id)!);
    return {
      communityCode: row.community.code,
      cycle: row.cycle,
      input: neighbours.length ? { ...input, facilities: [...input.facilities, ...neighbours] } : input,
      result,
      isDemoData: row.isDemoData,
    };
  });
}

const EVALUATING_INDEX = STAGES.indexOf("evaluating");

/** Why a new version cannot be saved in this stage (null in 评估). */
export function saveRefusal(stage: Stage): string | null {
  if (stage === "evaluating") return null;
  if (STAGES.indexOf(stage) < EVALUATING_INDEX) {
    return `本轮尚未进入“评估”阶段（当前为“${STAGE_LABELS[stage]}”），评估结果暂不能保存；可以先试算，结果不保存。`;
  }
  return `评估已随流程锁定：本轮已进入“${STAGE_LABELS[stage]}”阶段，已保存的评估不能再改，只能查看。`;
}

export type RunEvaluationResult =
  | { ok: true; evaluationId: string; version: number; diff: EvaluationDiff | null }
  | { ok: false; status: 404 | 409; message: string };

/**
 * Runs the evaluation of a community and stores it as the next version of its current
 * cycle's evaluation: only while the cycle is in 评估. One transaction with the audit row.
 */
export function runEvaluation(
  db: Kysely<Database>,
  change: { communityCode: string; actor: Actor | null; ip: string | null },
): Promise<RunEvaluationResult> {
  return db.transaction().execute(async (trx) => {
    const policy = await loadActivePolicy(trx);
    const [prepared] = await evaluateCommunities(trx, [change.communityCode], policy);
    if (!prepared) return { ok: false as const, status: 404 as const, message: "找不到该社区/村。" };
    if (!prepared.cycle) return { ok: false as const, status: 404 as const, message: "该社区还没有体检周期。" };
    const refusal = saveRefusal(prepared.cycle.stage);
    if (refusal) return { ok: false as const, status: 409 as const, message: refusal };
    const previous = (await listEvaluations(trx, change.communityCode)).find((e) => e.cycleId === prepared.cycle!.id);
    const previousResult = previous ? (await findEvaluation(trx, previous.id))?.result : undefined;
    const saved = await saveEvaluation(trx, prepared, policy, change);
    return {
      ok: true as const,
      evaluationId: saved.id,
      version: saved.version,
      diff: previousResult ? diffEvaluations(previousResult, prepared.result) : null,
    };
  });
}

/** Stores a prepared evaluation with its audit row. Call inside a transaction, after checking the stage. */
export async function saveEvaluation(
  trx: Kysely<Database>,
  prepared: PreparedEvaluation,
  policy: ActivePolicy,
  change: { actor: Actor | null; ip: string | null },
): Promise<{ id: string; version: number }> {
  if (!prepared.cycle) throw new Error(`community ${prepared.communityCode} has no cycle`);
  const saved = await insertEvaluation(trx, {
    cycleId: prepared.cycle.id,
    communityCode: prepared.communityCode,
    profileId: policy.effective.id,
    profileVersion: policy.effective.version,
    settings: policy.applied,
    input: prepared.input,
    result: prepared.result,
    isDemoData: prepared.isDemoData,
    createdBy: change.actor?.id ?? null,
  });
  await writeAudit(trx, {
    actor: change.actor,
    action: "evaluation.save",
    entityType: "evaluation",
    entityId: saved.id,
    after: {
      communityCode: prepared.communityCode,
      cycleId: prepared.cycle.id,
      version: saved.version,
      policy: `${policy.effective.id}@${policy.effective.version}`,
      settings: policy.applied,
      score: prepared.result.summary.score,
      domains: Object.fromEntries(DOMAINS.map((d) => [d, prepared.result.domains[d].status])),
    },
    ip: change.ip,
  });
  return saved;
}

/** Evaluates without saving (试算), in any stage. */
export async function previewEvaluation(db: Kysely<Database>, communityCode: string): Promise<PreparedEvaluation | null> {
  const policy = await loadActivePolicy(db);
  const [prepared] = await evaluateCommunities(db, [communityCode], policy);
  return prepared ?? null;
}

export interface EvaluationView {
  evaluation: StoredEvaluation;
  /** The version before it (same community), for "what changed". */
  previous: { id: string; label: string } | null;
  diff: EvaluationDiff | null;
}

/** One stored evaluation with what changed since the one before it. */
export async function viewEvaluation(db: Kysely<Database>, communityCode: string, evaluationId: string | null): Promise<EvaluationView | null> {
  const all = await listEvaluations(db, communityCode);
  const index = evaluationId ? all.findIndex((e) => e.id === evaluationId) : 0;
  if (index < 0 || !all[index]) return null;
  const evaluation = await findEvaluation(db, all[index].id);
  if (!evaluation) return null;
  const before = all[index + 1];
  const previous = before ? await findEvaluation(db, before.id) : null;
  return {
    evaluation,
    previous: before ? { id: before.id, label: versionLabel(before) } : null,
    diff: previous ? diffEvaluations(previous.result, evaluation.result) : null,
  };
}

export function versionLabel(e: { cycleYear: number; cycleRound: number; version: number }): string {
  return `${e.cycleYear} 年第 ${e.cycleRound} 轮 · 第 ${e.version} 版`;
}

/**
 * Seed step: communities whose current cycle is past 评估 get the evaluation they would have
 * saved then, marked as demo data. One batch for the whole city (neighbours included).
 */
export async function storeDemoEvaluations(db: Kysely<Database>): Promise<number> {
  const pastEvaluating = new Set(STAGES.slice(EVALUATING_INDEX + 1));
  const codes = (await db.selectFrom("communities").select("code").orderBy("code").execute()).map((c) => c.code);
  const policy = await loadActivePolicy(db);
  const prepared = await evaluateCommunities(db, codes, policy, { outsideNeighbours: false });
  const chosen = prepared.filter((p) => p.cycle && pastEvaluating.has(p.cycle.stage));
  // Saved the day before the round left 评估, as far as the demo knows: the day before its current stage began.
  const entered = new Map(
    (await db.selectFrom("cycles").select(["id", "stage_entered_at"]).where("stage", "in", [...pastEvaluating]).execute()).map((y) => [y.id, y.stage_entered_at]),
  );
  const createdAt = (cycleId: string) => new Date(new Date(entered.get(cycleId) ?? Date.now()).getTime() - 86_400_000).toISOString();
  const evaluations = chosen.map((p) => ({
    id: newId(),
    row: {
      cycleId: p.cycle!.id,
      communityCode: p.communityCode,
      profileId: policy.effective.id,
      profileVersion: policy.effective.version,
      settings: policy.applied,
      input: p.input,
      result: p.result,
      isDemoData: true,
      createdBy: null,
      createdAt: createdAt(p.cycle!.id),
    },
  }));
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < evaluations.length; i += 100) {
      const part = evaluations.slice(i, i + 100);
      await trx
        .insertInto("evaluations")
        .values(part.map((e) => evaluationRow(e.row, e.id, 1)))
        .execute();
      await trx
        .insertInto("evaluation_domains")
        .values(part.flatMap((e) => domainRows(e.id, e.row.result)))
        .execute();
    }
  });
  return evaluations.length;
}

/** Facility names for the evidence: own facilities by id, neighbours' with their community. */
export function facilityNames(input: EvaluationInput): Record<string, string> {
  const names: Record<string, string> = {};
  for (const f of input.facilities) {
    if (f.id) names[f.id] = f.shared && f.sharedFrom ? `${f.name}（${f.sharedFrom}）` : f.name;
  }
  return names;
}

export interface EvaluationPage {
  versions: { id: string; label: string; createdAt: string; createdByName: string | null; cycleId: string }[];
  selected: {
    id: string;
    label: string;
    cycleId: string;
    createdAt: string;
    createdByName: string | null;
    isDemoData: boolean;
    result: EvaluationResult;
    previousResult: EvaluationResult | null;
    previousLabel: string | null;
    diff: EvaluationDiff | null;
    names: Record<string, string>;
    respondents: number | null;
    policy: { id: string; version: number; title: string; number: string } | null;
    /** The [默认值] overrides this version ran with, in words. */
    settings: { label: string; value: string }[];
  } | null;
}

/** Everything the evaluation tab and the printable report show; `versionId` null: the newest. */
export async function loadEvaluationPage(db: Kysely<Database>, communityCode: string, versionId: string | null): Promise<EvaluationPage | null> {
  const versions = await listEvaluations(db, communityCode);
  const list = versions.map((v) => ({ id: v.id, label: versionLabel(v), createdAt: v.createdAt, createdByName: v.createdByName, cycleId: v.cycleId }));
  if (!versions.length) return versionId ? null : { versions: list, selected: null };
  const view = await viewEvaluation(db, communityCode, versionId);
  if (!view) return null;
  const e = view.evaluation;
  const previous = view.previous ? await findEvaluation(db, view.previous.id) : null;
  const profile = await loadProfileVersion(db, e.profileId, e.profileVersion);
  const entries = profile ? listSettings(profile) : [];
  const settings = Object.entries(e.settings).map(([key, value]) => {
    const entry = entries.find((s) => s.key === key);
    return { label: entry?.label ?? key, value: entry ? formatSettingValue(entry, value) : String(value) };
  });
  return {
    versions: list,
    selected: {
      id: e.id,
      label: versionLabel(e),
      cycleId: e.cycleId,
      createdAt: e.createdAt,
      createdByName: e.createdByName,
      isDemoData: e.isDemoData,
      result: e.result,
      previousResult: previous?.result ?? null,
      previousLabel: view.previous?.label ?? null,
      diff: view.diff,
      names: facilityNames(e.input),
      respondents: e.input.survey?.respondents ?? null,
      policy: profile ? { id: profile.id, version: profile.version, title: profile.document.title, number: profile.document.number } : null,
      settings,
    },
  };
}
