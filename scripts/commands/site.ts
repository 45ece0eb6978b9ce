// `npm run --silent cli -- site <input.json> [--curve] [--time-limit <seconds>]`: the siting
// what-if for other tools (docs/siting-contract.md). Never opens the database. Exit 0 with the
// answer as JSON; exit 2 with reasons in Chinese and English when the input is refused.
import fs from "node:fs";
import { solveCoverageCurve, solveSiting } from "../../app/lib/siting-solver.server";
import { parseSitingRequest } from "../../workflows/siting-contract";

export const SITE_USAGE =
  "site <输入.json> [--curve] [--time-limit 秒]  选址推演：在候选点中选新址使覆盖的需求权重最大（HiGHS 精确求解，超时退回贪心），结果以 JSON 输出；不读写数据库";

type Options = { file: string; curve: boolean; timeLimitS: number };

function readOptions(args: string[]): Options | string {
  let file: string | undefined;
  let curve = false;
  let timeLimitS = 10;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--curve") curve = true;
    else if (arg === "--time-limit") {
      timeLimitS = Number(args[++i]);
      if (!(timeLimitS > 0 && timeLimitS <= 3600)) return "--time-limit 应为 0–3600 之间的秒数 / --time-limit must be seconds between 0 and 3600";
    } else if (arg.startsWith("--")) return `未知选项 ${arg} / unknown option ${arg}`;
    else if (file === undefined) file = arg;
    else return `多余的参数 ${arg} / unexpected argument ${arg}`;
  }
  if (file === undefined) return "请指定输入的 JSON 文件 / please give an input JSON file: npm run --silent cli -- site <input.json>";
  return { file, curve, timeLimitS };
}

function readJson(file: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
    return { ok: false, reason: missing ? `找不到输入文件：${file} / input file not found: ${file}` : `无法读取输入文件：${file} / cannot read input file: ${file}` };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, "")) };
  } catch (error) {
    return { ok: false, reason: `输入不是有效的 JSON：${file} / input is not valid JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
}

export async function runSite(args: string[]): Promise<number> {
  const options = readOptions(args);
  if (typeof options === "string") {
    console.error(options);
    return 2;
  }
  const json = readJson(options.file);
  if (!json.ok) {
    console.error(json.reason);
    return 2;
  }
  const request = parseSitingRequest(json.value);
  if (!request.ok) {
    console.error(`输入不符合选址接口约定，共 ${request.errors.length} 处问题 / input violates the siting contract (${request.errors.length} problem(s)):`);
    for (const line of request.errors) console.error("  " + line);
    return 2;
  }
  const { problem } = request;
  if (options.curve && !("select" in problem.limit)) {
    console.error("--curve 只适用于按数量选址（select）/ --curve needs select, not budget");
    return 2;
  }
  const solveOptions = { timeLimitS: options.timeLimitS };
  const answer = await solveSiting(problem, solveOptions);
  const curve = options.curve && "select" in problem.limit ? await solveCoverageCurve(problem, problem.limit.select, solveOptions) : undefined;
  const output = JSON.stringify(curve ? { ...answer, curve } : answer, null, 2) + "\n";
  await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
  return 0;
}
