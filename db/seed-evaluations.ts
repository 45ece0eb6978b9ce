// Seed step: demo communities whose cycle is past 评估 get a saved evaluation (演示数据), so
// the gap list and dashboards have something to show. The engine runs once for the city.
import type { Kysely } from "kysely";
import { storeDemoEvaluations } from "../app/lib/evaluations.server";
import type { Database } from "./schema";

export function seedDemoEvaluations(db: Kysely<Database>): Promise<number> {
  return storeDemoEvaluations(db);
}
