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
  it("refuses a question type we cannot collect, saying where it is and why", () => {
    const errors = errorsOf(survey([rating, { type: "file", name: "photo", title: "上传照片" }]));
    expect(errors).toEqual(["第 1 页第 2 项“上传照片”：文件上传（file）：居民的文件无法在这里收集和保存"]);
    expect(errorsOf(survey([{ type: "emoji", name: "mood" }])).join()).toContain("自定义题型“emoji”");
  });

  it("finds refused types inside panels too, numbered on the page", () => {
    const errors = errorsOf(survey([rating, { type: "panel", name: "box", elements: [{ type: "signaturepad", name: "sign" }] }]));
    expect(errors).toEqual(["第 1 页第 3 项“sign”：手写签名（signaturepad）：签名图片无法在这里收集和保存"]);
  });

  it("accepts every standard question type", () => {
    // Each type beside the kind the results read it as.
    const readAs: [element: Record<string, unknown>, kind: string][] = [
      [{ type: "matrix", name: "quality", columns: [1, 2, 3], rows: ["food", "price"] }, "matrix"],
      [{ type: "matrixdropdown", name: "rooms", rows: ["bed"], columns: [{ name: "area", cellType: "text", inputType: "number" }] }, "matrixdropdown"],
      [{ type: "matrixdynamic", name: "members", columns: [{ name: "age", cellType: "text" }] }, "matrixdynamic"],
      [{ type: "multipletext", name: "prices", items: [{ name: "low" }, { name: "high" }] }, "multipletext"],
      [{ type: "ranking", name: "order", choices: ["a", "b"] }, "ranking"],
      [{ type: "paneldynamic", name: "family", templateElements: [{ type: "text", name: "age" }] }, "paneldynamic"],
      [{ type: "expression", name: "total", expression: "{prices.low} + 1" }, "expression"],
      [{ type: "tagbox", name: "tags", choices: ["x"] }, "multiple"],
    ];
    const result = validateSurveyDefinition(survey(readAs.map(([element]) => element)));
    expect(result.ok, JSON.stringify(!result.ok && result.errors)).toBe(true);
    expect(result.ok && result.questions.map((q) => q.kind)).toEqual(readAs.map(([, kind]) => kind));
  });

  it("keeps names that line up across rounds and renames the others, with a rename table", () => {
    const result = validateSurveyDefinition(
      survey([
        { type: "text", name: "hh_size" },
        { type: "text", name: "serviceRating" },
        { type: "text", name: "phq-1" },
        { type: "text", name: "Q1" },
        { type: "text", name: "recommend friends" },
        { type: "text", name: "1st_question" },
        { type: "text", name: "名称" },
        { type: "text", name: "a__b" },
        { type: "text", name: "constructor" },
        { type: "text", name: "x" },
      ]),
    );
    expect(result.ok && result.renamed).toEqual({
      serviceRating: "service_rating",
      "phq-1": "phq_1",
      Q1: "q1",
      "recommend friends": "recommend_friends",
      "1st_question": "q_1st_question",
      名称: "q7",
      a__b: "a_b",
      constructor: "constructor_q",
      x: "q_x",
    });
  });

  it("gives duplicate and missing names their own, with a warning", () => {
    const result = validateSurveyDefinition(survey([{ type: "text", name: "hh_size" }, { type: "comment", name: "hh_size" }, { type: "text", title: "没有名字" }]));
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([
      "第 1 页第 2 项“hh_size”：名称“hh_size”与前面的问题重复，已改为“hh_size_2”（两题不再共用答案）",
      "第 1 页第 3 项“没有名字”：没有名称，已命名为“q3”",
    ]);
  });

  it("refuses oversize definitions, measured without indentation, and more than 300 questions", () => {
    const big = survey([{ type: "text", name: "hh_size", description: "很长".repeat(60_000) }]);
    expect(errorsOf(big).join()).toMatch(/问卷定义过大（去掉缩进后 \d+ KB），上限 200 KB/);
    const indented = survey(Array.from({ length: 150 }, (_, i) => ({ type: "text", name: `q_${i}`, title: "长".repeat(300) })));
    const text = JSON.stringify(indented, null, 2).replace(/\n/g, `\n${" ".repeat(80)}`);
    expect(Buffer.byteLength(text)).toBeGreaterThan(SURVEY_LIMITS.maxDefinitionBytes);
    expect(errorsOf(text)).toEqual([]);

    const many = survey(Array.from({ length: SURVEY_LIMITS.maxQuestions + 1 }, (_, i) => ({ type: "boolean", name: `q_${i}` })));
    expect(errorsOf(many).join()).toContain("问题太多（301 个），上限 300 个");
    const enough = survey(Array.from({ length: SURVEY_LIMITS.maxQuestions }, (_, i) => ({ type: "boolean", name: `q_${i}` })));
    expect(errorsOf(enough)).toEqual([]);
  });

  it("explains input that is not a survey at all, with the line and column of a JSON error", () => {
    expect(errorsOf("{ not json")[0]).toMatch(/^不是有效的 JSON 文件：第 1 行第 3 列出错/);
    expect(errorsOf("{\n  title: 'x',\n}")[0]).toContain("属性名要加双引号");
    expect(errorsOf([1, 2])).toEqual(["问卷定义必须是一个 JSON 对象（以 { 开头）"]);
    expect(errorsOf({ title: "空问卷" })).toEqual(["问卷没有任何问题"]);
    let deep: unknown = { type: "text", name: "deep" };
    for (let i = 0; i < 100; i++) deep = { type: "panel", elements: [deep] };
    expect(errorsOf(survey([deep]))).toEqual(["问卷定义的嵌套层级过深"]);
  });

  it("drops properties survey-core does not know, with a warning", () => {
    const result = validateSurveyDefinition(survey([{ ...rating, colour: "red" }]));
    expect(result.ok && result.warnings).toEqual(["第 1 页第 1 项“您对社区助餐满意吗？”：已忽略未知的属性“colour”"]);
    expect(JSON.stringify(result.ok && result.definition)).not.toContain("colour");
  });

  it("refuses only what the server cannot check; repairs harmless settings with a warning", () => {
    expect(errorsOf(survey([{ type: "dropdown", name: "street", choicesByUrl: { url: "https://example.com/streets" } }])).join()).toContain("choicesByUrl");
    const fixed = validateSurveyDefinition(
      survey([
        { type: "text", name: "secret", validators: [{ type: "regex", regex: "(a+)+$" }] },
        { type: "text", name: "colour", inputType: "color" },
        { type: "text", name: "pin", inputType: "password" },
        { type: "radiogroup", name: "pick", choices: ["a", "a", { value: "b", score: 3 }], storeOthersAsComment: false },
      ]),
    );
    expect(fixed.ok).toBe(true);
    expect(fixed.warnings).toEqual([
      "第 1 页第 1 项“secret”：正则校验规则已去掉：正则表达式有嵌套的重复（如 (a+)+），可能运行极慢",
      "第 1 页第 3 项“pin”：密码输入框改为普通填空（填写的内容社区工作人员能看到）",
      "第 1 页第 4 项“pick”：“其他”的内容改为单独保存（storeOthersAsComment）",
      "第 1 页第 4 项“pick”：选项的值“a”重复，已去掉后一个",
      "第 1 页第 4 项“pick”：已忽略选项中不支持的属性：score",
    ]);
  });

  it("checks conditions: syntax, referenced questions and functions, every problem at once", () => {
    const errors = errorsOf(
      survey([
        { type: "text", name: "hh_size", inputType: "number" },
        { type: "text", name: "a1", visibleIf: "{hh_size} >" },
        { type: "text", name: "a2", visibleIf: "{hh_sise} > 2" },
        { type: "text", name: "a3", requiredIf: "isContainerReady('p1')" },
        { type: "text", name: "a4", visibleIf: "myFunction({hh_size})" },
      ]),
    );
    expect(errors).toEqual([
      "第 1 页第 4 项“a3”：条件“isContainerReady('p1')”使用的函数“isContainerReady”依赖页面状态，服务器无法按同样的规则核对",
      "第 1 页第 5 项“a4”：条件“myFunction({hh_size})”使用了自定义函数“myFunction”：服务器没有这个函数",
      "第 1 页第 2 项“a1”：条件“{hh_size} >”无法解析",
      "第 1 页第 3 项“a2”：条件“{hh_sise} > 2”引用了不存在的问题“hh_sise”",
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
    expect(errorsOf(json, "publish")).toEqual(["第 1 页第 1 项“您家住在哪个小区？”：还没有选项，发布前请先填写（例如社区的小区名单）"]);
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
