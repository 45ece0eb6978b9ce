// The builder's imports before anything is saved: a Word-style questionnaire (pasted or as a
// file) becomes a checked draft with what was guessed; a JSON file comes with its report.
import { describe, expect, it } from "vitest";
import { DOCX_LIMITS } from "../../app/lib/docx-text.server";
import { checkSurveyJson, decodeText, importQuestionnaire } from "../../app/lib/survey-imports.server";
import { IMPORT_LIMITS } from "../../app/validation/survey";
import { TEXT_IMPORT_LIMITS } from "../../workflows/survey-text-import";
import { SURVEY_LIMITS } from "../../workflows/surveys/definition";

const QUESTIONNAIRE = `清波门社区居民服务满意度调查
尊敬的居民朋友：为了解您对社区服务设施的意见，特开展本次调查。
一、基本情况
1. 您的年龄段[单选]
A. 60岁以下  B. 60-79岁  C. 80岁及以上
二、服务评价
2. 您对以下社区服务的满意程度[矩阵量表题]
\t很不满意\t不满意\t一般\t满意\t很满意
老年食堂\t□\t□\t□\t□\t□
社区卫生服务站\t□\t□\t□\t□\t□
3. 您还有什么意见和建议？`;

describe("importing a questionnaire in the builder", () => {
  it("takes the limits the import code itself enforces", () => {
    expect(IMPORT_LIMITS).toEqual({ jsonFileBytes: SURVEY_LIMITS.maxRawBytes, documentFileBytes: DOCX_LIMITS.maxFileBytes, pastedChars: TEXT_IMPORT_LIMITS.maxChars });
  });

  it("turns pasted Word text into a checked draft with its matrix, and lists what was guessed", async () => {
    const outcome = await importQuestionnaire({ text: QUESTIONNAIRE });
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.definition.title).toBe("清波门社区居民服务满意度调查");
    const matrix = JSON.stringify(outcome.definition);
    expect(matrix).toContain('"type":"matrix"');
    expect(matrix).toContain('"text":"老年食堂"');
    expect(outcome.questionCount).toBe(3);
    expect(outcome.report.guesses.join("\n")).toContain("作为问卷标题");
  });

  it("reads a .txt file saved by Chinese Windows (GB18030) as well as UTF-8", async () => {
    const gbk = new Uint8Array([0xc2, 0xfa, 0xd2, 0xe2]); // 满意
    expect(decodeText(gbk)).toBe("满意");
    expect(decodeText(new TextEncoder().encode("\uFEFF满意"))).toBe("满意");
    const file = new File([new TextEncoder().encode(QUESTIONNAIRE)], "问卷.txt");
    expect((await importQuestionnaire({ file })).ok).toBe(true);
  });

  it("asks for a .docx instead of an old .doc, and says when nothing was recognised", async () => {
    const doc = await importQuestionnaire({ file: new File([new Uint8Array([0xd0, 0xcf, 0x11, 0xe0])], "问卷.doc") });
    expect(doc).toMatchObject({ ok: false, reason: expect.stringContaining(".docx") });
    const nothing = await importQuestionnaire({ text: "谢谢" });
    expect(nothing).toMatchObject({ ok: false, reason: expect.stringContaining("没有识别出任何题目") });
  });

  it("reports a JSON file's renames and repairs, or its problems grouped", () => {
    const fixed = checkSurveyJson(JSON.stringify({ pages: [{ elements: [{ type: "text", name: "serviceRating", colour: "red" }] }] }));
    expect(fixed.ok && fixed.report.renamed).toEqual({ serviceRating: "service_rating" });
    expect(fixed.ok && fixed.report.warnings).toEqual([{ label: "题型与设置", messages: ["第 1 页第 1 项“serviceRating”：已忽略未知的属性“colour”"] }]);
    const refused = checkSurveyJson(JSON.stringify({ pages: [{ elements: [{ type: "file", name: "photo" }, { type: "text", name: "a", visibleIf: "{b} = 1" }] }] }));
    expect(!refused.ok && refused.problems).toEqual([
      { label: "不能导入的功能", messages: ["第 1 页第 1 项“photo”：文件上传（file）：居民的文件无法在这里收集和保存"] },
      { label: "条件与表达式", messages: ["第 1 页第 2 项“a”：条件“{b} = 1”引用了不存在的问题“b”"] },
    ]);
  });
});
