import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOMAINS, type Domain } from "../../workflows/glossary";
import { compileAnswerValidator, type CleanAnswers } from "../../workflows/surveys/answers";
import { NEIGHBOURHOOD_QUESTION, setQuestionChoices } from "../../workflows/surveys/definition";
import { validateSurveyDefinition } from "../../workflows/surveys/definition.server";
import { sampleNeedsAnswers, seededRandom, type SampleAnswers } from "../../workflows/surveys/sample-answers";
import {
  demandFromTallies,
  householdDemand,
  questionResults,
  segmentsOf,
  sumTallies,
  tallyDeltas,
  textAnswers,
  type TallyDelta,
} from "../../workflows/surveys/tallies";
import { surveyTemplate } from "../../workflows/surveys/templates";

const published = validateSurveyDefinition(
  setQuestionChoices(surveyTemplate("needs_seven_domain"), NEIGHBOURHOOD_QUESTION, [
    { value: "qbm_east", text: "清波门东苑" },
    { value: "qbm_west", text: "清波门西苑" },
  ]),
  { stage: "publish" },
);
if (!published.ok) throw new Error(published.errors.join("\n"));
const validate = compileAnswerValidator(published.definition);
const questions = validate.questions;

function clean(answers: Record<string, unknown>): CleanAnswers {
  const result = validate(answers);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.data;
}

/** Everything "not needed", then the household's own answers on top. */
function household(profile: Record<string, unknown>, answers: Record<string, unknown>): CleanAnswers {
  const base: Record<string, unknown> = { hh_neighbourhood: "qbm_east", hh_disability: false, ...profile };
  const hasChildren = profile.hh_has_children === true;
  for (const d of DOMAINS) {
    if (d === "children_play" && !hasChildren) continue;
    base[`${d}_use`] = "never";
    base[`${d}_walk_minutes`] = "10_15";
    base[`${d}_need`] = 0;
  }
  return clean({ ...base, ...answers });
}

const elderlyCouple = household(
  { hh_size: 2, hh_members_60_plus: 2, hh_members_80_plus: 0, hh_has_children: false },
  {
    meal_assist_use: "sometimes",
    meal_assist_satisfaction: 4,
    meal_assist_need: 3,
    meal_assist_urgency: "urgent",
    meal_assist_services: ["community_canteen", "meal_point"],
    meal_assist_pay: "low_cost",
    meal_assist_price_band: "10_15",
    eldercare_childcare_need: 2,
    eldercare_childcare_urgency: "soon",
    eldercare_childcare_pay: "free",
    comments: "希望有老年食堂",
  },
);
const toddlerFamily = household(
  { hh_size: 3, hh_members_60_plus: 0, hh_has_children: true, hh_children_0_3: 1, hh_children_3_6: 0, hh_children_6_12: 0 },
  {
    meal_assist_use: "often",
    meal_assist_satisfaction: 2,
    eldercare_childcare_need: 3,
    eldercare_childcare_urgency: "urgent",
    eldercare_childcare_services: ["infant_care"],
    eldercare_childcare_pay: "low_cost",
    eldercare_childcare_price_band: "1000_2000",
    children_play_need: 2,
    children_play_urgency: "soon",
    children_play_pay: "free",
  },
);
const schoolChildFamily = household(
  { hh_neighbourhood: "qbm_west", hh_size: 3, hh_members_60_plus: 0, hh_has_children: true, hh_children_0_3: 0, hh_children_3_6: 0, hh_children_6_12: 1 },
  {
    meal_assist_need: 1,
    meal_assist_urgency: "later",
    meal_assist_pay: "paid",
    meal_assist_price_band: "20_30",
    children_play_use: "none_nearby",
    children_play_walk_minutes: undefined,
    children_play_need: 3,
    children_play_urgency: "later",
    children_play_pay: "free",
  },
);
const threeHouseholds = [elderlyCouple, toddlerFamily, schoolChildFamily];

function row(rows: TallyDelta[], question: string, option = "", segment = "all") {
  return rows.filter((r) => r.question === question && r.option === option && r.segment === segment);
}

describe("tally rows of one submission", () => {
  const rows = tallyDeltas(questions, elderlyCouple);

  it("counts a single choice under the chosen option, with its value as the sum when numeric", () => {
    expect(row(rows, "hh_neighbourhood", "qbm_east")).toEqual([{ question: "hh_neighbourhood", option: "qbm_east", segment: "all", count: 1, sum: 0 }]);
    expect(row(rows, "meal_assist_need", "3")).toEqual([{ question: "meal_assist_need", option: "3", segment: "all", count: 1, sum: 3 }]);
    expect(row(rows, "meal_assist_satisfaction", "4")).toEqual([{ question: "meal_assist_satisfaction", option: "4", segment: "all", count: 1, sum: 4 }]);
    expect(row(rows, "hh_disability", "false")).toHaveLength(1);
  });

  it("counts each ticked option of a multiple choice, plus one 'answered' row", () => {
    expect(rows.filter((r) => r.question === "meal_assist_services").map((r) => [r.option, r.count])).toEqual([
      ["", 1],
      ["community_canteen", 1],
      ["meal_point", 1],
    ]);
  });

  it("adds numbers as a sum and counts texts without storing them", () => {
    expect(row(rows, "hh_size")).toEqual([{ question: "hh_size", option: "", segment: "all", count: 1, sum: 2 }]);
    expect(row(rows, "comments")).toEqual([{ question: "comments", option: "", segment: "all", count: 1, sum: 0 }]);
    expect(JSON.stringify(rows)).not.toContain("老年食堂");
  });

  it("adds the household to the elderly segment for the derived measures only", () => {
    expect(segmentsOf(elderlyCouple)).toEqual(["all", "elderly"]);
    expect(row(rows, "__respondents", "", "elderly")).toHaveLength(1);
    expect(row(rows, "meal_assist__demand", "", "elderly")).toEqual([{ question: "meal_assist__demand", option: "", segment: "elderly", count: 1, sum: 1 }]);
    expect(row(rows, "meal_assist__satisfaction", "", "elderly")).toEqual([
      { question: "meal_assist__satisfaction", option: "", segment: "elderly", count: 1, sum: 4 },
    ]);
    expect(rows.filter((r) => r.segment === "elderly" && !r.question.includes("__"))).toEqual([]);
  });

  it("puts families with children under 6, not those with older children only, in the young-children segment", () => {
    expect(segmentsOf(toddlerFamily)).toEqual(["all", "young_children"]);
    expect(segmentsOf(schoolChildFamily)).toEqual(["all"]);
  });

  it("stays small: only answered questions and a few derived rows", () => {
    expect(rows.length).toBeLessThan(80);
    expect(rows.filter((r) => r.question.startsWith("sports_fitness_")).map((r) => `${r.question}/${r.option}/${r.segment}`)).toEqual([
      "sports_fitness_use/never/all",
      "sports_fitness_walk_minutes/10_15/all",
      "sports_fitness_need/0/all",
      "sports_fitness__demand//all",
      "sports_fitness__demand//elderly",
    ]);
  });
});

describe("the demand index per domain", () => {
  const demand = demandFromTallies(threeHouseholds.flatMap((h) => tallyDeltas(questions, h)));

  it("weights need by urgency, hand-computed for three households", () => {
    // meal: couple 3/3 × urgent 1 = 1; toddler family needs none = 0; school family 1/3 × later 0.5 = 1/6
    expect(demand.domains.meal_assist.demandIndex).toBeCloseTo((1 + 0 + 1 / 6) / 3, 10);
    // eldercare/childcare: couple 2/3 × soon 0.75 = 0.5; toddler family 1 × 1 = 1; school family 0
    expect(demand.domains.eldercare_childcare.demandIndex).toBeCloseTo(0.5, 10);
    // children's play: the couple was not asked (0); toddler 2/3 × 0.75 = 0.5; school family 1 × 0.5 = 0.5
    expect(demand.domains.children_play.demandIndex).toBeCloseTo(1 / 3, 10);
    expect(demand.domains.health.demandIndex).toBe(0);
    expect(demand.respondents).toBe(3);
    expect(demand.domains.meal_assist.respondents).toBe(3);
  });

  it("shows 一老一小 separately: households with elderly and with young children", () => {
    expect(demand.segmentRespondents).toEqual({ elderly: 1, young_children: 1 });
    expect(demand.domains.meal_assist.bySegment.elderly).toEqual({ demandIndex: 1, satisfaction: 4, respondents: 1 });
    expect(demand.domains.meal_assist.bySegment.young_children).toEqual({ demandIndex: 0, satisfaction: 2, respondents: 1 });
    expect(demand.domains.eldercare_childcare.bySegment.young_children.demandIndex).toBe(1);
    expect(demand.domains.children_play.bySegment.elderly.demandIndex).toBe(0);
  });

  it("averages satisfaction over the households that rated the domain", () => {
    expect(demand.domains.meal_assist.satisfaction).toBe(3);
    expect(demand.domains.eldercare_childcare.satisfaction).toBeNull();
  });

  it("knows nothing before the first answer", () => {
    const empty = demandFromTallies([]);
    expect(empty.respondents).toBe(0);
    for (const d of DOMAINS) expect(empty.domains[d]).toMatchObject({ demandIndex: null, satisfaction: null, respondents: 0 });
  });

  it("agrees with the household scores it is built from", () => {
    expect(householdDemand(questions, elderlyCouple)).toMatchObject({ meal_assist: 1, eldercare_childcare: 0.5, children_play: 0 });
  });

  it("over any set of households equals the formula applied to their raw answers", () => {
    const URGENCY: Record<string, number> = { later: 0.5, soon: 0.75, urgent: 1 };
    const direct = (households: SampleAnswers[], inSegment: (h: SampleAnswers) => boolean, d: Domain) => {
      const group = households.filter(inSegment);
      const score = (h: SampleAnswers) => {
        const need = (h[`${d}_need`] as number | undefined) ?? 0;
        return need === 0 ? 0 : (need / 3) * URGENCY[h[`${d}_urgency`] as string];
      };
      const rated = group.filter((h) => typeof h[`${d}_satisfaction`] === "number");
      return {
        demandIndex: group.length ? group.reduce((s, h) => s + score(h), 0) / group.length : null,
        satisfaction: rated.length ? rated.reduce((s, h) => s + (h[`${d}_satisfaction`] as number), 0) / rated.length : null,
        respondents: group.length,
      };
    };
    const elderly = (h: SampleAnswers) => (h.hh_members_60_plus as number) > 0;
    const young = (h: SampleAnswers) => ((h.hh_children_0_3 as number) ?? 0) + ((h.hh_children_3_6 as number) ?? 0) > 0;
    const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) < 1e-9);

    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 25 }), fc.boolean(), (seeds, merge) => {
        const households = seeds.map((seed) => sampleNeedsAnswers(questions, ["qbm_east", "qbm_west"], seededRandom(seed)));
        const deltas = households.flatMap((h) => tallyDeltas(questions, clean(h))).reverse();
        const result = demandFromTallies(merge ? sumTallies(deltas) : deltas);
        expect(result.respondents).toBe(households.length);
        for (const d of DOMAINS) {
          const pairs: [ReturnType<typeof direct>, { demandIndex: number | null; satisfaction: number | null; respondents: number }][] = [
            [direct(households, () => true, d), result.domains[d]],
            [direct(households, elderly, d), result.domains[d].bySegment.elderly],
            [direct(households, young, d), result.domains[d].bySegment.young_children],
          ];
          for (const [expected, actual] of pairs) {
            expect(actual.respondents).toBe(expected.respondents);
            expect(close(actual.demandIndex, expected.demandIndex), `${d} ${actual.demandIndex} ${expected.demandIndex}`).toBe(true);
            expect(close(actual.satisfaction, expected.satisfaction), `${d} satisfaction`).toBe(true);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("results per question", () => {
  const rows = sumTallies(threeHouseholds.flatMap((h) => tallyDeltas(questions, h)));
  const results = new Map(questionResults(questions, rows).map((r) => [r.name, r]));

  it("lists every option with its label, count and share of the households that answered", () => {
    expect(results.get("meal_assist_need")).toMatchObject({
      title: "您家还需要更多的社区助餐服务吗？",
      section: "社区助餐",
      domain: "meal_assist",
      measure: "need",
      answered: 3,
      options: [
        { value: "0", label: "不需要", count: 1, percent: 33.3 },
        { value: "1", label: "有点需要", count: 1, percent: 33.3 },
        { value: "2", label: "比较需要", count: 0, percent: 0 },
        { value: "3", label: "非常需要", count: 1, percent: 33.3 },
      ],
    });
    expect(results.get("meal_assist_need")!.mean).toBeCloseTo(4 / 3, 10);
    expect(results.get("hh_neighbourhood")!.options.map((o) => [o.label, o.count])).toEqual([
      ["清波门东苑", 2],
      ["清波门西苑", 1],
    ]);
  });

  it("gives the mean of ratings and numbers", () => {
    expect(results.get("meal_assist_satisfaction")).toMatchObject({ answered: 2, mean: 3 });
    expect(results.get("hh_size")).toMatchObject({ answered: 3, options: [] });
    expect(results.get("hh_size")!.mean).toBeCloseTo(8 / 3, 10);
    expect(results.get("meal_assist_use")!.mean).toBeNull();
  });

  it("shares of a multiple choice are of the households that answered it", () => {
    const services = results.get("eldercare_childcare_services")!;
    expect(services.answered).toBe(1);
    expect(services.options.find((o) => o.value === "infant_care")).toMatchObject({ count: 1, percent: 100 });
    expect(results.get("comments")).toMatchObject({ answered: 1, mean: null });
  });

  it("still shows an option that was answered but is no longer in the survey", () => {
    const stale = questionResults(questions, [...rows, { question: "meal_assist_use", option: "daily", segment: "all", count: 2, sum: 0 }]);
    expect(stale.find((r) => r.name === "meal_assist_use")!.options.at(-1)).toEqual({ value: "daily", label: "daily", count: 2, percent: 40 });
  });

  it("reads the definition itself when given one", () => {
    expect(questionResults(published.ok ? published.definition : {}, rows).map((r) => r.name)).toEqual([...results.keys()]);
  });
});

describe("free-text answers", () => {
  it("are handed over for the comments list, 'other' texts included", () => {
    const data = clean({ ...elderlyCouple, meal_assist_services: ["other"], "meal_assist_services-Comment": "送餐上门" });
    expect(textAnswers(questions, data)).toEqual([
      { question: "meal_assist_services", text: "送餐上门" },
      { question: "comments", text: "希望有老年食堂" },
    ]);
  });
});
