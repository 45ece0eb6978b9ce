import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { runCommentKeywords } from "../../scripts/commands/comment-keywords";
import { DEFAULT_COMMENT_LEXICON } from "../../workflows/comments/dictionary";
import { cliHarness } from "../support/cli";

const SAMPLE = path.resolve(import.meta.dirname, "../fixtures/resident-comments.txt");
const cli = cliHarness("hz-comment-keywords-");
const commentKeywords = (args: string[]) => cli.run("comment-keywords", args);
const write = (name: string, content: string | Buffer) => cli.write(name, content);

interface Output {
  keywords: { term: string; count: number; domain: string | null; examples: string[] }[];
}

describe("comment-keywords on the command line", () => {
  it("a worker checks a round's comments, one per line, and reads the keywords best first with the comments behind them", () => {
    const { code, stdout, stderr } = commentKeywords([SAMPLE]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const { keywords } = JSON.parse(stdout) as Output;
    expect(keywords.length).toBe(30);
    for (const k of keywords) expect(Object.keys(k)).toEqual(["term", "count", "domain", "examples"]);
    const lift = keywords.find((k) => k.term === "加装电梯");
    expect(lift).toMatchObject({ domain: null });
    expect(lift!.count).toBeGreaterThanOrEqual(8);
    expect(lift!.examples[0]).toBe("希望加装电梯，老人爬楼太累了");
    expect(keywords.find((k) => k.term === "老年食堂")?.domain).toBe("meal_assist");
    const stop = new Set(DEFAULT_COMMENT_LEXICON.stopWords);
    expect(keywords.filter((k) => stop.has(k.term))).toEqual([]);
  });

  it("takes a JSON array of strings, and --top limits the list", () => {
    const file = write("comments.json", JSON.stringify(["助餐点太远", "希望增设助餐点", "停车位不够", "助餐点饭菜不错"]));
    const { code, stdout } = commentKeywords([file, "--top", "1"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      keywords: [{ term: "助餐点", count: 3, domain: "meal_assist", examples: ["助餐点太远", "希望增设助餐点", "助餐点饭菜不错"] }],
    });
  });

  it("uses an edited lexicon given with --lexicon", () => {
    const lexicon = write("lexicon.json", JSON.stringify({ ...DEFAULT_COMMENT_LEXICON, default: false, stopWords: [...DEFAULT_COMMENT_LEXICON.stopWords, "老人"] }));
    const { code, stdout } = commentKeywords([SAMPLE, "--lexicon", lexicon, "--top", "100"]);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as Output).keywords.map((k) => k.term)).not.toContain("老人");
  });

  it.each([
    ["a missing file", () => [path.join(cli.dir, "nowhere.txt")], /找不到意见文件.*comments file not found/],
    ["broken JSON", () => [write("broken.json", '["电梯",')], /不是有效的 JSON.*not valid JSON/],
  ] as const)("refuses %s with exit 2 and a reason in Chinese and English, never a stack trace", (_name, args, reason) => {
    const { code, stdout, stderr } = commentKeywords(args());
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toMatch(reason);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

// Each child process costs seconds (tsx compiles the whole CLI), so the other reasons are read
// from the command itself; the cases above show that a reason reaches the terminal as is.
describe("comment-keywords explains bad input", () => {
  async function run(args: string[]) {
    const printed: string[] = [];
    const error = vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void printed.push(parts.join(" ")));
    const code = await runCommentKeywords(args);
    error.mockRestore();
    return { code, stderr: printed.join("\n") };
  }

  it("an empty file has no keywords", async () => {
    const written: string[] = [];
    const write_ = vi.spyOn(process.stdout, "write").mockImplementation((chunk: unknown, done?: unknown) => {
      written.push(String(chunk));
      if (typeof done === "function") done();
      return true;
    });
    const code = await runCommentKeywords([write("empty.txt", "\n\n")]);
    write_.mockRestore();
    expect(code).toBe(0);
    expect(JSON.parse(written.join(""))).toEqual({ keywords: [] });
  });

  const bad: [string, () => string[], RegExp][] = [
    ["no file", () => [], /请指定意见文件.*please give a comments file/s],
    ["a directory", () => [cli.dir], /是目录.*is a directory/],
    ["JSON that is not an array", () => [write("object.json", '{"comments": ["电梯"]}')], /字符串数组.*array of strings/],
    ["an item that is not a string", () => [write("numbers.json", '["电梯", 3]')], /第 2 项不是字符串.*item 2 is not a string/],
    ["a file that is not UTF-8", () => [write("gbk.txt", Buffer.from([0xb5, 0xe7, 0xcc, 0xdd, 0xff]))], /不是 UTF-8.*not UTF-8/],
    ["an unknown option", () => [SAMPLE, "--fast"], /不认识的选项.*unknown option/],
    ["a bad --top", () => [SAMPLE, "--top", "zero"], /--top 须为正整数.*positive whole number/],
    ["a lexicon that breaks its schema", () => [SAMPLE, "--lexicon", write("bad-lexicon.json", JSON.stringify({ ...DEFAULT_COMMENT_LEXICON, variants: { 电悌: "电话" } }))], /词典不符合格式.*不在词典中/s],
  ];
  it.each(bad)("refuses %s with exit 2 and a reason in Chinese and English", async (_name, args, reason) => {
    const { code, stderr } = await run(args());
    expect(code).toBe(2);
    expect(stderr).toMatch(reason);
  });
});
