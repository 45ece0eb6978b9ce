// One click from a 选址推演 result to the community's 查漏补缺 list: the chosen space becomes an
// item (approach from its route, area and cost from its record) through the gap list's own use
// case (addGapItem), which checks the worker's permission, the stage (edit:gaplist) and the version.
import type { Kysely } from "kysely";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findGapListOfCycle } from "../../db/repositories/gap-lists";
import { findIdleSpace } from "../../db/repositories/idle-spaces";
import type { Database } from "../../db/schema";
import { type Domain, FACILITY_FUNCTIONS, FUNCTION_CATALOGUE } from "../../workflows/glossary";
import { approachOfRoute, SPACE_ROUTE_LABELS, spaceCost } from "../../workflows/idle-spaces";
import { addGapItem } from "./gap-lists.server";
import { loadGapListSettings } from "./gap-list-settings.server";
import type { Change, Outcome } from "./use-case.server";

export async function addSiteToGapList(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; spaceId: string; domain: Domain },
): Promise<Outcome<{ itemId: string; position: number; name: string }>> {
  const space = await findIdleSpace(db, input.spaceId);
  if (!space || space.communityCode !== input.communityCode) return { ok: false, status: 404, message: "找不到该存量空间。" };
  const cycle = await findCurrentCycle(db, input.communityCode);
  const list = cycle ? await findGapListOfCycle(db, cycle.id) : null;
  if (!list) return { ok: false, status: 409, message: "本轮还没有查漏补缺清单，请先根据评估生成清单。" };
  const { settings } = await loadGapListSettings(db);
  const fn = FACILITY_FUNCTIONS.find((f) => FUNCTION_CATALOGUE[f].domain === input.domain)!;
  const outcome = await addGapItem(db, change, {
    communityCode: input.communityCode,
    expectedVersion: list.version,
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
  return outcome.ok ? { ...outcome, name: space.name } : outcome;
}
