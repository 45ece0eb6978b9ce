// `npm run --silent cli -- check-survey <file.json>`: exactly the builder's import check, outside
// the app. Exit 0 with `{ "definition", "warnings", "renamed" }` on stdout; exit 2 with every
// reason on stderr, grouped. Never exit 1, whatever the file holds.
import fs from "node:fs";
import { SURVEY_LIMITS } from "../../workflows/surveys/definition";
import { validateSurveyDefinition } from "../../workflows/surveys/definition.server";

export const CHECK_SURVEY_USAGE = "check-survey <问卷.json>      按问卷设计器的导入规则检查 SurveyJS 问卷（通过：JSON 到 stdout；不通过：原因到 stderr，退出码 2）";

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => stream.write(text, () => resolve()));
}

function readFile(file: string): { text: string } | { reason: string } {
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile()) return { reason: `不是文件：${file}` };
    if (stat.size > SURVEY_LIMITS.maxRawBytes) return { reason: `文件过大（${Math.ceil(stat.size / 1024)} KB）：问卷定义去掉缩进后不能超过 ${SURVEY_LIMITS.maxDefinitionBytes / 1024} KB` };
    const bytes = fs.readFileSync(file);
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return { text };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return { reason: `找不到文件：${file}` };
    if (error instanceof TypeError) return { reason: "文件不是 UTF-8 文本：请另存为 UTF-8 编码的 .json 文件" };
    return { reason: `无法读取文件：${file}` };
  }
}

export interface CheckOutput {
  code: 0 | 2;
  stdout: string;
  stderr: string;
}

/** What the command prints for a file's text: the builder's check, formatted. */
export function checkSurveyText(text: string): CheckOutput {
  const result = validateSurveyDefinition(text);
  if (!result.ok) {
    const lines = [`问卷未通过检查，共 ${result.errors.length} 处问题：`];
    for (const group of result.errorGroups) lines.push(`【${group.label}】`, ...group.messages.map((m) => `  ${m}`));
    if (result.warnings.length) {
      lines.push(`另有 ${result.warnings.length} 处已自动处理：`);
      for (const group of result.warningGroups) lines.push(`【${group.label}】`, ...group.messages.map((m) => `  ${m}`));
    }
    return { code: 2, stdout: "", stderr: `${lines.join("\n")}\n` };
  }
  const output = { definition: result.definition, warnings: result.warnings, renamed: result.renamed };
  return { code: 0, stdout: `${JSON.stringify(output, null, 2)}\n`, stderr: "" };
}

export async function runCheckSurvey([file]: string[]): Promise<number> {
  let out: CheckOutput;
  try {
    const read = file ? readFile(file) : { reason: "请指定问卷文件：npm run --silent cli -- check-survey <问卷.json>" };
    out = "reason" in read ? { code: 2, stdout: "", stderr: `${read.reason}\n` } : checkSurveyText(read.text);
  } catch {
    // The check is total; this is the last line against an exit 1.
    out = { code: 2, stdout: "", stderr: "问卷无法检查：文件内容无法识别\n" };
  }
  if (out.stdout) await write(process.stdout, out.stdout);
  if (out.stderr) await write(process.stderr, out.stderr);
  return out.code;
}
