// `npm run --silent cli -- comment-keywords <file.json|file.txt> [--top N] [--lexicon edited.json]`:
// the keywords of a set of comments, as the results page ranks them (issue 18, ADR 0011).
// Reads no database. Bad input exits 2 with a reason in Chinese and English.
import fs from "node:fs";
import path from "node:path";
import { CommentLexiconSchema, compileLexicon, DEFAULT_COMMENT_LEXICON, type CommentLexicon } from "../../workflows/comments/dictionary";
import { keywordReport } from "../../workflows/comments/keywords";

export const USAGE =
  "comment-keywords <意见.json|意见.txt> [--top N] [--lexicon 词典.json]  居民意见关键词（JSON 字符串数组或每行一条），结果以 JSON 输出；不读写数据库";

class BadInput extends Error {}

function fail(chinese: string, english: string): never {
  throw new BadInput(`${chinese} / ${english}`);
}

export async function runCommentKeywords(args: string[]): Promise<number> {
  try {
    const { file, top, lexiconFile } = parseArgs(args);
    const comments = readComments(file);
    const lexicon = lexiconFile ? readLexicon(lexiconFile) : DEFAULT_COMMENT_LEXICON;
    const vocabulary = compileLexicon(lexicon);
    // Loaded here, not at the top: jieba reads its 11 MB dictionary on import, and the other commands need none of it.
    const { createSegmenter } = await import("../../app/lib/segmenter.server");
    const keywords = keywordReport(comments, createSegmenter(vocabulary), vocabulary, { limit: top });
    const output = JSON.stringify({ keywords }, null, 2) + "\n";
    await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
    return 0;
  } catch (error) {
    if (!(error instanceof BadInput)) throw error;
    console.error(error.message);
    return 2;
  }
}

function parseArgs(args: string[]): { file: string; top: number; lexiconFile: string | null } {
  let file: string | null = null;
  let top = 30;
  let lexiconFile: string | null = null;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--top") {
      top = Number(args[++i]);
      if (!Number.isInteger(top) || top < 1) fail("--top 须为正整数", "--top must be a positive whole number");
    } else if (arg === "--lexicon") {
      lexiconFile = args[++i] ?? fail("--lexicon 后须给出词典文件", "--lexicon needs a file");
    } else if (arg.startsWith("--")) {
      fail(`不认识的选项：${arg}`, `unknown option: ${arg}`);
    } else if (file === null) {
      file = arg;
    } else {
      fail("只能给出一个意见文件", "give one comments file only");
    }
  }
  if (file === null) {
    fail(
      "请指定意见文件（JSON 字符串数组，或每行一条的文本）",
      "please give a comments file (a JSON array of strings, or one comment per line): npm run --silent cli -- comment-keywords <file.json|file.txt>",
    );
  }
  return { file, top, lexiconFile };
}

function readText(file: string, what: [string, string]): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") fail(`找不到${what[0]}：${file}`, `${what[1]} not found: ${file}`);
    if (code === "EISDIR") fail(`${file} 是目录，不是${what[0]}`, `${file} is a directory, not a ${what[1]}`);
    fail(`无法读取${what[0]}：${file}`, `cannot read the ${what[1]}: ${file}`);
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return fail(`${what[0]}不是 UTF-8 文本：${file}`, `the ${what[1]} is not UTF-8 text: ${file}`);
  }
}

function parseJson(text: string, file: string, what: [string, string]): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(`${what[0]}不是有效的 JSON：${file}`, `the ${what[1]} is not valid JSON: ${detail}`);
  }
}

/** A `.json` file holds a JSON array of strings; any other file one comment per line. */
export function readComments(file: string): string[] {
  const what: [string, string] = ["意见文件", "comments file"];
  const text = readText(file, what);
  if (path.extname(file).toLowerCase() !== ".json") {
    return text.split(/\r?\n/).filter((line) => line.trim());
  }
  const json = parseJson(text, file, what);
  if (!Array.isArray(json)) fail("JSON 须为字符串数组，例如 [\"希望加装电梯\"]", 'the JSON must be an array of strings, e.g. ["希望加装电梯"]');
  const bad = json.findIndex((item) => typeof item !== "string");
  if (bad >= 0) fail(`第 ${bad + 1} 项不是字符串`, `item ${bad + 1} is not a string`);
  return (json as string[]).filter((comment) => comment.trim());
}

function readLexicon(file: string): CommentLexicon {
  const what: [string, string] = ["词典文件", "lexicon file"];
  const parsed = CommentLexiconSchema.safeParse(parseJson(readText(file, what), file, what));
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => `  ${issue.path.join(".") || "(根)"}: ${issue.message}`);
  return fail(`词典不符合格式，共 ${problems.length} 处问题：\n${problems.join("\n")}`, "the lexicon does not match its schema");
}
