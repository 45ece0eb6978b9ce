import type { GapItemSnapshot } from "../../workflows/gap-list";

/** A gap-list item as its list's snapshot records it: a 社区助餐 retrofit of 200 m², unless `item` says otherwise. */
export function gapItemSnapshot(item: Partial<GapItemSnapshot> & Pick<GapItemSnapshot, "id" | "position">): GapItemSnapshot {
  return {
    name: null,
    domain: "meal_assist",
    function: "community_canteen",
    approach: "retrofit",
    targetAreaM2: 200,
    serviceLevel: "basic",
    pricing: "low_cost",
    operatingModel: "public_built_private_run",
    estimatedCost: 700_000,
    fundingSources: ["district_budget"],
    candidateSite: null,
    spaceSource: null,
    notes: null,
    hubForm: null,
    fourSync: null,
    status: "active",
    priority: 120,
    decision: null,
    decisionComment: null,
    ...item,
  };
}
