// Reading a survey file: JSON text → value, or where it stops being JSON (line and column) with
// a hint for the usual cause — a JavaScript object pasted into a .json file.

export type JsonTextResult = { ok: true; value: unknown } | { ok: false; message: string };

function lineAndColumn(text: string, position: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: position - start + 1 };
}

function errorPosition(error: unknown, text: string): number | null {
  const message = error instanceof Error ? error.message : "";
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) {
    const lines = text.split("\n");
    let position = 0;
    for (let i = 0; i < Number(lc[1]) - 1 && i < lines.length; i++) position += lines[i].length + 1;
    return position + Number(lc[2]) - 1;
  }
  return /Unexpected end/.test(message) ? text.length : null;
}

/** What a JavaScript object literal has that JSON does not, in the order people meet them. */
function hints(text: string): string[] {
  const out: string[] = [];
  if (/^\s*(const|let|var)\s+\w+\s*=|^\s*(export\s+default|module\.exports\s*=)/m.test(text)) {
    out.push("文件开头有 JavaScript 代码（如 const survey = 、export default），只保留从第一个 { 到最后一个 } 的内容");
  }
  if (/[{,]\s*[A-Za-z_$][\w$]*\s*:/.test(text)) out.push("属性名要加双引号，例如 \"name\": 而不是 name:");
  if (/[:,[{]\s*'/.test(text)) out.push("文字要用双引号 \"…\"，不能用单引号 '…'");
  if (/,\s*[}\]]/.test(text)) out.push("最后一项后面不能有逗号，例如 [1, 2,] 应写成 [1, 2]");
  if (/^\s*\/\/|\/\*/m.test(text)) out.push("JSON 不能有注释（// 或 /* */）");
  if (/[“”]/.test(text)) out.push("引号要用英文半角双引号 \"，不能用中文引号 “”");
  return out;
}

export function parseJsonText(input: string): JsonTextResult {
  const text = input.replace(/^\uFEFF/, "");
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const position = errorPosition(error, text);
    const where = position === null ? "" : (() => {
      const { line, column } = lineAndColumn(text, position);
      return `第 ${line} 行第 ${column} 列`;
    })();
    const found = hints(text);
    const hint = found.length ? `。可能的原因：${found.join("；")}` : "。请检查这一处附近的括号、引号和逗号";
    return { ok: false, message: `不是有效的 JSON 文件${where ? `：${where}出错` : ""}${hint}` };
  }
}
