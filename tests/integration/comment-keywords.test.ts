import { describe, expect, it } from "vitest";
import { flagComment } from "../../app/lib/comment-flags.server";
import { domainKeywordsOfCycle, keywordPanel, keywordsOfPlace } from "../../app/lib/comment-keywords.server";
import { lexiconInForce, termsOfTexts } from "../../app/lib/comment-lexicon.server";
import { changeCommentLexicon } from "../../app/lib/comment-lexicon-settings.server";
import { loadCommentLexiconSection } from "../../app/lib/comment-lexicon-pages.server";
import { processReanalysisStep, resumeCommentReanalysis, runReanalysisToEnd } from "../../app/lib/comment-reanalysis.server";
import { submitResponse } from "../../app/lib/survey-submission.server";
import { createSubmissionStore, type SubmissionStore } from "../../db/repositories/submissions";
import type { Survey } from "../../db/repositories/surveys";
import { countKeywords } from "../../workflows/comments/keywords";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { onPostgres, databasePerTest, type TestDatabase } from "../support/database";
import { openNeedsSurvey } from "../support/surveys";

const QINGBOMEN = "330102001051";
const worker = { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN };
const change = { actor: worker, ip: "10.0.0.5" };
const cityAdmin = { actor: { id: "city-1", role: "city_admin" as const, scopeCode: null }, ip: "10.0.0.7" };
const reviewer = { actor: { id: "street-1", role: "street_reviewer" as const, scopeCode: "330102001" }, ip: "10.0.0.6" };

const COMMENTS = [
  "电梯经常坏，老人上下楼很难",
  "希望加装电梯，六楼太高了",
  "老年食堂太远了，助餐点能不能多开一个",
  "充电桩太少，电瓶车乱拉电线",
  "电梯里的广告太吵",
  "停车位不够，晚上回来没地方停",
];

const t = databasePerTest();

function answersFor(survey: Survey, seed: number, comment: string): Record<string, unknown> {
  const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
  const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
  return { ...sampleNeedsAnswers(questions, neighbourhoods, seededRandom(seed)), comments: comment };
}

async function submitComments(survey: Survey, store?: SubmissionStore): Promise<void> {
  // At once, so the fast paths take them as one batch.
  const results = await Promise.all(
    COMMENTS.map((comment, i) =>
      submitResponse(t.db, survey, { idempotencyKey: `kw-${i}-abcdefgh`, answers: answersFor(survey, i + 1, comment) }, { channel: "paper", enteredBy: "wang", store }),
    ),
  );
  for (const r of results) expect(r.ok).toBe(true);
}

const STORES: [string, (db: TestDatabase["db"]) => SubmissionStore | undefined][] = [
  [onPostgres ? "the PostgreSQL single statement" : "the SQLite fast path", () => undefined],
  ["the portable Kysely store", (db) => createSubmissionStore(db, null)],
];

describe.each(STORES)("keyword totals kept at submission through %s", (_name, storeFor) => {
  it("equal a recount of the stored comments, and each comment is indexed under its keywords", async () => {
    const survey = await openNeedsSurvey(t.db, change, QINGBOMEN);
    await submitComments(survey, storeFor(t.db));

    const { vocabulary } = await lexiconInForce(t.db);
    const texts = await t.db.selectFrom("survey_text_answers").select(["id", "text"]).where("survey_id", "=", survey.id).execute();
    const recount = countKeywords(termsOfTexts(texts, vocabulary).map((terms) => new Set(terms)));
    const kept = await t.db.selectFrom("survey_comment_terms").select(["term", "comments"]).where("survey_id", "=", survey.id).execute();
    expect(new Map(kept.map((k) => [k.term, Number(k.comments)]))).toEqual(recount.terms);
    const total = await t.db.selectFrom("survey_comment_totals").selectAll().where("survey_id", "=", survey.id).executeTakeFirstOrThrow();
    expect(Number(total.comments)).toBe(COMMENTS.length);
    expect(total.lexicon_fingerprint).toBe(vocabulary.fingerprint);
    expect(recount.terms.get("加装电梯")).toBe(1);
    expect(recount.terms.get("电梯")).toBe(2);

    const indexed = await t.db.selectFrom("comment_terms").select(["term", "text_answer_id"]).where("survey_id", "=", survey.id).execute();
    expect(indexed).toHaveLength([...recount.terms.values()].reduce((a, b) => a + b, 0));
  });
});

describe("the keyword panel of the results page", () => {
  it("ranks the survey's keywords with their domains, and 电梯 brings the comments about 加装电梯 too, keyword marked", async () => {
    const survey = await openNeedsSurvey(t.db, change, QINGBOMEN);
    await submitComments(survey);
    const titles = new Map([["comments", "其他意见和建议"]]);

    const panel = await keywordPanel(t.db, survey.id, titles, { term: "电梯", page: 1 });
    expect(panel.comments).toBe(COMMENTS.length);
    expect(panel.keywords.find((k) => k.term === "老年食堂")).toMatchObject({ count: 1, domainLabel: expect.any(String) });
    expect(panel.keywords.map((k) => k.term)).not.toContain("希望");
    expect(panel.selected).toMatchObject({ term: "电梯", related: ["加装电梯"], total: 3 });
    const first = panel.selected!.rows.find((r) => r.parts.map((p) => p.text).join("") === COMMENTS[0])!;
    expect(first.parts.filter((p) => p.hit).map((p) => p.text)).toEqual(["电梯"]);

    const none = await keywordPanel(t.db, survey.id, titles, { term: "<script>", page: 1 });
    expect(none.selected).toBeNull();
  });

  it("a worker flags a comment: it goes on top, and the flag is audited; a street reviewer may not flag", async () => {
    const survey = await openNeedsSurvey(t.db, change, QINGBOMEN);
    await submitComments(survey);
    const before = await keywordPanel(t.db, survey.id, new Map(), { term: "电梯", page: 1 });
    const last = before.selected!.rows.at(-1)!;

    const flagged = await flagComment(t.db, change, { surveyId: survey.id, commentId: last.id, flagged: true });
    expect(flagged).toMatchObject({ ok: true, flagged: true });
    const after = await keywordPanel(t.db, survey.id, new Map(), { term: "电梯", page: 1 });
    expect(after.selected!.rows[0]).toMatchObject({ id: last.id, flagged: true });
    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "comment.flag").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ entity_id: last.id, actor_user_id: "wang" });

    expect(await flagComment(t.db, reviewer, { surveyId: survey.id, commentId: last.id, flagged: false })).toMatchObject({ ok: false, status: 403 });
    expect(await flagComment(t.db, change, { surveyId: survey.id, commentId: "no-such-comment", flagged: true })).toMatchObject({ ok: false, status: 404 });
  });

  it("the street's and the district's dashboards add their communities' keywords up", async () => {
    const survey = await openNeedsSurvey(t.db, change, QINGBOMEN);
    await submitComments(survey);
    const street = await keywordsOfPlace(t.db, { level: "street", code: "330102001" });
    const district = await keywordsOfPlace(t.db, { level: "district", code: "330102" });
    const elsewhere = await keywordsOfPlace(t.db, { level: "district", code: "330106" });
    expect(street.comments).toBe(COMMENTS.length);
    expect(district.keywords).toEqual(street.keywords);
    expect(street.keywords.find((k) => k.term === "电梯")).toMatchObject({ count: 2 });
    expect(elsewhere).toEqual({ comments: 0, keywords: [] });
  });

  it("the evaluation's DEMAND_PRIORITY evidence lists the round's keywords of its domain", async () => {
    const survey = await openNeedsSurvey(t.db, change, QINGBOMEN);
    await submitComments(survey);
    const byDomain = await domainKeywordsOfCycle(t.db, survey.cycleId);
    expect(byDomain.meal_assist?.map((k) => k.term)).toEqual(expect.arrayContaining(["老年食堂", "助餐点"]));
    // 电梯 and 停车位 are real concerns outside the seven domains: no domain lists them.
    expect(Object.values(byDomain).flat().map((k) => k!.term)).not.toContain("电梯");
  });
});

describe("the 市级管理员 edits the lexicon's lists as 默认值", () => {
  async function keptTerms(surveyId: string) {
    const kept = await t.db.selectFrom("survey_comment_terms").select(["term", "comments"]).where("survey_id", "=", surveyId).execute();
    return new Map(kept.map((k) => [k.term, Number(k.comments)]));
  }

  it("makes 老人 a stop word: a re-analysis job, resumed after a restart, rebuilds the totals and index; 恢复默认值 brings 老人 back", async () => {
    const survey = await openNeedsSurvey(t.db, change, QINGBOMEN);
    await submitComments(survey);
    const added = await changeCommentLexicon(t.db, cityAdmin, { op: "add", list: "stopWords", word: " 老人 " });
    expect(added).toMatchObject({ ok: true, jobId: expect.any(String) });
    const jobId = added.ok ? added.jobId! : "";

    // Two chunks of two comments, then the server "stops"; the page offers to continue.
    await processReanalysisStep(t.db, jobId, 2);
    await processReanalysisStep(t.db, jobId, 2);
    await processReanalysisStep(t.db, jobId, 2);
    const stopped = await loadCommentLexiconSection(t.db);
    expect(stopped.reanalysis).toMatchObject({ status: "running", done: 4, total: COMMENTS.length, stalled: true });
    expect(stopped.lists.find((l) => l.list === "stopWords")!.changes).toEqual([expect.objectContaining({ word: "老人", status: "added" })]);
    expect(await resumeCommentReanalysis(t.db, cityAdmin)).toMatchObject({ ok: true, jobId });
    const job = await runReanalysisToEnd(t.db, jobId, () => {}, 2);
    expect(job).toMatchObject({ status: "done", done: COMMENTS.length, total: COMMENTS.length });

    const { vocabulary } = await lexiconInForce(t.db, { fresh: true });
    const texts = await t.db.selectFrom("survey_text_answers").select(["id", "text"]).where("survey_id", "=", survey.id).execute();
    const recount = countKeywords(termsOfTexts(texts, vocabulary).map((terms) => new Set(terms)));
    expect(await keptTerms(survey.id)).toEqual(recount.terms);
    expect(recount.terms.has("老人")).toBe(false);
    // The index holds each comment under exactly its terms of the new lexicon.
    const termsNow = termsOfTexts(texts, vocabulary);
    const indexed = await t.db.selectFrom("comment_terms").select(["term", "text_answer_id"]).where("survey_id", "=", survey.id).execute();
    const expected = texts.flatMap((text, i) => termsNow[i].map((term) => `${term} ${text.id}`));
    expect(indexed.map((r) => `${r.term} ${r.text_answer_id}`).sort()).toEqual(expected.sort());
    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "comment_lexicon.update").executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_user_id: "city-1", entity_id: "stopWords" });

    const reset = await changeCommentLexicon(t.db, cityAdmin, { op: "reset", list: "stopWords", word: "老人" });
    expect(reset).toMatchObject({ ok: true, jobId: expect.any(String) });
    await runReanalysisToEnd(t.db, reset.ok ? reset.jobId! : "");
    expect((await keptTerms(survey.id)).get("老人")).toBe(1);
    expect(await t.db.selectFrom("comment_terms").select("text_answer_id").where("survey_id", "=", survey.id).where("term", "=", "老人").execute()).toHaveLength(1);
    expect(await resumeCommentReanalysis(t.db, cityAdmin)).toMatchObject({ ok: false, status: 409 });
  });

  it("moves a term to another domain without a re-analysis, refuses a word that is both term and stop word, and only the 市级管理员 may edit", async () => {
    const moved = await changeCommentLexicon(t.db, cityAdmin, { op: "add", list: "terms", word: "充电桩", group: "housekeeping_convenience" });
    expect(moved).toMatchObject({ ok: true, jobId: null });
    const section = await loadCommentLexiconSection(t.db);
    expect(section.lists.find((l) => l.list === "terms")!.changes).toEqual([expect.objectContaining({ word: "充电桩", status: "changed", defaultGroup: "七大领域以外" })]);
    expect(await changeCommentLexicon(t.db, cityAdmin, { op: "add", list: "stopWords", word: "老年食堂" })).toMatchObject({ ok: false, status: 400 });
    expect(await changeCommentLexicon(t.db, cityAdmin, { op: "add", list: "stopWords", word: "两个 词" })).toMatchObject({ ok: false, status: 400 });
    expect(await changeCommentLexicon(t.db, cityAdmin, { op: "remove", list: "terms", word: "不存在的词" })).toMatchObject({ ok: false, status: 400 });
    expect(await changeCommentLexicon(t.db, change, { op: "add", list: "stopWords", word: "电梯" })).toMatchObject({ ok: false, status: 403 });
    expect(await changeCommentLexicon(t.db, cityAdmin, { op: "resetList", list: "terms" })).toMatchObject({ ok: true });
    expect((await loadCommentLexiconSection(t.db)).lists.every((l) => l.changes.length === 0)).toBe(true);
  });
});
