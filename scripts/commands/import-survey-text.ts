// `npm run --silent cli -- import-survey-text <file.txt|file.docx>`: the text import (文本导入)
// outside the app. The SurveyJS definition goes to stdout; what was guessed and any problems go
// to stderr. Exit 2 with the reasons when nothing usable comes out; never 1, never a stack trace.
import fs from "node:fs";
import { docxToText } from "../../app/lib/docx-text.server";
import { importSurveyText } from "../../workflows/survey-text-import";

const MAX_TEXT_FILE_BYTES = 5 * 1024 * 1024;

async function readInput(file: string): Promise<{ text: string } | { reason: string }> {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { reason: `不是文件：${file}` };
    if (stat.size > MAX_TEXT_FILE_BYTES) return { reason: `文件过大（${(stat.size / 1024 / 1024).toFixed(1)} MB），上限 5 MB` };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { reason: (error as NodeJS.ErrnoException).code === "ENOENT" ? `找不到文件：${file}` : `无法读取文件：${file}` };
  }
  if (/\.docx$/i.test(file)) {
    const read = await docxToText(bytes);
    return read.ok ? { text: read.text } : { reason: read.reason };
  }
  if (/\.doc$/i.test(file)) return { reason: "这是旧版 Word（.doc）文件：请在 Word/WPS 中“另存为” .docx 或纯文本后再导入" };
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\uFFFD") && !text.replace(/\uFFFD/g, "").trim()) return { reason: "文件不是 UTF-8 文本：请在记事本/WPS 中另存为 UTF-8 编码后再导入" };
  return { text };
}

export async function importSurveyTextCommand([file]: string[]): Promise<number> {
  try {
    if (!file) {
      console.error("请指定问卷文件：npm run --silent cli -- import-survey-text <问卷.txt|问卷.docx>");
      return 2;
    }
    const input = await readInput(file);
    if ("reason" in input) {
      console.error(input.reason);
      return 2;
    }
    const result = importSurveyText(input.text);
    const pages = result.definition.pages;
    const usable = Array.isArray(pages) && pages.length > 0;
    for (const guess of result.guesses) console.error(`推测：${guess}`);
    for (const problem of result.problems) console.error(`问题：${problem}`);
    if (!usable) return 2;
    const output = JSON.stringify(result.definition, null, 2) + "\n";
    await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
    return 0;
  } catch {
    console.error("导入失败：文件内容无法识别");
    return 2;
  }
}
