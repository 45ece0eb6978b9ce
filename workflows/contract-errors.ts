// The error lines of the public JSON contracts (docs/evaluation-contract.md, docs/siting-contract.md):
// one line per problem, `path: 中文 / English`, and a field is named the same in both. Pure.
import type { z } from "zod";

type Words = [zh: string, en: string];

const FIELD_NAMES: Record<string, Words> = {
  // The evaluation's input.
  community: ["社区", "community"],
  code: ["社区代码", "community code"],
  name: ["名称", "name"],
  type: ["社区类型", "community type"],
  pilot: ["是否试点", "pilot"],
  households: ["户数", "households"],
  hasHub: ["是否有民生幸福共同体", "hasHub"],
  lat: ["纬度", "latitude"],
  lng: ["经度", "longitude"],
  share60Plus: ["60 岁及以上人口占比", "share of residents aged 60+"],
  shareChildren: ["0–12 岁儿童占比", "share of children aged 0–12"],
  neighbourhoods: ["小区列表", "neighbourhoods"],
  facilities: ["设施列表", "facilities"],
  id: ["编号", "id"],
  domain: ["领域代码", "domain code"],
  functions: ["服务功能", "functions"],
  areaM2: ["建筑面积", "building area"],
  officeAreaM2: ["办公面积", "office area"],
  status: ["设施状态", "facility status"],
  hubPart: ["是否属于共同体", "hubPart"],
  shared: ["是否跨社区共享", "shared"],
  sharedFrom: ["共享来源社区", "sharedFrom"],
  distanceM: ["距离", "distance"],
  survey: ["需求调查", "survey"],
  respondents: ["答卷数", "respondents"],
  domains: ["领域", "domains"],
  demandIndex: ["需求指数", "demand index"],
  satisfaction: ["满意度", "satisfaction"],
  questions: ["题目", "questions"],
  // The siting what-if's input (id, lat and lng as above).
  radiusM: ["半径", "radiusM"],
  select: ["新址数量", "select"],
  budget: ["预算", "budget"],
  demand: ["需求点列表", "demand"],
  existing: ["现有设施列表", "existing"],
  candidates: ["候选点列表", "candidates"],
  weight: ["权重", "weight"],
  cost: ["成本", "cost"],
};

const TYPE_NAMES: Record<string, Words> = {
  string: ["文本", "a string"],
  number: ["数字", "a number"],
  int: ["整数", "an integer"],
  boolean: ["true 或 false", "true or false"],
  object: ["对象", "an object"],
  array: ["数组", "an array"],
};

/** Fields whose values (or keys) are codes: an unknown one is named after its code list, not the field. */
const CODE_NAMES: Record<string, Words> = {
  domains: ["领域代码", "domain code"],
  functions: ["服务功能代码", "function code"],
};

/** Fields that take one of several types. */
const UNION_NAMES: Record<string, Words> = {
  id: ["文本或整数", "a string or an integer"],
};

/** `facilities[2].domain`; `(root)` for the top level. */
export function formatPath(path: readonly PropertyKey[]): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text ? `.${String(key)}` : String(key);
  }
  return text || "(root)";
}

function fieldOf(path: readonly PropertyKey[]): { key: string; zh: string; en: string } {
  const key = [...path].reverse().find((k): k is string => typeof k === "string") ?? "";
  const [zh, en] = FIELD_NAMES[key] ?? [key || "输入", key || "input"];
  return { key, zh, en };
}

function shown(value: unknown): string {
  if (value === undefined) return "undefined";
  const text = JSON.stringify(value);
  return text.length > 40 ? text.slice(0, 37) + "…" : text;
}

function issueText(issue: z.core.$ZodIssue): string {
  const { zh, en, key } = fieldOf(issue.path);
  const hasInput = "input" in issue && issue.input !== undefined;
  const input = hasInput ? (issue as { input: unknown }).input : undefined;
  const union = issue.code === "invalid_union" ? UNION_NAMES[key] : undefined;
  if (union) {
    return hasInput ? `${zh}应为${union[0]}，实际为 ${shown(input)} / ${en} must be ${union[1]}, got ${shown(input)}` : `缺少${zh} / missing ${en}`;
  }
  switch (issue.code) {
    case "invalid_type": {
      if (!hasInput) return `缺少${zh} / missing ${en}`;
      const [typeZh, typeEn] = TYPE_NAMES[issue.expected] ?? [issue.expected, issue.expected];
      return `${zh}应为${typeZh}，实际为 ${shown(input)} / ${en} must be ${typeEn}, got ${shown(input)}`;
    }
    case "invalid_value": {
      const [whatZh, whatEn] = CODE_NAMES[key] ?? [zh, en];
      const allowed = issue.values.map(String).join(", ");
      return `未知的${whatZh} ${shown(input)} / unknown ${whatEn} ${shown(input)}; 可用 allowed: ${allowed}`;
    }
    case "too_small": {
      const min = String(issue.minimum);
      if (issue.origin === "array") return `${zh}至少需要 ${min} 项 / ${en} needs at least ${min} item(s)`;
      if (issue.origin === "string") return `${zh}不能为空 / ${en} must not be empty`;
      return issue.inclusive
        ? `${zh}不能小于 ${min}，实际为 ${shown(input)} / ${en} must be at least ${min}, got ${shown(input)}`
        : `${zh}必须大于 ${min}，实际为 ${shown(input)} / ${en} must be greater than ${min}, got ${shown(input)}`;
    }
    case "too_big": {
      const max = String(issue.maximum);
      if (issue.origin === "array") return `${zh}最多 ${max} 项 / ${en} allows at most ${max} item(s)`;
      if (issue.origin === "string") return `${zh}不能超过 ${max} 个字 / ${en} must be at most ${max} characters`;
      return `${zh}不能大于 ${max}，实际为 ${shown(input)} / ${en} must be at most ${max}, got ${shown(input)}`;
    }
    case "custom":
      return issue.message;
    default:
      return `${zh}无效 / invalid ${en}: ${issue.message}`;
  }
}

/** One line per problem: `path: 中文 / English`. */
export function formatContractError(error: z.ZodError): string[] {
  const lines: string[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const parent = issue.path[issue.path.length - 1];
      const codes = typeof parent === "string" ? CODE_NAMES[parent] : undefined;
      for (const key of issue.keys) {
        const where = formatPath([...issue.path, key]);
        lines.push(codes ? `${where}: 未知的${codes[0]} "${key}" / unknown ${codes[1]} "${key}"` : `${where}: 未知字段 "${key}" / unknown field "${key}"`);
      }
      continue;
    }
    lines.push(`${formatPath(issue.path)}: ${issueText(issue)}`);
  }
  return lines;
}
