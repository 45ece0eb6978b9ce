// 文本导入 on whole questionnaires as a 社区工作者 writes them in Word/WPS, and the .docx reader
// (fixtures in tests/fixtures/text-import; the .docx files are made here with JSZip).
import fs from "node:fs";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { docxToText } from "../../app/lib/docx-text.server";
import { importSurveyText } from "../../workflows/survey-text-import";
import { loadedQuestions, surveyCoreErrors } from "../support/survey-json";

const fixture = (name: string) => fs.readFileSync(`tests/fixtures/text-import/${name}`, "utf8");

function importedDocument(text: string) {
  const result = importSurveyText(text);
  expect(result.problems).toEqual([]);
  expect(surveyCoreErrors(result.definition)).toEqual([]);
  return { ...result, questions: loadedQuestions(result.definition) };
}

describe("whole questionnaires", () => {
  it("15-minute life circle needs survey: three pages, a 矩阵量表 satisfaction grid, numbers, other, ranking, rating", () => {
    const { definition, questions, guesses } = importedDocument(fixture("life-circle-needs.txt"));
    expect(definition.title).toBe("拱墅区XX社区“15分钟生活圈”居民需求调查问卷");
    expect(questions).toEqual({
      q1: "radiogroup",
      q2: "radiogroup",
      q3: "multipletext",
      q4: "text",
      q5: "radiogroup",
      q6: "checkbox",
      q7: "text",
      q8: "ranking",
      q9: "matrix",
      q10: "rating",
      q11: "comment",
    });
    expect((definition.pages as unknown[]).length).toBe(3);
    expect(guesses).toContain("第 18 行：“其他（请注明）”作为“其他”选项，附填写框");
  });

  it("助餐 survey: （1） numbering, 【】 hints, a matrix written as a Word table, a closing thanks", () => {
    const { definition, questions } = importedDocument(fixture("meal-assistance.txt"));
    expect(questions).toEqual({ q1: "radiogroup", q2: "radiogroup", q3: "checkbox", q4: "text", q5: "text", q6: "checkbox", q7: "matrix", q8: "comment" });
    expect(definition.completedHtml).toBe("谢谢您的配合！");
  });

  it("post-build feedback: 第一部分 pages, rows followed by the scale, a 0-10 rating and ranking", () => {
    const { definition, questions } = importedDocument(fixture("post-build-feedback.txt"));
    expect(questions).toEqual({ q1: "radiogroup", q2: "radiogroup", q3: "checkbox", q4: "matrix", q5: "rating", q6: "ranking", q7: "comment" });
    const pages = definition.pages as { title: string }[];
    expect(pages.map((p) => p.title)).toEqual(["第一部分 使用情况", "第二部分 满意度评价", "第三部分 其他"]);
  });
});

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const para = (text: string, list?: [numId: number, level: number]) =>
  `<w:p><w:pPr>${list ? `<w:numPr><w:ilvl w:val="${list[1]}"/><w:numId w:val="${list[0]}"/></w:numPr>` : ""}</w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const cell = (inner: string) => `<w:tc>${inner}</w:tc>`;
const box = `<w:p><w:r><w:sym w:font="Wingdings" w:char="F0A8"/></w:r></w:p>`;
const level = (ilvl: number, format: string, text: string) => `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${format}"/><w:lvlText w:val="${text}"/></w:lvl>`;
const NUMBERING = `<w:numbering ${W}>
<w:abstractNum w:abstractNumId="0">${level(0, "decimal", "%1.")}</w:abstractNum>
<w:abstractNum w:abstractNumId="1">${level(0, "upperLetter", "%1、")}</w:abstractNum>
<w:abstractNum w:abstractNumId="2">${level(0, "chineseCounting", "%1、")}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num></w:numbering>`;

/** A questionnaire as Word saves it: automatic numbering and a satisfaction table. */
async function wordQuestionnaire(): Promise<Uint8Array> {
  const body = [
    para("社区助餐服务满意度调查"),
    para("基本情况", [4, 0]),
    para("您的年龄段 &amp; 性别", [1, 0]),
    para("60岁以下", [2, 0]),
    para("60岁及以上", [2, 0]),
    para("您最需要的服务（可多选）", [1, 0]),
    para("送餐上门", [3, 0]),
    para("堂食", [3, 0]),
    para("对以下方面的满意度", [1, 0]),
    `<w:tbl><w:tr>${cell(para(""))}${cell(para("满意"))}${cell(para("一般"))}${cell(para("不满意"))}</w:tr>`,
    `<w:tr>${cell(para("口味"))}${cell(box)}${cell(box)}${cell(box)}</w:tr>`,
    `<w:tr>${cell(para("价格"))}${cell(box)}${cell(box)}${cell(box)}</w:tr></w:tbl>`,
    `<w:p><w:del><w:r><w:delText>删掉的字</w:delText></w:r></w:del></w:p>`,
  ].join("");
  const zip = new JSZip();
  zip.file("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file("word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}</w:body></w:document>`);
  zip.file("word/numbering.xml", NUMBERING);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

describe("reading a .docx", () => {
  it("writes out list numbers, keeps table rows as tab-separated lines and skips deleted text", async () => {
    const read = await docxToText(await wordQuestionnaire());
    expect(read).toEqual({
      ok: true,
      text: ["社区助餐服务满意度调查", "一、基本情况", "1.您的年龄段 & 性别", "A、60岁以下", "B、60岁及以上", "2.您最需要的服务（可多选）", "A、送餐上门", "B、堂食", "3.对以下方面的满意度", "\t满意\t一般\t不满意", "口味\t□\t□\t□", "价格\t□\t□\t□"].join("\n"),
    });
  });

  it("the text it gives imports with the table as a matrix", async () => {
    const read = await docxToText(await wordQuestionnaire());
    if (!read.ok) throw new Error(read.reason);
    const { questions } = importedDocument(read.text);
    expect(questions).toEqual({ q1: "radiogroup", q2: "checkbox", q3: "matrix" });
  });

  it("refuses what is not a .docx, with a reason in Chinese", async () => {
    expect(await docxToText(new TextEncoder().encode("1. 您的性别"))).toEqual({ ok: false, reason: expect.stringContaining("不是 Word 文档") });
    expect(await docxToText(Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).toEqual({ ok: false, reason: expect.stringContaining(".doc") });
    expect(await docxToText(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]))).toEqual({ ok: false, reason: expect.stringContaining("已损坏") });
    const noBody = await new JSZip().file("a.txt", "x").generateAsync({ type: "uint8array" });
    expect(await docxToText(noBody)).toEqual({ ok: false, reason: expect.stringContaining("缺少正文") });
  });

  it("refuses files over the size limit before unzipping", async () => {
    const bytes = await wordQuestionnaire();
    expect(await docxToText(bytes, { maxFileBytes: 100, maxUncompressedBytes: 1e6, maxEntries: 10 })).toEqual({ ok: false, reason: expect.stringContaining("文件过大") });
  });

  it("stops reading a zip bomb at the uncompressed budget", async () => {
    const bomb = await new JSZip().file("word/document.xml", " ".repeat(2_000_000)).generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(bomb.length).toBeLessThan(10_000);
    expect(await docxToText(bomb, { maxFileBytes: 5e6, maxUncompressedBytes: 500_000, maxEntries: 10 })).toEqual({ ok: false, reason: expect.stringContaining("解压后过大") });
  });

  it("refuses XML with a DTD (entity expansion)", async () => {
    const xml = `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><w:document ${W}><w:body>${para("&a;")}</w:body></w:document>`;
    const bytes = await new JSZip().file("word/document.xml", xml).generateAsync({ type: "uint8array" });
    expect(await docxToText(bytes)).toEqual({ ok: false, reason: expect.stringContaining("XML") });
  });
});
