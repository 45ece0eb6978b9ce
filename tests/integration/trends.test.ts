// Trends across rounds (issue 18.4) on a real database: 清波门社区's demo 2025 round and a
// 2026 round answered here, a community, its street and the route's scope guard.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { login } from "../../app/lib/sign-in.server";
import { submitResponse } from "../../app/lib/survey-submission.server";
import { issueHouseholdCodes } from "../../app/lib/surveys.server";
import { loadTrendPage } from "../../app/lib/trend-pages.server";
import { readTallies, type Survey } from "../../db/repositories/surveys";
import { DEMO_PASSWORD } from "../../db/seed";
import { RESPONDENTS_KEY } from "../../workflows/surveys/tallies";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { openSurveyWith } from "../support/surveys";

const QINGBOMEN = "330102001051";
const QINGBO_STREET = "330102001";
const change = { actor: { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN }, ip: "10.0.0.5" };
const NEED = [0, 1, 2, 3].map((v) => ({ value: v, text: `需要程度 ${v}` }));

let t: TestDatabase;
let route: typeof import("../../app/routes/trends.$scope");
let survey2026: Survey;

beforeAll(async () => {
  t = openTestDatabase();
  // The route reads the app's singleton database: point it at this copy before it loads.
  process.env.DATABASE_URL = t.file;
  route = await import("../../app/routes/trends.$scope");
  // 2026: 助餐 need asked again under a new title, 用过吗 renamed, the satisfaction rating kept.
  survey2026 = await openSurveyWith(
    t.db,
    change,
    QINGBOMEN,
    {
      pages: [
        {
          name: "meal",
          title: "社区助餐",
          elements: [
            { type: "radiogroup", name: "meal_assist_need", title: "今年您家还需要助餐服务吗？", choices: NEED },
            { type: "radiogroup", name: "meal_assist_used_2026", title: "用过社区助餐吗？", choices: ["often", "never"] },
            { type: "rating", name: "meal_assist_satisfaction", title: "您对社区助餐满意吗？", rateMin: 1, rateMax: 5 },
          ],
        },
      ],
    },
    { openLink: true },
  );
  const neighbourhood = await t.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).executeTakeFirstOrThrow();
  const issued = await issueHouseholdCodes(t.db, change, { surveyId: survey2026.id, neighbourhoodIds: [neighbourhood.id] });
  if (!issued.ok) throw new Error(JSON.stringify(issued));
  const codes = issued.byNeighbourhood[0].codes;
  // Two households with codes need it badly; two through the open link (未核验) do not.
  const answers = [
    { householdCode: codes[0], answers: { meal_assist_need: 3, meal_assist_used_2026: "often", meal_assist_satisfaction: 4 } },
    { householdCode: codes[1], answers: { meal_assist_need: 3, meal_assist_used_2026: "never", meal_assist_satisfaction: 2 } },
    { deviceId: "device-trend-0001", answers: { meal_assist_need: 0, meal_assist_satisfaction: 5 } },
    { deviceId: "device-trend-0002", answers: { meal_assist_need: 0, meal_assist_satisfaction: 5 } },
  ];
  for (const [i, a] of answers.entries()) {
    const result = await submitResponse(t.db, survey2026, { idempotencyKey: `trend-${i}-abcdefgh`, ...a }, { channel: "online" });
    if (!result.ok) throw new Error(JSON.stringify(result));
  }
});
afterAll(async () => {
  await (await import("../../app/lib/db.server")).database.db.destroy();
  await t.cleanup();
});

/** What the demo's closed 2025 round of 清波门社区 kept for a question, by option. */
async function demo2025(question: string): Promise<Map<string, number>> {
  const survey = await t.db
    .selectFrom("surveys as s")
    .innerJoin("cycles as y", "y.id", "s.cycle_id")
    .select("s.id")
    .where("s.community_code", "=", QINGBOMEN)
    .where("y.year", "=", 2025)
    .executeTakeFirstOrThrow();
  const rows = (await readTallies(t.db, survey.id)).filter((r) => r.question === question && r.segment === "all");
  return new Map(rows.map((r) => [r.option, Number(r.count)]));
}

describe("a community's trend", () => {
  it("follows a question by its name across the two rounds, with the newest title, verified answers only", async () => {
    const page = await loadTrendPage(t.db, { level: "community", code: QINGBOMEN }, { question: "meal_assist_need", includeUnverified: false });
    expect(page.rounds.map((r) => [r.label, r.respondents])).toEqual([
      ["2025 年第 1 轮", (await demo2025(RESPONDENTS_KEY)).get("")],
      ["2026 年第 2 轮", 2],
    ]);
    expect(page.questions.map((q) => q.name)).toEqual(["meal_assist_need", "meal_assist_satisfaction"]);
    expect(page.result!.question.title).toBe("社区助餐 · 今年您家还需要助餐服务吗？");
    const [before, now] = page.result!.points;
    const kept = await demo2025("meal_assist_need");
    expect(before.answered).toBe([...kept.values()].reduce((a, b) => a + b, 0));
    expect(before.options.find((o) => o.value === "3")!.count).toBe(kept.get("3") ?? 0);
    expect(now.options.map((o) => [o.label, o.count, o.share])).toEqual([
      ["需要程度 0", 0, 0],
      ["需要程度 1", 0, 0],
      ["需要程度 2", 0, 0],
      ["需要程度 3", 2, 100],
    ]);
    expect(page.isDemoData).toBe(true);
  });

  it("adds the unverified answers when asked, as the cross-tab does", async () => {
    const page = await loadTrendPage(t.db, { level: "community", code: QINGBOMEN }, { question: "meal_assist_satisfaction", includeUnverified: true });
    const now = page.result!.points[1];
    expect(page.rounds[1].respondents).toBe(4);
    expect(now.answered).toBe(4);
    expect(now.mean).toBe(4);
    const verified = await loadTrendPage(t.db, { level: "community", code: QINGBOMEN }, { question: "meal_assist_satisfaction", includeUnverified: false });
    expect(verified.result!.points[1].mean).toBe(3);
  });

  it("treats a question renamed between rounds as two questions, neither followable", async () => {
    const page = await loadTrendPage(t.db, { level: "community", code: QINGBOMEN }, { question: "meal_assist_used_2026", includeUnverified: true });
    expect(page.questions.map((q) => q.name)).not.toContain("meal_assist_used_2026");
    expect(page.questions.map((q) => q.name)).not.toContain("meal_assist_use");
    expect(page.result).toBeNull();
  });
});

describe("a street's trend", () => {
  it("adds up its communities per year and says how many contributed", async () => {
    const page = await loadTrendPage(t.db, { level: "street", code: QINGBO_STREET }, { question: "meal_assist_need", includeUnverified: false });
    const surveys2026 = await t.db
      .selectFrom("surveys as s")
      .innerJoin("communities as c", "c.code", "s.community_code")
      .innerJoin("cycles as y", "y.id", "s.cycle_id")
      .select(["s.id", "s.community_code"])
      .where("c.street_code", "=", QINGBO_STREET)
      .where("y.year", "=", 2026)
      .where("s.kind", "=", "needs")
      .execute();
    let respondents = 0;
    for (const s of surveys2026) respondents += (await readTallies(t.db, s.id)).find((r) => r.question === RESPONDENTS_KEY && r.segment === "all")?.count ?? 0;
    expect(page.rounds.map((r) => [r.label, r.communities])).toEqual([
      ["2025 年", 1],
      ["2026 年", new Set(surveys2026.map((s) => s.community_code)).size],
    ]);
    expect(page.rounds[1].respondents).toBe(respondents);
    expect(page.result!.points[1].answered).toBeGreaterThan(2);
  });
});

describe("the trends page's guard", () => {
  async function get(username: string, path: string): Promise<number> {
    const signedIn = await login(t.db, { username, password: DEMO_PASSWORD, ip: "10.0.9.1", https: false });
    if (!signedIn.ok) throw new Error(signedIn.message);
    const request = new Request(`http://127.0.0.1:3000${path}`, { headers: { Cookie: signedIn.cookie.split(";")[0] } });
    try {
      await route.loader({ request, params: { scope: new URL(request.url).pathname.split("/")[2] }, context: {} } as unknown as LoaderFunctionArgs);
      return 200;
    } catch (thrown) {
      return thrown instanceof Response ? thrown.status : 500;
    }
  }

  it("shows a street reviewer their street's communities, and nothing of another street's", async () => {
    expect(await get("chen.kezhang", `/trends/${QINGBOMEN}?question=meal_assist_need`)).toBe(200);
    expect(await get("chen.kezhang", `/trends/${QINGBO_STREET}`)).toBe(200);
    expect(await get("chen.kezhang", "/trends/330102003052")).toBe(404);
    expect(await get("chen.kezhang", "/trends/330102003")).toBe(404);
    expect(await get("wang.laoshi", "/trends/330102")).toBe(404);
    expect(await get("shangcheng.admin", "/trends/330102")).toBe(200);
  });
});
