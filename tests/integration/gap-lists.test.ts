import { describe, expect, it } from "vitest";
import { gatherCycleFacts } from "../../app/lib/cycle-facts.server";
import {
  addGapItem,
  decideGapItem,
  finishReview,
  generateGapList,
  moveGapItem,
  returnGapList,
  sendCycleEventWithList,
  setGapItemRemoved,
  STALE_LIST_MESSAGE,
  submitGapList,
  submitNoGaps,
  updateGapItem,
} from "../../app/lib/gap-lists.server";
import { loadGapListPage } from "../../app/lib/gap-list-pages.server";
import { FROZEN_LIST_MESSAGE } from "../../workflows/stage-rules";
import { itemTitle } from "../../workflows/gap-list";
import type { Actor } from "../../workflows/permissions";
import { findCurrentCycle, listCycleHistory } from "../../db/repositories/cycles";
import { findGapListOfCycle, listGapItems, listGapListVersions } from "../../db/repositories/gap-lists";
import type { GapItemFields } from "../../app/validation/gap-list";
import { databasePerTest } from "../support/database";

const t = databasePerTest();

/** A community in 清单编制 with a saved evaluation, its worker and its street's reviewer. */
async function draftingCommunity(offset = 0) {
  const row = await t.db
    .selectFrom("cycles as y")
    .innerJoin("communities as c", "c.code", "y.community_code")
    .innerJoin("evaluations as e", (j) => j.onRef("e.cycle_id", "=", "y.id").on("e.is_latest", "=", 1))
    .select(["c.code", "c.street_code", "c.district_code"])
    .where("y.stage", "=", "drafting")
    .orderBy("c.code")
    .offset(offset)
    .limit(1)
    .executeTakeFirstOrThrow();
  const worker: Actor = { id: `worker-${row.code}`, role: "community_worker", scopeCode: row.code };
  const reviewer: Actor = { id: `reviewer-${row.street_code}`, role: "street_reviewer", scopeCode: row.street_code };
  return { code: row.code, street: row.street_code, worker, reviewer, who: { actor: worker, ip: "10.0.0.1" }, as: (actor: Actor) => ({ actor, ip: "10.0.0.2" }) };
}

const count = async (action: string) =>
  Number((await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", action).executeTakeFirstOrThrow()).n);

async function listOf(code: string) {
  const cycle = (await findCurrentCycle(t.db, code))!;
  const list = (await findGapListOfCycle(t.db, cycle.id))!;
  const items = (await listGapItems(t.db, list.id)).filter((i) => i.status === "active");
  return { cycle, list, items };
}

function fields(item: Awaited<ReturnType<typeof listOf>>["items"][number], changes: Partial<GapItemFields> = {}): GapItemFields {
  return {
    name: item.name,
    domain: item.domain,
    function: item.function,
    approach: item.approach,
    targetAreaM2: item.targetAreaM2,
    estimatedCost: null,
    serviceLevel: item.serviceLevel,
    pricing: item.pricing,
    operatingModel: item.operatingModel,
    fundingSources: item.fundingSources,
    candidateSite: item.candidateSite,
    spaceSource: item.spaceSource,
    notes: item.notes,
    hubForm: item.hubForm,
    fourSync: [],
    ...changes,
  };
}

/** A list with at least two items (adds one when the evaluation found only one gap). */
async function generatedWithTwo(c: Awaited<ReturnType<typeof draftingCommunity>>) {
  const generated = await generateGapList(t.db, c.who, { communityCode: c.code, expectedVersion: null });
  expect(generated.ok).toBe(true);
  let { list, items } = await listOf(c.code);
  if (items.length < 2) {
    const housekeeping: GapItemFields = {
      name: "清波门家政服务点",
      domain: "housekeeping_convenience",
      function: "housekeeping",
      approach: "conversion",
      targetAreaM2: 50,
      estimatedCost: null,
      serviceLevel: "non_basic",
      pricing: "paid",
      operatingModel: "private_run_public_aid",
      fundingSources: ["social_capital"],
      candidateSite: null,
      spaceSource: null,
      notes: null,
      hubForm: null,
      fourSync: [],
    };
    const added = await addGapItem(t.db, c.who, { communityCode: c.code, expectedVersion: list.version, fields: housekeeping });
    expect(added.ok).toBe(true);
    ({ list, items } = await listOf(c.code));
  }
  return { list, items };
}

describe("the worker drafts the list from the evaluation", () => {
  it("generates items in priority order, as version 1, with the facts the cycle's guards read", async () => {
    const c = await draftingCommunity();
    const result = await generateGapList(t.db, c.who, { communityCode: c.code, expectedVersion: null });
    expect(result).toMatchObject({ ok: true });
    const { cycle, list, items } = await listOf(c.code);
    expect(list).toMatchObject({ status: "draft", version: 1, submissions: 0, profileId: "hangzhou-2024-11" });
    expect(items.map((i) => i.position)).toEqual(items.map((_, i) => i + 1));
    for (let i = 1; i < items.length; i++) expect(items[i - 1].priority).toBeGreaterThanOrEqual(items[i].priority);
    expect(await listGapListVersions(t.db, list.id)).toMatchObject([{ version: 1, reason: "generate" }]);
    expect(await count("gaplist.generate")).toBe(1);
    const facts = await gatherCycleFacts(t.db, cycle);
    expect(facts).toMatchObject({ itemCount: items.length, undecidedItems: items.length });
  });

  it("keeps every edit as a version: change, add, move, remove, restore; a stale page gets 409", async () => {
    const c = await draftingCommunity();
    const { list, items } = await generatedWithTwo(c);
    const first = items[0];
    const area = first.approach === "shared_with_neighbour" ? 0 : first.targetAreaM2 + 40;
    const updated = await updateGapItem(
      t.db,
      c.who,
      { communityCode: c.code, expectedVersion: list.version, itemId: first.id, fields: fields(first, { targetAreaM2: area, candidateSite: "清波街 12 号腾退用房" }) },
    );
    expect(updated).toEqual({ ok: true, position: 1 });
    let now = await listOf(c.code);
    expect(now.list.version).toBe(list.version + 1);
    expect(now.items[0]).toMatchObject({ candidateSite: "清波街 12 号腾退用房", targetAreaM2: area, costBasis: "unit_cost" });

    const stale = await updateGapItem(t.db, c.who, { communityCode: c.code, expectedVersion: list.version, itemId: first.id, fields: fields(first) });
    expect(stale).toEqual({ ok: false, status: 409, message: STALE_LIST_MESSAGE });

    const manual = await updateGapItem(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version, itemId: first.id, fields: fields(now.items[0], { estimatedCost: 1_234_000, name: "清波门老年食堂" }) });
    expect(manual.ok).toBe(true);
    now = await listOf(c.code);
    expect(now.items[0]).toMatchObject({ estimatedCost: 1_234_000, costBasis: "manual", name: "清波门老年食堂" });
    expect(itemTitle(now.items[0])).toMatch(/^清波门老年食堂：/);

    const second = now.items[1];
    expect((await moveGapItem(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version, itemId: second.id, direction: "up" })).ok).toBe(true);
    now = await listOf(c.code);
    expect(now.items[0].id).toBe(second.id);
    expect(await moveGapItem(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version, itemId: second.id, direction: "up" })).toEqual({ ok: false, status: 400, message: "已经是第一项。" });

    expect((await setGapItemRemoved(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version, itemId: second.id, removed: true })).ok).toBe(true);
    now = await listOf(c.code);
    expect(now.items.map((i) => i.id)).not.toContain(second.id);
    expect(now.items.map((i) => i.position)).toEqual(now.items.map((_, i) => i + 1));
    expect((await setGapItemRemoved(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version, itemId: second.id, removed: false })).ok).toBe(true);
    now = await listOf(c.code);
    expect(now.items.at(-1)!.id).toBe(second.id);

    const versions = await listGapListVersions(t.db, now.list.id);
    expect(versions.map((v) => v.version)).toEqual(versions.map((_, i) => i + 1));
    expect(versions.at(-1)!.version).toBe(now.list.version);
    expect(await count("gaplist.item.update")).toBe(2);
  });
});

describe("submit, review item by item, return, resubmit, approve", () => {
  it("follows scenario 1 steps 6–7 through the cycle, with the diff and the audit trail", async () => {
    const c = await draftingCommunity();
    const { list, items } = await generatedWithTwo(c);
    const [canteen, ...others] = items;

    const submitted = await submitGapList(t.db, c.who, { communityCode: c.code, expectedVersion: list.version });
    expect(submitted).toMatchObject({ ok: true, stage: "street_review", items: items.length });
    let now = await listOf(c.code);
    expect(now.list).toMatchObject({ status: "submitted", submissions: 1 });
    expect(now.cycle.stage).toBe("street_review");

    // While the street reviews, the worker cannot change the list.
    const blocked = await updateGapItem(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version, itemId: canteen.id, fields: fields(canteen) });
    expect(blocked).toMatchObject({ ok: false, status: 409 });

    const decide = async (itemId: string, decision: "approve" | "return" | "reject", comment: string | null = null) => {
      const current = await listOf(c.code);
      return decideGapItem(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: current.list.version, itemId, decision, comment });
    };
    const finish = async () => finishReview(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: (await listOf(c.code)).list.version });
    expect(await decide(canteen.id, "return")).toEqual({ ok: false, status: 400, message: "退回修改请填写意见" });
    expect((await decide(canteen.id, "return", "请补充消防条件和运营主体")).ok).toBe(true);
    expect(await finish()).toMatchObject({ ok: false, status: 400 });
    for (const o of others) expect((await decide(o.id, "approve")).ok).toBe(true);

    const returned = await finish();
    expect(returned).toMatchObject({ ok: true, outcome: "return", stage: "drafting" });
    now = await listOf(c.code);
    expect(now.list.status).toBe("returned");
    expect(now.list.returnComment).toContain("请补充消防条件和运营主体");
    const history = await listCycleHistory(t.db, now.cycle.id);
    expect(history[0]).toMatchObject({ eventType: "RETURN", toStage: "drafting" });
    expect(history[0].comment).toContain("请补充消防条件和运营主体");

    // She answers on the returned item and resubmits.
    const page = await loadGapListPage(t.db, c.worker, c.code);
    expect(page.lastReview[canteen.id]).toEqual({ decision: "return", comment: "请补充消防条件和运营主体" });
    const fixed = now.items.find((i) => i.id === canteen.id)!;
    expect(
      (await updateGapItem(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version, itemId: canteen.id, fields: fields(fixed, { notes: "消防通道已确认；运营主体：清波街道居家养老服务中心" }) })).ok,
    ).toBe(true);
    now = await listOf(c.code);
    expect((await submitGapList(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version })).ok).toBe(true);
    now = await listOf(c.code);
    expect(now.list.submissions).toBe(2);
    // Approvals of unchanged items stand; the returned, changed item is undecided again.
    expect(now.items.find((i) => i.id === canteen.id)!.decision).toBeNull();
    for (const o of others) expect(now.items.find((i) => i.id === o.id)!.decision).toBe("approve");
    expect(await gatherCycleFacts(t.db, now.cycle)).toMatchObject({ undecidedItems: 1 });

    const review = await loadGapListPage(t.db, c.reviewer, c.code);
    expect(review.diff!.changes).toHaveLength(1);
    expect(review.diff!.changes[0]).toMatchObject({ itemId: canteen.id, kind: "changed", previousDecision: { decision: "return", comment: "请补充消防条件和运营主体" } });
    expect(review.diff!.changes[0].fields.map((f) => f.label)).toEqual(["备注"]);

    expect((await decide(canteen.id, "approve")).ok).toBe(true);
    const approved = await finish();
    expect(approved).toMatchObject({ ok: true, outcome: "approve", stage: "planning" });
    now = await listOf(c.code);
    expect(now.list.status).toBe("approved");
    expect(now.cycle.stage).toBe("planning");

    // Frozen: no change without a new submission.
    const frozen = await updateGapItem(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version, itemId: canteen.id, fields: fields(canteen) });
    expect(frozen).toEqual({ ok: false, status: 409, message: FROZEN_LIST_MESSAGE });
    expect(await decide(canteen.id, "reject", "不需要")).toMatchObject({ ok: false, status: 409 });

    expect(await count("gaplist.item.decide")).toBe(items.length + 1);
    expect(await count("gaplist.return")).toBe(1);
    expect(await count("gaplist.approve")).toBe(1);
    expect(await count("cycle.submit_list")).toBe(2);
    expect(await count("cycle.approve")).toBe(1);
    const page2 = await loadGapListPage(t.db, c.worker, c.code);
    expect(page2.trail.map((e) => e.reason)).toEqual(["generate", "submit", "return", "submit", "approve"]);
  });

  it("陈科长 decides one item and approves the rest with one confirmation", async () => {
    const c = await draftingCommunity();
    const { list, items } = await generatedWithTwo(c);
    await submitGapList(t.db, c.who, { communityCode: c.code, expectedVersion: list.version });
    let now = await listOf(c.code);
    expect((await decideGapItem(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: now.list.version, itemId: items[0].id, decision: "reject", comment: "与邻近项目重复" })).ok).toBe(true);
    now = await listOf(c.code);
    const all = await finishReview(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: now.list.version, approveUndecided: true });
    expect(all).toMatchObject({ ok: true, outcome: "approve", stage: "planning", approvedNow: items.length - 1 });
    const after = await listOf(c.code);
    expect(after.items.map((i) => i.decision)).toEqual(["reject", ...items.slice(1).map(() => "approve")]);
    expect(await count("gaplist.approve_undecided")).toBe(1);
  });

  it("a rejected item stays on the list as 不予通过 with its reason, and the list can still be approved", async () => {
    const c = await draftingCommunity();
    const { list, items } = await generatedWithTwo(c);
    await submitGapList(t.db, c.who, { communityCode: c.code, expectedVersion: list.version });
    for (const [i, item] of items.entries()) {
      const now = await listOf(c.code);
      const decision = i === 0 ? ("reject" as const) : ("approve" as const);
      expect((await decideGapItem(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: now.list.version, itemId: item.id, decision, comment: i === 0 ? "与邻近项目重复" : null })).ok).toBe(true);
    }
    const now = await listOf(c.code);
    expect((await finishReview(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: now.list.version })).ok).toBe(true);
    const after = await listOf(c.code);
    expect(after.list.status).toBe("approved");
    expect(after.items[0]).toMatchObject({ decision: "reject", decisionComment: "与邻近项目重复", status: "active" });
  });
});

describe("who may do what", () => {
  it("a reviewer of another street and a worker are refused with 403; nothing changes", async () => {
    const c = await draftingCommunity();
    const { list, items } = await generatedWithTwo(c);
    await submitGapList(t.db, c.who, { communityCode: c.code, expectedVersion: list.version });
    const now = await listOf(c.code);
    const stranger: Actor = { id: "r-x", role: "street_reviewer", scopeCode: "330199999" };
    const decide = (actor: Actor) =>
      decideGapItem(t.db, c.as(actor), { communityCode: c.code, expectedVersion: now.list.version, itemId: items[0].id, decision: "approve", comment: null });
    expect(await decide(stranger)).toMatchObject({ ok: false, status: 403 });
    expect(await decide(c.worker)).toMatchObject({ ok: false, status: 403 });
    expect(await finishReview(t.db, c.as(c.worker), { communityCode: c.code, expectedVersion: now.list.version })).toMatchObject({ ok: false, status: 403 });
    const otherWorker: Actor = { id: "w-x", role: "community_worker", scopeCode: "330102001052" };
    expect(await generateGapList(t.db, c.as(otherWorker), { communityCode: c.code, expectedVersion: null })).toMatchObject({ ok: false, status: 403 });
    expect(await generateGapList(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: null })).toMatchObject({ ok: false, status: 403 });
    expect((await listOf(c.code)).list.version).toBe(now.list.version);
    expect(await count("gaplist.item.decide")).toBe(0);
  });
});

describe("no gaps, and the cycle page", () => {
  it("an empty list cannot be submitted as a list; with a reason it goes as 无需补缺 and its approval skips to 运营反馈", async () => {
    const c = await draftingCommunity(1);
    await generateGapList(t.db, c.who, { communityCode: c.code, expectedVersion: null });
    let now = await listOf(c.code);
    for (const item of now.items) {
      const current = await listOf(c.code);
      await setGapItemRemoved(t.db, c.who, { communityCode: c.code, expectedVersion: current.list.version, itemId: item.id, removed: true });
    }
    now = await listOf(c.code);
    expect(await submitGapList(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version })).toMatchObject({ ok: false, status: 400 });
    const noGaps = await submitNoGaps(t.db, c.who, { communityCode: c.code, expectedVersion: now.list.version, reason: "七大领域均已满足，邻近社区设施可共享" });
    expect(noGaps).toMatchObject({ ok: true, stage: "street_review" });
    now = await listOf(c.code);
    const approved = await finishReview(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: now.list.version });
    expect(approved).toMatchObject({ ok: true, outcome: "approve", stage: "operation_feedback" });
  });

  it("RETURN and SUBMIT_LIST from the cycle page move the list too", async () => {
    const c = await draftingCommunity();
    const { list } = await generatedWithTwo(c);
    let cycle = (await findCurrentCycle(t.db, c.code))!;
    const submitted = await sendCycleEventWithList(t.db, { actor: c.worker, ip: null }, { communityCode: c.code, expectedVersion: cycle.version, command: { type: "SUBMIT_LIST" } });
    expect(submitted).toMatchObject({ ok: true, cycle: { stage: "street_review" } });
    expect((await listOf(c.code)).list).toMatchObject({ status: "submitted", version: list.version + 1 });
    // 审核通过 on the cycle page never approves a list with a returned item.
    const items = (await listOf(c.code)).items;
    for (const [i, item] of items.entries()) {
      const now = await listOf(c.code);
      await decideGapItem(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: now.list.version, itemId: item.id, decision: i === 0 ? "return" : "approve", comment: i === 0 ? "请补充选址" : null });
    }
    cycle = (await findCurrentCycle(t.db, c.code))!;
    const approve = await sendCycleEventWithList(t.db, { actor: c.reviewer, ip: null }, { communityCode: c.code, expectedVersion: cycle.version, command: { type: "APPROVE" } });
    expect(approve).toEqual({ ok: false, status: 400, message: "有 1 项已退回修改，清单不能整体通过；请在清单审核页完成审核。" });
    const returned = await sendCycleEventWithList(t.db, { actor: c.reviewer, ip: null }, { communityCode: c.code, expectedVersion: cycle.version, command: { type: "RETURN", comment: "请补充选址" } });
    expect(returned).toMatchObject({ ok: true, cycle: { stage: "drafting" } });
    expect((await listOf(c.code)).list).toMatchObject({ status: "returned" });
    expect((await listOf(c.code)).list.returnComment).toMatch(/^请补充选址\n第 1 项 .+：请补充选址$/);
    const direct = await returnGapList(t.db, c.as(c.reviewer), { communityCode: c.code, expectedVersion: (await listOf(c.code)).list.version, comment: "再退" });
    expect(direct).toMatchObject({ ok: false, status: 409 });
  });
});

describe("the seeded demo lists", () => {
  it("communities in 街道审核 have a submitted list waiting for decisions; those past it an approved, frozen one", async () => {
    const rows = await t.db
      .selectFrom("gap_lists as l")
      .innerJoin("cycles as y", "y.id", "l.cycle_id")
      .select(["l.status", "y.stage", "l.is_demo_data", (eb) => eb.fn.countAll<number>().as("n")])
      .groupBy(["l.status", "y.stage", "l.is_demo_data"])
      .execute();
    for (const r of rows) {
      expect(r.is_demo_data).toBe(1);
      expect(r.status).toBe(r.stage === "street_review" ? "submitted" : "approved");
      expect(["street_review", "planning", "construction", "acceptance", "operation_feedback"]).toContain(r.stage);
    }
    const undecidedApproved = await t.db
      .selectFrom("gap_items as i")
      .innerJoin("gap_lists as l", "l.id", "i.list_id")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("l.status", "=", "approved")
      .where("i.decision", "is", null)
      .executeTakeFirstOrThrow();
    expect(Number(undecidedApproved.n)).toBe(0);
  });
});
