// Brings 清波门社区 to 建设计划 with an approved 查漏补缺 list of at least `minItems` items,
// through the real services (as tests/e2e/gap-list.test.ts does): its round is put in 评估
// (the survey stages are another story's), the evaluation is run and saved, the list is
// generated, topped up, submitted, every item approved and the review finished.
// Used by the projects integration tests and the closing-the-loop e2e.
import type { Kysely } from "kysely";
import { createDatabase } from "../../db/client";
import { sendCycleEvent } from "../../app/lib/cycles.server";
import { runEvaluation } from "../../app/lib/evaluations.server";
import { addGapItem, decideGapItem, finishReview, generateGapList, submitGapList } from "../../app/lib/gap-lists.server";
import type { Actor } from "../../workflows/permissions";
import type { GapItemFields } from "../../app/validation/gap-list";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findGapListOfCycle, type GapItem, listGapItems } from "../../db/repositories/gap-lists";
import type { Database } from "../../db/schema";
import { cycleAt, persistCycle, restoreCycle } from "../../workflows/community-cycle";

export const QINGBOMEN = "330102001051";
export const QINGBO_STREET = "330102001";

/**
 * 李科长 (li.kezhang), the reviewer of another street of 上城区, signing in with wang.laoshi's
 * password: the neighbour who must see and change nothing of 清波门.
 */
export async function addNeighbouringStreetReviewer(db: Kysely<Database>): Promise<void> {
  const wang = await db.selectFrom("users").select("password_hash").where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
  const other = await db.selectFrom("streets").select("code").where("code", "<>", QINGBO_STREET).where("district_code", "=", "330102").orderBy("code").executeTakeFirstOrThrow();
  await db
    .insertInto("users")
    .values({ id: "e2e-other-reviewer", username: "li.kezhang", display_name: "李科长", password_hash: wang.password_hash, role: "street_reviewer", scope_code: other.code, active: 1, created_at: new Date().toISOString() })
    .execute();
}

/** What the three extra items leave unsaid. */
const UNSAID: Pick<GapItemFields, "name" | "candidateSite" | "spaceSource" | "notes" | "hubForm" | "fourSync"> = { name: null, candidateSite: null, spaceSource: null, notes: null, hubForm: null, fourSync: [] };

const EXTRA_ITEMS: GapItemFields[] = [
  { ...UNSAID, domain: "children_play", function: "child_friendly_space", approach: "retrofit", targetAreaM2: 80, estimatedCost: 280_000, serviceLevel: "basic", pricing: "free", operatingModel: "government_procurement", fundingSources: ["district_budget"] },
  { ...UNSAID, domain: "housekeeping_convenience", function: "housekeeping", approach: "conversion", targetAreaM2: 50, estimatedCost: 125_000, serviceLevel: "non_basic", pricing: "paid", operatingModel: "private_run_public_aid", fundingSources: ["social_capital"] },
  { ...UNSAID, domain: "culture_leisure", function: "reading_room", approach: "conversion", targetAreaM2: 80, estimatedCost: 200_000, serviceLevel: "basic", pricing: "free", operatingModel: "government_procurement", fundingSources: ["district_budget"] },
];

export interface ApprovedList {
  worker: Actor;
  reviewer: Actor;
  items: GapItem[];
}

function expectOk<T extends { ok: boolean }>(result: T, what: string): asserts result is T & { ok: true } {
  if (!result.ok) throw new Error(`${what}: ${JSON.stringify(result)}`);
}

/**
 * 清波门社区 reaches 清单编制 through the real services: its round is put in 评估 (the survey
 * stages are another story's), the evaluation is run and saved, and COMPLETE_EVALUATION
 * moves it on.
 */
export async function bringQingbomenToDrafting(db: Kysely<Database>, worker: Actor): Promise<void> {
  const cycle = (await findCurrentCycle(db, QINGBOMEN))!;
  const context = restoreCycle({ machineVersion: cycle.machineVersion, snapshot: cycle.snapshot }).context;
  const stored = persistCycle(cycleAt("evaluating", context));
  await db
    .updateTable("cycles")
    .set({ stage: "evaluating", snapshot: JSON.stringify(stored.snapshot), version: cycle.version + 1 })
    .where("id", "=", cycle.id)
    .execute();
  const evaluated = await runEvaluation(db, { actor: worker, ip: null }, { communityCode: QINGBOMEN });
  expectOk(evaluated, "evaluation");
  const moved = await sendCycleEvent(db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, expectedVersion: cycle.version + 1, command: { type: "COMPLETE_EVALUATION" } });
  expectOk(moved, "COMPLETE_EVALUATION");
  if (moved.cycle.stage !== "drafting") throw new Error(`COMPLETE_EVALUATION: ${moved.cycle.stage}`);
}

/** 清波门社区's list submitted and every item approved by 陈科长: the review only waits to be finished. */
export async function decideQingbomenList(db: Kysely<Database>, minItems = 3): Promise<Omit<ApprovedList, "items"> & { listVersion: number }> {
  const wang = await db.selectFrom("users").select("id").where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
  const chen = await db.selectFrom("users").select("id").where("username", "=", "chen.kezhang").executeTakeFirstOrThrow();
  const worker: Actor = { id: wang.id, role: "community_worker", scopeCode: QINGBOMEN };
  const reviewer: Actor = { id: chen.id, role: "street_reviewer", scopeCode: QINGBO_STREET };
  const who = { actor: worker, ip: null };

  await bringQingbomenToDrafting(db, worker);

  expectOk(await generateGapList(db, who, { communityCode: QINGBOMEN, expectedVersion: null }), "generate");
  const listOf = async () => {
    const current = (await findCurrentCycle(db, QINGBOMEN))!;
    const list = (await findGapListOfCycle(db, current.id))!;
    return { list, items: (await listGapItems(db, list.id)).filter((i) => i.status === "active") };
  };
  let { list, items } = await listOf();
  for (const extra of EXTRA_ITEMS) {
    if (items.length >= minItems) break;
    if (items.some((i) => i.function === extra.function)) continue;
    expectOk(await addGapItem(db, who, { communityCode: QINGBOMEN, expectedVersion: list.version, fields: extra }), "add item");
    ({ list, items } = await listOf());
  }
  expectOk(await submitGapList(db, who, { communityCode: QINGBOMEN, expectedVersion: list.version }), "submit");
  for (const item of items) {
    ({ list } = await listOf());
    expectOk(await decideGapItem(db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, expectedVersion: list.version, itemId: item.id, decision: "approve", comment: null }), "decide");
  }
  ({ list } = await listOf());
  return { worker, reviewer, listVersion: list.version };
}

export async function approveQingbomenList(db: Kysely<Database>, minItems = 3): Promise<ApprovedList> {
  const { worker, reviewer, listVersion } = await decideQingbomenList(db, minItems);
  expectOk(await finishReview(db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, expectedVersion: listVersion }), "finish review");
  const current = (await findCurrentCycle(db, QINGBOMEN))!;
  const items = (await listGapItems(db, (await findGapListOfCycle(db, current.id))!.id)).filter((i) => i.status === "active");
  return { worker, reviewer, items };
}

/** For an e2e file: its copy of the demo database with 清波门社区 in 清单编制, brought there by 王老师. */
export async function prepareQingbomenDrafting(file: string): Promise<void> {
  const { db } = createDatabase(file);
  try {
    const wang = await db.selectFrom("users").select("id").where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
    await bringQingbomenToDrafting(db, { id: wang.id, role: "community_worker", scopeCode: QINGBOMEN });
  } finally {
    await db.destroy();
  }
}
