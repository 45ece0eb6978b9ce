// Seed step: demo communities in 街道审核 get a submitted 查漏补缺 list, those past it an
// approved one, generated from their stored evaluation (演示数据), so reviewers and
// dashboards have real lists to open.
import type { Kysely } from "kysely";
import { storeDemoGapLists } from "../app/lib/gap-lists.server";
import type { Database } from "./schema";

export function seedDemoGapLists(db: Kysely<Database>): Promise<number> {
  return storeDemoGapLists(db);
}
