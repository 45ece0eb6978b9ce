// A questionnaire with a satisfaction matrix, tables, a ranking and a panel per child, answered
// online and on paper: kept totals give results per row × column, and the export has a column
// per row or cell with headers a person can read.
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { exportTable, toXlsx } from "../../app/lib/survey-exports.server";
import { loadSurveyResults } from "../../app/lib/survey-results.server";
import { submitResponse } from "../../app/lib/survey-submission.server";
import { issueHouseholdCodes } from "../../app/lib/surveys.server";
import { findCommunity } from "../../db/repositories/places";
import type { Survey } from "../../db/repositories/surveys";
import { databasePerTest } from "../support/database";
import { HOUSEHOLD_SURVEY } from "../support/structured-survey";
import { openSurveyWith } from "../support/surveys";

const QINGBOMEN = "330102001051";
const change = { actor: { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN }, ip: "10.0.0.5" };

const t = databasePerTest();

const answers = [
  {
    uses_health: true,
    service_satisfaction: { canteen: 5, health: 4 },
    rooms: { bed: { area: 12, grab_bar: "yes", bar_note: "床边" }, kitchen: { area: 6 } },
    prices: { low: 5, high: 20 },
    priorities: ["canteen", "clinic", "gym"],
    members: [{ age: 70, relation: "self" }],
    children: [{ age: 4 }, { age: 9, school: "清波小学" }],
  },
  {
    uses_health: false,
    service_satisfaction: { canteen: 2 },
    why_unhappy: "饭菜太咸",
    rooms: { bed: { area: 10 }, kitchen: { area: 5, grab_bar: "no" } },
    prices: { low: 3 },
    priorities: ["gym"],
  },
];

async function answered(): Promise<Survey> {
  const survey = await openSurveyWith(t.db, change, QINGBOMEN, HOUSEHOLD_SURVEY, { openLink: true });
  // Both households answer with their slip's code, so both count as 已核验.
  const neighbourhood = await t.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).orderBy("name").executeTakeFirstOrThrow();
  const issued = await issueHouseholdCodes(t.db, change, { surveyId: survey.id, neighbourhoodIds: [neighbourhood.id] });
  if (!issued.ok) throw new Error(JSON.stringify(issued));
  const codes = issued.byNeighbourhood[0].codes;
  for (const [i, a] of answers.entries()) {
    const result = await submitResponse(
      t.db,
      survey,
      { idempotencyKey: `matrix-${i}-abcdef`, answers: a, householdCode: codes[i] },
      { channel: i === 0 ? "online" : "paper", enteredBy: i === 0 ? null : "wang" },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
  }
  return survey;
}

describe("results and exports of structured questions", () => {
  it("shows each matrix row with its counts per column and its mean, from the kept totals", async () => {
    const survey = await answered();
    const results = await loadSurveyResults(t.db, survey, (await findCommunity(t.db, QINGBOMEN))!);
    const matrix = results.questions.find((q) => q.name === "service_satisfaction")!;
    expect(matrix.answered).toBe(2);
    expect(matrix.parts!.map((r) => [r.title, r.answered, r.mean, r.options.map((o) => o.count)])).toEqual([
      ["老年食堂", 2, 3.5, [0, 1, 0, 0, 1]],
      ["卫生服务站", 1, 4, [0, 0, 0, 1, 0]],
    ]);
    const ranking = results.questions.find((q) => q.name === "priorities")!;
    expect(ranking.parts!.map((p) => [p.title, p.mean])).toEqual([
      ["canteen", 1.5],
      ["gym", 2],
      ["clinic", 2],
    ]);
    const children = results.questions.find((q) => q.name === "children")!;
    expect(children).toMatchObject({ answered: 1, mean: 2 });
    expect(children.parts!.find((p) => p.name === "children.school")).toMatchObject({ answered: 1 });
  });

  it("exports a column per matrix row, table cell, item, ranked item and added row, with readable headers", async () => {
    const survey = await answered();
    const table = await exportTable(t.db, survey);
    const column = (header: string) => {
      const i = table.header.indexOf(header);
      expect(i, `${header} in ${table.header.join(" | ")}`).toBeGreaterThanOrEqual(0);
      return table.rows.map((r) => r[i]);
    };
    expect(column("您对以下服务满意吗？：老年食堂")).toEqual(["很满意", "不满意"]);
    expect(column("您对以下服务满意吗？：卫生服务站")).toEqual(["满意", null]);
    expect(column("希望在哪些时段开放？：weekday")).toEqual([null, null]);
    expect(column("房间情况：卧室：面积")).toEqual([12, 10]);
    expect(column("房间情况：厨房：有扶手吗")).toEqual([null, "no"]);
    expect(column("能接受的价格：最高")).toEqual([20, null]);
    expect(column("最希望先建哪一项？：gym（排第几）")).toEqual([3, 1]);
    expect(column("家里的孩子（第 2 项）：学校")).toEqual(["清波小学", null]);
    expect(column("家庭成员（第 1 行）：关系")).toEqual(["self", null]);
    expect(table.header.some((h) => h.includes("price_gap"))).toBe(false);

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await toXlsx(table)) as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const headers = (sheet.getRow(1).values as unknown[]).slice(1);
    const at = headers.indexOf("您对以下服务满意吗？：老年食堂") + 1;
    expect(sheet.getRow(2).getCell(at).value).toBe("很满意");
    expect(sheet.getRow(3).getCell(at).value).toBe("不满意");
  });
});
