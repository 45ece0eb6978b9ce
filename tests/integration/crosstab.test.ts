import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { isVerifiedChannel } from "../../workflows/glossary";
import { exportCrossTab, loadCrossTabPage } from "../../app/lib/crosstab-pages.server";
import { submitResponse } from "../../app/lib/survey-submission.server";
import type { Survey } from "../../db/repositories/surveys";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { databasePerTest } from "../support/database";
import { openNeedsSurvey } from "../support/surveys";

const QINGBOMEN = "330102001051";
const change = { actor: { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN }, ip: "10.0.0.5" };
const otherWorker = { actor: { id: "li", role: "community_worker" as const, scopeCode: "330102001052" }, ip: "10.0.0.7" };

const t = databasePerTest();

async function answered(survey: Survey, n: number, openLink: number): Promise<void> {
  const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
  const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
  for (let i = 0; i < n + openLink; i++) {
    const open = i >= n;
    const result = await submitResponse(
      t.db,
      survey,
      { idempotencyKey: `ct-${i}-abcdefgh`, answers: sampleNeedsAnswers(questions, neighbourhoods, seededRandom(i + 7)), ...(open ? { deviceId: `device-${i}-abcdef` } : {}) },
      open ? { channel: "online" } : { channel: "paper", enteredBy: "wang" },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
  }
}

describe("cross-tabulation of a survey", () => {
  it("counts verified answer sets by default, the open link only when asked, and exports the table (audited)", async () => {
    const survey = await openNeedsSurvey(t.db, change, QINGBOMEN, { openLink: true });
    await answered(survey, 12, 3);
    const choice = { row: "hh_neighbourhood", column: "meal_assist_use" };

    const verified = await loadCrossTabPage(t.db, survey, { ...choice, includeOpenLink: false });
    const all = await loadCrossTabPage(t.db, survey, { ...choice, includeOpenLink: true });
    const answeredBoth = async (openLink: boolean) =>
      (await t.db.selectFrom("survey_responses").select(["answers", "channel"]).where("survey_id", "=", survey.id).execute())
        .filter((r) => openLink || isVerifiedChannel(r.channel))
        .map((r) => JSON.parse(r.answers) as Record<string, unknown>)
        .filter((a) => a.hh_neighbourhood !== undefined && a.meal_assist_use !== undefined).length;
    expect(verified.result!.table.answered).toBe(await answeredBoth(false));
    // The desk's 12 forms carry no household code (paper_uncoded): 未核验 like the open link.
    expect(verified.result!.table.answered).toBe(0);
    expect(all.result!.table.answered).toBe(await answeredBoth(true));
    expect(all.result!.table.answered).toBeGreaterThan(verified.result!.table.answered);
    expect(all.result!.table.test).not.toBeNull();

    const file = await exportCrossTab(t.db, change, { surveyId: survey.id, ...choice, includeOpenLink: true });
    if (!file.ok) throw new Error(file.message);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(file.body.buffer);
    const cells = workbook.worksheets[0].getSheetValues().flat().map(String);
    expect(cells).toEqual(expect.arrayContaining(["卡方值 χ²", "行百分比（%）", "含未核验答卷（公开链接、无户码纸质问卷）"]));
    const audit = await t.db.selectFrom("audit_log").selectAll().where("action", "=", "survey.export_crosstab").executeTakeFirstOrThrow();
    expect(audit.entity_id).toBe(survey.id);
  });

  it("refuses two identical questions, and another community's worker", async () => {
    const survey = await openNeedsSurvey(t.db, change, QINGBOMEN);
    expect(await exportCrossTab(t.db, change, { surveyId: survey.id, row: "hh_disability", column: "hh_disability", includeOpenLink: false })).toMatchObject({
      ok: false,
      status: 400,
    });
    expect(await exportCrossTab(t.db, otherWorker, { surveyId: survey.id, row: "hh_disability", column: "meal_assist_need", includeOpenLink: false })).toMatchObject({
      ok: false,
      status: 403,
    });
  });
});
