import { describe, expect, it } from "vitest";
import { gatherCycleFacts } from "../../app/lib/cycle-facts.server";
import { sendCycleEvent } from "../../app/lib/cycles.server";
import { type SubmissionResult, submitResponse as submit } from "../../app/lib/survey-submission.server";
import { createSubmissionStore, type SubmissionStore } from "../../db/repositories/submissions";
import { exportAnswers } from "../../app/lib/survey-exports.server";
import { enterPaperForm } from "../../app/lib/survey-paper-entry.server";
import { createSurvey, issueHouseholdCodes, rescheduleSurvey } from "../../app/lib/surveys.server";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { demandFromTallies } from "../../workflows/surveys/tallies";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findCommunityPlace } from "../../db/repositories/places";
import { countEnteredBy, findSurvey, readResponseCounts, readTallies, type Survey } from "../../db/repositories/surveys";
import { todayInHangzhou } from "../../db/clock";
import { hangzhouDayStart } from "../../workflows/dates";
import { onPostgres, databasePerTest, type TestDatabase } from "../support/database";
import { openNeedsSurvey } from "../support/surveys";

const QINGBOMEN = "330102001051";
const worker = { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN };
const change = { actor: worker, ip: "10.0.0.5" };

const t = databasePerTest();

async function publishedNeedsSurvey(options: { openLink?: boolean } = {}): Promise<{ survey: Survey; codes: string[] }> {
  const survey = await openNeedsSurvey(t.db, change, QINGBOMEN, options);
  const neighbourhood = await t.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).orderBy("name").executeTakeFirstOrThrow();
  const issued = await issueHouseholdCodes(t.db, change, { surveyId: survey.id, neighbourhoodIds: [neighbourhood.id] });
  if (!issued.ok) throw new Error(JSON.stringify(issued));
  return { survey, codes: issued.byNeighbourhood[0].codes };
}

function answersFor(survey: Survey, seed: number) {
  const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
  const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
  return sampleNeedsAnswers(questions, neighbourhoods, seededRandom(seed));
}

describe("publishing the round's needs survey", () => {
  it("fills in the community's 小区 and starts the 需求调查 stage in the same step", async () => {
    const { survey } = await publishedNeedsSurvey();
    const cycle = (await findCurrentCycle(t.db, QINGBOMEN))!;
    expect(cycle.stage).toBe("surveying");
    const neighbourhoods = await t.db.selectFrom("neighbourhoods").select("name").where("community_code", "=", QINGBOMEN).execute();
    expect(JSON.stringify(survey.definition)).toContain(neighbourhoods[0].name);
  });

  it("records an extension with its reason", async () => {
    const { survey } = await publishedNeedsSurvey();
    const later = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const result = await rescheduleSurvey(t.db, change, { surveyId: survey.id, expectedVersion: survey.version, closesAt: later, reason: "部分小区纸质问卷未回收" });
    expect(result.ok).toBe(true);
    const audit = await t.db.selectFrom("audit_log").select(["action", "after_json"]).where("entity_id", "=", survey.id).where("action", "=", "survey.extend").executeTakeFirstOrThrow();
    expect(JSON.parse(audit.after_json!)).toMatchObject({ reason: "部分小区纸质问卷未回收" });
  });
});

type StoreFor = (db: TestDatabase["db"]) => SubmissionStore | undefined;
// The default store is the database's fast path: prepared statements on SQLite, one
// prepared statement on PostgreSQL (under test:pg). The portable store runs on both.
const STORES: [string, StoreFor][] = [
  [onPostgres ? "the PostgreSQL single statement" : "the SQLite fast path", () => undefined],
  ["the portable Kysely store", (db) => createSubmissionStore(db, null)],
];

describe.each(STORES)("a resident's submission through %s", (_name, storeFor) => {
  const submitResponse = (db: TestDatabase["db"], survey: Survey, payload: unknown): Promise<SubmissionResult> =>
    submit(db, survey, payload, { channel: "online", store: storeFor(db) });

  it("is stored once with its tallies, and a retry with the same key returns the same receipt", async () => {
    const { survey, codes } = await publishedNeedsSurvey();
    const payload = { idempotencyKey: "key-0001-abcdef", householdCode: codes[0], answers: answersFor(survey, 1) };
    const first = await submitResponse(t.db, survey, payload);
    expect(first).toMatchObject({ ok: true, status: 201, duplicate: false });
    const retry = await submitResponse(t.db, survey, payload);
    expect(retry).toMatchObject({ ok: true, status: 200, duplicate: true });
    expect(first.ok && retry.ok && retry.receipt).toBe(first.ok && first.receipt);

    const count = await t.db.selectFrom("survey_responses").select((eb) => eb.fn.countAll<number>().as("n")).where("survey_id", "=", survey.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
    const demand = demandFromTallies((await readTallies(t.db, survey.id)) as Parameters<typeof demandFromTallies>[0]);
    expect(demand.respondents).toBe(1);
    expect((await readResponseCounts(t.db, survey.id)).reduce((s, r) => s + r.count, 0)).toBe(1);
  });

  it("one household code from two phones at once: exactly one answer is accepted", async () => {
    const { survey, codes } = await publishedNeedsSurvey();
    const results = await Promise.all([
      submitResponse(t.db, survey, { idempotencyKey: "phone-a-123456", householdCode: codes[1], answers: answersFor(survey, 2) }),
      submitResponse(t.db, survey, { idempotencyKey: "phone-b-123456", householdCode: codes[1].toLowerCase().replace("-", " "), answers: answersFor(survey, 3) }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ status: 409, code: "household_code_used" });
    expect(demandFromTallies((await readTallies(t.db, survey.id)) as Parameters<typeof demandFromTallies>[0]).respondents).toBe(1);
  });

  it("the same answer sent several times at once (retries racing the first try): one answer, every reply has its receipt", async () => {
    const { survey, codes } = await publishedNeedsSurvey();
    // Several rounds: the later ones start on warm connections, so the copies really overlap.
    for (let round = 0; round < 5; round++) {
      const payload = { idempotencyKey: `race-key-00000${round}`, householdCode: codes[4 + round], answers: answersFor(survey, 9 + round) };
      const results = await Promise.all([1, 2, 3, 4].map(() => submitResponse(t.db, survey, payload)));
      expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
      expect(new Set(results.map((r) => (r.ok ? r.receipt : "")))).toHaveProperty("size", 1);
      expect(results.filter((r) => r.ok && !r.duplicate)).toHaveLength(1);
    }
    expect(demandFromTallies((await readTallies(t.db, survey.id)) as Parameters<typeof demandFromTallies>[0]).respondents).toBe(5);
  });

  it("the same open-link answer sent several times at once: one answer, every reply has its receipt", async () => {
    const { survey } = await publishedNeedsSurvey({ openLink: true });
    for (let round = 0; round < 5; round++) {
      const payload = { idempotencyKey: `race-open-00000${round}`, deviceId: `device-race-000${round}`, answers: answersFor(survey, 10 + round) };
      const results = await Promise.all([1, 2, 3, 4].map(() => submitResponse(t.db, survey, payload)));
      expect(results.map((r) => r.ok)).toEqual([true, true, true, true]);
      expect(new Set(results.map((r) => (r.ok ? r.receipt : "")))).toHaveProperty("size", 1);
    }
    const other = await submitResponse(t.db, survey, { idempotencyKey: "race-open-other1", deviceId: "device-race-0001", answers: answersFor(survey, 20) });
    expect(other).toMatchObject({ ok: false, status: 409, code: "device_used" });
    const counts = await readResponseCounts(t.db, survey.id);
    expect(counts.every((c) => c.channel === "open_link")).toBe(true);
    expect(counts.reduce((sum, c) => sum + c.count, 0)).toBe(5);
  });

  it("refusals leave the database unchanged", async () => {
    const { survey, codes } = await publishedNeedsSurvey();
    const before = await t.db.selectFrom("survey_tallies").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const bad = [
      await submitResponse(t.db, survey, { idempotencyKey: "bad-answers-1", householdCode: codes[2], answers: { hh_size: 999 } }),
      await submitResponse(t.db, survey, { idempotencyKey: "bad-code-0001", householdCode: "ABCD-EFGH", answers: answersFor(survey, 4) }),
      await submitResponse(t.db, survey, { idempotencyKey: "no-code-00001", answers: answersFor(survey, 5) }),
      await submitResponse(t.db, survey, { idempotencyKey: "x", householdCode: codes[2], answers: answersFor(survey, 6) }),
    ];
    expect(bad.map((r) => (r.ok ? "ok" : r.code))).toEqual(["invalid_answers", "household_code_unknown", "household_code_required", "bad_request"]);
    const after = await t.db.selectFrom("survey_tallies").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
    const used = await t.db.selectFrom("household_codes").select((eb) => eb.fn.countAll<number>().as("n")).where("used_at", "is not", null).executeTakeFirstOrThrow();
    expect(Number(used.n)).toBe(0);
  });

  it("through the open link counts once per device, as 未核验, outside the response rate", async () => {
    const { survey } = await publishedNeedsSurvey({ openLink: true });
    const first = await submitResponse(t.db, survey, { idempotencyKey: "open-0000001", deviceId: "device-aaaa-1111", answers: answersFor(survey, 7) });
    const again = await submitResponse(t.db, survey, { idempotencyKey: "open-0000002", deviceId: "device-aaaa-1111", answers: answersFor(survey, 8) });
    expect(first.ok).toBe(true);
    expect(again).toMatchObject({ ok: false, status: 409, code: "device_used" });
    expect(await readResponseCounts(t.db, survey.id)).toEqual([expect.objectContaining({ channel: "open_link", count: 1 })]);
    const cycle = (await findCurrentCycle(t.db, QINGBOMEN))!;
    expect((await gatherCycleFacts(t.db, cycle)).responseRate).toBe(0);
  });

  it("is refused plainly before the survey opens and after it closes", async () => {
    const { survey, codes } = await publishedNeedsSurvey();
    const early = await submitResponse(t.db, { ...survey, opensAt: new Date(Date.now() + 3_600_000).toISOString() }, { idempotencyKey: "early-000001", householdCode: codes[3], answers: {} });
    expect(early).toMatchObject({ status: 403, message: "问卷还没有开始，请在开始时间之后再来填写。" });
    const late = await submitResponse(t.db, { ...survey, closesAt: new Date(Date.now() - 1000).toISOString() }, { idempotencyKey: "late-0000001", householdCode: codes[3], answers: {} });
    expect(late).toMatchObject({ status: 410, message: "问卷已经结束，感谢您的关注。" });
  });
});

describe("closing the survey", () => {
  it("needs 30 % of households unless overridden with a reason (approved by the street below 10 %); closing moves the cycle to 评估 and closes the survey", async () => {
    const { survey } = await publishedNeedsSurvey();
    let cycle = (await findCurrentCycle(t.db, QINGBOMEN))!;
    const refused = await sendCycleEvent(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, expectedVersion: cycle.version, command: { type: "CLOSE_SURVEY" } });
    expect(refused).toMatchObject({ ok: false, status: 400 });
    const overridden = await sendCycleEvent(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN,
      expectedVersion: cycle.version,
      command: { type: "OVERRIDE_MIN_RESPONSE", reason: "老年户多，已上门协助填写" } });
    expect(overridden.ok).toBe(true);
    // At 0 % the street's reviewer approves the override first (issue 20).
    cycle = (await findCurrentCycle(t.db, QINGBOMEN))!;
    const reviewer = { id: "chen", role: "street_reviewer" as const, scopeCode: (await findCommunityPlace(t.db, QINGBOMEN))!.streetCode! };
    const approved = await sendCycleEvent(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, expectedVersion: cycle.version, command: { type: "APPROVE_OVERRIDE" } });
    expect(approved.ok).toBe(true);
    cycle = (await findCurrentCycle(t.db, QINGBOMEN))!;
    const closed = await sendCycleEvent(t.db, { actor: worker, ip: null }, { communityCode: QINGBOMEN, expectedVersion: cycle.version, command: { type: "CLOSE_SURVEY" } });
    expect(closed.ok && closed.cycle.stage).toBe("evaluating");
    expect((await findSurvey(t.db, survey.id))!.status).toBe("closed");
  });
});

describe("who may change a survey", () => {
  async function outsiders() {
    const place = (await findCommunityPlace(t.db, QINGBOMEN))!;
    const other = await t.db.selectFrom("communities").select("code").where("code", "<>", QINGBOMEN).orderBy("code").executeTakeFirstOrThrow();
    return {
      reviewer: { id: "chen", role: "street_reviewer" as const, scopeCode: place.streetCode },
      neighbour: { id: "li", role: "community_worker" as const, scopeCode: other.code },
    };
  }

  it("only the community's own worker creates, extends, issues codes and keys in paper forms, even when the call skips the web page", async () => {
    const { survey } = await publishedNeedsSurvey();
    const neighbourhood = await t.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).executeTakeFirstOrThrow();
    const { reviewer, neighbour } = await outsiders();
    const surveysBefore = await t.db.selectFrom("surveys").select("id").where("community_code", "=", QINGBOMEN).execute();
    for (const actor of [reviewer, neighbour]) {
      const as = { actor, ip: "10.0.0.9" };
      const refusals = [
        await createSurvey(t.db, as, { communityCode: QINGBOMEN, source: { template: "feedback_post_build" } }),
        await rescheduleSurvey(t.db, as, { surveyId: survey.id, expectedVersion: survey.version, closesAt: new Date(Date.now() + 40 * 86_400_000).toISOString(), reason: "延长两周" }),
        await issueHouseholdCodes(t.db, as, { surveyId: survey.id, neighbourhoodIds: [neighbourhood.id] }),
        await enterPaperForm(t.db, as, { surveyId: survey.id, channel: "paper", idempotencyKey: `paper-${actor.id}-0001`, answers: answersFor(survey, 30) }),
      ];
      for (const refused of refusals) expect(refused).toEqual({ ok: false, status: 403, message: "只有本社区的社区工作者可以编辑、发布和录入问卷。" });
    }
    const denied = await t.db.selectFrom("audit_log").select(["actor_user_id", "ip"]).where("action", "=", "denied:manage:survey").execute();
    expect(denied).toHaveLength(8);
    expect(denied.every((d) => d.ip === "10.0.0.9")).toBe(true);
    expect(await t.db.selectFrom("surveys").select("id").where("community_code", "=", QINGBOMEN).execute()).toHaveLength(surveysBefore.length);
    expect(await t.db.selectFrom("survey_responses").select("id").where("survey_id", "=", survey.id).execute()).toHaveLength(0);
    expect((await findSurvey(t.db, survey.id))!.version).toBe(survey.version);
  });

  it("a paper form keyed in by the worker counts as 纸质录入; a slip already used is refused with words for the worker", async () => {
    const { survey, codes } = await publishedNeedsSurvey();
    const entered = await enterPaperForm(t.db, change, { surveyId: survey.id, channel: "paper", idempotencyKey: "paper-form-0001", householdCode: codes[0], answers: answersFor(survey, 31) });
    expect(entered).toMatchObject({ ok: true, duplicate: false, keyedIn: 1 });
    const again = await enterPaperForm(t.db, change, { surveyId: survey.id, channel: "paper", idempotencyKey: "paper-form-0002", householdCode: codes[0], answers: answersFor(survey, 32) });
    expect(again).toMatchObject({ ok: false, status: 409, errors: { householdCode: expect.stringContaining("这个户码已经有答卷了") } });
  });

  it("a paper form without a household code is its own 未核验 channel, kept out of the verified tallies, and every entry is audited", async () => {
    const { survey, codes } = await publishedNeedsSurvey();
    const coded = await enterPaperForm(t.db, change, { surveyId: survey.id, channel: "paper", idempotencyKey: "paper-coded-0001", householdCode: codes[1], answers: answersFor(survey, 33) });
    const uncoded = await enterPaperForm(t.db, change, { surveyId: survey.id, channel: "assisted", idempotencyKey: "paper-uncoded-01", answers: answersFor(survey, 34) });
    expect(coded).toMatchObject({ ok: true });
    expect(uncoded).toMatchObject({ ok: true, keyedIn: 2 });
    const channels = await t.db.selectFrom("survey_responses").select("channel").where("survey_id", "=", survey.id).orderBy("channel").execute();
    expect(channels.map((c) => c.channel)).toEqual(["paper", "paper_uncoded"]);
    expect(demandFromTallies(await readTallies(t.db, survey.id)).respondents).toBe(1);
    expect(demandFromTallies(await readTallies(t.db, survey.id, false)).respondents).toBe(1);
    const audited = await t.db.selectFrom("audit_log").select(["actor_user_id", "after_json"]).where("entity_id", "=", survey.id).where("action", "=", "survey.paper_entry").execute();
    expect(audited.map((a) => JSON.parse(a.after_json!).channel).sort()).toEqual(["paper", "paper_uncoded"]);
    expect(audited.every((a) => a.actor_user_id === "wang")).toBe(true);
  });

  it("the paper page's count is the forms this worker keyed in since the start of today in Hangzhou", async () => {
    const { survey } = await publishedNeedsSurvey();
    for (const n of [1, 2]) await enterPaperForm(t.db, change, { surveyId: survey.id, channel: "paper", idempotencyKey: `paper-today-000${n}`, answers: answersFor(survey, 40 + n) });
    const today = hangzhouDayStart(todayInHangzhou());
    expect(await countEnteredBy(t.db, { surveyId: survey.id, enteredBy: "wang", since: today })).toBe(2);
    expect(await countEnteredBy(t.db, { surveyId: survey.id, enteredBy: "li", since: today })).toBe(0);
    expect(await countEnteredBy(t.db, { surveyId: survey.id, enteredBy: "wang", since: new Date(Date.parse(today) + 86_400_000).toISOString() })).toBe(0);
    expect(hangzhouDayStart("2026-12-06")).toBe("2026-12-05T16:00:00.000Z");
  });

  it("the street's reviewer may download the answers, and the download is audited; a worker of another community may not", async () => {
    const { survey } = await publishedNeedsSurvey();
    const { reviewer, neighbour } = await outsiders();
    const file = await exportAnswers(t.db, { actor: reviewer, ip: null }, { surveyId: survey.id, format: "csv" });
    expect(file).toMatchObject({ ok: true, contentType: "text/csv; charset=utf-8", fileName: expect.stringMatching(/-答卷\.csv$/) });
    const refused = await exportAnswers(t.db, { actor: neighbour, ip: null }, { surveyId: survey.id, format: "csv" });
    expect(refused).toMatchObject({ ok: false, status: 403 });
    const audited = await t.db.selectFrom("audit_log").select(["actor_user_id", "action"]).where("entity_id", "=", survey.id).where("action", "=", "survey.export_answers").execute();
    expect(audited).toEqual([{ actor_user_id: "chen", action: "survey.export_answers" }]);
  });
});
