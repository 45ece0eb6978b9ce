// What the round summary reads that no other page does: the round's latest evaluation in
// brief (score, binding failures, each domain's status).
import type { Kysely } from "kysely";
import type { Domain, DomainStatus } from "../../workflows/glossary";
import type { Database } from "../schema";

export interface EvaluationOutcome {
  score: number;
  bindingFailures: number;
  domains: { domain: Domain; status: DomainStatus }[];
}

export async function latestEvaluationOutcome(db: Kysely<Database>, cycleId: string): Promise<EvaluationOutcome | null> {
  const evaluation = await db
    .selectFrom("evaluations")
    .select(["id", "score", "binding_failures"])
    .where("cycle_id", "=", cycleId)
    .orderBy("version", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!evaluation) return null;
  const domains = await db.selectFrom("evaluation_domains").select(["domain", "status"]).where("evaluation_id", "=", evaluation.id).orderBy("domain").execute();
  return { score: evaluation.score, bindingFailures: evaluation.binding_failures, domains: domains.map((d) => ({ domain: d.domain, status: d.status })) };
}
