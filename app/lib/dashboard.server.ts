// The 数字驾驶舱 for 市, 区 and 街道: one view model per scope, every panel both a chart and a
// table, every count linking to the list behind it. Tables are plain data so the same
// builder serves the page and the XLSX export.
import type { Kysely } from "kysely";
import {
  childAreas,
  type DashboardScope,
  domainGaps,
  projectMilestoneCounts,
  projectTotals,
  type GapItemCount,
  gapItemCounts,
  participation,
  stageCounts,
  stageEntries,
} from "../../db/repositories/dashboard";
import { listCycleYears } from "../../db/repositories/cycles";
import type { Database } from "../../db/schema";
import {
  APPROACH_LABELS,
  APPROACHES,
  FUNDING_LABELS,
  FUNDING_SOURCES,
  MILESTONE_LABELS,
  MILESTONES,
  DOMAIN_LABELS,
  DOMAINS,
  type Stage,
  STAGE_LABELS,
  STAGES,
  SURVEY_CHANNEL_LABELS,
  SURVEY_CHANNELS,
  isVerifiedChannel,
} from "../../workflows/glossary";
import { daysSince } from "./format";
import { reviewScope } from "./operations.server";
import type { CommunityRanking } from "../../workflows/rankings";
import { buildRanking } from "./rankings.server";
import { computeTargetProgress, targetYearFor } from "./targets.server";

export type Cell = string | number | null | { value: string | number; href: string };
export interface Column {
  key: string;
  label: string;
  kind?: "number" | "percent" | "text";
}
export interface DashboardTable {
  id: string;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  note?: string;
}

/** [默认值] days after which a community counts as overdue in a stage. */
export const OVERDUE_DAYS: Record<Exclude<Stage, "closed">, number> = {
  preparing: 30,
  surveying: 45,
  evaluating: 14,
  drafting: 30,
  street_review: 14,
  planning: 60,
  construction: 365,
  acceptance: 30,
  operation_feedback: 365,
};

export function scopeParams(scope: DashboardScope): URLSearchParams {
  const params = new URLSearchParams();
  if (scope.level === "district") params.set("district", scope.code);
  if (scope.level === "street") params.set("street", scope.code);
  return params;
}

function listHref(scope: DashboardScope, extra: Record<string, string>, area?: { level: "district" | "street"; code: string }): string {
  const params = scopeParams(scope);
  if (area) params.set(area.level, area.code);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  return `/communities?${params.toString()}`;
}

function childHref(scope: DashboardScope, code: string): string {
  return scope.level === "city" ? `/districts/${code}` : scope.level === "district" ? `/streets/${code}` : `/communities/${code}`;
}

/** A row's area: its name, linking to its own dashboard (or the community's page). */
function areaCell(scope: DashboardScope, code: string, name: string): Cell {
  return { value: name, href: childHref(scope, code) };
}

function childLabelOf(scope: DashboardScope): string {
  return scope.level === "city" ? "区" : scope.level === "district" ? "街道/乡镇" : "社区/村";
}

function childArea(scope: DashboardScope, code: string): { level: "district" | "street"; code: string } | undefined {
  return scope.level === "city" ? { level: "district", code } : scope.level === "district" ? { level: "street", code } : undefined;
}

const median = (values: number[]): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : Math.round((sorted[mid - 1] + sorted[mid]) / 2);
};
const share = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 1000) / 1000 : null);
/** 元 → 万元, one decimal. */
const wan = (yuan: number) => Math.round(yuan / 1000) / 10;

export interface Dashboard {
  scope: DashboardScope;
  year: number | null;
  childLabel: string;
  kpis: { label: string; value: string | number; href?: string }[];
  tables: DashboardTable[];
  /** For charts: stage counts, heatmap cells, participation rates. */
  charts: {
    funnel: { stage: string; count: number }[];
    heatmap: { areas: string[]; domains: string[]; cells: [number, number, number | null][] };
    participation: { area: string; rate: number | null }[];
  };
}

export async function buildDashboard(db: Kysely<Database>, scope: DashboardScope, year: number | null): Promise<Dashboard> {
  const [areas, stages, entries, gaps, responses, items] = await Promise.all([
    childAreas(db, scope),
    stageCounts(db, scope, year),
    stageEntries(db, scope, year),
    domainGaps(db, scope),
    participation(db, scope, year),
    gapItemCounts(db, scope, year),
  ]);
  const childLabel = childLabelOf(scope);
  const totalCommunities = areas.reduce((s, a) => s + a.communities, 0);
  const totalHouseholds = areas.reduce((s, a) => s + a.households, 0);
  const nameOf = new Map(areas.map((a) => [a.code, a.name]));

  // Loop funnel: communities per stage, median days in stage, overdue.
  const openStages = STAGES.filter((s): s is Exclude<Stage, "closed"> => s !== "closed");
  const daysByStage = new Map<string, number[]>();
  for (const e of entries) {
    const list = daysByStage.get(e.stage) ?? [];
    list.push(daysSince(e.enteredAt));
    daysByStage.set(e.stage, list);
  }
  const funnelRows = openStages.map((stage) => {
    const days = daysByStage.get(stage) ?? [];
    const overdue = days.filter((d) => d > OVERDUE_DAYS[stage]).length;
    return {
      stage: STAGE_LABELS[stage],
      count: { value: days.length, href: listHref(scope, { stage }) },
      share: share(days.length, totalCommunities),
      median: median(days),
      overdue: overdue ? { value: overdue, href: listHref(scope, { stage, overdue: "1" }) } : 0,
      limit: OVERDUE_DAYS[stage],
    };
  });

  const stageByArea: DashboardTable = {
    id: "stages",
    title: `各${childLabel}流程阶段分布`,
    columns: [{ key: "area", label: childLabel }, ...openStages.map((s) => ({ key: s, label: STAGE_LABELS[s], kind: "number" as const }))],
    rows: areas.map((a) => {
      const row: Record<string, Cell> = { area: areaCell(scope, a.code, a.name) };
      for (const s of openStages) {
        const n = stages.find((x) => x.area === a.code && x.stage === s)?.count ?? 0;
        row[s] = n ? { value: n, href: listHref(scope, { stage: s }, childArea(scope, a.code)) } : 0;
      }
      return row;
    }),
  };

  // District × domain heatmap of 缺失/不足 from the latest evaluations.
  const heatRows = areas.map((a) => {
    const row: Record<string, Cell> = { area: areaCell(scope, a.code, a.name) };
    let evaluated = 0;
    for (const d of DOMAINS) {
      const g = gaps.find((x) => x.area === a.code && x.domain === d);
      evaluated = Math.max(evaluated, g?.evaluated ?? 0);
      const value = g && g.evaluated > 0 ? share(g.missing + g.insufficient, g.evaluated) : null;
      row[d] = value === null ? null : { value, href: listHref(scope, { gap: d }, childArea(scope, a.code)) };
    }
    row.evaluated = evaluated;
    return row;
  });
  const heatmapCells: [number, number, number | null][] = [];
  heatRows.forEach((row, y) =>
    DOMAINS.forEach((d, x) => {
      const cell = row[d];
      heatmapCells.push([x, y, cell && typeof cell === "object" ? (cell.value as number) : null]);
    }),
  );

  // Survey participation by area and channel.
  const participationRows = areas.map((a) => {
    const p = responses.find((r) => r.area === a.code);
    const verified = p ? Object.entries(p.byChannel).filter(([c]) => isVerifiedChannel(c)).reduce((s, [, n]) => s + n, 0) : 0;
    const row: Record<string, Cell> = {
      area: areaCell(scope, a.code, a.name),
      surveys: p?.surveys ?? 0,
      households: p?.surveyedHouseholds ?? 0,
      verified,
      rate: p && p.surveyedHouseholds > 0 ? share(verified, p.surveyedHouseholds) : null,
    };
    for (const c of SURVEY_CHANNELS) row[c] = p?.byChannel[c] ?? 0;
    return row;
  });

  const tables: DashboardTable[] = [
    {
      id: "funnel",
      title: "体检流程漏斗",
      columns: [
        { key: "stage", label: "阶段" },
        { key: "count", label: "社区数", kind: "number" },
        { key: "share", label: "占比", kind: "percent" },
        { key: "median", label: "停留天数中位数", kind: "number" },
        { key: "overdue", label: "超期社区", kind: "number" },
        { key: "limit", label: "超期标准（天，默认值）", kind: "number" },
      ],
      rows: funnelRows,
    },
    stageByArea,
    {
      id: "heatmap",
      title: `各${childLabel}七大领域短板（缺失或不足的社区占比）`,
      columns: [
        { key: "area", label: childLabel },
        ...DOMAINS.map((d) => ({ key: d, label: DOMAIN_LABELS[d], kind: "percent" as const })),
        { key: "evaluated", label: "已评估社区", kind: "number" },
      ],
      rows: heatRows,
      note: gaps.length === 0 ? "还没有保存的评估结果。" : "取每个社区最近一次评估。",
    },
    {
      id: "participation",
      title: "需求调查参与情况",
      columns: [
        { key: "area", label: childLabel },
        { key: "surveys", label: "已发布问卷", kind: "number" },
        { key: "households", label: "户数", kind: "number" },
        { key: "verified", label: "有效答卷", kind: "number" },
        { key: "rate", label: "参与率", kind: "percent" },
        ...SURVEY_CHANNELS.map((c) => ({ key: c, label: SURVEY_CHANNEL_LABELS[c], kind: "number" as const })),
      ],
      rows: participationRows,
      note: "参与率 = 线上、纸质与协助填写的答卷户数 ÷ 已发布问卷社区的户数；公开链接（未核验）单独列出，不计入参与率。",
    },
  ];

  tables.push(...gapItemTables(items));
  tables.push(...(await projectTables(db, scope, childLabel, nameOf)));
  tables.push(await performanceTable(db, scope));
  tables.push(await rankingTable(db, scope, nameOf));
  if (scope.level !== "street") tables.push(await targetsTable(db, scope, year));

  const evaluatedCommunities = heatRows.reduce((s, r) => s + Number(r.evaluated ?? 0), 0);
  const surveyed = participationRows.reduce((s, r) => s + Number(r.surveys ?? 0), 0);
  return {
    scope,
    year,
    childLabel,
    kpis: [
      { label: "社区/村", value: totalCommunities, href: listHref(scope, {}) },
      { label: "户数（演示数据）", value: totalHouseholds.toLocaleString("zh-CN") },
      { label: "已发布需求调查", value: surveyed },
      { label: "已评估社区", value: evaluatedCommunities },
      { label: "街道审核中", value: daysByStage.get("street_review")?.length ?? 0, href: listHref(scope, { stage: "street_review" }) },
    ],
    tables,
    charts: {
      funnel: funnelRows.map((r) => ({ stage: r.stage, count: (r.count as { value: number }).value })),
      heatmap: { areas: areas.map((a) => nameOf.get(a.code) ?? a.code), domains: DOMAINS.map((d) => DOMAIN_LABELS[d]), cells: heatmapCells },
      participation: participationRows.map((r) => ({ area: (r.area as { value: string }).value, rate: r.rate as number | null })),
    },
  };
}

/** 二(二) targets for the city (and the scope's district): progress and what is missing. */
async function targetsTable(db: Kysely<Database>, scope: DashboardScope, year: number | null): Promise<DashboardTable> {
  const targetYear = targetYearFor(year);
  const { targets, progress } = await computeTargetProgress(db, targetYear);
  const measures =
    scope.level === "district" ? (progress.districts.find((d) => d.code === scope.code)?.measures ?? progress.city) : progress.city;
  return {
    id: "targets",
    title: `${scope.level === "district" ? "本区" : "全市"}目标进度（${targetYear} 年，二(二)）`,
    columns: [
      { key: "label", label: "目标" },
      { key: "value", label: "现状", kind: "number" },
      { key: "target", label: "目标值", kind: "number" },
      { key: "share", label: "完成度", kind: "percent" },
      { key: "status", label: "状态" },
      { key: "missing", label: "尚未覆盖", kind: "number" },
    ],
    rows: measures.map((m) => ({
      label: m.label,
      value: m.value,
      target: m.target,
      share: m.share,
      status: m.status,
      missing: m.missing ? m.missing.length : null,
    })),
    note: `${targets.changed.length ? "市级管理员已调整目标值。" : "目标值为方案原文。"}${progress.apportionment.description}（默认值）。“已建共同体”按社区档案中的共同体标记统计（演示数据）。`,
  };
}

/** "city" | "district:330102" | "street:330102001" — as used in export links. */
export function parseScope(text: string | null): DashboardScope | null {
  if (text === "city") return { level: "city" };
  const match = /^(district|street):(\d{6}|\d{9})$/.exec(text ?? "");
  if (!match) return null;
  const [, level, code] = match;
  if (level === "district" && code.length === 6) return { level: "district", code };
  if (level === "street" && code.length === 9) return { level: "street", code };
  return null;
}

export function yearFrom(url: URL): number | null {
  const year = Number(url.searchParams.get("year"));
  return Number.isInteger(year) && year >= 2024 && year <= 2100 ? year : null;
}

export function cycleYears(db: Kysely<Database>): Promise<number[]> {
  return listCycleYears(db);
}

/** Where an item stands: its own decision, else its list's status. */
const ITEM_STATES: { key: string; label: string; states: string[] }[] = [
  { key: "approved", label: "通过", states: ["approve"] },
  { key: "pending", label: "待审核", states: ["submitted"] },
  { key: "returned", label: "退回修改", states: ["return", "returned"] },
  { key: "rejected", label: "不予通过", states: ["reject"] },
  { key: "drafting", label: "编制中", states: ["draft"] },
];

const itemsIn = (counts: readonly GapItemCount[]) => counts.reduce((s, i) => s + i.items, 0);

function gapItemTables(items: GapItemCount[]): DashboardTable[] {
  const byDomain: DashboardTable = {
    id: "gap-items",
    title: "查漏补缺清单事项（按领域与审核状态）",
    columns: [
      { key: "domain", label: "领域" },
      { key: "total", label: "事项", kind: "number" },
      ...ITEM_STATES.map((s) => ({ key: s.key, label: s.label, kind: "number" as const })),
      { key: "cost", label: "估算投资（万元）", kind: "number" },
    ],
    rows: DOMAINS.map((d) => {
      const own = items.filter((i) => i.domain === d);
      const row: Record<string, Cell> = {
        domain: DOMAIN_LABELS[d],
        total: itemsIn(own),
        cost: wan(own.reduce((s, i) => s + i.cost, 0)),
      };
      for (const state of ITEM_STATES) row[state.key] = itemsIn(own.filter((i) => state.states.includes(i.state)));
      return row;
    }),
    note: items.length === 0 ? "本轮还没有清单事项。" : "估算投资按单位造价（默认值）计算，仅供参考。",
  };
  const byApproach: DashboardTable = {
    id: "gap-approaches",
    title: "查漏补缺清单事项（按建设方式）",
    columns: [
      { key: "approach", label: "建设方式" },
      { key: "total", label: "事项", kind: "number" },
      { key: "approved", label: "其中通过", kind: "number" },
      { key: "cost", label: "估算投资（万元）", kind: "number" },
    ],
    rows: APPROACHES.map((a) => {
      const own = items.filter((i) => i.approach === a);
      return {
        approach: APPROACH_LABELS[a],
        total: itemsIn(own),
        approved: itemsIn(own.filter((i) => i.state === "approve")),
        cost: wan(own.reduce((s, i) => s + i.cost, 0)),
      };
    }),
  };
  return [byDomain, byApproach];
}

async function projectTables(db: Kysely<Database>, scope: DashboardScope, childLabel: string, nameOf: Map<string, string>): Promise<DashboardTable[]> {
  const [totals, reached] = await Promise.all([projectTotals(db, scope, FUNDING_SOURCES), projectMilestoneCounts(db, scope, MILESTONES)]);
  const budget: DashboardTable = {
    id: "projects",
    title: "建设项目：计划投资（按资金来源）与已支出",
    columns: [
      { key: "area", label: childLabel },
      { key: "projects", label: "项目", kind: "number" },
      { key: "budget", label: "计划投资（万元）", kind: "number" },
      ...FUNDING_SOURCES.map((f) => ({ key: f, label: `${FUNDING_LABELS[f]}（万元）`, kind: "number" as const })),
      { key: "spent", label: "已支出（万元）", kind: "number" },
      { key: "spentShare", label: "支出进度", kind: "percent" },
    ],
    rows: totals.map((t) => ({
      area: areaCell(scope, t.area, nameOf.get(t.area) ?? t.area),
      projects: t.projects,
      budget: wan(t.budget),
      ...Object.fromEntries(FUNDING_SOURCES.map((f) => [f, wan(t.funding[f] ?? 0)])),
      spent: wan(t.spent),
      spentShare: share(t.spent, t.budget),
    })),
    note: totals.length === 0 ? "还没有建设项目。" : undefined,
  };
  const milestones: DashboardTable = {
    id: "milestones",
    title: "建设项目进度（已到达的最后一个节点）",
    columns: [
      { key: "milestone", label: "节点" },
      { key: "projects", label: "项目", kind: "number" },
    ],
    rows: [
      { milestone: "尚未立项", projects: reached.get(0) ?? 0 },
      ...MILESTONES.map((m, i) => ({ milestone: MILESTONE_LABELS[m], projects: reached.get(i + 1) ?? 0 })),
    ],
  };
  return [budget, milestones];
}

const PERFORMANCE_BANDS: { label: string; test: (score: number | null) => boolean }[] = [
  { label: "≥ 85 分", test: (s) => s !== null && s >= 85 },
  { label: "70–85 分", test: (s) => s !== null && s >= 70 && s < 85 },
  { label: "60–70 分", test: (s) => s !== null && s >= 60 && s < 70 },
  { label: "< 60 分（建议整改）", test: (s) => s !== null && s < 60 },
  { label: "数据不足，暂不评定", test: (s) => s === null },
];

async function performanceTable(db: Kysely<Database>, scope: DashboardScope): Promise<DashboardTable> {
  const reviews = [...(await reviewScope(db, scope)).entries()];
  const all = reviews.flatMap(([, results]) => results);
  const flagged = reviews.flatMap(([community, results]) => results.filter((r) => r.adjust.flagged).map((r) => ({ community, r })));
  return {
    id: "performance",
    title: "设施运营绩效分布",
    columns: [
      { key: "band", label: "绩效得分" },
      { key: "functions", label: "功能数", kind: "number" },
      { key: "flagged", label: "其中建议调整", kind: "number" },
    ],
    rows: PERFORMANCE_BANDS.map((b) => {
      const inBand = all.filter((r) => b.test(r.score));
      return { band: b.label, functions: inBand.length, flagged: inBand.filter((r) => r.adjust.flagged).length };
    }),
    note:
      all.length === 0
        ? "还没有运营数据。"
        : `建议调整的功能：${flagged
            .slice(0, 12)
            .map((f) => `${f.r.facilityName}（${f.r.label}）`)
            .join("、")}${flagged.length > 12 ? ` 等 ${flagged.length} 项` : ""}。评分与建议补贴见各社区“运营反馈”页；权重与阈值为默认值。`,
  };
}

/** Participation next to the score, why the rank is withheld or 低可信度, and what is missing (issue 20, point 15). */
function communityRankingData(c: CommunityRanking): string {
  const participation = c.participation === null ? "参与率暂无" : `参与率 ${(c.participation * 100).toFixed(1)}%`;
  return [participation, c.confidenceNote, c.missing.length ? `暂无数据：${c.missing.join("、")}` : "数据完整"].filter(Boolean).join("；");
}

async function rankingTable(db: Kysely<Database>, scope: DashboardScope, nameOf: Map<string, string>): Promise<DashboardTable> {
  const ranking = await buildRanking(db, scope);
  const rows =
    scope.level === "city"
      ? ranking.result.districts.map((d) => ({ code: d.code, score: d.score, rank: d.rank, data: `${d.scoredMembers}/${d.members} 个街道有得分` }))
      : scope.level === "district"
        ? ranking.result.streets.map((s) => ({ code: s.code, score: s.score, rank: s.rank, data: `${s.scoredMembers}/${s.members} 个社区有得分` }))
        : ranking.result.communities.map((c) => ({ code: c.code, score: c.score, rank: c.rank, data: communityRankingData(c) }));
  return {
    id: "ranking",
    title: "赛马排名（四(三)）",
    columns: [
      { key: "area", label: childLabelOf(scope) },
      { key: "rank", label: "名次", kind: "number" },
      { key: "score", label: "得分", kind: "number" },
      { key: "data", label: "数据情况" },
    ],
    rows: [...rows]
      .sort((a, b) => (a.rank ?? 9999) - (b.rank ?? 9999))
      .map((r) => ({
        rank: r.rank,
        area: areaCell(scope, r.code, nameOf.get(r.code) ?? ranking.names[r.code] ?? r.code),
        score: r.score,
        data: r.data,
      })),
    note: ranking.result.formula.description,
  };
}
