// Seed step: demo communities whose cycle is past 评估 get the evaluation they would have
// saved then (演示数据), so the gap list and dashboards have something to show. The engine
// runs once for the city (neighbours included), with the policy the app would use.
import type { Kysely } from "kysely";
import { evaluateSelfContained } from "../workflows/evaluation";
import { STAGES } from "../workflows/glossary";
import { loadBuiltInProfile, PolicyProfileSchema, singleRule } from "../workflows/policy/profile";
import { resolvePolicy } from "../workflows/policy/settings";
import { domainRows, evaluationRow, readEvaluationInputs } from "./repositories/evaluations";
import { findActiveProfile, listSettingOverrides } from "./repositories/policy";
import { now } from "./clock";
import { newId } from "./ids";
import type { Database } from "./schema";

export async function seedDemoEvaluations(db: Kysely<Database>): Promise<number> {
  const pastEvaluating = new Set(STAGES.slice(STAGES.indexOf("evaluating") + 1));
  const active = await findActiveProfile(db);
  const base = active ? PolicyProfileSchema.parse(active.data) : loadBuiltInProfile();
  const overrides = Object.fromEntries((await listSettingOverrides(db, base.id)).map((o) => [o.key, o.value]));
  const policy = resolvePolicy(base, overrides, active !== null);

  const codes = (await db.selectFrom("communities").select("code").orderBy("code").execute()).map((c) => c.code);
  const walkingDistanceM = singleRule(policy.effective, "service_circle").settings.walkingDistanceM.value;
  const { rows } = await readEvaluationInputs(db, codes, { walkingDistanceM, outsideNeighbours: false });
  const chosen = evaluateSelfContained(rows, policy.effective).filter((p) => p.cycle && pastEvaluating.has(p.cycle.stage));
  // Saved the day before the round left 评估, as far as the demo knows: the day before its current stage began.
  const entered = new Map(
    (await db.selectFrom("cycles").select(["id", "stage_entered_at"]).where("stage", "in", [...pastEvaluating]).execute()).map((y) => [y.id, y.stage_entered_at]),
  );
  const createdAt = (cycleId: string) => new Date(new Date(entered.get(cycleId) ?? now()).getTime() - 86_400_000).toISOString();
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
