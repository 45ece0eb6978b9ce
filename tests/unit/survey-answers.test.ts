import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DOMAINS } from "../../workflows/glossary";
import { cachedAnswerValidator, compileAnswerValidator, MAX_ANSWER_BYTES } from "../../workflows/surveys/answers";
import { NEIGHBOURHOOD_QUESTION, setQuestionChoices, type SurveyJson } from "../../workflows/surveys/definition";
import { validateSurveyDefinition } from "../../workflows/surveys/definition.server";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { surveyTemplate } from "../../workflows/surveys/templates";

function publish(json: SurveyJson) {
  const result = validateSurveyDefinition(json, { stage: "publish" });
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result;
}

const needs = publish(
  setQuestionChoices(surveyTemplate("needs_seven_domain"), NEIGHBOURHOOD_QUESTION, [
    { value: "qbm_east", text: "清波门东苑" },
    { value: "qbm_west", text: "清波门西苑" },
  ]),
);
const validate = compileAnswerValidator(needs.definition);

/** 李阿姨 (74) and her husband (81), no children at home, as she would fill it in on her phone. */
const liAyi = {
  hh_neighbourhood: "qbm_east",
  hh_size: 2,
  hh_members_60_plus: 2,
  hh_members_80_plus: 1,
  hh_disability: false,
  hh_has_children: false,
  eldercare_childcare_use: "sometimes",
  eldercare_childcare_satisfaction: 3,
  eldercare_childcare_walk_minutes: "10_15",
  eldercare_childcare_need: 3,
  eldercare_childcare_urgency: "urgent",
  eldercare_childcare_services: ["elderly_care"],
  eldercare_childcare_pay: "low_cost",
  eldercare_childcare_price_band: "500_1000",
  meal_assist_use: "none_nearby",
  meal_assist_need: 3,
  meal_assist_urgency: "urgent",
  meal_assist_services: ["community_canteen", "other"],
  "meal_assist_services-Comment": "送餐上门",
  meal_assist_pay: "low_cost",
  meal_assist_price_band: "10_15",
  housekeeping_convenience_use: "never",
  housekeeping_convenience_walk_minutes: "unknown",
  housekeeping_convenience_need: 1,
  housekeeping_convenience_urgency: "later",
  housekeeping_convenience_pay: "paid",
  housekeeping_convenience_price_band: "30_50",
  health_use: "often",
  health_satisfaction: 4,
  health_walk_minutes: "5_10",
  health_need: 2,
  health_urgency: "soon",
  health_services: ["health_station", "rehabilitation"],
  health_pay: "free",
  sports_fitness_use: "never",
  sports_fitness_walk_minutes: "15_30",
  sports_fitness_need: 0,
  culture_leisure_use: "often",
  culture_leisure_satisfaction: 5,
  culture_leisure_walk_minutes: "under_5",
  culture_leisure_need: 0,
  comments: "希望老年食堂能早点开起来，最好走路十分钟以内。",
};

function errors(answers: unknown) {
  const result = validate(answers);
  return result.ok ? [] : result.errors;
}

describe("checking a resident's answers against the published survey", () => {
  it("accepts 李阿姨's complete answers and keeps exactly what she answered", () => {
    const result = validate(liAyi);
    expect(result).toEqual({ ok: true, data: liAyi });
  });

  it("accepts the same answers after a trip through JSON, as the request body arrives", () => {
    expect(validate(JSON.parse(JSON.stringify(liAyi))).ok).toBe(true);
  });

  it("asks for a required answer that is missing, by its title", () => {
    const { hh_size: _, ...rest } = liAyi;
    expect(errors(rest)).toEqual([{ question: "hh_size", message: "请回答：您家一起住的一共几口人？" }]);
    expect(errors({ ...liAyi, meal_assist_need: "" })).toEqual([{ question: "meal_assist_need", message: "请回答：您家还需要更多的社区助餐服务吗？" }]);
  });

  it("requires follow-up questions only once they are shown", () => {
    const { meal_assist_urgency: _, ...noUrgency } = liAyi;
    expect(errors(noUrgency)).toEqual([{ question: "meal_assist_urgency", message: "请回答：有多急？" }]);
    const { health_satisfaction: __, ...noRating } = liAyi;
    expect(errors(noRating)).toEqual([{ question: "health_satisfaction", message: "请回答：您对现在的健康服务满意吗？" }]);
  });

  it("refuses a rating outside 1–5 and numbers outside their range", () => {
    expect(errors({ ...liAyi, health_satisfaction: 6 })).toEqual([
      { question: "health_satisfaction", message: "“您对现在的健康服务满意吗？”的选项无效" },
    ]);
    expect(errors({ ...liAyi, health_satisfaction: 0 })).toHaveLength(1);
    expect(errors({ ...liAyi, hh_size: 25 })).toEqual([{ question: "hh_size", message: "“您家一起住的一共几口人？”应在 1 到 20 之间" }]);
    expect(errors({ ...liAyi, hh_size: 2.5 })).toEqual([{ question: "hh_size", message: "“您家一起住的一共几口人？”应填写整数" }]);
    expect(errors({ ...liAyi, hh_size: "两口" })).toEqual([{ question: "hh_size", message: "“您家一起住的一共几口人？”应填写数字" }]);
  });

  it("refuses a choice the question does not offer", () => {
    expect(errors({ ...liAyi, health_use: "daily" })).toEqual([
      { question: "health_use", message: "“过去一年，您家用过社区的健康服务吗？”的选项无效" },
    ]);
    expect(errors({ ...liAyi, health_services: ["health_station", "playground"] })).toEqual([
      { question: "health_services", message: "“最希望增加哪些服务？（可多选）”的选项无效" },
    ]);
    expect(errors({ ...liAyi, health_services: ["health_station", "health_station"] })).toEqual([
      { question: "health_services", message: "“最希望增加哪些服务？（可多选）”的选项重复" },
    ]);
    expect(errors({ ...liAyi, health_services: "health_station" })).toHaveLength(1);
    expect(errors({ ...liAyi, hh_disability: "maybe" })).toHaveLength(1);
  });

  it("accepts a value typed as text when it matches a choice, and stores the defined value", () => {
    const result = validate({ ...liAyi, meal_assist_need: "3", hh_size: "2", hh_disability: "false" });
    expect(result.ok && [result.data.meal_assist_need, result.data.hh_size, result.data.hh_disability]).toEqual([3, 2, false]);
  });

  it("refuses keys that are not questions of this survey", () => {
    expect(errors({ ...liAyi, favourite_colour: "red" })).toEqual([{ question: "favourite_colour", message: "问卷中没有这个问题：“favourite_colour”" }]);
    expect(errors(JSON.parse(`{"__proto__": {"admin": true}, "hh_size": 2}`))).toEqual([
      { question: "__proto__", message: "问卷中没有这个问题：“__proto__”" },
    ]);
    expect(errors({ ...liAyi, "hh_size-Comment": "两个人" })).toHaveLength(1);
  });

  it("refuses payloads that are not an answer object", () => {
    for (const payload of [null, "hh_size=2", [liAyi], 42, new Date()]) {
      expect(errors(payload)).toEqual([{ question: "", message: "答卷格式不正确" }]);
    }
    const flood = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`junk_${i}`, i]));
    expect(errors(flood)).toEqual([{ question: "", message: "答卷包含过多未知内容" }]);
  });

  it("drops answers to questions the resident was not shown", () => {
    const result = validate({
      ...liAyi,
      sports_fitness_satisfaction: 2, // she never used it
      sports_fitness_urgency: "urgent", // she needs nothing more
      meal_assist_walk_minutes: "5_10", // there is none nearby
      children_play_use: "often", // no children at home
      hh_children_0_3: 2,
    });
    expect(result).toEqual({ ok: true, data: liAyi });
  });

  it("drops answers hidden in a chain: no more need, so no urgency, payment or price band", () => {
    const result = validate({ ...liAyi, meal_assist_need: 0 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Object.keys(result.data).filter((k) => k.startsWith("meal_assist"))).toEqual(["meal_assist_use", "meal_assist_need"]);
  });

  it("caps text: 2,000 characters for comments, the 'other' text included", () => {
    expect(validate({ ...liAyi, comments: "好".repeat(2000) }).ok).toBe(true);
    expect(errors({ ...liAyi, comments: "好".repeat(2001) })).toEqual([
      { question: "comments", message: "“对社区的服务设施，您还有什么意见和建议？（可不填）”不能超过 2000 个字" },
    ]);
    expect(errors({ ...liAyi, "meal_assist_services-Comment": "饭".repeat(2001) })).toHaveLength(1);
    expect(errors({ ...liAyi, comments: { text: "hi" } })).toHaveLength(1);
  });

  it("asks for the 'other' text when 'other' is ticked, and ignores it otherwise", () => {
    const { "meal_assist_services-Comment": _, ...noText } = liAyi;
    expect(errors(noText)).toEqual([{ question: "meal_assist_services", message: "请填写“最希望增加哪些服务？（可多选）”中“其他”的内容" }]);
    const result = validate({ ...liAyi, "health_services-Comment": "没选其他" });
    expect(result.ok && result.data["health_services-Comment"]).toBeUndefined();
  });

  it("applies the survey's own rules, such as no more elderly than people in the household", () => {
    expect(errors({ ...liAyi, hh_members_60_plus: 3, hh_members_80_plus: 1 })).toEqual([
      { question: "hh_members_60_plus", message: "老人人数不能多于家里的总人数" },
    ]);
  });

  it("reports every problem at once, in the order of the questionnaire", () => {
    const { hh_size: _, ...rest } = liAyi;
    expect(errors({ ...rest, comments: "好".repeat(3000), health_use: "daily" }).map((e) => e.question)).toEqual([
      "hh_size",
      "health_use",
      "comments",
    ]);
  });

  it("accepts any plausible household and never returns an answer to a hidden question", () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const answers = sampleNeedsAnswers(validate.questions, ["qbm_east", "qbm_west"], seededRandom(seed));
        const result = validate(answers);
        expect(result).toEqual({ ok: true, data: answers });
      }),
      { numRuns: 200 },
    );
  });

  it("keeps a realistic answer set far below the request size limit", () => {
    expect(MAX_ANSWER_BYTES).toBe(64 * 1024);
    const full = { ...liAyi, comments: "好".repeat(2000) };
    expect(Buffer.byteLength(JSON.stringify(full))).toBeLessThan(MAX_ANSWER_BYTES / 4);
  });
});

describe("question types beyond the templates", () => {
  const custom = publish({
    locale: "zh-cn",
    pages: [
      {
        name: "p1",
        elements: [
          { type: "boolean", name: "has_pet", title: "家里有宠物吗？", isRequired: true },
          { type: "text", name: "pet_name", title: "宠物叫什么？", requiredIf: "{has_pet} = true" },
          { type: "text", name: "email", title: "邮箱", inputType: "email" },
          { type: "text", name: "phone", title: "电话", inputType: "tel" },
          { type: "tagbox", name: "hobbies", title: "爱好", choices: ["chess", "dance", "taichi", "opera"], minSelectedChoices: 2, maxSelectedChoices: 3 },
          { type: "dropdown", name: "floor", title: "楼层", choices: [1, 2, 3], showNoneItem: true },
          { type: "checkbox", name: "worries", title: "担心", choices: ["falls", "loneliness"], showNoneItem: true },
          { type: "text", name: "nick", title: "昵称", validators: [{ type: "text", maxLength: 4, allowDigits: false }] },
          { type: "radiogroup", name: "satisfied", title: "满意吗？", choices: ["yes", "no"], showCommentArea: true },
        ],
      },
    ],
  });
  const check = compileAnswerValidator(custom.definition);

  it("applies requiredIf with the answers given", () => {
    expect(check({ has_pet: true }).ok).toBe(false);
    expect(check({ has_pet: false }).ok).toBe(true);
    expect(check({ has_pet: true, pet_name: "  旺财 " })).toEqual({ ok: true, data: { has_pet: true, pet_name: "旺财" } });
  });

  it("checks e-mail and phone formats", () => {
    expect(check({ has_pet: false, email: "li@example.com", phone: "0571-8888 6666" }).ok).toBe(true);
    expect(check({ has_pet: false, email: "li@" }).ok).toBe(false);
    expect(check({ has_pet: false, phone: "<script>" }).ok).toBe(false);
  });

  it("enforces the number of selections and exclusive 'none' items", () => {
    expect(check({ has_pet: false, hobbies: ["chess"] }).ok).toBe(false);
    expect(check({ has_pet: false, hobbies: ["chess", "dance", "taichi", "opera"] }).ok).toBe(false);
    expect(check({ has_pet: false, hobbies: ["chess", "dance"] }).ok).toBe(true);
    expect(check({ has_pet: false, worries: ["none", "falls"] })).toEqual({
      ok: false,
      errors: [{ question: "worries", message: "“担心”：“以上都不是”一类的选项不能和其他选项同时选" }],
    });
    expect(check({ has_pet: false, worries: ["none"], floor: "none" }).ok).toBe(true);
  });

  it("keeps a comment area's text with or without a choice", () => {
    expect(check({ has_pet: false, satisfied: "no", "satisfied-Comment": " 太远了 " })).toEqual({
      ok: true,
      data: { has_pet: false, satisfied: "no", "satisfied-Comment": "太远了" },
    });
    expect(check({ has_pet: false, "satisfied-Comment": "说不好" })).toEqual({ ok: true, data: { has_pet: false, "satisfied-Comment": "说不好" } });
    expect(check({ has_pet: false, "pet_name-Comment": "x" }).ok).toBe(false);
  });

  it("applies text validators from the definition", () => {
    expect(check({ has_pet: false, nick: "阿花" }).ok).toBe(true);
    expect(check({ has_pet: false, nick: "阿花2" }).ok).toBe(false);
    expect(check({ has_pet: false, nick: "阿花阿花阿花" }).ok).toBe(false);
  });
});

describe("compiling validators", () => {
  it("compiles a published version once and reuses it", () => {
    let loads = 0;
    const load = () => {
      loads++;
      return needs.definition;
    };
    const first = cachedAnswerValidator("needs@1", load);
    const again = cachedAnswerValidator("needs@1", load);
    expect(again).toBe(first);
    expect(loads).toBe(1);
    expect(cachedAnswerValidator("needs@2", load)).not.toBe(first);
    expect(loads).toBe(2);
  });

  it("exposes the questions it checks, every domain included", () => {
    expect(new Set(validate.questions.map((q) => q.domain).filter(Boolean))).toEqual(new Set(DOMAINS));
  });
});

describe("paper forms keyed in as the resident left them", () => {
  it("accept a blank required question but still refuse an invalid choice", async () => {
    const { compileAnswerValidator } = await import("../../workflows/surveys/answers");
    const { surveyTemplate } = await import("../../workflows/surveys/templates");
    const validate = compileAnswerValidator(surveyTemplate("needs_seven_domain"));
    expect(validate({ hh_size: 3 }).ok).toBe(false);
    expect(validate({ hh_size: 3 }, { allowUnanswered: true }).ok).toBe(true);
    expect(validate({ hh_size: 3, meal_assist_use: "sometimes-ish" }, { allowUnanswered: true }).ok).toBe(false);
  });
});
