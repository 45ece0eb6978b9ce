// 赛马 ranking (建立赛马激励机制, 四(三)): communities within a street, streets within a
// district, districts within the city, by loop progress, completion of the approved list,
// acceptance results, resident satisfaction, operating performance and survey participation.
// A component without data is left out and the weights are renormalised over the rest, and
// the community shows it as 暂无数据 — missing data neither punishes nor rewards silently.
// Pure: the use-case gathers the facts.
import { codeList } from "./code-list";
import { type AcceptanceResult, STAGE_LABELS, STAGES, type Stage } from "./glossary";
import type { NumberSetting } from "./policy/profile";
import { type AppliedSettings, applySettingOverrides, defaultSetting as setting, listSettingTree, type SettingInfo, type SettingOverrideValues } from "./setting-overrides";

export const RANKING_CLAUSE = "四(三)";
export const RANKING_SETTINGS_PREFIX = "rankings";
export const NO_DATA = "暂无数据";

// ---------------------------------------------------------------------------------------
// Settings

export const { codes: RANKING_COMPONENTS, labels: RANKING_COMPONENT_LABELS } = codeList({
  progress: "闭环进度",
  completion: "清单完成率",
  acceptance: "验收结果",
  satisfaction: "居民满意度",
  performance: "运营绩效",
  participation: "需求调查参与率",
});
export type RankingComponent = (typeof RANKING_COMPONENTS)[number];

export interface RankingSettings {
  weights: Record<RankingComponent, NumberSetting>;
  acceptance: { remarksCredit: NumberSetting };
  satisfaction: { minRespondents: NumberSetting };
  participation: { fullMarksRate: NumberSetting };
  /** How far a rank can be trusted (issue 20, point 15: 清波门 came first at 0.2 % participation). */
  confidence: { minParticipation: NumberSetting; lowParticipation: NumberSetting; minDataShare: NumberSetting };
}

/** Our defaults (默认值): the plan asks for a 赛马 mechanism and names no formula. */
export const RANKING_SETTINGS: RankingSettings = {
  weights: {
    progress: setting(15, "赛马权重：闭环进度"),
    completion: setting(25, "赛马权重：清单完成率"),
    acceptance: setting(15, "赛马权重：验收结果"),
    satisfaction: setting(20, "赛马权重：居民满意度"),
    performance: setting(15, "赛马权重：运营绩效"),
    participation: setting(10, "赛马权重：需求调查参与率"),
  },
  acceptance: {
    remarksCredit: setting(0.6, "有条件通过折算系数", "share", "验收得分中，一次“有条件通过”折算为“通过”的比例"),
  },
  satisfaction: {
    minRespondents: setting(10, "满意度最少评价人数", "人", "评价人数少于该数时满意度记为暂无数据"),
  },
  participation: {
    fullMarksRate: setting(0.5, "参与率满分线", "share", "需求调查参与率达到该比例得满分，以下按比例"),
  },
  confidence: {
    minParticipation: setting(0.1, "排名最低参与率", "share", "需求调查参与率低于该比例的社区只显示得分，不排名次"),
    lowParticipation: setting(0.3, "低可信度参与率线", "share", "参与率低于该比例时名次标“低可信度”"),
    minDataShare: setting(0.5, "低可信度数据线", "share", "有数据的权重低于该比例时名次标“低可信度”"),
  },
};

export function listRankingSettings(settings: RankingSettings = RANKING_SETTINGS): SettingInfo[] {
  return listSettingTree(RANKING_SETTINGS_PREFIX, settings);
}

export function rankingSettingsProblem(s: RankingSettings): string | null {
  if (RANKING_COMPONENTS.reduce((sum, k) => sum + s.weights[k].value, 0) <= 0) return "赛马权重之和须大于 0";
  if (s.acceptance.remarksCredit.value > 1) return "有条件通过折算系数须在 0 到 1 之间";
  const full = s.participation.fullMarksRate.value;
  if (full <= 0 || full > 1) return "参与率满分线须大于 0 且不超过 100%";
  const c = s.confidence;
  if (c.minParticipation.value > 1 || c.lowParticipation.value > 1 || c.minDataShare.value > 1) return "可信度的比例须在 0 到 100% 之间";
  return null;
}

export function withRankingSettings(overrides: SettingOverrideValues, base: RankingSettings = RANKING_SETTINGS): AppliedSettings<RankingSettings> {
  return applySettingOverrides(RANKING_SETTINGS_PREFIX, base, overrides, rankingSettingsProblem);
}

// ---------------------------------------------------------------------------------------
// Input and output

export interface CommunityRankingFacts {
  /** NBS 12-digit code. */
  code: string;
  name?: string;
  streetCode: string;
  districtCode: string;
  /** The current round's stage and the rounds already closed; absent when no round has started. */
  progress?: { stage: Stage; roundsCompleted: number };
  /** Gap-list items approved by the street, and of those the ones accepted (通过 or 有条件通过). */
  items?: { approved: number; accepted: number };
  /** Acceptance results so far (every 验收, including failed ones later redone). */
  acceptance?: Record<AcceptanceResult, number>;
  /** The operation feedback survey (满意度 1–5). */
  satisfaction?: { mean: number; respondents: number };
  /** Mean operating performance score of the community's reviewed functions (0–100). */
  performance?: number | null;
  /** Needs-survey response rate of the latest closed survey (0–1). */
  responseRate?: number;
}

export interface RankedComponent {
  key: RankingComponent;
  label: string;
  /** 0–100, one decimal; null: 暂无数据. */
  score: number | null;
  status: "ok" | typeof NO_DATA;
  weight: number;
  /** The share of the community's score this component carries after renormalisation (0–1). */
  effectiveWeight: number;
  /** What was measured, in Chinese, or why there is no data. */
  detail: string;
}

export interface CommunityRanking {
  code: string;
  name?: string;
  streetCode: string;
  districtCode: string;
  /** 0–100, one decimal; null when no component has data. */
  score: number | null;
  /** Within the street; ties share a rank; null when unscored. */
  rank: number | null;
  /** Communities of the street with a score. */
  rankedOf: number;
  components: RankedComponent[];
  /** Labels of the components shown as 暂无数据. */
  missing: string[];
  /** Share of the total weight that had data (0–1). */
  dataShare: number;
  /** Needs-survey participation (0–1), shown next to the score; null without a closed needs survey. */
  participation: number | null;
  /** unranked: below the minimum participation, scored but given no rank; low: ranked, 低可信度. */
  confidence: "ok" | "low" | "unranked";
  /** Why the rank is withheld or 低可信度, in Chinese; null when it is not. */
  confidenceNote: string | null;
}

export interface AreaRanking {
  code: string;
  /** The district a street belongs to; absent for districts. */
  districtCode?: string;
  /** Mean of the scored members' scores (each community, or each street, counts once). */
  score: number | null;
  rank: number | null;
  rankedOf: number;
  members: number;
  scoredMembers: number;
  /** Mean of each component over the members that have it; null: 暂无数据. */
  components: Record<RankingComponent, number | null>;
}

export interface RankingResult {
  clause: string;
  formula: { description: string; expression: string };
  /** By street code, then rank, then code. */
  communities: CommunityRanking[];
  /** By district code, then rank, then code. */
  streets: AreaRanking[];
  /** By rank, then code. */
  districts: AreaRanking[];
}

// ---------------------------------------------------------------------------------------
// Scoring

const round = (value: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));
const percent = (value: number) => `${round(value * 100, 1)}%`;
const LAST_STAGE_INDEX = STAGES.length - 1;

function componentScore(key: RankingComponent, c: CommunityRankingFacts, s: RankingSettings): { score: number | null; detail: string } {
  switch (key) {
    case "progress": {
      if (!c.progress) return { score: null, detail: "尚未开始体检轮次" };
      const index = STAGES.indexOf(c.progress.stage);
      if (c.progress.roundsCompleted > 0 || c.progress.stage === "closed") {
        return { score: 100, detail: `已完成 ${Math.max(1, c.progress.roundsCompleted)} 轮闭环` };
      }
      return { score: (100 * index) / LAST_STAGE_INDEX, detail: `当前阶段：${STAGE_LABELS[c.progress.stage]}（${index}/${LAST_STAGE_INDEX}）` };
    }
    case "completion": {
      if (!c.items || c.items.approved <= 0) return { score: null, detail: "尚无通过审核的清单事项" };
      const { approved, accepted } = c.items;
      return { score: 100 * clamp(accepted / approved, 0, 1), detail: `已验收 ${accepted} / 已通过审核 ${approved} 项` };
    }
    case "acceptance": {
      const a = c.acceptance;
      const total = a ? a.pass + a.pass_with_remarks + a.fail : 0;
      if (!a || total <= 0) return { score: null, detail: "尚无验收结果" };
      const credit = s.acceptance.remarksCredit.value;
      return {
        score: (100 * (a.pass + credit * a.pass_with_remarks)) / total,
        detail: `通过 ${a.pass}、有条件通过 ${a.pass_with_remarks}、不通过 ${a.fail}`,
      };
    }
    case "satisfaction": {
      const min = s.satisfaction.minRespondents.value;
      if (!c.satisfaction) return { score: null, detail: "尚无运营反馈调查结果" };
      if (c.satisfaction.respondents < min) return { score: null, detail: `评价仅 ${c.satisfaction.respondents} 人，不足 ${min} 人` };
      const { mean, respondents } = c.satisfaction;
      return { score: clamp((100 * (mean - 1)) / 4, 0, 100), detail: `${round(mean, 2)} 分（${respondents} 人评价）` };
    }
    case "performance": {
      if (c.performance === undefined || c.performance === null) return { score: null, detail: "尚无运营绩效评定" };
      return { score: clamp(c.performance, 0, 100), detail: `运营绩效均分 ${round(c.performance, 1)} 分` };
    }
    case "participation": {
      if (c.responseRate === undefined) return { score: null, detail: "尚无已结束的需求调查" };
      const full = s.participation.fullMarksRate.value;
      return { score: 100 * clamp(c.responseRate / full, 0, 1), detail: `参与率 ${percent(c.responseRate)}` };
    }
  }
}

/** One community's 赛马 score with its components (no rank). */
export function rankingScore(
  community: CommunityRankingFacts,
  settings: RankingSettings = RANKING_SETTINGS,
): Pick<CommunityRanking, "score" | "components" | "missing" | "dataShare"> {
  const raw = RANKING_COMPONENTS.map((key) => ({ key, weight: settings.weights[key].value, ...componentScore(key, community, settings) }));
  const totalWeight = raw.reduce((sum, c) => sum + c.weight, 0);
  const availableWeight = raw.reduce((sum, c) => sum + (c.score !== null ? c.weight : 0), 0);
  const components: RankedComponent[] = raw.map((c) => ({
    key: c.key,
    label: RANKING_COMPONENT_LABELS[c.key],
    score: c.score === null ? null : round(c.score, 1),
    status: c.score === null ? NO_DATA : "ok",
    weight: c.weight,
    effectiveWeight: c.score !== null && availableWeight > 0 ? round(c.weight / availableWeight, 4) : 0,
    detail: c.detail,
  }));
  const weighted = raw.reduce((sum, c) => sum + (c.score !== null ? c.weight * c.score : 0), 0);
  return {
    score: availableWeight > 0 ? round(weighted / availableWeight, 1) : null,
    components,
    missing: components.filter((c) => c.score === null).map((c) => c.label),
    dataShare: totalWeight > 0 ? round(availableWeight / totalWeight, 4) : 0,
  };
}

/** Whether the community is ranked, and how far its rank can be trusted. */
export function rankingConfidence(
  c: Pick<CommunityRankingFacts, "responseRate">,
  dataShare: number,
  s: RankingSettings = RANKING_SETTINGS,
): Pick<CommunityRanking, "participation" | "confidence" | "confidenceNote"> {
  const { minParticipation, lowParticipation, minDataShare } = s.confidence;
  const participation = c.responseRate ?? null;
  if (participation !== null && participation < minParticipation.value) {
    return { participation, confidence: "unranked", confidenceNote: `参与率 ${percent(participation)} 低于 ${percent(minParticipation.value)}，不排名次` };
  }
  const why =
    participation === null
      ? "尚无已结束的需求调查"
      : participation < lowParticipation.value
        ? `参与率 ${percent(participation)} 低于 ${percent(lowParticipation.value)}`
        : dataShare < minDataShare.value
          ? `有数据的权重仅 ${percent(dataShare)}`
          : null;
  return { participation, confidence: why ? "low" : "ok", confidenceNote: why ? `低可信度：${why}` : null };
}

/** Ranks the communities of one street; those below the minimum participation follow, scored but unranked. */
function rankStreet<T extends { code: string; score: number | null; confidence: CommunityRanking["confidence"] }>(members: readonly T[]) {
  const ranked = assignRanks(members.filter((m) => m.confidence !== "unranked"));
  const rankedOf = ranked[0]?.rankedOf ?? 0;
  const unranked = assignRanks(members.filter((m) => m.confidence === "unranked")).map((m) => ({ ...m, rank: null, rankedOf }));
  const scored = ranked.filter((m) => m.score !== null);
  return [...scored, ...unranked, ...ranked.filter((m) => m.score === null)];
}

/**
 * Competition ranking (1, 2, 2, 4) on the shown score (one decimal), unscored last with no
 * rank; equal scores are listed by code so the order never depends on the input's order.
 */
export function assignRanks<T extends { code: string; score: number | null }>(items: readonly T[]): Array<T & { rank: number | null; rankedOf: number }> {
  const sorted = [...items].sort((a, b) => {
    if (a.score === null || b.score === null) return a.score === b.score ? cmp(a.code, b.code) : a.score === null ? 1 : -1;
    return b.score - a.score || cmp(a.code, b.code);
  });
  const rankedOf = sorted.filter((x) => x.score !== null).length;
  let rank = 0;
  return sorted.map((item, i) => {
    if (item.score === null) return { ...item, rank: null, rankedOf };
    if (i === 0 || sorted[i - 1].score !== item.score) rank = i + 1;
    return { ...item, rank, rankedOf };
  });
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return new Map([...out].sort(([a], [b]) => cmp(a, b)));
}

const meanOrNull = (values: readonly (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length ? round(present.reduce((a, b) => a + b, 0) / present.length, 1) : null;
};

function aggregate(
  code: string,
  members: readonly { score: number | null; components: Record<RankingComponent, number | null> }[],
  districtCode?: string,
): Omit<AreaRanking, "rank" | "rankedOf"> {
  const components = Object.fromEntries(
    RANKING_COMPONENTS.map((k) => [k, meanOrNull(members.map((m) => m.components[k]))]),
  ) as Record<RankingComponent, number | null>;
  return {
    code,
    ...(districtCode ? { districtCode } : {}),
    score: meanOrNull(members.map((m) => m.score)),
    members: members.length,
    scoredMembers: members.filter((m) => m.score !== null).length,
    components,
  };
}

function formulaText(s: RankingSettings): { description: string; expression: string } {
  const w = s.weights;
  const terms = RANKING_COMPONENTS.map((k) => `${RANKING_COMPONENT_LABELS[k]} × ${w[k].value}`).join(" + ");
  const description =
    `社区得分 =（${terms}）÷ 有数据各项的权重之和，保留一位小数；某项暂无数据时不计分也不扣分，该项标“暂无数据”，其权重按比例分给其余各项。` +
    `闭环进度：已完成一轮闭环计 100，否则按当前阶段序号 ÷ ${LAST_STAGE_INDEX}（准备 0 … 已完成 ${LAST_STAGE_INDEX}）。` +
    "清单完成率 = 已验收事项 ÷ 已通过审核事项。" +
    `验收结果 =（通过次数 + 有条件通过次数 × ${s.acceptance.remarksCredit.value}）÷ 验收总次数。` +
    `居民满意度 =（满意度均分 − 1）÷ 4，评价不少于 ${s.satisfaction.minRespondents.value} 人才计入。` +
    "运营绩效 = 本社区已评定功能的绩效均分。" +
    `需求调查参与率 = min(1, 参与率 ÷ ${percent(s.participation.fullMarksRate.value)})。各项均换算为 0–100 分。` +
    "街道得分 = 所辖有得分社区的简单平均（每个社区同等计入，不按户数加权）；区得分 = 所辖有得分街道得分的简单平均。" +
    "同分并列同一名次（如 1、2、2、4），并列者按代码排序。" +
    `需求调查参与率低于 ${percent(s.confidence.minParticipation.value)} 的社区显示得分但不排名次；` +
    `参与率低于 ${percent(s.confidence.lowParticipation.value)}、尚无已结束的需求调查或有数据的权重低于 ${percent(s.confidence.minDataShare.value)} 的，名次标“低可信度”。`;
  const expression =
    "score = round1(sum(w[k] * s[k] for k with data) / sum(w[k] for k with data)); " +
    "progress = roundsCompleted > 0 ? 100 : 100 * stageIndex / 9; completion = 100 * accepted / approved; " +
    "acceptance = 100 * (pass + credit * passWithRemarks) / (pass + passWithRemarks + fail); satisfaction = 100 * (mean - 1) / 4; " +
    "participation = 100 * min(1, responseRate / fullMarksRate); street = mean(community scores); district = mean(street scores)";
  return { description, expression };
}

/** Communities ranked within their street, streets within their district, districts within the city. */
export function rankCommunities(
  communities: readonly CommunityRankingFacts[],
  settings: RankingSettings = RANKING_SETTINGS,
): RankingResult {
  const seen = new Set<string>();
  for (const c of communities) {
    if (seen.has(c.code)) throw new RangeError(`community ${c.code} given twice`);
    seen.add(c.code);
  }
  // Code order throughout, so sums (and their floating-point rounding) never depend on the input's order.
  const sorted = [...communities].sort((a, b) => cmp(a.code, b.code));
  const scored = sorted.map((c) => {
    const score = rankingScore(c, settings);
    return {
      code: c.code,
      ...(c.name ? { name: c.name } : {}),
      streetCode: c.streetCode,
      districtCode: c.districtCode,
      ...score,
      ...rankingConfidence(c, score.dataShare, settings),
    };
  });
  const componentMap = (components: readonly RankedComponent[]) =>
    Object.fromEntries(components.map((x) => [x.key, x.score])) as Record<RankingComponent, number | null>;

  const rankedCommunities: CommunityRanking[] = [];
  const streetRows: Array<Omit<AreaRanking, "rank" | "rankedOf">> = [];
  for (const [streetCode, members] of groupBy(scored, (c) => c.streetCode)) {
    const districts = new Set(members.map((m) => m.districtCode));
    if (districts.size > 1) throw new RangeError(`street ${streetCode} lies in more than one district: ${[...districts].join(", ")}`);
    rankedCommunities.push(...rankStreet(members));
    streetRows.push(aggregate(streetCode, members.map((m) => ({ score: m.score, components: componentMap(m.components) })), members[0].districtCode));
  }

  const streets: AreaRanking[] = [];
  const districtRows: Array<Omit<AreaRanking, "rank" | "rankedOf">> = [];
  for (const [districtCode, members] of groupBy(streetRows, (s) => s.districtCode ?? "")) {
    streets.push(...assignRanks(members));
    districtRows.push(aggregate(districtCode, members));
  }

  return {
    clause: RANKING_CLAUSE,
    formula: formulaText(settings),
    communities: rankedCommunities,
    streets,
    districts: assignRanks(districtRows),
  };
}
