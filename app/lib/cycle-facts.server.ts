import type { Kysely } from "kysely";
import type { Cycle } from "../../db/repositories/cycles";
import type { Database } from "../../db/schema";
import type { CycleFacts } from "../../workflows/communityCycle";

/**
 * The facts the cycle's guards need, read in the caller's transaction. Each stage's
 * feature owns its figures: surveys (response rate), evaluations, the gap list, projects.
 */
export async function gatherCycleFacts(db: Kysely<Database>, cycle: Cycle): Promise<CycleFacts> {
  void db;
  void cycle;
  return {
    surveyPublished: false,
    responseRate: 0,
    evaluationSaved: false,
    itemCount: 0,
    undecidedItems: 0,
    projectCount: 0,
    unfinishedProjects: 0,
    unresolvedItems: 0,
  };
}
