import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runSite } from "../../scripts/commands/site";
import { greedyTrap } from "../support/siting-instances";

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-site-command-"));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, value: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

/** Runs the command in this process; what it prints on stderr and stdout, and its exit code. */
async function run(args: string[]) {
  const stderr: string[] = [];
  const stdout: string[] = [];
  vi.spyOn(console, "error").mockImplementation((...parts: unknown[]) => void stderr.push(parts.join(" ")));
  vi.spyOn(process.stdout, "write").mockImplementation(((chunk: string, done?: () => void) => {
    stdout.push(chunk);
    done?.();
    return true;
  }) as typeof process.stdout.write);
  const code = await runSite(args);
  vi.restoreAllMocks();
  return { code, stderr: stderr.join("\n"), stdout: stdout.join("") };
}

const { limit: _limit, ...trapInput } = { ...greedyTrap(), select: 2 };

describe("the site command's arguments", () => {
  it("asks for a file when none is given (exit 2, Chinese and English)", async () => {
    expect(await run([])).toEqual({ code: 2, stdout: "", stderr: expect.stringMatching(/请指定输入的 JSON 文件 \/ please give an input JSON file/) });
  });

  it("refuses a file that is not JSON, an unknown option, a bad time limit and a second file", async () => {
    const file = write("trap.json", trapInput);
    expect(await run([write("bad.json", "{ radiusM: ")])).toMatchObject({ code: 2, stderr: expect.stringMatching(/输入不是有效的 JSON.*input is not valid JSON/) });
    expect(await run([file, "--fast"])).toMatchObject({ code: 2, stderr: "未知选项 --fast / unknown option --fast" });
    expect(await run([file, "--time-limit", "never"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--time-limit 应为.*must be seconds/) });
    expect(await run([file, file])).toMatchObject({ code: 2, stderr: expect.stringMatching(/多余的参数.*unexpected argument/) });
  });

  it("refuses a curve for a budget, which has no number of sites to count up to", async () => {
    const { select: _select, ...withoutSelect } = trapInput;
    const file = write("budget.json", { ...withoutSelect, budget: 2, candidates: trapInput.candidates.map((c) => ({ ...c, cost: 1 })) });
    expect(await run([file, "--curve"])).toMatchObject({ code: 2, stderr: expect.stringMatching(/--curve 只适用于按数量选址.*needs select/) });
  });

  it("prints the answer and the coverage curve with --curve", async () => {
    const result = await run([write("curve.json", trapInput), "--curve", "--time-limit", "5"]);
    expect(result.code).toBe(0);
    const answer = JSON.parse(result.stdout);
    expect(answer).toMatchObject({ selected: ["west", "east"], coveredWeight: 14, method: "exact", optimal: true });
    expect(answer.curve.map((p: { sites: number; coveredWeight: number }) => [p.sites, p.coveredWeight])).toEqual([
      [1, 10],
      [2, 14],
    ]);
  });
});
