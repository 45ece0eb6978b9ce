// The public endpoint's limits as the database keeps them (ADR 0012), on SQLite and, under
// test:pg, PostgreSQL: concurrent requests, two app instances on one database, the window,
// and the early household-code check.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { admitPublicRequest, forgetPublicLimitSettings, limitKeys } from "../../app/lib/public-limits.server";
import { checkHouseholdCodeForResident, CODE_ACCEPTED_MESSAGE } from "../../app/lib/survey-code-check.server";
import { submitResponse } from "../../app/lib/survey-submission.server";
import { issueHouseholdCodes } from "../../app/lib/surveys.server";
import { createDatabase } from "../../db/client";
import { upsertSettingOverride } from "../../db/repositories/policy";
import { countOfLimit } from "../../db/repositories/public-limits";
import type { Survey } from "../../db/repositories/surveys";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { onPostgres, openTestDatabase, type TestDatabase } from "../support/database";
import { openNeedsSurvey } from "../support/surveys";

const QINGBOMEN = "330102001051";
const change = { actor: { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN }, ip: "10.0.0.5" };

// One database for the file (each test uses its own addresses); the settings go back to the defaults after each.
let t: TestDatabase;
let published: { survey: Survey; codes: string[] };
beforeAll(async () => {
  t = openTestDatabase();
  published = await surveyWithCodes();
});
afterEach(async () => {
  await t.db.deleteFrom("policy_settings").where("profile_id", "=", "public-limits").execute();
  forgetPublicLimitSettings(t.db);
});
afterAll(async () => {
  await t?.cleanup();
});

async function surveyWithCodes(): Promise<{ survey: Survey; codes: string[] }> {
  const survey = await openNeedsSurvey(t.db, change, QINGBOMEN, { openLink: true });
  const neighbourhood = await t.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).orderBy("name").executeTakeFirstOrThrow();
  const issued = await issueHouseholdCodes(t.db, change, { surveyId: survey.id, neighbourhoodIds: [neighbourhood.id] });
  if (!issued.ok) throw new Error(JSON.stringify(issued));
  return { survey, codes: issued.byNeighbourhood[0].codes };
}

async function setLimit(key: string, value: number) {
  await upsertSettingOverride(t.db, { profileId: "public-limits", key: `public-limits.${key}`, value, updatedBy: null });
  forgetPublicLimitSettings(t.db);
}

describe("open-link answers per address per survey", () => {
  it("admits exactly 30 of 45 concurrent answers from one address (on PostgreSQL through two app instances on one database); the rest wait with a Chinese reason", async () => {
    // Several instances share PostgreSQL only; a SQLite install is one process.
    const other = onPostgres ? createDatabase(t.file) : { db: t.db };
    try {
      const surveyId = "survey-under-load";
      const results = await Promise.all(Array.from({ length: 45 }, (_, i) => admitPublicRequest(i % 2 ? other.db : t.db, "open_link", { ip: "203.0.113.9", surveyId })));
      expect(results.filter((r) => r.admitted)).toHaveLength(30);
      const refused = results.filter((r) => !r.admitted);
      expect(refused).toHaveLength(15);
      for (const r of refused) {
        expect(r).toMatchObject({ status: 429, message: expect.stringContaining("您填写的内容已保存在本机") });
        if (!r.admitted) expect(r.retryAfterSeconds).toBeGreaterThan(59 * 60);
      }
      expect(await countOfLimit(t.db, limitKeys.openLink("203.0.113.9", surveyId))).toBe(30);
      // Another address and another survey are counted apart.
      expect((await admitPublicRequest(other.db, "open_link", { ip: "203.0.113.10", surveyId })).admitted).toBe(true);
      expect((await admitPublicRequest(other.db, "open_link", { ip: "203.0.113.9", surveyId: "another-survey" })).admitted).toBe(true);
    } finally {
      forgetPublicLimitSettings(other.db);
      if (other.db !== t.db) await other.db.destroy();
    }
  });

  it("gives back the count of an answer that was not stored, and starts afresh once the window has passed", async () => {
    await setLimit("openLink.maxAnswers", 2);
    const key = limitKeys.openLink("198.51.100.4", "s1");
    const first = await admitPublicRequest(t.db, "open_link", { ip: "198.51.100.4", surveyId: "s1" });
    const second = await admitPublicRequest(t.db, "open_link", { ip: "198.51.100.4", surveyId: "s1" });
    expect((await admitPublicRequest(t.db, "open_link", { ip: "198.51.100.4", surveyId: "s1" })).admitted).toBe(false);
    if (second.admitted) await second.settle(false);
    expect(await countOfLimit(t.db, key)).toBe(1);
    expect(first.admitted && (await admitPublicRequest(t.db, "open_link", { ip: "198.51.100.4", surveyId: "s1" })).admitted).toBe(true);
    await t.db.updateTable("public_limit_counters").set({ window_started_at: new Date(Date.now() - 61 * 60_000).toISOString() }).where("key", "=", key).execute();
    expect((await admitPublicRequest(t.db, "open_link", { ip: "198.51.100.4", surveyId: "s1" })).admitted).toBe(true);
    expect(await countOfLimit(t.db, key)).toBe(1);
  });
});

describe("checking a household code as soon as it is typed", () => {
  const check = (survey: Survey, householdCode: unknown, ip = "192.0.2.1") => checkHouseholdCodeForResident(t.db, { ip }, { token: survey.publicToken, payload: { householdCode } });

  it("accepts an unused code without counting it, and gives unknown, malformed and used codes one answer", async () => {
    const { survey, codes } = published;
    expect(await check(survey, codes[0])).toEqual({ ok: true, status: 200, message: CODE_ACCEPTED_MESSAGE });
    expect(await countOfLimit(t.db, limitKeys.codeFailures("192.0.2.1", survey.id))).toBe(0);

    const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
    const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
    const stored = await submitResponse(t.db, survey, { idempotencyKey: "early-check-0001", householdCode: codes[1], answers: sampleNeedsAnswers(questions, neighbourhoods, seededRandom(3)) });
    expect(stored.ok).toBe(true);
    const refusals = [await check(survey, "ZZZZ-ZZZZ"), await check(survey, "12"), await check(survey, codes[1])];
    expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(1);
    expect(refusals[0]).toMatchObject({ ok: false, status: 400, code: "household_code_rejected", message: expect.stringContaining("社区居委会") });
    expect(await countOfLimit(t.db, limitKeys.codeFailures("192.0.2.1", survey.id))).toBe(3);
  });

  it("after 15 failed codes from one address the next wait (even a right one), while the neighbour's phone on another address is still let in", async () => {
    const { survey, codes } = published;
    const wrong = [];
    for (let i = 0; i < 20; i++) wrong.push(await check(survey, `ZZZZ-ZZ${String.fromCharCode(65 + i)}Z`, "192.0.2.3"));
    expect(wrong.filter((r) => r.status === 400)).toHaveLength(15);
    expect(wrong.filter((r) => r.status === 429)).toHaveLength(5);
    expect(await check(survey, codes[2], "192.0.2.3")).toMatchObject({ status: 429, message: expect.stringMatching(/户码输错的次数太多了，请 \d+ 分钟后再试/), retryAfterSeconds: expect.any(Number) });
    expect(await check(survey, codes[2], "192.0.2.4")).toMatchObject({ ok: true });
  });

  it("counts failures over all surveys too, so hopping between surveys does not multiply the allowance", async () => {
    await setLimit("householdCodes.maxFailuresPerSurvey", 2);
    await setLimit("householdCodes.maxFailuresOverall", 3);
    const fail = async (surveyId: string) => {
      const admission = await admitPublicRequest(t.db, "household_code", { ip: "192.0.2.5", surveyId });
      if (admission.admitted) await admission.settle(true);
      return admission.admitted;
    };
    expect([await fail("first"), await fail("first"), await fail("first")]).toEqual([true, true, false]);
    expect([await fail("second"), await fail("second")]).toEqual([true, false]);
    expect(await countOfLimit(t.db, limitKeys.codeFailuresOverall("192.0.2.5"))).toBe(3);
  });

  it("lets in 40 households answering at once from one address with right codes: a right code never counts or waits", async () => {
    const { survey, codes } = published;
    const answers = await Promise.all(codes.slice(10, 50).map((code) => check(survey, code, "192.0.2.7")));
    expect(answers.filter((r) => r.ok)).toHaveLength(40);
    expect(await countOfLimit(t.db, limitKeys.codeFailuresOverall("192.0.2.7"))).toBe(0);
  });

  it("answers an unknown survey and a body that is not a code without counting anything", async () => {
    const { survey } = published;
    expect(await checkHouseholdCodeForResident(t.db, { ip: "192.0.2.9" }, { token: "nosuchtoken", payload: { householdCode: "ZZZZ-ZZZZ" } })).toMatchObject({ status: 404 });
    expect(await check(survey, 12345678, "192.0.2.9")).toMatchObject({ status: 400, code: "bad_request" });
    expect(await check(survey, "x".repeat(33), "192.0.2.9")).toMatchObject({ status: 400, code: "bad_request" });
    expect(await countOfLimit(t.db, limitKeys.codeFailuresOverall("192.0.2.9"))).toBe(0);
  });
});
