// 评估 use cases: gather the facts from the database, run the pure engine with the active
// policy, store a new version while the cycle is in 评估. Page view models are in
// evaluation-pages.server.ts; the demo evaluations are seeded by db/seed-evaluations.ts.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findCurrentCycle } from "../../db/repositories/cycles";
import {
  type EvaluationCandidate,
  findLatestEvaluationOfCycle,
  insertEvaluation,
  readEvaluationInputs,
} from "../../db/repositories/evaluations";
import type { Database } from "../../db/schema";
import { type EvaluationResult, evaluateSelfContained } from "../../workflows/evaluation";
import { DOMAINS } from "../../workflows/glossary";
import { singleRule } from "../../workflows/policy/profile";
import { diffEvaluations, type EvaluationDiff } from "./evaluation-diff";
import { type ActivePolicy, loadActivePolicy } from "./policy.server";
import { authorize, type Change, communityPlace, type Outcome, refuse, requireStage, runUseCase } from "./use-case.server";

/** A community's facts and result: the input is self-contained (neighbours' shared facilities listed). */
export type PreparedEvaluation = EvaluationCandidate & { result: EvaluationResult };

/**
 * Evaluates the listed communities with the given policy. Neighbours: the other listed
 * communities and, unless `outsideNeighbours` is false, the operating facilities of any
 * community within reach (read by bounding box; the engine's grid does the exact search).
 */
export async function evaluateCommunities(
  db: Kysely<Database>,
  codes: readonly string[],
  policy: ActivePolicy,
  options: { outsideNeighbours?: boolean; includeUnverified?: boolean } = {},
): Promise<PreparedEvaluation[]> {
  const walkingDistanceM = singleRule(policy.effective, "service_circle").settings.walkingDistanceM.value;
  const { rows, pool } = await readEvaluationInputs(db, codes, {
    walkingDistanceM,
    outsideNeighbours: options.outsideNeighbours,
    includeUnverified: options.includeUnverified,
  });
  return evaluateSelfContained(rows, policy.effective, pool);
}

/**
 * Runs the evaluation of a community and stores it as the next version of its current
 * cycle's evaluation: only while the cycle is in 评估. One transaction with the audit row.
 * Verified answers only, unless the worker gives a reason to count 未核验 ones too (issue 16):
 * the reason is kept with the version, audited and printed on the report.
 */
export function runEvaluation(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; unverifiedReason?: string | null },
): Promise<Outcome<{ evaluationId: string; version: number; diff: EvaluationDiff | null }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "run:evaluation", await communityPlace(trx, input.communityCode));
    const cycle = await findCurrentCycle(trx, input.communityCode);
    if (!cycle) refuse(404, "该社区还没有体检周期。");
    requireStage(cycle.stage, "save:evaluation");
    const policy = await loadActivePolicy(trx);
    const unverifiedReason = input.unverifiedReason?.trim() || null;
    const [prepared] = await evaluateCommunities(trx, [input.communityCode], policy, { includeUnverified: unverifiedReason !== null });
    const previous = await findLatestEvaluationOfCycle(trx, cycle.id);
    const saved = await saveEvaluation(trx, change, prepared, policy, unverifiedReason);
    return {
      evaluationId: saved.id,
      version: saved.version,
      diff: previous ? diffEvaluations(previous.result, prepared.result) : null,
    };
  });
}

/**
 * Stores a prepared evaluation with its audit row: the write step of runEvaluation and of a
 * batch's chunk. Call inside their transaction, after checking the stage.
 */
export async function saveEvaluation(
  trx: Kysely<Database>,
  change: Change,
  prepared: PreparedEvaluation,
  policy: ActivePolicy,
  unverifiedReason: string | null = null,
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
    createdBy: change.actor.id,
    unverifiedReason,
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
      answers: unverifiedReason === null ? "verified" : "verified+unverified",
      unverifiedReason,
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

export function versionLabel(e: { cycleYear: number; cycleRound: number; version: number }): string {
  return `${e.cycleYear} 年第 ${e.cycleRound} 轮 · 第 ${e.version} 版`;
}
