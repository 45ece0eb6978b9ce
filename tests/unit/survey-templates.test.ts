import { describe, expect, it } from "vitest";
import {
  DOMAIN_LABELS,
  DOMAINS,
  FACILITY_FUNCTIONS,
  FUNCTION_CATALOGUE,
  functionsOfDomain,
  PRICING_LABELS,
  PRICING_TIERS,
} from "../../workflows/glossary";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import {
  elementsOf,
  isStableQuestionName,
  NEIGHBOURHOOD_QUESTION,
  pagesOf,
  setQuestionChoices,
  type QuestionSpec,
  type SurveyJson,
} from "../../workflows/surveys/definition";
import { validateSurveyDefinition } from "../../workflows/surveys/definition.server";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { surveyTemplate } from "../../workflows/surveys/templates";

const NEIGHBOURHOODS = [
  { value: "qbm_east", text: "清波门东苑" },
  { value: "qbm_west", text: "清波门西苑" },
];
const DOMAIN_MEASURES = ["use", "satisfaction", "need", "urgency", "services", "pay", "price_band", "walk_minutes"] as const;

function published(id: "needs_seven_domain" | "feedback_post_build") {
  const filled = setQuestionChoices(surveyTemplate(id), NEIGHBOURHOOD_QUESTION, NEIGHBOURHOODS);
  const result = validateSurveyDefinition(filled, { stage: "publish" });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result;
}

function rawQuestionNames(json: SurveyJson): string[] {
  const names: string[] = [];
  const visit = (element: Record<string, unknown>) => {
    if (element.type === "panel") elementsOf(element).forEach(visit);
    else if (element.type !== "html") names.push(String(element.name));
  };
  for (const page of pagesOf(json)) elementsOf(page).forEach(visit);
  return names;
}

function byName(questions: QuestionSpec[]) {
  return new Map(questions.map((q) => [q.name, q]));
}

/** A household of two elderly people without children who answer "not needed" everywhere. */
function quietHousehold(): Record<string, unknown> {
  const answers: Record<string, unknown> = {
    hh_neighbourhood: "qbm_east",
    hh_size: 2,
    hh_members_60_plus: 2,
    hh_members_80_plus: 0,
    hh_disability: false,
    hh_has_children: false,
  };
  for (const d of DOMAINS) {
    if (d === "children_play") continue;
    answers[`${d}_use`] = "never";
    answers[`${d}_walk_minutes`] = "10_15";
    answers[`${d}_need`] = 0;
  }
  return answers;
}

describe("the built-in templates", () => {
  it("both pass the definition check exactly as they are stored in the repository", () => {
    for (const id of ["needs_seven_domain", "feedback_post_build"] as const) {
      const result = validateSurveyDefinition(surveyTemplate(id));
      expect(result.ok, JSON.stringify(!result.ok && result.errors)).toBe(true);
    }
  });

  it("cannot be published until the app fills in the community's 小区 list", () => {
    const draft = validateSurveyDefinition(surveyTemplate("needs_seven_domain"), { stage: "publish" });
    expect(draft.ok).toBe(false);
    expect(!draft.ok && draft.errors.join()).toMatch(/您家住在哪个小区.*还没有选项/);

    const { questions } = published("needs_seven_domain");
    expect(byName(questions).get(NEIGHBOURHOOD_QUESTION)!.choices.map((c) => c.label)).toEqual(["清波门东苑", "清波门西苑"]);
  });

  it("give every question a stable snake_case name, unique within the survey", () => {
    for (const id of ["needs_seven_domain", "feedback_post_build"] as const) {
      const names = rawQuestionNames(surveyTemplate(id));
      expect(names.length).toBeGreaterThan(4);
      expect(names.filter((n) => !isStableQuestionName(n))).toEqual([]);
      expect(new Set(names).size).toBe(names.length);
      expect(published(id).questions.map((q) => q.name)).toEqual(names);
    }
  });

  it("are Chinese, mobile friendly and easy on elderly eyes: progress bar, no question numbers, one topic per page", () => {
    for (const id of ["needs_seven_domain", "feedback_post_build"] as const) {
      const json = surveyTemplate(id);
      expect(json.locale).toBe("zh-cn");
      expect(json.showProgressBar).toBe(true);
      expect(json.showQuestionNumbers).toBe("off");
      for (const q of published(id).questions) expect(q.title, q.name).toMatch(/[\u4e00-\u9fff]/);
    }
    const perPage = new Map<string, number>();
    for (const q of published("needs_seven_domain").questions) perPage.set(q.section, (perPage.get(q.section) ?? 0) + 1);
    expect(perPage.size).toBe(2 + DOMAINS.length + 1);
    for (const [page, count] of perPage) expect(count, page).toBeLessThanOrEqual(8);
  });
});

describe("the seven-domain needs questionnaire", () => {
  const { questions, definition } = published("needs_seven_domain");
  const specs = byName(questions);

  it("asks every domain the same eight tagged questions, named <domain>_<measure>", () => {
    for (const domain of DOMAINS) {
      for (const measure of DOMAIN_MEASURES) {
        const tagged = questions.filter((q) => q.domain === domain && q.measure === measure);
        expect(tagged.map((q) => q.name), `${domain} ${measure}`).toEqual([`${domain}_${measure}`]);
      }
      expect(questions.filter((q) => q.domain === domain)).toHaveLength(DOMAIN_MEASURES.length);
    }
  });

  it("tags the household profile questions as profile, without a domain", () => {
    const profile = questions.filter((q) => q.measure === "profile").map((q) => q.name);
    expect(profile).toEqual([
      "hh_neighbourhood",
      "hh_size",
      "hh_members_60_plus",
      "hh_members_80_plus",
      "hh_disability",
      "hh_has_children",
      "hh_children_0_3",
      "hh_children_3_6",
      "hh_children_6_12",
    ]);
    expect(questions.filter((q) => q.measure === "profile" && q.domain)).toEqual([]);
    expect(specs.get("comments")).toMatchObject({ kind: "comment", maxLength: 2000 });
  });

  it("uses the glossary's wording: domain pages, catalogue services and 无偿/低偿/有偿", () => {
    for (const domain of DOMAINS) {
      expect(specs.get(`${domain}_use`)!.section).toBe(DOMAIN_LABELS[domain]);
      const services = specs.get(`${domain}_services`)!.choices.filter((c) => !c.special);
      expect(services.map((c) => c.value)).toEqual(functionsOfDomain(domain));
      expect(services.map((c) => c.label)).toEqual(functionsOfDomain(domain).map((f) => FUNCTION_CATALOGUE[f].label));
      const pay = specs.get(`${domain}_pay`)!.choices;
      expect(pay.map((c) => c.value)).toEqual([...PRICING_TIERS]);
      pay.forEach((c, i) => expect(c.label.startsWith(PRICING_LABELS[PRICING_TIERS[i]])).toBe(true));
      expect(specs.get(`${domain}_satisfaction`)!.choices.map((c) => c.value)).toEqual([1, 2, 3, 4, 5]);
      expect(specs.get(`${domain}_need`)!.choices.map((c) => [c.value, c.label])).toEqual([
        [0, "不需要"],
        [1, "有点需要"],
        [2, "比较需要"],
        [3, "非常需要"],
      ]);
    }
  });

  it("lets a household without children skip the children's pages and the childcare services", () => {
    const validate = compileAnswerValidator(definition);
    const answers = {
      ...quietHousehold(),
      eldercare_childcare_need: 2,
      eldercare_childcare_urgency: "soon",
      eldercare_childcare_services: ["elderly_care", "infant_care", "child_after_school"],
      eldercare_childcare_pay: "free",
      // Left over from before the resident said there are no children:
      hh_children_0_3: 1,
      children_play_use: "often",
      children_play_need: 3,
    };
    const result = validate(answers);
    expect(result.ok, JSON.stringify(!result.ok && result.errors)).toBe(true);
    if (!result.ok) return;
    expect(result.data.eldercare_childcare_services).toEqual(["elderly_care"]);
    expect(Object.keys(result.data).filter((k) => k.startsWith("children_play") || k.startsWith("hh_children"))).toEqual([]);
  });

  it("asks a family with a toddler about infant care and children's play", () => {
    const validate = compileAnswerValidator(definition);
    const family = {
      ...quietHousehold(),
      hh_size: 3,
      hh_members_60_plus: 0,
      hh_members_80_plus: undefined,
      hh_has_children: true,
      hh_children_0_3: 1,
      hh_children_3_6: 0,
      hh_children_6_12: 0,
      eldercare_childcare_need: 3,
      eldercare_childcare_urgency: "urgent",
      eldercare_childcare_services: ["infant_care", "child_after_school"],
      eldercare_childcare_pay: "low_cost",
      eldercare_childcare_price_band: "1000_2000",
    };
    const missingPlay = validate(family);
    expect(missingPlay.ok).toBe(false);
    expect(!missingPlay.ok && missingPlay.errors.map((e) => e.question)).toEqual(["children_play_use", "children_play_walk_minutes", "children_play_need"]);

    const complete = validate({ ...family, children_play_use: "none_nearby", children_play_need: 2, children_play_urgency: "soon", children_play_pay: "free" });
    expect(complete.ok, JSON.stringify(!complete.ok && complete.errors)).toBe(true);
    // 儿童托管 is offered to families with children aged 3–12 only.
    expect(complete.ok && complete.data.eldercare_childcare_services).toEqual(["infant_care"]);
  });

  it("accepts every plausible household the sample generator makes", () => {
    const validate = compileAnswerValidator(definition);
    const random = seededRandom(7);
    for (let i = 0; i < 300; i++) {
      const answers = sampleNeedsAnswers(questions, NEIGHBOURHOODS.map((n) => n.value), random);
      const result = validate(answers);
      expect(result.ok, JSON.stringify([answers, !result.ok && result.errors])).toBe(true);
      expect(result.ok && result.data).toEqual(answers);
    }
  });
});

describe("the post-build feedback questionnaire", () => {
  const { questions, definition } = published("feedback_post_build");

  it("rates every catalogue function in one satisfaction matrix, a row per function", () => {
    expect(questions.find((q) => q.name === "used_services")!.choices.filter((c) => !c.special).map((c) => c.value)).toEqual(FACILITY_FUNCTIONS);
    const matrix = questions.find((q) => q.name === "service_satisfaction")!;
    expect(matrix).toMatchObject({ kind: "matrix", measure: "satisfaction", eachRowRequired: true });
    expect(matrix.rows!.map((r) => r.value)).toEqual(FACILITY_FUNCTIONS);
    expect(matrix.rows!.map((r) => r.label)).toEqual(FACILITY_FUNCTIONS.map((f) => FUNCTION_CATALOGUE[f].label));
    expect(matrix.choices.map((c) => c.value)).toEqual([1, 2, 3, 4, 5]);
    expect(questions.find((q) => q.name === "recommend")).toMatchObject({ measure: "recommend" });
  });

  it("asks a resident who used only the canteen about the canteen alone", () => {
    const validate = compileAnswerValidator(definition);
    const base = { hh_neighbourhood: "qbm_west", used_services: ["community_canteen"], recommend: "yes" };
    const missing = validate(base);
    expect(!missing.ok && missing.errors).toEqual([
      { question: "service_satisfaction", message: "“您对用过的这些设施或服务满意吗？”：请回答：社区助餐（老年食堂/社区食堂）" },
    ]);

    const result = validate({ ...base, service_satisfaction: { community_canteen: 5, playground: 1 } });
    expect(result.ok && result.data).toEqual({ ...base, service_satisfaction: { community_canteen: 5 } });
  });

  it("skips the ratings for a household that used nothing", () => {
    const validate = compileAnswerValidator(definition);
    expect(validate({ hh_neighbourhood: "qbm_west", used_services: ["none"], recommend: "no" })).toEqual({
      ok: true,
      data: { hh_neighbourhood: "qbm_west", used_services: ["none"] },
    });
  });
});
