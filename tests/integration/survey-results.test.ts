import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { exportTable, toCsv, toXlsx } from "../../app/lib/survey-exports.server";
import { loadSurveyResults } from "../../app/lib/survey-results.server";
import { submitResponse } from "../../app/lib/survey-submission.server";
import { issueHouseholdCodes } from "../../app/lib/surveys.server";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { findCommunity } from "../../db/repositories/places";
import type { Survey } from "../../db/repositories/surveys";
import { databasePerTest } from "../support/database";
import { openNeedsSurvey } from "../support/surveys";

const QINGBOMEN = "330102001051";
const worker = { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN };
const change = { actor: worker, ip: "10.0.0.5" };

const t = databasePerTest();

async function publishedSurvey(): Promise<{ survey: Survey; codes: string[] }> {
  const survey = await openNeedsSurvey(t.db, change, QINGBOMEN, { openLink: true });
  const neighbourhoods = await t.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).orderBy("name").execute();
  const issued = await issueHouseholdCodes(t.db, change, { surveyId: survey.id, neighbourhoodIds: [neighbourhoods[0].id] });
  if (!issued.ok) throw new Error(JSON.stringify(issued));
  return { survey, codes: issued.byNeighbourhood[0].codes };
}

function answersFor(survey: Survey, seed: number): Record<string, unknown> {
  const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
  const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
  return { ...sampleNeedsAnswers(questions, neighbourhoods, seededRandom(seed)), comments: `意见 ${seed}` };
}

/** Eight answer sets: three online with codes, two paper (one with a code), two assisted, one open link. */
async function submitMix(survey: Survey, codes: string[]): Promise<void> {
  const submissions: [payload: Record<string, unknown>, channel: "online" | "paper" | "assisted"][] = [
    [{ householdCode: codes[0] }, "online"],
    [{ householdCode: codes[1] }, "online"],
    [{ householdCode: codes[2] }, "online"],
    [{ householdCode: codes[3] }, "paper"],
    [{}, "paper"],
    [{}, "assisted"],
    [{}, "assisted"],
    [{ deviceId: "device-0000-open" }, "online"],
  ];
  let seed = 1;
  for (const [extra, channel] of submissions) {
    const result = await submitResponse(
      t.db,
      survey,
      { idempotencyKey: `results-${seed}-abcdef`, answers: answersFor(survey, seed), ...extra },
      { channel, enteredBy: channel === "online" ? null : "wang" },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
    seed++;
  }
}

describe("survey results", () => {
  it("the figures equal a direct count of the stored answer sets", async () => {
    const { survey, codes } = await publishedSurvey();
    await submitMix(survey, codes);
    const community = (await findCommunity(t.db, QINGBOMEN))!;
    const results = await loadSurveyResults(t.db, survey, community);

    const raw = await t.db.selectFrom("survey_responses").select(["channel", "neighbourhood_id", "answers"]).where("survey_id", "=", survey.id).execute();
    const verified = raw.filter((r) => r.channel !== "open_link" && r.channel !== "paper_uncoded");
    expect(verified).toHaveLength(4);
    expect(results.figures.verified).toBe(verified.length);
    expect(results.figures.unverified).toBe(raw.length - verified.length);
    expect(results.figures.rate).toBeCloseTo(verified.length / community.households, 10);
    expect(results.figures.target).toBe(0.3);
    for (const c of results.figures.byChannel) expect(c.count).toBe(raw.filter((r) => r.channel === c.channel).length);
    for (const n of results.figures.byNeighbourhood) {
      const mine = raw.filter((r) => (r.neighbourhood_id ?? "") === n.id);
      expect(n.verified).toBe(mine.filter((r) => verified.includes(r)).length);
      expect(n.unverified).toBe(mine.filter((r) => !verified.includes(r)).length);
    }

    // Verified answers only in the figures the evaluation uses; the others beside them.
    const answers = verified.map((r) => JSON.parse(r.answers) as Record<string, unknown>);
    const need = results.questions.find((q) => q.name === "meal_assist_need")!;
    expect(need.answered).toBe(answers.filter((a) => a.meal_assist_need !== undefined).length);
    for (const option of need.options) {
      expect(option.count).toBe(answers.filter((a) => String(a.meal_assist_need) === option.value).length);
    }
    expect(results.demand.respondents).toBe(verified.length);
    expect(results.unverified.demand.respondents).toBe(raw.length - verified.length);
    const others = raw.filter((r) => !verified.includes(r)).map((r) => JSON.parse(r.answers) as Record<string, unknown>);
    expect(results.unverified.answered.meal_assist_need ?? 0).toBe(others.filter((a) => a.meal_assist_need !== undefined).length);
    expect(results.demand.domains.map((d) => d.domain)).toContain("meal_assist");

    const texts = await t.db.selectFrom("survey_text_answers").select("id").where("survey_id", "=", survey.id).execute();
    expect(results.comments.total).toBe(texts.length);
    expect(results.comments.rows.find((c) => c.question === "comments")?.questionTitle).toBeTruthy();
    const times = results.comments.rows.map((c) => c.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it("a paper form keyed in through submitResponse is counted as 纸质录入 and records who keyed it", async () => {
    const { survey, codes } = await publishedSurvey();
    const result = await submitResponse(
      t.db,
      survey,
      { idempotencyKey: "paper-form-000001", householdCode: codes[5], answers: answersFor(survey, 42) },
      { channel: "paper", enteredBy: "wang" },
    );
    expect(result).toMatchObject({ ok: true, status: 201 });
    const row = await t.db.selectFrom("survey_responses").select(["channel", "entered_by", "household_code_id"]).where("survey_id", "=", survey.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "paper", entered_by: "wang" });
    expect(row.household_code_id).not.toBeNull();
    const community = (await findCommunity(t.db, QINGBOMEN))!;
    const { figures } = await loadSurveyResults(t.db, survey, community);
    expect(figures.byChannel.find((c) => c.channel === "paper")?.count).toBe(1);
    expect(figures.verified).toBe(1);
  });

  it("the raw-answer export has one row per answer set with labels, and no household codes", async () => {
    const { survey, codes } = await publishedSurvey();
    await submitMix(survey, codes);
    const table = await exportTable(t.db, survey);
    expect(table.rows).toHaveLength(8);
    expect(table.header.slice(0, 4)).toEqual(["序号", "录入方式", "小区", "提交时间"]);
    expect(table.header.join()).not.toMatch(/户码|code/i);
    expect(table.rows.map((r) => r[1])).toEqual([
      "线上（户码）",
      "线上（户码）",
      "线上（户码）",
      "纸质录入（户码）",
      "纸质/协助录入（无户码，未核验）",
      "纸质/协助录入（无户码，未核验）",
      "纸质/协助录入（无户码，未核验）",
      "公开链接（未核验）",
    ]);
    const needColumn = table.header.indexOf("您家还需要更多的社区助餐服务吗？");
    expect(needColumn).toBeGreaterThan(3);
    expect(["不需要", "有点需要", "比较需要", "非常需要"]).toContain(table.rows[0][needColumn]);

    const codeIds = (await t.db.selectFrom("household_codes").select(["id", "code_hash"]).where("survey_id", "=", survey.id).where("used_at", "is not", null).execute()).flatMap(
      (c) => [c.id, c.code_hash],
    );
    const csv = toCsv(table);
    for (const secret of [...codes.slice(0, 4), ...codes.slice(0, 4).map((c) => c.replace("-", "")), ...codeIds]) expect(csv).not.toContain(secret);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet.rowCount).toBe(9);
    expect(sheet.getRow(1).getCell(2).text).toBe("录入方式");
  });

  it("CSV cells that a spreadsheet would run as formulas are defused", () => {
    const csv = toCsv({ header: ["意见"], rows: [["=HYPERLINK(\"http://x\")"], ["-1+2"], ["普通, 带逗号"], [3]] });
    expect(csv.split("\r\n")).toEqual(["\uFEFF意见", `"'=HYPERLINK(""http://x"")"`, "'-1+2", '"普通, 带逗号"', "3", ""]);
  });
});
