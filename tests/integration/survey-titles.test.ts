// Issue 20, point 5: a survey's title is plain text. Markup typed into it is refused where it is
// saved, whichever door it comes through; a title stored before the rule still shows as text.
import { describe, expect, it } from "vitest";
import { checkSurveyJson, importQuestionnaire } from "../../app/lib/survey-imports.server";
import { createSurvey, saveSurveyDefinition } from "../../app/lib/surveys.server";
import { findSurvey } from "../../db/repositories/surveys";
import { surveyTemplate } from "../../workflows/surveys/templates";
import { databasePerTest } from "../support/database";

const QINGBOMEN = "330102001051";
const change = { actor: { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN }, ip: "10.0.0.5" };
const HOSTILE = "<img src=x onerror=alert(1)>社区调查";

const t = databasePerTest();

async function draft() {
  const created = await createSurvey(t.db, change, { communityCode: QINGBOMEN, source: { template: "needs_seven_domain" } });
  if (!created.ok) throw new Error(JSON.stringify(created));
  return created.survey;
}

describe("王老师 names a survey", () => {
  it("is told in Chinese that a title with markup cannot be saved, even when the call skips the builder's form, and nothing changes", async () => {
    const survey = await draft();
    const saved = await saveSurveyDefinition(t.db, change, { surveyId: survey.id, expectedVersion: survey.version, title: HOSTILE, definition: survey.definition });
    expect(saved).toEqual({ ok: false, status: 400, message: "问卷名称不能包含 <、> 或控制字符（如换行、制表符）。", errors: { title: "问卷名称不能包含 <、> 或控制字符（如换行、制表符）。" } });
    const stored = (await findSurvey(t.db, survey.id))!;
    expect(stored).toMatchObject({ title: survey.title, version: survey.version });
    const named = await saveSurveyDefinition(t.db, change, { surveyId: survey.id, expectedVersion: survey.version, title: "  社区调查  ", definition: survey.definition });
    expect(named.ok && named.survey.title).toBe("社区调查");
  });

  it("gets the title of an imported JSON file or pasted questionnaire without its markup", async () => {
    const json = checkSurveyJson(JSON.stringify({ ...surveyTemplate("needs_seven_domain"), title: HOSTILE }));
    expect(json.ok && json.definition.title).toBe("社区调查");
    const text = await importQuestionnaire({ text: `${HOSTILE}\n\n1. 您家一起住的一共几口人？\n` });
    expect(text.ok && text.definition.title).toBe("社区调查");
  });

  it("copies a survey whose stored title has markup (saved before the rule) under a plain title", async () => {
    const survey = await draft();
    await t.db.updateTable("surveys").set({ title: HOSTILE }).where("id", "=", survey.id).execute();
    const copied = await createSurvey(t.db, change, { communityCode: QINGBOMEN, source: { copyOf: survey.id } });
    expect(copied.ok && copied.survey.title).toBe("社区调查");
  });
});
