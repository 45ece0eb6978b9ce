import { describe, expect, it } from "vitest";
import { buildDashboard } from "../../app/lib/dashboard.server";
import { loadMapPage } from "../../app/lib/map-pages.server";
import { DOMAIN_LABELS } from "../../workflows/glossary";
import { submitResponse } from "../../app/lib/survey-submission.server";
import { issueHouseholdCodes } from "../../app/lib/surveys.server";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { openNeedsSurvey } from "../support/surveys";
import { domainGaps, participation, stageCounts } from "../../db/repositories/dashboard";
import { databasePerTest } from "../support/database";

const t = databasePerTest();

const SHANGCHENG = { level: "district" as const, code: "330102" };

describe("dashboard figures equal a direct count", () => {
  it("communities per stage, city-wide and by district", async () => {
    const direct = await t.db
      .selectFrom("cycles as y")
      .innerJoin("communities as c", "c.code", "y.community_code")
      .select(["c.district_code", "y.stage", (eb) => eb.fn.countAll<number>().as("n")])
      .where("y.stage", "<>", "closed")
      .groupBy(["c.district_code", "y.stage"])
      .execute();
    const aggregated = await stageCounts(t.db, { level: "city" }, null);
    expect(aggregated.map((r) => [r.area, r.stage, r.count]).sort()).toEqual(direct.map((r) => [r.district_code, r.stage, Number(r.n)]).sort());
    const dashboard = await buildDashboard(t.db, { level: "city" }, null);
    const funnelTotal = dashboard.charts.funnel.reduce((s, f) => s + f.count, 0);
    expect(funnelTotal).toBe(2470);
  });

  it("the domain heatmap counts the latest evaluation of each community only", async () => {
    const latest = await t.db
      .selectFrom("evaluation_domains as d")
      .innerJoin("evaluations as e", "e.id", "d.evaluation_id")
      .innerJoin("communities as c", "c.code", "e.community_code")
      .select(["c.street_code", "d.domain", "d.status"])
      .where("e.is_latest", "=", 1)
      .where("c.district_code", "=", "330102")
      .execute();
    const gaps = await domainGaps(t.db, SHANGCHENG);
    for (const g of gaps) {
      const rows = latest.filter((r) => r.street_code === g.area && r.domain === g.domain);
      expect(g.evaluated).toBe(rows.length);
      expect(g.missing).toBe(rows.filter((r) => r.status === "缺失").length);
      expect(g.insufficient).toBe(rows.filter((r) => r.status === "不足").length);
    }
    expect(gaps.length).toBeGreaterThan(0);
  });

  it("the map names each community's weakest domain and says which facilities it draws", async () => {
    const cityAdmin = { id: "c", role: "city_admin" as const, scopeCode: null };
    const city = (await loadMapPage(t.db, cityAdmin, {}))!;
    expect(city.facilityDomain).toBe("eldercare_childcare");
    expect(city.allDomainsLabel).toContain(`只画${DOMAIN_LABELS.eldercare_childcare}`);
    expect(new Set(city.facilities.map((f) => f.domain))).toEqual(new Set(["eldercare_childcare"]));

    const district = (await loadMapPage(t.db, cityAdmin, { district: "330102" }))!;
    expect(district.allDomainsLabel).toBe("全部领域（社区按最弱领域着色）");
    const evaluated = district.communities.filter((c) => c.status !== null);
    expect(evaluated.length).toBeGreaterThan(0);
    for (const c of evaluated) {
      const domains = await t.db
        .selectFrom("evaluation_domains as d")
        .innerJoin("evaluations as e", "e.id", "d.evaluation_id")
        .select(["d.domain", "d.status", "d.score"])
        .where("e.community_code", "=", c.code)
        .where("e.is_latest", "=", 1)
        .execute();
      const weakest = domains.find((d) => d.domain === c.weakestDomain)!;
      expect(weakest.status).toBe(c.status);
      expect(domains.filter((d) => d.status === c.status).every((d) => Number(d.score) >= Number(weakest.score))).toBe(true);
    }
    expect((await loadMapPage(t.db, cityAdmin, { district: "330102", domain: "health" }))!.communities.every((c) => c.weakestDomain === null)).toBe(true);
  });

  it("survey participation follows each submitted answer, by channel", async () => {
    const worker = { id: "w", role: "community_worker" as const, scopeCode: "330102001051" };
    const survey = await openNeedsSurvey(t.db, { actor: worker, ip: null }, "330102001051", { days: 1, openLink: true });
    const neighbourhood = await t.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", "330102001051").executeTakeFirstOrThrow();
    const issued = await issueHouseholdCodes(t.db, { actor: worker, ip: null }, { surveyId: survey.id, neighbourhoodIds: [neighbourhood.id] });
    if (!issued.ok) throw new Error(issued.message);
    const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
    const choices = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
    const random = seededRandom(5);
    const before = (await participation(t.db, SHANGCHENG, null)).find((p) => p.area === "330102001");
    for (let i = 0; i < 3; i++) {
      await submitResponse(t.db, survey, { idempotencyKey: `dash-code-${i}`, householdCode: issued.byNeighbourhood[0].codes[i], answers: sampleNeedsAnswers(questions, choices, random) });
    }
    await submitResponse(t.db, survey, { idempotencyKey: "dash-open-1", deviceId: "device-dash-0001", answers: sampleNeedsAnswers(questions, choices, random) });
    await submitResponse(t.db, survey, { idempotencyKey: "dash-paper-1", answers: sampleNeedsAnswers(questions, choices, random) }, { channel: "paper", enteredBy: "w" });

    const direct = await t.db
      .selectFrom("survey_responses as r")
      .innerJoin("surveys as s", "s.id", "r.survey_id")
      .innerJoin("communities as c", "c.code", "s.community_code")
      .select(["r.channel", (eb) => eb.fn.countAll<number>().as("n")])
      .where("c.street_code", "=", "330102001")
      .where("r.is_demo_data", "=", 0)
      .groupBy("r.channel")
      .execute();
    const after = (await participation(t.db, SHANGCHENG, null)).find((p) => p.area === "330102001")!;
    const grew = (channel: string) => (after.byChannel[channel] ?? 0) - (before?.byChannel[channel] ?? 0);
    for (const row of direct) expect(grew(row.channel)).toBe(Number(row.n));
    expect(Object.fromEntries(direct.map((r) => [r.channel, Number(r.n)]))).toEqual({ online: 3, open_link: 1, paper_uncoded: 1 });
  });
});
