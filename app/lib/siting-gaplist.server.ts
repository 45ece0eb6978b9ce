// One click from a 选址推演 result to the community's 查漏补缺 list: the chosen space becomes an
// item (approach from its route, area and cost from its record). One use case, one transaction:
// the space, the list and the new item are read and written together, through the gap list's
// own step (applyAddGapItem: the worker's permission, the stage's edit:gaplist, the version).
import type { Kysely } from "kysely";
import { findIdleSpace } from "../../db/repositories/idle-spaces";
import type { Database } from "../../db/schema";
import { type Domain, FACILITY_FUNCTIONS, FUNCTION_CATALOGUE, SPACE_ROUTE_LABELS } from "../../workflows/glossary";
import { approachOfRoute, spaceCost } from "../../workflows/idle-spaces";
import { applyAddGapItem } from "./gap-lists.server";
import { loadGapListSettings } from "./gap-list-settings.server";
import { authorize, type Change, communityPlace, type Outcome, refuse, runUseCase } from "./use-case.server";

export function addSiteToGapList(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; spaceId: string; domain: Domain; expectedVersion: number },
): Promise<Outcome<{ itemId: string; position: number; name: string }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "edit:gaplist", await communityPlace(trx, input.communityCode));
    const space = await findIdleSpace(trx, input.spaceId);
    if (!space || space.communityCode !== input.communityCode) refuse(404, "找不到该存量空间。");
    const { settings } = await loadGapListSettings(trx);
    const fn = FACILITY_FUNCTIONS.find((f) => FUNCTION_CATALOGUE[f].domain === input.domain)!;
    const added = await applyAddGapItem(trx, change, {
      communityCode: input.communityCode,
      expectedVersion: input.expectedVersion,
      fields: {
        name: null,
        domain: input.domain,
        function: fn,
        approach: approachOfRoute(space.route),
        targetAreaM2: space.areaM2,
        serviceLevel: "basic",
        pricing: "low_cost",
        operatingModel: "public_built_private_run",
        estimatedCost: spaceCost(space, settings).yuan,
        fundingSources: [],
        candidateSite: `${space.name}（${space.address}）`,
        spaceSource: `存量空间台账 · ${SPACE_ROUTE_LABELS[space.route]}`,
        notes: "由选址推演加入",
        hubForm: null,
        fourSync: [],
      },
    });
    return { ...added, name: space.name };
  });
}
