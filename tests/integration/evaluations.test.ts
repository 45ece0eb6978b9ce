import { describe, expect, it } from "vitest";
import type { Stage } from "../../workflows/glossary";
import { resolveScope, resumeBatchEvaluation, runToEnd, startBatchEvaluation } from "../../app/lib/batch-evaluation.server";
import { gatherCycleFacts } from "../../app/lib/cycle-facts.server";
import { sendCycleEvent } from "../../app/lib/cycles.server";
import { createFacility } from "../../app/lib/facilities.server";
import { loadEvaluationPage } from "../../app/lib/evaluation-pages.server";
import { previewEvaluation, runEvaluation } from "../../app/lib/evaluations.server";
import type { Actor } from "../../workflows/permissions";
import { importProfile, loadActivePolicy, updatePolicySettings } from "../../app/lib/policy.server";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findEvaluation, listEvaluations } from "../../db/repositories/evaluations";
import { addTallies, insertSurvey } from "../../db/repositories/surveys";
import { evaluateCommunity } from "../../workflows/evaluation";
import { loadBuiltInProfile } from "../../workflows/policy/profile";
import { databasePerTest } from "../support/database";

const t = databasePerTest();

async function communityIn(stage: Stage) {
  const row = await t.db
    .selectFrom("cycles as y")
    .innerJoin("communities as c", "c.code", "y.community_code")
    .select(["c.code", "c.name", "c.street_code", "c.district_code"])
    .where("y.stage", "=", stage)
    .orderBy("c.code")
    .executeTakeFirstOrThrow();
  const worker: Actor = { id: `worker-${row.code}`, role: "community_worker", scopeCode: row.code };
  return { ...row, worker };
}

const countRows = async (table: "evaluations" | "evaluation_domains" | "audit_log", where?: [string, string]) => {
  let q = t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as("n"));
  if (where) q = q.where(where[0] as never, "=", where[1] as never);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

describe("saving an evaluation with the cycle", () => {
  it("a worker of a community in 评估 saves version 1, then version 2 after adding a facility, and sees what changed", async () => {
    const c = await communityIn("evaluating");
    const first = await runEvaluation(t.db, { actor: c.worker, ip: "10.0.0.1" }, { communityCode: c.code });
    expect(first).toMatchObject({ ok: true, version: 1, diff: null });
    if (!first.ok) return;

    const stored = await findEvaluation(t.db, first.evaluationId);
    expect(stored).toMatchObject({ communityCode: c.code, version: 1, profileId: "hangzhou-2024-11", profileVersion: 1, isLatest: true });
    expect(stored!.result.findings).toHaveLength(21);
    expect(await countRows("evaluation_domains", ["evaluation_id", first.evaluationId])).toBe(7);
    expect(await countRows("audit_log", ["action", "evaluation.save"])).toBe(1);

    // A new 家政 point of its own: the domain gains its own facility.
    const c0 = stored!.input.community;
    await createFacility(t.db, { actor: c.worker, ip: null }, { communityCode: c.code, facility: {
      name: "测试家政服务点",
      domain: "housekeeping_convenience",
      functions: ["housekeeping"],
      areaM2: 500,
      officeAreaM2: 0,
      status: "operating",
      lat: c0.lat!,
      lng: c0.lng!,
      operator: null,
      operatingModel: null,
      pricing: null,
      serviceLevel: "basic",
      hubPart: false,
    } });
    const second = await runEvaluation(t.db, { actor: c.worker, ip: null }, { communityCode: c.code });
    expect(second).toMatchObject({ ok: true, version: 2 });
    if (!second.ok || !second.diff) throw new Error("expected a diff");
    expect(second.diff.unchanged).toBe(false);
    // The area grew by 500 m², whatever else changed.
    const areaChange = second.diff.findings.find((f) => f.id === "AREA_EXISTING" || f.id === "AREA_NEW");
    expect(areaChange && areaChange.actualTo! - areaChange.actualFrom!).toBeCloseTo(500, 0);

    const versions = await listEvaluations(t.db, c.code);
    expect(versions.map((v) => [v.version, v.isLatest])).toEqual([
      [2, true],
      [1, false],
    ]);
    const latest = await t.db.selectFrom("evaluations").select("id").where("community_code", "=", c.code).where("is_latest", "=", 1).execute();
    expect(latest).toEqual([{ id: second.evaluationId }]);
  });

  it("once the cycle leaves 评估 a new version is refused (409) and nothing is written, while older versions stay readable", async () => {
    const c = await communityIn("evaluating");
    const cycle = (await findCurrentCycle(t.db, c.code))!;
    expect((await gatherCycleFacts(t.db, cycle)).evaluationSaved).toBe(false);
    const refused = await sendCycleEvent(t.db, { actor: c.worker, ip: null }, { communityCode: c.code, expectedVersion: cycle.version, command: { type: "COMPLETE_EVALUATION" } });
    expect(refused).toEqual({ ok: false, status: 400, message: "请先运行并保存本轮评估" });

    const saved = await runEvaluation(t.db, { actor: c.worker, ip: null }, { communityCode: c.code });
    expect(saved.ok).toBe(true);
    expect((await gatherCycleFacts(t.db, cycle)).evaluationSaved).toBe(true);
    const moved = await sendCycleEvent(t.db, { actor: c.worker, ip: null }, { communityCode: c.code, expectedVersion: cycle.version, command: { type: "COMPLETE_EVALUATION" } });
    expect(moved).toMatchObject({ ok: true, cycle: { stage: "drafting" } });

    const before = await countRows("evaluations");
    const locked = await runEvaluation(t.db, { actor: c.worker, ip: null }, { communityCode: c.code });
    expect(locked).toMatchObject({ ok: false, status: 409 });
    if (!locked.ok) expect(locked.message).toContain("评估已随流程锁定");
    expect(await countRows("evaluations")).toBe(before);

    const page = await loadEvaluationPage(t.db, c.code, null);
    expect(page?.selected?.label).toMatch(/第 1 版/);
    // Trying out (试算) still works and stores nothing.
    expect((await previewEvaluation(t.db, c.code))?.result.community).toBe(c.code);
    expect(await countRows("evaluations")).toBe(before);
  });

  it("another community's worker may not save it (403), and the refusal is audited", async () => {
    const c = await communityIn("evaluating");
    const stranger: Actor = { id: "stranger", role: "community_worker", scopeCode: "330102001052" };
    expect(await runEvaluation(t.db, { actor: stranger, ip: "10.0.0.7" }, { communityCode: c.code })).toEqual({
      ok: false,
      status: 403,
      message: "您没有权限对该社区运行评估。",
    });
    expect(await countRows("evaluations", ["community_code", c.code])).toBe(0);
    expect(await countRows("audit_log", ["action", "denied:run:evaluation"])).toBe(1);
  });

  it("a community before 评估 cannot save yet", async () => {
    const c = await communityIn("surveying");
    const result = await runEvaluation(t.db, { actor: c.worker, ip: null }, { communityCode: c.code });
    expect(result).toMatchObject({ ok: false, status: 409 });
    if (!result.ok) expect(result.message).toContain("尚未进入“评估”阶段");
  });
});

describe("facts from the database", () => {
  it("a neighbouring community's playground 300 m away counts as 跨社区共享 for the 15-minute circle, and the stored input reproduces the result", async () => {
    const c = await communityIn("evaluating");
    // No playground of its own…
    await t.db.updateTable("facilities").set({ status: "closed" }).where("community_code", "=", c.code).where("domain", "=", "children_play").execute();
    const home = await t.db.selectFrom("communities").select(["lat", "lng"]).where("code", "=", c.code).executeTakeFirstOrThrow();
    // …and a neighbour (another street, so not in any street batch with it) opens one 300 m north.
    const neighbour = await t.db
      .selectFrom("communities")
      .select(["code", "name"])
      .where("street_code", "<>", c.street_code)
      .orderBy("code")
      .executeTakeFirstOrThrow();
    const created = await createFacility(t.db, { actor: { id: "w2", role: "community_worker", scopeCode: neighbour.code }, ip: null }, { communityCode: neighbour.code, facility: {
      name: "测试邻近儿童乐园",
      domain: "children_play",
      functions: ["playground"],
      areaM2: 450,
      officeAreaM2: 0,
      status: "operating",
      lat: home.lat + 300 / 111_195,
      lng: home.lng,
      operator: null,
      operatingModel: null,
      pricing: null,
      serviceLevel: "basic",
      hubPart: false,
    } });
    if (!created.ok) throw new Error(created.message);
    const playground = created.facility;
    const prepared = (await previewEvaluation(t.db, c.code))!;
    const circle = prepared.result.findings.find((f) => f.id === "CIRCLE_15MIN:children_play")!;
    expect(circle.evidence.facilities).toContain(playground.id);
    expect(prepared.result.domains.children_play.sharedFacilities).toBeGreaterThanOrEqual(1);
    expect(prepared.input.facilities).toContainEqual(
      expect.objectContaining({ id: playground.id, shared: true, sharedFrom: neighbour.name, domain: "children_play" }),
    );
    // The stored facts are self-contained: evaluating them alone gives the same result.
    expect(evaluateCommunity(prepared.input, loadBuiltInProfile())).toEqual(prepared.result);
  });

  it("the needs survey's tallies (never raw answers) feed demand and satisfaction", async () => {
    const c = await communityIn("evaluating");
    const cycle = (await findCurrentCycle(t.db, c.code))!;
    const surveyId = await insertSurvey(t.db, {
      cycleId: cycle.id,
      communityCode: c.code,
      kind: "needs",
      title: "居民需求调查",
      definition: { pages: [] },
      publicToken: `token-${c.code}`,
      codeSalt: "salt",
    });
    await t.db.updateTable("surveys").set({ status: "closed" }).where("id", "=", surveyId).execute();
    // What the survey code keeps for 300 households: respondents, Σ demand and Σ satisfaction per domain.
    await addTallies(t.db, surveyId, true, [
      { question: "__respondents", option: "", segment: "all", count: 300, sum: 0 },
      { question: "meal_assist__demand", option: "", segment: "all", count: 300, sum: 150 },
      { question: "meal_assist__satisfaction", option: "", segment: "all", count: 200, sum: 500 },
      { question: "health__demand", option: "", segment: "all", count: 300, sum: 30 },
      { question: "meal_assist_need", option: "3", segment: "all", count: 120, sum: 360 },
    ]);
    const prepared = (await previewEvaluation(t.db, c.code))!;
    expect(prepared.input.survey).toEqual({
      respondents: 300,
      domains: {
        meal_assist: { demandIndex: 0.5, satisfaction: 2.5, questions: ["meal_assist__demand", "meal_assist__satisfaction"] },
        health: { demandIndex: 0.1, questions: ["health__demand"] },
      },
    });
    const demand = prepared.result.findings.find((f) => f.id === "DEMAND_PRIORITY:meal_assist")!;
    expect(demand).toMatchObject({ status: "fail", required: 3, actual: 2.5 });
    expect(prepared.result.domains.meal_assist).toMatchObject({ status: "不足", demandIndex: 0.5, satisfaction: 2.5 });
  });
});

describe("policy profile and settings", () => {
  it("a changed 默认值 is used by the next evaluation and recorded with it", async () => {
    const c = await communityIn("evaluating");
    const city: Actor = { id: "city", role: "city_admin", scopeCode: null };
    const bad = await updatePolicySettings(t.db, { actor: city, ip: null }, { values: { "rules.CIRCLE_15MIN.coverageThreshold": "120%" }, resetKey: null });
    expect(bad).toMatchObject({ ok: false, errors: { "rules.CIRCLE_15MIN.coverageThreshold": "住户覆盖率达标线须在 0 到 1（或 0% 到 100%）之间" } });
    const ok = await updatePolicySettings(t.db, { actor: city, ip: null }, { values: { "rules.CIRCLE_15MIN.walkingDistanceM": "800" }, resetKey: null });
    expect(ok).toEqual({ ok: true, changed: ["rules.CIRCLE_15MIN.walkingDistanceM"] });
    const saved = await runEvaluation(t.db, { actor: c.worker, ip: null }, { communityCode: c.code });
    if (!saved.ok) throw new Error(saved.message);
    const stored = (await findEvaluation(t.db, saved.evaluationId))!;
    expect(stored.settings).toEqual({ "rules.CIRCLE_15MIN.walkingDistanceM": 800 });
    expect(stored.result.summary.walkingDistanceM).toBe(800);
    const page = await loadEvaluationPage(t.db, c.code, saved.evaluationId);
    expect(page?.selected?.settings).toEqual([{ label: "步行距离", value: "800 米" }]);
  });

  it("a new profile version is a new row, made active without code changes; a duplicate version is refused", async () => {
    const city: Actor = { id: "city", role: "city_admin", scopeCode: null };
    const next = { ...loadBuiltInProfile(), version: 2 };
    expect(await importProfile(t.db, { actor: city, ip: null }, { json: next })).toEqual({ ok: true, id: "hangzhou-2024-11", version: 2, activated: true });
    expect((await loadActivePolicy(t.db)).effective.version).toBe(2);
    const again = await importProfile(t.db, { actor: city, ip: null }, { json: next });
    expect(again.ok).toBe(false);
    const broken = await importProfile(t.db, { actor: city, ip: null }, { json: { id: "x" } });
    expect(broken.ok).toBe(false);
    const district: Actor = { id: "d", role: "district_admin", scopeCode: "330102" };
    expect(await importProfile(t.db, { actor: district, ip: null }, { json: { ...next, version: 3 } })).toMatchObject({ ok: false, status: 403 });
  });
});

describe("batch evaluation", () => {
  it("evaluates a street in chunks: communities in 评估 get a saved version, the rest are counted as skipped", async () => {
    const c = await communityIn("evaluating");
    const scope = (await resolveScope(t.db, c.street_code))!;
    const districtAdmin: Actor = { id: "d", role: "district_admin", scopeCode: c.district_code };
    const started = await startBatchEvaluation(t.db, { actor: districtAdmin, ip: null }, { scope });
    if (!started.ok) throw new Error(started.message);
    const seen: number[] = [];
    const job = await runToEnd(t.db, started.jobId, (j) => seen.push(j.done), { chunkSize: 2 });
    const inStreet = await t.db.selectFrom("communities").select("code").where("street_code", "=", c.street_code).execute();
    const evaluating = await t.db
      .selectFrom("cycles as y")
      .innerJoin("communities as c", "c.code", "y.community_code")
      .select("c.code")
      .where("c.street_code", "=", c.street_code)
      .where("y.stage", "=", "evaluating")
      .execute();
    expect(job).toMatchObject({ status: "done", total: inStreet.length, done: inStreet.length, saved: evaluating.length, skipped: inStreet.length - evaluating.length });
    expect(seen.length).toBeGreaterThan(1);
    expect(await countRows("audit_log", ["action", "evaluation.save"])).toBe(evaluating.length);
  });

  it("only within one's scope; a job left running is resumed on request, and there is nothing to resume once it is done", async () => {
    const c = await communityIn("evaluating");
    const scope = (await resolveScope(t.db, c.street_code))!;
    const otherDistrict: Actor = { id: "o", role: "district_admin", scopeCode: "330105" };
    expect(await startBatchEvaluation(t.db, { actor: otherDistrict, ip: null }, { scope })).toMatchObject({ ok: false, status: 403 });

    const districtAdmin: Actor = { id: "d", role: "district_admin", scopeCode: c.district_code };
    const started = await startBatchEvaluation(t.db, { actor: districtAdmin, ip: null }, { scope });
    if (!started.ok) throw new Error(started.message);
    // The server stopped before working on it: the job is still running, and resuming answers it.
    expect(await resumeBatchEvaluation(t.db, { actor: districtAdmin, ip: null }, { scope })).toEqual({ ok: true, jobId: started.jobId });
    await runToEnd(t.db, started.jobId);
    expect(await resumeBatchEvaluation(t.db, { actor: districtAdmin, ip: null }, { scope })).toMatchObject({ ok: false, status: 409 });
  });
});
