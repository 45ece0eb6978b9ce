// Issue 19: the 选址推演 run and its one click into the 查漏补缺 list, as use cases: who may run
// it where, and what the list must allow (edit:gaplist, the version the page was made from).
import { describe, expect, it } from "vitest";
import { generateGapList, STALE_LIST_MESSAGE, submitGapList } from "../../app/lib/gap-lists.server";
import { createIdleSpace } from "../../app/lib/idle-spaces.server";
import { addSiteToGapList } from "../../app/lib/siting-gaplist.server";
import { findEditableModule } from "../../app/lib/setting-modules.server";
import { loadSitingPage, resolveSitingScope, runWhatIf } from "../../app/lib/siting-pages.server";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findGapListOfCycle, listGapItems } from "../../db/repositories/gap-lists";
import { listIdleSpaces } from "../../db/repositories/idle-spaces";
import type { Actor } from "../../workflows/permissions";
import { databasePerTest } from "../support/database";

const t = databasePerTest();

/** A community in 清单编制 with its generated list and one 可用 space at its centre. */
async function draftingWithSpace() {
  const row = await t.db
    .selectFrom("cycles as y")
    .innerJoin("communities as c", "c.code", "y.community_code")
    .innerJoin("evaluations as e", (j) => j.onRef("e.cycle_id", "=", "y.id").on("e.is_latest", "=", 1))
    .select(["c.code", "c.street_code", "c.lat", "c.lng"])
    .where("y.stage", "=", "drafting")
    .orderBy("c.code")
    .limit(1)
    .executeTakeFirstOrThrow();
  const worker: Actor = { id: `worker-${row.code}`, role: "community_worker", scopeCode: row.code };
  const reviewer: Actor = { id: `reviewer-${row.street_code}`, role: "street_reviewer", scopeCode: row.street_code };
  const who = { actor: worker, ip: "10.0.0.1" };
  expect((await generateGapList(t.db, who, { communityCode: row.code, expectedVersion: null })).ok).toBe(true);
  const created = await createIdleSpace(t.db, who, {
    communityCode: row.code,
    form: { name: "腾退的社区用房", address: "测试路 1 号", areaM2: 180, owner: null, route: "retrofit", status: "available", costYuan: null, notes: null, lng: String(row.lng), lat: String(row.lat), system: "WGS84" },
  });
  if (!created.ok) throw new Error(created.message);
  const list = async () => (await findGapListOfCycle(t.db, (await findCurrentCycle(t.db, row.code))!.id))!;
  return { code: row.code, street: row.street_code, worker, reviewer, who, spaceId: created.spaceId, list };
}

const audited = async (action: string) => (await t.db.selectFrom("audit_log").select(["action", "entity_id"]).where("action", "=", action).execute()).map((r) => r.entity_id);

describe("a what-if run", () => {
  it("the community's worker runs it and gets the space as a proven optimum; another community's worker is refused and audited", async () => {
    const c = await draftingWithSpace();
    // No 助餐 operating anywhere yet: every 小区 is waiting to be reached.
    await t.db.updateTable("facilities").set({ status: "planned" }).where("domain", "=", "meal_assist").execute();
    const scope = (await resolveSitingScope(t.db, c.code))!;
    const request = { domains: ["meal_assist" as const], radiusM: 1000, limit: { kind: "select" as const, value: 1 }, points: [] };
    const outcome = await runWhatIf(t.db, c.who, { scope, request });
    if (!outcome.ok) throw new Error(outcome.message);
    expect(outcome.run.answer).toMatchObject({ optimal: true, gap: 0 });
    expect(outcome.run.chosen.map((s) => s.name)).toEqual(["腾退的社区用房"]);
    expect(outcome.run.figures.added.households).toBeGreaterThan(0);

    const stranger: Actor = { id: "stranger", role: "community_worker", scopeCode: "330102001999" };
    const refused = await runWhatIf(t.db, { actor: stranger, ip: "10.0.0.9" }, { scope, request });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(await audited("denied:view:place")).toEqual([c.code]);
  });
});

describe("one click from a chosen site to the list", () => {
  it("adds the space as an item from its record, in one transaction; a stale page gets 409 and adds nothing", async () => {
    const c = await draftingWithSpace();
    const before = await c.list();
    const added = await addSiteToGapList(t.db, c.who, { communityCode: c.code, spaceId: c.spaceId, domain: "meal_assist", expectedVersion: before.version });
    expect(added).toMatchObject({ ok: true, name: "腾退的社区用房" });
    const after = await c.list();
    expect(after.version).toBe(before.version + 1);
    const items = await listGapItems(t.db, after.id);
    expect(items.find((i) => i.candidateSite === "腾退的社区用房（测试路 1 号）")).toMatchObject({ domain: "meal_assist", approach: "retrofit", targetAreaM2: 180 });
    expect(await audited("gaplist.item.add")).toHaveLength(1);

    const stale = await addSiteToGapList(t.db, c.who, { communityCode: c.code, spaceId: c.spaceId, domain: "meal_assist", expectedVersion: before.version });
    expect(stale).toEqual({ ok: false, status: 409, message: STALE_LIST_MESSAGE });
    expect(await listGapItems(t.db, after.id)).toHaveLength(items.length);
  });

  it("the street's reviewer may not add (403, audited); a space of another community is absent (404)", async () => {
    const c = await draftingWithSpace();
    const { version } = await c.list();
    const refused = await addSiteToGapList(t.db, { actor: c.reviewer, ip: null }, { communityCode: c.code, spaceId: c.spaceId, domain: "meal_assist", expectedVersion: version });
    expect(refused).toMatchObject({ ok: false, status: 403, message: "只有本社区的社区工作者可以编辑和提交清单。" });
    expect(await audited("denied:edit:gaplist")).toEqual([c.code]);
    const absent = await addSiteToGapList(t.db, c.who, { communityCode: c.code, spaceId: "no-such-space", domain: "meal_assist", expectedVersion: version });
    expect(absent).toMatchObject({ ok: false, status: 404 });
  });

  it("once the list is with the street (no edit:gaplist in 街道审核), a site is refused with 409", async () => {
    const c = await draftingWithSpace();
    expect((await submitGapList(t.db, c.who, { communityCode: c.code, expectedVersion: (await c.list()).version })).ok).toBe(true);
    const refused = await addSiteToGapList(t.db, c.who, { communityCode: c.code, spaceId: c.spaceId, domain: "meal_assist", expectedVersion: (await c.list()).version });
    expect(refused).toMatchObject({ ok: false, status: 409 });
    expect(await listIdleSpaces(t.db, { level: "community", code: c.code })).toHaveLength(1);
  });
});

describe("the 一老一小 weights", () => {
  it("the city's administrator changes a weight on the policy page; the siting page shows it as 已调整; a worker may not", async () => {
    const c = await draftingWithSpace();
    const siting = findEditableModule("siting")!;
    const city: Actor = { id: "city", role: "city_admin", scopeCode: null };
    const refused = await siting.save(t.db, c.who, { values: { "siting.weights.elderly": "3" }, resetKey: null });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    expect(await siting.save(t.db, { actor: city, ip: null }, { values: { "siting.weights.elderly": "-1" }, resetKey: null })).toMatchObject({
      ok: false,
      status: 400,
      errors: { "siting.weights.elderly": expect.stringMatching(/不能小于 0/) },
    });
    expect(await siting.save(t.db, { actor: city, ip: null }, { values: { "siting.weights.elderly": "2.5" }, resetKey: null })).toEqual({ ok: true, changed: ["siting.weights.elderly"] });
    const page = await loadSitingPage(t.db, c.worker, (await resolveSitingScope(t.db, c.code))!);
    expect(page.settings.find((s) => s.key === "siting.weights.elderly")).toMatchObject({ value: 2.5, defaultValue: 1, changed: true });
    expect(await audited("settings.update")).toEqual(["siting"]);
    expect(await siting.save(t.db, { actor: city, ip: null }, { values: {}, resetKey: "siting.weights.elderly" })).toEqual({ ok: true, changed: ["siting.weights.elderly"] });
    expect((await siting.load(t.db)).every((s) => !s.changed)).toBe(true);
  });
});
