// 文本导入: every form a 社区工作者's Word/WPS questionnaire uses (issue 17).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { importSurveyText, type SurveyJSON } from "../../workflows/survey-text-import";
import { loadedQuestions, surveyCoreErrors } from "../support/survey-json";

type Element = Record<string, unknown> & { type: string; name: string; title: string };

function imported(text: string) {
  const result = importSurveyText(text);
  expect(surveyCoreErrors(result.definition)).toEqual([]);
  const pages = result.definition.pages as SurveyJSON[];
  const elements = pages.flatMap((p) => p.elements as Element[]);
  return { ...result, pages, elements, first: elements[0] };
}

const texts = (items: unknown) => (items as { text: string }[]).map((i) => i.text);

describe("question numbering", () => {
  it.each([
    ["1. 您的性别", "dot"],
    ["1、您的性别", "dun"],
    ["1．您的性别", "full-width dot"],
    ["（1）您的性别", "full-width parentheses"],
    ["(1) 您的性别", "parentheses"],
    ["1) 您的性别", "half parenthesis"],
  ])("reads “%s” (%s) as question q1", (line) => {
    const { first } = imported(`${line}\nA.男\nB.女`);
    expect(first).toMatchObject({ type: "radiogroup", name: "q1", title: "您的性别" });
    expect(texts(first.choices)).toEqual(["男", "女"]);
  });

  it("keeps the author's numbers as stable names and gives page-aware names when numbering restarts", () => {
    expect(imported("3. 甲\nA.是 B.否\n7. 乙\nA.是 B.否").elements.map((e) => e.name)).toEqual(["q3", "q7"]);
    const restarted = imported("一、基本情况\n1. 甲\nA.是 B.否\n二、需求\n1. 乙\nA.是 B.否");
    expect(restarted.elements.map((e) => e.name)).toEqual(["q1_1", "q2_1"]);
    expect(restarted.guesses.join()).toContain("重新编号");
  });

  it("strips the second number that 问卷星 exports repeat (“2. 1、您的性别”)", () => {
    expect(imported("2. 1、您的性别*[单选题]\n男\n女").first).toMatchObject({ name: "q2", title: "您的性别", isRequired: true });
  });
});

describe("options", () => {
  it.each([
    ["A.男\nB.女", "A."],
    ["A、男\nB、女", "A、"],
    ["A 男\nB 女", "A and a space"],
    ["A．男\nB．女", "A．"],
    ["Ａ．男\nＢ．女", "full-width Ａ．"],
    ["男\n女", "one per line"],
    ["A.男    B.女", "several lettered on one line"],
    ["男    女", "several on one line separated by spaces"],
    ["□男 □女", "tick boxes"],
  ])("reads %j (%s)", (body) => {
    const { first } = imported(`1. 您的性别\n${body}`);
    expect(first.type).toBe("radiogroup");
    expect(first.choices).toEqual([
      { value: "a", text: "男" },
      { value: "b", text: "女" },
    ]);
  });

  it("reads options written on the question line itself", () => {
    expect(texts(imported("1. 您的性别（ ）A.男 B.女").first.choices)).toEqual(["男", "女"]);
    expect(texts(imported("1. 性别：□男 □女").first.choices)).toEqual(["男", "女"]);
  });

  it("does not take an English sentence starting with a capital for an option", () => {
    expect(imported("1. 您的建议\nI like the new canteen").first.type).toBe("comment");
  });

  it("turns “其他（请注明）____” into an other choice with a comment box", () => {
    const { first, guesses } = imported("1. 您居住的小区\nA.和睦新村\nB.大关西苑\nC.其他（请注明）____");
    expect(first).toMatchObject({ showOtherItem: true, otherText: "其他（请注明）" });
    expect(texts(first.choices)).toEqual(["和睦新村", "大关西苑"]);
    expect(guesses.join()).toContain("其他（请注明）");
  });

  it("keeps a plain “其他” with nothing to fill in as an ordinary choice", () => {
    expect(texts(imported("1. 出行方式\nA.步行\nB.其他").first.choices)).toEqual(["步行", "其他"]);
  });
});

describe("type hints in brackets", () => {
  const body = "\nA.助餐\nB.托育\nC.康复";
  it.each([
    ["[单选]", "radiogroup"],
    ["[单选题]", "radiogroup"],
    ["[多选]", "checkbox"],
    ["[多选题]", "checkbox"],
    ["【单选】", "radiogroup"],
    ["【多选题】", "checkbox"],
    ["[排序]", "ranking"],
    ["【排序题】", "ranking"],
  ])("%s → %s", (hint, type) => {
    const { first, guesses } = imported(`1. 您需要的服务${hint}${body}`);
    expect(first).toMatchObject({ type, title: "您需要的服务" });
    expect(texts(first.choices)).toEqual(["助餐", "托育", "康复"]);
    expect(guesses.filter((g) => g.includes("题型"))).toEqual([]);
  });

  it.each([
    ["[填空]", "text"],
    ["【填空题】", "text"],
    ["[多行填空]", "comment"],
    ["【多行填空】", "comment"],
  ])("%s → %s", (hint, type) => {
    expect(imported(`1. 您的工作单位${hint}`).first).toMatchObject({ type, title: "您的工作单位" });
  });

  it.each(["[评分]", "【评分】"])("%s → rating, 1-5 unless a range is written", (hint) => {
    expect(imported(`1. 请为社区食堂打分${hint}`).first).toMatchObject({ type: "rating", rateMin: 1, rateMax: 5 });
    expect(imported(`1. 请为社区食堂打分（0-10分）${hint}`).first).toMatchObject({ type: "rating", rateMin: 0, rateMax: 10 });
  });

  it.each(["[矩阵单选]", "[矩阵量表题]", "【矩阵单选】", "【矩阵量表题】"])("%s → matrix", (hint) => {
    const { first } = imported(`1. 满意度${hint}\n满意 一般 不满意\n食堂\n托育点`);
    expect(first).toMatchObject({ type: "matrix", title: "满意度" });
    expect(texts(first.columns)).toEqual(["满意", "一般", "不满意"]);
    expect(texts(first.rows)).toEqual(["食堂", "托育点"]);
  });

  it("reads a star as “required”", () => {
    expect(imported("1. 您的年龄*[单选]\nA.60岁以下\nB.60岁及以上").first.isRequired).toBe(true);
    expect(imported("1. 您的年龄（必填）\nA.60岁以下\nB.60岁及以上").first.isRequired).toBe(true);
  });

  it("reports a choice hint without options as a problem, not a crash", () => {
    const { first, problems } = imported("1. 您的性别[单选]");
    expect(first.type).toBe("radiogroup");
    expect(problems).toEqual([expect.stringContaining("没有找到选项")]);
  });
});

describe("types guessed from the text", () => {
  it.each(["（可多选）", "(多选)", "（多选）"])("“%s” → checkbox", (mark) => {
    const { first, guesses } = imported(`1. 您需要哪些服务${mark}\nA.助餐\nB.托育`);
    expect(first.type).toBe("checkbox");
    expect(guesses.join()).toContain("按多选题处理");
  });

  it("“最多选3项” limits the number of choices", () => {
    expect(imported("1. 您最需要的服务（可多选，最多选3项）\nA.助餐\nB.托育\nC.康复\nD.文体").first.maxSelectedChoices).toBe(3);
  });

  it.each([
    ["您的工作单位____", "____"],
    ["您的工作单位（  ）", "（  ）"],
  ])("a blank in “%s” → text question", (title) => {
    const { first, guesses } = imported(`1. ${title}`);
    expect(first).toMatchObject({ type: "text", title: "您的工作单位____" });
    expect(first.inputType).toBeUndefined();
    expect(guesses.join()).toContain("按填空题处理");
  });

  it.each(["位", "人", "岁", "元", "分钟", "次"])("a blank followed by “%s” → number", (unit) => {
    const { first, guesses } = imported(`1. 数量是____${unit}`);
    expect(first).toMatchObject({ type: "text", inputType: "number" });
    expect(guesses.join()).toContain(`单位“${unit}”`);
  });

  it("several blanks → one multiple-text question with an item per blank", () => {
    const { first } = imported("1. 家中共有____人，其中60岁以上____人");
    expect(first.type).toBe("multipletext");
    expect(first.items).toEqual([
      { name: "t1", title: "家中共有（人）", inputType: "number" },
      { name: "t2", title: "其中60岁以上（人）", inputType: "number" },
    ]);
  });

  it.each(["1-5分", "1~5分", "1～5分"])("“%s” → rating with that range", (range) => {
    expect(imported(`1. 您对社区服务总体打分（${range}）`).first).toMatchObject({ type: "rating", rateMin: 1, rateMax: 5 });
  });

  it("an open question without blank or options → comment", () => {
    expect(imported("1. 您对社区还有哪些意见和建议？").first.type).toBe("comment");
  });

  it("asks to sort → ranking", () => {
    expect(imported("1. 请按重要程度排序\nA.助餐\nB.托育").first.type).toBe("ranking");
  });
});

describe("matrix (矩阵题) without a hint", () => {
  it("column labels first, then one line per row", () => {
    const { first, guesses } = imported("1. 您对以下设施的满意度\n非常满意 满意 一般 不满意\n社区食堂\n卫生服务站\n快递驿站");
    expect(first.type).toBe("matrix");
    expect(texts(first.columns)).toEqual(["非常满意", "满意", "一般", "不满意"]);
    expect(first.rows).toEqual([
      { value: "r1", text: "社区食堂" },
      { value: "r2", text: "卫生服务站" },
      { value: "r3", text: "快递驿站" },
    ]);
    expect(guesses.join()).toContain("矩阵");
  });

  it("rows first, then a line of scale labels", () => {
    const { first } = imported("1. 您对以下设施的满意度\n社区食堂\n卫生服务站\n非常满意  满意  一般  不满意");
    expect(texts(first.rows)).toEqual(["社区食堂", "卫生服务站"]);
    expect(texts(first.columns)).toEqual(["非常满意", "满意", "一般", "不满意"]);
  });

  it("a Word table: header row and one row per item, cells separated by tabs", () => {
    const { first } = imported("1. 满意度\n\t满意\t一般\t不满意\n食堂\t□\t□\t□\n托育点\t\t\t");
    expect(texts(first.columns)).toEqual(["满意", "一般", "不满意"]);
    expect(texts(first.rows)).toEqual(["食堂", "托育点"]);
  });

  it("scores a scale so a higher score is better, and keeps other columns as they are", () => {
    const values = (text: string) => (imported(text).first.columns as { value: unknown }[]).map((c) => c.value);
    expect(values("1. 满意度[矩阵量表题]\n很不满意 不满意 一般 满意 很满意\n食堂\n托育")).toEqual([1, 2, 3, 4, 5]);
    expect(values("1. 满意度[矩阵量表题]\n非常满意 满意 一般 不满意 非常不满意\n食堂\n托育")).toEqual([5, 4, 3, 2, 1]);
    expect(values("1. 请打分[矩阵单选]\n1分 2分 3分\n食堂\n托育")).toEqual([1, 2, 3]);
    expect(values("1. 您去过吗[矩阵单选]\n去过 没去过\n食堂\n托育")).toEqual(["a", "b"]);
  });

  it("does not turn an ordinary single-choice question into a matrix", () => {
    expect(imported("1. 您对食堂满意吗？\nA.满意\nB.一般\nC.不满意\n（请在对应选项打√）").first.type).toBe("radiogroup");
  });
});

describe("title, introduction and pages", () => {
  const doc = "XX社区居民需求调查问卷\n尊敬的居民：\n您好！感谢参与。\n一、基本情况\n1. 性别\nA.男 B.女\n二、服务需求\n2. 需求\nA.助餐 B.托育\n第三部分 意见\n3. 您的建议？\n谢谢您的参与！";

  it("takes the first line as title and the lines before the first question as introduction", () => {
    const { definition, guesses } = imported(doc);
    expect(definition.title).toBe("XX社区居民需求调查问卷");
    expect(definition.description).toBe("尊敬的居民：\n您好！感谢参与。");
    expect(guesses.slice(0, 2)).toEqual(["第 1 行：作为问卷标题", "第 2–3 行：作为问卷说明（开头语）"]);
  });

  it("turns 一、二、 and 第三部分 headings into pages and the last thanks into the closing text", () => {
    const { pages, definition } = imported(doc);
    expect(pages.map((p) => [p.name, p.title, (p.elements as Element[]).map((e) => e.name)])).toEqual([
      ["page1", "一、基本情况", ["q1"]],
      ["page2", "二、服务需求", ["q2"]],
      ["page3", "第三部分 意见", ["q3"]],
    ]);
    expect(definition.completedHtml).toBe("谢谢您的参与！");
  });

  it("reads questions numbered 一、二、 when the document has no 1. 2.", () => {
    expect(imported("一、您的性别？\nA.男 B.女\n二、您的年龄？\nA.老年 B.非老年").elements.map((e) => e.name)).toEqual(["q1", "q2"]);
  });

  it("texts stay plain text in Chinese", () => {
    const { elements } = imported(doc);
    expect(JSON.stringify(elements)).not.toMatch(/<[a-z]/i);
  });
});

describe("never throws", () => {
  it.each([
    [undefined, "没有收到问卷文本"],
    ["", "文本是空的"],
    ["   \n\n  ", "文本是空的"],
    ["这只是一段话，没有题号。", "没有识别出任何题目"],
    ["x".repeat(300_001), "文本过长"],
  ])("unusable input %#: says why", (input, reason) => {
    const result = importSurveyText(input);
    expect(result.problems).toEqual([expect.stringContaining(reason)]);
    expect(result.definition.pages).toEqual([]);
  });

  it("any text gives a definition survey-core loads, with valid unique names", () => {
    const pieces = fc.constantFrom("1. ", "（2）", "A.", "B、", "□", "____", "（  ）", "[单选]", "【矩阵量表题】", "一、", "第二部分", "满意 一般", "\t", "\n", "岁", "其他（请注明）", "1-5分", "？", "*", "社区", " ");
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ maxLength: 6 })), { maxLength: 60 }), (parts) => {
        const result = importSurveyText(parts.join(""));
        expect(surveyCoreErrors(result.definition)).toEqual([]);
        const names = Object.keys(loadedQuestions(result.definition));
        expect(names.every((n) => /^[a-z][a-z0-9_]{1,63}$/.test(n) && !n.includes("__"))).toBe(true);
        expect(new Set(names).size).toBe(names.length);
      }),
      { numRuns: 300 },
    );
  });
});
