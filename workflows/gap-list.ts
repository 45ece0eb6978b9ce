// The 查漏补缺 facility list (三(二)2: 调查结果 → 查漏补缺清单 → 建设计划): what an item is, the
// list's states, what changed between two versions and where a review stands. Pure: no files,
// no database, no clock. Generation is in gap-list-generation.ts, the [默认值] settings and
// costs in gap-list-settings.ts. See docs/decisions/0008-gap-lists.md.
import { MAX_COMMENT_LENGTH } from "./community-cycle";
import type { FindingStatus } from "./evaluation";
import {
  APPROACH_LABELS,
  type Approach,
  DOMAIN_LABELS,
  type Domain,
  FUNCTION_CATALOGUE,
  type FacilityFunction,
  FOUR_SYNC_LABELS,
  FOUR_SYNC_STEPS,
  type FourSyncStep,
  FUNDING_LABELS,
  type FundingSource,
  type GapListStatus,
  HUB_FORM_LABELS,
  type HubForm,
  OPERATING_MODEL_LABELS,
  type OperatingModel,
  PRICING_LABELS,
  type PricingTier,
  REVIEW_DECISION_LABELS,
  type ReviewDecision,
  SERVICE_LEVEL_LABELS,
  type ServiceLevel,
} from "./glossary";
import { FROZEN_LIST_MESSAGE, SUBMITTED_LIST_MESSAGE } from "./stage-rules";


export function functionShortLabel(code: FacilityFunction): string {
  return FUNCTION_CATALOGUE[code].label.replace(/（.*）$/, "");
}

export type FourSync = Record<FourSyncStep, boolean>;
export const EMPTY_FOUR_SYNC: FourSync = { planning: false, construction: false, acceptance: false, delivery: false };

// ---------------------------------------------------------------------------------------
// The item

export interface PriorityBreakdown {
  oneOldOneYoung: 0 | 1;
  /** 0–1. */
  demand: number;
  /** true: no survey figure, estimated from the age shares. */
  demandEstimated: boolean;
  /** 0–1. */
  gap: number;
  score: number;
}

export interface RationaleFinding {
  id: string;
  clause: string;
  title: string;
  status: FindingStatus;
  binding: boolean;
  message: string;
}

/** Why an item is on the list: the evidence the reviewer sees beside it. */
export interface GapRationale {
  /** One sentence, in Chinese. */
  summary: string;
  findings: RationaleFinding[];
  demand: { demandIndex: number | null; satisfaction: number | null; weight: number; weighted: number; estimated: boolean };
  area: { rule: string; binding: boolean; required: number; actual: number; gap: number } | null;
  priority: PriorityBreakdown;
  approachReason: string;
  /** Suggested as part of the 民生幸福共同体 (FUNC_HUB). */
  hubCandidate: boolean;
  neighbours: { name: string; from: string | null }[];
  /** false for items the worker added. */
  generated: boolean;
}

/** How an item's cost was arrived at: area × the unit cost (默认值), or typed in by the worker. */
export type CostBasis = "unit_cost" | "manual";

/** An item's values: what generation proposes, the worker edits and the street decides on. */
export interface GapItemBase {
  /** Optional, typed by the worker ("清波门老年食堂"); the title says the domain and function either way. */
  name: string | null;
  domain: Domain;
  function: FacilityFunction;
  approach: Approach;
  targetAreaM2: number;
  serviceLevel: ServiceLevel;
  pricing: PricingTier;
  operatingModel: OperatingModel;
  /** 元. */
  estimatedCost: number;
  costBasis: CostBasis;
  fundingSources: FundingSource[];
  priority: number;
  rationale: GapRationale;
  candidateSite: string | null;
  spaceSource: string | null;
  notes: string | null;
  hubForm: HubForm | null;
  fourSync: FourSync | null;
}

export const GAP_ITEM_STATUSES = ["active", "removed"] as const;
export type GapItemStatus = (typeof GAP_ITEM_STATUSES)[number];

/** Where an item stands on its list: its number, whether it was removed, the street's decision. */
export interface GapItemState {
  id: string;
  position: number;
  status: GapItemStatus;
  decision: ReviewDecision | null;
  decisionComment: string | null;
}

/** An item as stored. */
export type GapItem = GapItemBase &
  GapItemState & {
    listId: string;
    decidedBy: string | null;
    decidedAt: string | null;
    isDemoData: boolean;
  };

/** One item as kept in a version snapshot: everything a reviewer or the export reads. */
export type GapItemSnapshot = Omit<GapItemBase, "costBasis" | "rationale"> & GapItemState;

/** The item as a version keeps it. */
export function toSnapshotItem(item: GapItem): GapItemSnapshot {
  const { costBasis: _costBasis, rationale: _rationale, listId: _listId, decidedBy: _decidedBy, decidedAt: _decidedAt, isDemoData: _demo, ...snapshot } = item;
  return snapshot;
}

/** An item as the worker's form gives it: a blank cost is to be estimated, 四同步 as the ticked steps. */
export type GapItemFormValues = Omit<GapItemBase, "estimatedCost" | "costBasis" | "priority" | "rationale" | "fourSync"> & {
  estimatedCost: number | null;
  fourSync: FourSyncStep[];
};

/** The 功能 cell of a printed or exported list: the item's own 名称 first when it has one. */
export function namedFunctionLabel(item: Pick<GapItemBase, "function"> & { name?: string | null }): string {
  return item.name ? `${item.name}（${functionShortLabel(item.function)}）` : functionShortLabel(item.function);
}

export function itemTitle(item: Pick<GapItemBase, "domain" | "function" | "approach"> & { name?: string | null }): string {
  const kind = `${DOMAIN_LABELS[item.domain]} · ${functionShortLabel(item.function)}（${APPROACH_LABELS[item.approach]}）`;
  return item.name ? `${item.name}：${kind}` : kind;
}

// ---------------------------------------------------------------------------------------
// The list, its versions and review

/** Why a list was saved as a new version. */
export type GapListVersionReason = "generate" | "edit" | "submit" | "decision" | "return" | "approve";
export const VERSION_REASON_LABELS: Record<GapListVersionReason, string> = {
  generate: "根据评估生成",
  edit: "编辑",
  submit: "提交街道审核",
  decision: "逐项审核",
  return: "退回修改",
  approve: "审核通过",
};

/** A version as stored in gap_list_versions. */
export interface GapListSnapshot {
  status: GapListStatus;
  returnComment: string | null;
  noGapReason: string | null;
  items: GapItemSnapshot[];
}

/**
 * Why the worker cannot change a list in this state (null: she can), beside the stage's own
 * rule (stage-rules.ts `edit:gaplist`): a submitted list waits for the street, an approved
 * one is frozen.
 */
export function listEditRefusal(status: GapListStatus | null): string | null {
  if (status === "approved") return FROZEN_LIST_MESSAGE;
  if (status === "submitted") return SUBMITTED_LIST_MESSAGE;
  return null;
}

/** A draft never submitted may be generated again from a newer evaluation; after that, only edited. */
export function regenerateRefusal(list: { status: GapListStatus; submissions: number } | null): string | null {
  return list && (list.status !== "draft" || list.submissions > 0) ? "清单已提交过审核，不能重新生成；请逐项修改。" : null;
}

/** The street's decision on one item: a return or a rejection needs its comment. */
export function decisionRefusal(decision: ReviewDecision, comment: string | null): string | null {
  if (decision === "approve" || comment) return null;
  return decision === "return" ? "退回修改请填写意见" : "不予通过请填写理由";
}

/** The returned items' comments as one text: "第 2 项 社区助餐 · 社区助餐：请补充…". */
export function collectedComments(items: readonly (GapItemState & Pick<GapItemBase, "domain" | "function" | "approach">)[], general: string | null): string {
  const lines = items
    .filter((i) => i.status === "active" && i.decision === "return")
    .map((i) => `第 ${i.position} 项 ${itemTitle(i)}：${i.decisionComment ?? ""}`);
  return [general?.trim() || null, ...lines].filter(Boolean).join("\n");
}

/** The cycle machine keeps a short comment; the list keeps the whole text. */
export function commentForMachine(comment: string): string {
  return comment.length <= MAX_COMMENT_LENGTH ? comment : `${comment.slice(0, MAX_COMMENT_LENGTH - 12)}…（详见清单）`;
}

/** Fields a diff compares, with their labels; decisions and priority are the review's, not the content. */
export const GAP_ITEM_FIELDS = [
  ["name", "名称"],
  ["domain", "领域"],
  ["function", "功能"],
  ["approach", "建设方式"],
  ["targetAreaM2", "建设面积（m²）"],
  ["estimatedCost", "估算投资（万元）"],
  ["serviceLevel", "服务属性"],
  ["pricing", "收费方式"],
  ["operatingModel", "运营模式"],
  ["fundingSources", "资金来源"],
  ["candidateSite", "候选选址"],
  ["spaceSource", "空间来源"],
  ["notes", "备注"],
  ["hubForm", "共同体形态"],
  ["fourSync", "四同步"],
] as const satisfies readonly (readonly [keyof GapItemSnapshot, string])[];
export type GapItemField = (typeof GAP_ITEM_FIELDS)[number][0];

/** A field's value in words, as the list, the diff and the export show it. */
export function formatItemField(field: GapItemField, item: GapItemSnapshot): string {
  switch (field) {
    case "domain":
      return DOMAIN_LABELS[item.domain];
    case "function":
      return functionShortLabel(item.function);
    case "approach":
      return APPROACH_LABELS[item.approach];
    case "targetAreaM2":
      return String(item.targetAreaM2);
    case "estimatedCost":
      return (Math.round(item.estimatedCost / 100) / 100).toFixed(2);
    case "serviceLevel":
      return SERVICE_LEVEL_LABELS[item.serviceLevel];
    case "pricing":
      return PRICING_LABELS[item.pricing];
    case "operatingModel":
      return OPERATING_MODEL_LABELS[item.operatingModel];
    case "fundingSources":
      return item.fundingSources.map((f) => FUNDING_LABELS[f]).join("、") || "（无）";
    case "name":
    case "candidateSite":
    case "spaceSource":
    case "notes":
      return item[field] ?? "（空）";
    case "hubForm":
      return item.hubForm ? HUB_FORM_LABELS[item.hubForm] : "（不纳入共同体）";
    case "fourSync":
      return item.fourSync ? FOUR_SYNC_STEPS.map((s) => `${FOUR_SYNC_LABELS[s]}${item.fourSync![s] ? "✓" : "—"}`).join(" ") : "（不适用）";
  }
}

export interface GapItemChange {
  itemId: string;
  kind: "added" | "removed" | "restored" | "changed";
  title: string;
  /** Position in the newer version (null when removed). */
  position: number | null;
  fields: { field: GapItemField; label: string; before: string; after: string }[];
  /** The decision and comment the reviewer gave it in the older version. */
  previousDecision: { decision: ReviewDecision; label: string; comment: string | null } | null;
}

export interface GapListDiff {
  changes: GapItemChange[];
  /** Items whose content is unchanged (order changes alone are listed in `reordered`). */
  unchanged: number;
  reordered: boolean;
}

/** What changed between two versions, item by item (by item id). */
export function diffGapItems(before: readonly GapItemSnapshot[], after: readonly GapItemSnapshot[]): GapListDiff {
  const old = new Map(before.map((i) => [i.id, i]));
  const changes: GapItemChange[] = [];
  let unchanged = 0;
  const previousDecision = (i: GapItemSnapshot | undefined) =>
    i?.decision ? { decision: i.decision, label: REVIEW_DECISION_LABELS[i.decision], comment: i.decisionComment } : null;
  for (const item of after) {
    const prev = old.get(item.id);
    const activeNow = item.status === "active";
    const activeBefore = prev?.status === "active";
    if (!prev || (!activeBefore && activeNow)) {
      if (!activeNow) continue;
      changes.push({
        itemId: item.id,
        kind: prev ? "restored" : "added",
        title: itemTitle(item),
        position: item.position,
        fields: [],
        previousDecision: previousDecision(prev),
      });
      continue;
    }
    if (activeBefore && !activeNow) {
      changes.push({ itemId: item.id, kind: "removed", title: itemTitle(prev), position: null, fields: [], previousDecision: previousDecision(prev) });
      continue;
    }
    if (!activeNow) continue;
    const fields = GAP_ITEM_FIELDS.flatMap(([field, label]) => {
      const a = formatItemField(field, prev);
      const b = formatItemField(field, item);
      return a === b ? [] : [{ field, label, before: a, after: b }];
    });
    if (fields.length) {
      changes.push({ itemId: item.id, kind: "changed", title: itemTitle(item), position: item.position, fields, previousDecision: previousDecision(prev) });
    } else unchanged++;
  }
  const order = (list: readonly GapItemSnapshot[]) =>
    list
      .filter((i) => i.status === "active")
      .sort((a, b) => a.position - b.position)
      .map((i) => i.id);
  const common = (ids: string[], other: Set<string>) => ids.filter((id) => other.has(id));
  const beforeOrder = order(before);
  const afterOrder = order(after);
  const reordered = common(beforeOrder, new Set(afterOrder)).join() !== common(afterOrder, new Set(beforeOrder)).join();
  return { changes, unchanged, reordered };
}

/** Where a review stands: counts, and what finishing it would do (null while items are undecided). */
export function reviewOutcome(items: readonly Pick<GapItemSnapshot, "status" | "decision">[]) {
  const active = items.filter((i) => i.status === "active");
  const count = (d: ReviewDecision | null) => active.filter((i) => i.decision === d).length;
  const undecided = count(null);
  const returned = count("return");
  return {
    total: active.length,
    approved: count("approve"),
    returned,
    rejected: count("reject"),
    undecided,
    outcome: undecided > 0 ? null : returned > 0 ? ("return" as const) : ("approve" as const),
  };
}

/**
 * The machine's `undecidedItems` fact: active items without a final decision. A return is
 * not final — the item comes back to the street — so it counts as undecided for APPROVE.
 */
export function undecidedForApproval(items: readonly Pick<GapItemSnapshot, "status" | "decision">[]): number {
  return items.filter((i) => i.status === "active" && (i.decision === null || i.decision === "return")).length;
}
