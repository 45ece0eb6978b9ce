import fc from "fast-check";
import { Serializer } from "survey-core";
import { describe, expect, it } from "vitest";
import { SURVEY_LIMITS, type SurveyJson } from "../../workflows/surveys/definition";
import { sanitizeText, validateSurveyDefinition } from "../../workflows/surveys/definition.server";
import { registerSurveyProperties } from "../../workflows/surveys/properties";

function survey(elements: unknown[], extra: Record<string, unknown> = {}): SurveyJson {
  return { locale: "zh-cn", ...extra, pages: [{ name: "p1", elements }] } as SurveyJson;
}
const rating = { type: "rating", name: "meal_assist_satisfaction", title: "您对社区助餐满意吗？" };

function errorsOf(input: unknown, stage?: "draft" | "publish"): string[] {
  const result = validateSurveyDefinition(input, { stage });
  return result.ok ? [] : result.errors;
}

function cleaned(input: unknown): SurveyJson {
  const result = validateSurveyDefinition(input);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.definition;
}

const ATTACKS = [
  "<img src=x onerror=alert(1)>",
  "<script>alert(1)</script>",
  '<a href="javascript:alert(1)">点我</a>',
  '<a href="JaVaScRiPt:alert(1)">点我</a>',
  '<a href="&#106;avascript:alert(1)">点我</a>',
  '<a href="java\tscript:alert(1)">点我</a>',
  "<svg onload=alert(1)>",
  '<iframe src="https://evil.example"></iframe>',
  '<p style="background:url(javascript:alert(1))" onclick="alert(1)">段落</p>',
  "<style>body{display:none}</style>",
  "<<script>script>alert(1)<</script>/script>",
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
  "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "<details open ontoggle=alert(1)>",
  '<form action="javascript:alert(1)"><button>提交</button></form>',
];
const DANGER = /<script|<img|<svg|<iframe|<style|<form|<details|<math|onerror|onload|onclick|ontoggle|javascript:|style=/i;

describe("importing a survey definition", () => {
  it("refuses a question type we do not support, naming the type and the question", () => {
    const errors = errorsOf(survey([rating, { type: "matrixdynamic", name: "rooms", title: "房间" }]));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain("不支持的题型“matrixdynamic”");
    expect(errors[0]).toContain("问题“rooms”");
    expect(errors[0]).toContain("radiogroup（单选）");
  });

  it("finds unsupported types inside panels too", () => {
    const errors = errorsOf(survey([{ type: "panel", name: "box", elements: [{ type: "file", name: "photo" }] }]));
    expect(errors.join()).toContain("不支持的题型“file”（问题“photo”）");
  });

  it("refuses names that would not line up across rounds", () => {
    const names = ["Q1", "1st_question", "has space", "x", "名称", "a__b", "meal-assist", "constructor"];
    for (const name of names) {
      const errors = errorsOf(survey([{ type: "text", name }]));
      expect(errors.join(), name).toContain(`问题名称“${name}”不符合要求`);
    }
    expect(errorsOf(survey([{ type: "text", name: "hh_size" }]))).toEqual([]);
  });

  it("refuses duplicate and missing names", () => {
    expect(errorsOf(survey([{ type: "text", name: "hh_size" }, { type: "comment", name: "hh_size" }]))).toEqual(["问题名称“hh_size”重复"]);
    expect(errorsOf(survey([{ type: "text", title: "没有名字" }])).join()).toContain("缺少名称（name）");
  });

  it("refuses oversize definitions: more than 200 KB or more than 300 questions", () => {
    const big = survey([{ type: "text", name: "hh_size", description: "很长".repeat(60_000) }]);
    expect(errorsOf(big).join()).toMatch(/问卷定义过大（\d+ KB），上限 200 KB/);
    expect(errorsOf(JSON.stringify(big)).join()).toMatch(/上限 200 KB/);

    const many = survey(Array.from({ length: SURVEY_LIMITS.maxQuestions + 1 }, (_, i) => ({ type: "boolean", name: `q_${i}` })));
    expect(errorsOf(many).join()).toContain("问题太多（301 个），上限 300 个");
    const enough = survey(Array.from({ length: SURVEY_LIMITS.maxQuestions }, (_, i) => ({ type: "boolean", name: `q_${i}` })));
    expect(errorsOf(enough)).toEqual([]);
  });

  it("explains input that is not a survey at all", () => {
    expect(errorsOf("{ not json")).toEqual(["不是有效的 JSON 文件"]);
    expect(errorsOf([1, 2])).toEqual(["问卷定义必须是一个 JSON 对象"]);
    expect(errorsOf({ title: "空问卷" })).toEqual(["问卷没有任何问题"]);
    let deep: unknown = { type: "text", name: "deep" };
    for (let i = 0; i < 100; i++) deep = { type: "panel", elements: [deep] };
    expect(errorsOf(survey([deep]))).toEqual(["问卷定义的嵌套层级过深"]);
  });

  it("reports properties survey-core does not know", () => {
    expect(errorsOf(survey([{ ...rating, colour: "red" }]))).toEqual(["未知的属性“colour”（rating“meal_assist_satisfaction”）"]);
  });

  it("refuses features the server could not check the way the browser applies them", () => {
    expect(errorsOf(survey([rating], { triggers: [{ type: "complete", expression: "{meal_assist_satisfaction} = 1" }] })).join()).toContain("不支持触发器");
    expect(errorsOf(survey([{ type: "dropdown", name: "street", choicesByUrl: { url: "https://example.com/streets" } }])).join()).toContain("不支持从网址加载选项");
    expect(errorsOf(survey([{ type: "text", name: "secret", validators: [{ type: "regex", regex: "(a+)+$" }] }])).join()).toContain("不支持校验规则“regex”");
    expect(errorsOf(survey([{ type: "text", name: "hh_size", inputType: "color" }])).join()).toContain("不支持输入类型“color”");
    expect(errorsOf(survey([{ type: "radiogroup", name: "pick", choices: ["a", "a"] }])).join()).toContain("选项值“a”重复");
  });

  it("checks conditions: syntax, referenced questions and functions", () => {
    const errors = errorsOf(
      survey([
        { type: "text", name: "hh_size", inputType: "number" },
        { type: "text", name: "a1", visibleIf: "{hh_size} >" },
        { type: "text", name: "a2", visibleIf: "{hh_sise} > 2" },
        { type: "text", name: "a3", requiredIf: "isContainerReady('p1')" },
      ]),
    );
    expect(errors).toEqual([
      "问题“a1”的条件“{hh_size} >”无法解析",
      "问题“a2”的条件“{hh_sise} > 2”引用了不存在的问题“hh_sise”",
      "问题“a3”的条件“isContainerReady('p1')”使用了不支持的函数“isContainerReady”",
    ]);
    expect(errorsOf(survey([{ type: "text", name: "hh_size", inputType: "number" }, { type: "text", name: "a1", visibleIf: "{hh_size} > 2 and age({hh_size}) < 3" }]))).toEqual([]);
  });

  it("keeps the evaluation tags and refuses unknown domains and measures", () => {
    const definition = cleaned(survey([{ ...rating, domain: "meal_assist", measure: "satisfaction" }]));
    expect(JSON.stringify(definition)).toContain('"domain":"meal_assist","measure":"satisfaction"');
    expect(errorsOf(survey([{ ...rating, domain: "canteen", measure: "happiness" }]))).toEqual([
      expect.stringContaining("领域（domain）“canteen”无效"),
      expect.stringContaining("指标（measure）“happiness”无效"),
    ]);
  });

  it("registers the tags once however often it is asked to", () => {
    registerSurveyProperties();
    registerSurveyProperties();
    expect(Serializer.getProperties("question").filter((p) => p.name === "domain" || p.name === "measure")).toHaveLength(2);
  });

  it("stores 'other' answers apart from the choice and caps text lengths, so browser and server agree", () => {
    const definition = cleaned(survey([{ type: "checkbox", name: "wish", choices: ["a"], showOtherItem: true }], { maxTextLength: 5000 }));
    const json = JSON.stringify(definition);
    expect(json).toContain('"storeOthersAsComment":true');
    expect(json).toContain('"maxTextLength":200');
    expect(json).toContain('"maxCommentLength":2000');
  });

  it("publishing refuses choice questions that still have no options", () => {
    const json = survey([{ type: "dropdown", name: "hh_neighbourhood", title: "您家住在哪个小区？", choices: [] }]);
    expect(errorsOf(json, "draft")).toEqual([]);
    expect(errorsOf(json, "publish")).toEqual(["“您家住在哪个小区？”还没有选项，发布前请先填写（例如社区的小区名单）"]);
  });
});

describe("sanitising the texts residents see", () => {
  const everywhere = (attack: string): SurveyJson =>
    survey(
      [
        { type: "html", name: "intro", html: attack },
        {
          type: "radiogroup",
          name: "meal_assist_use",
          title: `社区助餐${attack}`,
          description: attack,
          requiredErrorText: attack,
          choices: [{ value: "often", text: `经常${attack}` }, "never"],
          showOtherItem: true,
          otherText: attack,
        },
        { type: "rating", name: "meal_assist_satisfaction", minRateDescription: attack, title: { default: attack, "zh-cn": `满意度${attack}` } },
        { type: "text", name: "hh_size", inputType: "number", validators: [{ type: "numeric", minValue: 1, text: attack }] },
      ],
      {
        title: attack,
        description: attack,
        completedHtml: `<p>谢谢</p>${attack}`,
        completedHtmlOnCondition: [{ expression: "{hh_size} > 1", html: attack }],
        completeText: attack,
      },
    );

  it.each(ATTACKS)("leaves no script, event handler or javascript: link anywhere: %s", (attack) => {
    const json = JSON.stringify(cleaned(everywhere(attack)));
    expect(json).not.toMatch(DANGER);
  });

  it("keeps simple formatting and safe links, opening in a new tab", () => {
    const json = cleaned(
      survey([{ type: "html", name: "intro", html: '<p><b>重要</b>：详见<a href="https://www.hangzhou.gov.cn" onclick="x()">通知</a></p>' }]),
    );
    expect(JSON.stringify(json)).toContain(
      '<p><b>重要</b>：详见<a href=\\"https://www.hangzhou.gov.cn\\" target=\\"_blank\\" rel=\\"noopener noreferrer\\">通知</a></p>',
    );
  });

  it("leaves plain text alone, including & and a lone <", () => {
    const json = cleaned(survey([{ type: "text", name: "age_note", title: "老人 & 儿童：年龄<60 的填 0" }]));
    expect(JSON.stringify(json)).toContain("老人 & 儿童：年龄<60 的填 0");
  });

  it("refuses HTML or script links where no text belongs (values, defaults, logo)", () => {
    expect(errorsOf(survey([{ type: "text", name: "note", defaultValue: "<img src=x onerror=alert(1)>" }])).join()).toContain("不能包含 HTML");
    expect(errorsOf(survey([{ type: "radiogroup", name: "pick", choices: ["<b>a</b>"] }])).join()).toContain("不能含尖括号");
    expect(errorsOf(survey([rating], { logo: "javascript:alert(1)" })).join()).toContain("网址“logo”只能是 https:// 开头或站内路径");
  });

  it("is stable: a cleaned definition passes again unchanged", () => {
    for (const attack of ATTACKS) {
      const once = cleaned(everywhere(attack));
      expect(cleaned(once)).toEqual(once);
    }
  });

  it("never lets a tag other than the formatting whitelist through, whatever the text", () => {
    const fragment = fc.constantFrom("<", ">", "/", "=", '"', "'", " ", "a", "b", "p", "img", "script", "svg", "on", "error", "href", "javascript:", "&#", "x", "&lt;", "!--", "-->", "\t", "\n", "style", "iframe");
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 40 }), (parts) => {
        const out = sanitizeText(parts.join(""));
        for (const tag of out.match(/<\/?[a-zA-Z][^>]*>?/g) ?? []) {
          expect(tag).toMatch(/^<\/?(b|strong|i|em|u|br|p|ul|ol|li|a)( (href|target|rel)="[^"]*")*\s*\/?>$/);
        }
        expect(out).not.toMatch(/javascript:/i);
      }),
      { numRuns: 500 },
    );
  });
});
