import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliHarness } from "../support/cli";

const cli = cliHarness("hz-evaluate-");
const evaluate = (args: string[]) => cli.run("evaluate", args);
const writeInput = (name: string, value: unknown) => cli.write(name, typeof value === "string" ? value : JSON.stringify(value));

const qingbomen = {
  community: { code: "330102001051", name: "清波门社区", type: "existing", pilot: true, households: 2350, hasHub: true },
  facilities: [
    { name: "清波门老年食堂", domain: "meal_assist", functions: ["community_canteen"], areaM2: 320, officeAreaM2: 20, status: "operating", hubPart: true, distanceM: 350, shared: false },
    { name: "清波门居家养老服务中心", domain: "eldercare_childcare", functions: ["elderly_care"], areaM2: 980, officeAreaM2: 80, status: "operating", hubPart: true },
  ],
  survey: { respondents: 812, domains: { meal_assist: { demandIndex: 0.42, satisfaction: 3.1 } } },
};

/** A refusal: exit 2, nothing on stdout, and the reason in both Chinese and English. */
function expectRefused(run: ReturnType<typeof evaluate>, chinese: RegExp, english: RegExp) {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(chinese);
  expect(run.stderr).toMatch(english);
}

describe("npm run cli -- evaluate <input.json>", () => {
  it("prints the evaluation of one community as JSON and exits 0: the worked example is 110 m² short", () => {
    const run = evaluate([writeInput("one.json", qingbomen)]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ policy: "hangzhou-2024-11", policyVersion: 1, community: "330102001051" });
    expect(result.findings).toContainEqual(
      expect.objectContaining({ rule: "AREA_EXISTING", clause: "三(一)", status: "fail", required: 1410, actual: 1300, gap: 110 }),
    );
    expect(result.findings).toContainEqual(expect.objectContaining({ rule: "AREA_NEW", status: "not_applicable" }));
    expect(result.domains.meal_assist).toMatchObject({ status: "满足", demandIndex: 0.42, satisfaction: 3.1 });
  });

  it("evaluates a batch: an array in, an array out in the same order", () => {
    const laodonglu = { ...qingbomen, community: { ...qingbomen.community, code: "330102001052", name: "劳动路社区", type: "new", households: 1000 } };
    const run = evaluate([writeInput("batch.json", [qingbomen, laodonglu])]);
    expect(run.code).toBe(0);
    const results = JSON.parse(run.stdout);
    expect(results.map((r: { community: string }) => r.community)).toEqual(["330102001051", "330102001052"]);
    expect(results[1].findings).toContainEqual(expect.objectContaining({ rule: "AREA_NEW", status: "pass", required: 1000, actual: 1300 }));
  });

  it("asks for a file when none is given", () => {
    expectRefused(evaluate([]), /请指定输入的 JSON 文件/, /please give an input JSON file/);
  });

  it("refuses a missing file", () => {
    expectRefused(evaluate([path.join(cli.dir, "nowhere.json")]), /找不到输入文件/, /input file not found/);
  });

  it("refuses a file that is not JSON", () => {
    expectRefused(evaluate([writeInput("bad.json", "{ community: ")]), /输入不是有效的 JSON/, /input is not valid JSON/);
  });

  it("refuses a wrong community type code", () => {
    const input = { ...qingbomen, community: { ...qingbomen.community, type: "old" } };
    expectRefused(evaluate([writeInput("type.json", input)]), /community\.type: 未知的社区类型 "old"/, /unknown community type "old"/);
  });

  it("refuses an unknown domain, naming the facility", () => {
    const input = { ...qingbomen, facilities: [qingbomen.facilities[0], { ...qingbomen.facilities[1], domain: "meals" }] };
    expectRefused(evaluate([writeInput("domain.json", input)]), /facilities\[1\]\.domain: 未知的领域代码 "meals"/, /unknown domain code "meals"/);
  });

  it("refuses a negative area", () => {
    const input = { ...qingbomen, facilities: [{ ...qingbomen.facilities[0], areaM2: -20 }] };
    expectRefused(evaluate([writeInput("area.json", input)]), /facilities\[0\]\.areaM2: 建筑面积不能小于 0/, /building area must be at least 0/);
  });

  it("refuses a community without households, and says which item of a batch", () => {
    const { households: _omitted, ...withoutHouseholds } = qingbomen.community;
    const second = { ...qingbomen, community: { ...withoutHouseholds, code: "330102001052" } };
    expectRefused(evaluate([writeInput("households.json", [qingbomen, second])]), /\[1\]\.community\.households: 缺少户数/, /missing households/);
  });
});
