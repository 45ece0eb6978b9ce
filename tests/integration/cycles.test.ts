import { describe, expect, it } from "vitest";
import type { Stage } from "../../workflows/glossary";
import { sendCycleEvent, STALE_CYCLE_MESSAGE } from "../../app/lib/cycles.server";
import { findCurrentCycle, listCycleHistory, listCycles } from "../../db/repositories/cycles";
import { databasePerTest } from "../support/database";

const t = databasePerTest();

async function communityIn(stage: Stage): Promise<{ code: string; street: string }> {
  const row = await t.db
    .selectFrom("cycles as y")
    .innerJoin("communities as c", "c.code", "y.community_code")
    .select(["c.code", "c.street_code"])
    .where("y.stage", "=", stage)
    .orderBy("c.code")
    .executeTakeFirstOrThrow();
  return { code: row.code, street: row.street_code };
}

const countAudit = async (action: string) =>
  Number(
    (await t.db.selectFrom("audit_log").select((eb) => eb.fn.countAll<number>().as("n")).where("action", "=", action).executeTakeFirstOrThrow()).n,
  );

describe("every seeded community", () => {
  it("has exactly one current cycle, spread over the stages and marked as demo data", async () => {
    const rows = await t.db
      .selectFrom("cycles")
      .select(["stage", (eb) => eb.fn.countAll<number>().as("n")])
      .where("stage", "<>", "closed")
      .groupBy("stage")
      .execute();
    const total = rows.reduce((sum, r) => sum + Number(r.n), 0);
    expect(total).toBe(2470);
    expect(rows.length).toBeGreaterThanOrEqual(8);
    const qingbomen = await findCurrentCycle(t.db, "330102001051");
    // SCENARIOS.md 1: a new round opens after last year's closed one.
    expect(qingbomen).toMatchObject({ stage: "preparing", round: 2, year: 2026, isDemoData: true });
    expect((await listCycles(t.db, "330102001051")).map((c) => [c.round, c.stage])).toEqual([
      [2, "preparing"],
      [1, "closed"],
    ]);
  });
});

describe("sending an event", () => {
  it("moves the stage, bumps the version and records the event and the audit row together", async () => {
    const { code, street } = await communityIn("street_review");
    const before = (await findCurrentCycle(t.db, code))!;
    const reviewer = { id: "r1", role: "street_reviewer" as const, scopeCode: street };
    const result = await sendCycleEvent(
      t.db,
      { actor: reviewer, ip: "10.1.1.1" },
      { communityCode: code, expectedVersion: before.version, command: { type: "RETURN", comment: "请补充消防条件和运营主体" } },
    );
    expect(result.ok).toBe(true);
    const after = (await findCurrentCycle(t.db, code))!;
    expect(after).toMatchObject({ stage: "drafting", version: before.version + 1 });
    const history = await listCycleHistory(t.db, after.id);
    expect(history[0]).toMatchObject({ eventType: "RETURN", fromStage: "street_review", toStage: "drafting", comment: "请补充消防条件和运营主体" });
    expect(await countAudit("cycle.return")).toBe(1);
  });

  it("two reviewers approving the same cycle at once: exactly one wins, the other gets 409", async () => {
    const { code, street } = await communityIn("street_review");
    const cycle = (await findCurrentCycle(t.db, code))!;
    // The street has decided every item of the seeded list: APPROVE needs no undecided items.
    await t.db
      .updateTable("gap_items")
      .set({ decision: "approve" })
      .where("list_id", "in", (eb) => eb.selectFrom("gap_lists").select("id").where("cycle_id", "=", cycle.id))
      .execute();
    const approve = (id: string) =>
      sendCycleEvent(
        t.db,
        { actor: { id, role: "street_reviewer", scopeCode: street }, ip: null },
        { communityCode: code, expectedVersion: cycle.version, command: { type: "APPROVE" } },
      );
    const results = await Promise.all([approve("r1"), approve("r2")]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, status: 409, message: STALE_CYCLE_MESSAGE });
    const after = (await findCurrentCycle(t.db, code))!;
    expect(after).toMatchObject({ stage: "planning", version: cycle.version + 1 });
    expect(await countAudit("cycle.approve")).toBe(1);
  });

  it("a stale page answers 409 and changes nothing", async () => {
    const { code, street } = await communityIn("street_review");
    const cycle = (await findCurrentCycle(t.db, code))!;
    const result = await sendCycleEvent(
      t.db,
      { actor: { id: "r1", role: "street_reviewer", scopeCode: street }, ip: null },
      { communityCode: code, expectedVersion: cycle.version - 1 || 99, command: { type: "APPROVE" } },
    );
    expect(result).toEqual({ ok: false, status: 409, message: STALE_CYCLE_MESSAGE });
    expect((await findCurrentCycle(t.db, code))!.version).toBe(cycle.version);
  });

  it("a reviewer of another street is refused with the reason and leaves no trace", async () => {
    const { code } = await communityIn("street_review");
    const cycle = (await findCurrentCycle(t.db, code))!;
    const result = await sendCycleEvent(
      t.db,
      { actor: { id: "x", role: "street_reviewer", scopeCode: "330199999" }, ip: null },
      { communityCode: code, expectedVersion: cycle.version, command: { type: "APPROVE" } },
    );
    expect(result).toEqual({ ok: false, status: 403, message: "只有本街道的街道审核员可以审核" });
    expect((await findCurrentCycle(t.db, code))!.version).toBe(cycle.version);
    expect(await listCycleHistory(t.db, cycle.id)).toHaveLength(0);
    expect(await countAudit("cycle.approve")).toBe(0);
  });

  it("closing a round opens the next one in 准备", async () => {
    const { code } = await communityIn("operation_feedback");
    const cycle = (await findCurrentCycle(t.db, code))!;
    const result = await sendCycleEvent(
      t.db,
      { actor: { id: "w", role: "community_worker", scopeCode: code }, ip: null },
      { communityCode: code, expectedVersion: cycle.version, command: { type: "CLOSE_ROUND" } },
    );
    expect(result.ok && result.nextCycle).toMatchObject({ stage: "preparing", round: 2 });
    const rounds = await listCycles(t.db, code);
    expect(rounds.map((r) => [r.round, r.stage])).toEqual([
      [2, "preparing"],
      [1, "closed"],
    ]);
  });
});
