// What the 查漏补缺 pages show (the list, the street's review, print and export): page view
// models only; the changes are the use cases in gap-lists.server.ts.
import type { Kysely } from "kysely";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findEvaluation, findLatestEvaluationOfCycle } from "../../db/repositories/evaluations";
import {
  findGapListOfCycle,
  findLastSnapshot,
  type GapItem,
  type GapListVersionEntry,
  listGapItems,
  listGapListVersions,
} from "../../db/repositories/gap-lists";
import { findCommunityPlace } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import {
  diffGapItems,
  type GapListDiff,
  itemTitle,
  listEditRefusal,
  regenerateRefusal,
  reviewOutcome,
  toSnapshotItem,
  VERSION_REASON_LABELS,
  type GapListVersionReason,
} from "../../workflows/gap-list";
import { approachRules, costBasisText, type GapListSettings, listGapListSettings, priorityFormula } from "../../workflows/gap-list-settings";
import { type GapListStatus, type ReviewDecision, ROLE_LABELS, type Stage } from "../../workflows/glossary";
import { type Actor, can } from "../../workflows/permissions";
import { stageRefusal } from "../../workflows/stage-rules";
import { versionLabel } from "./evaluations.server";
import { loadGapListSettings, profileOf, settingsOfList } from "./gap-list-settings.server";
import { type SettingView, settingViews } from "./settings.server";

/** An item as the pages show it: its values and decision, its title and how its cost was reached. */
export type GapItemView = Omit<GapItem, "listId" | "decidedBy" | "isDemoData"> & { title: string; costText: string };

function toView(item: GapItem, settings: GapListSettings): GapItemView {
  const { listId: _listId, decidedBy: _decidedBy, isDemoData: _demo, ...view } = item;
  return {
    ...view,
    title: itemTitle(item),
    costText: item.costBasis === "manual" ? "社区工作者填写" : costBasisText(item.approach, item.targetAreaM2, settings),
  };
}

export interface TrailEntry {
  version: number;
  reason: GapListVersionReason;
  label: string;
  by: string;
  at: string;
  note: string | null;
}

/** The approval trail: submissions, returns and the approval, oldest first. */
function trailOf(versions: readonly GapListVersionEntry[]): TrailEntry[] {
  return versions
    .filter((v) => v.reason === "generate" || v.reason === "submit" || v.reason === "return" || v.reason === "approve")
    .map((v) => ({
      version: v.version,
      reason: v.reason,
      label: VERSION_REASON_LABELS[v.reason],
      by: v.createdByName ? `${v.createdByName}${v.createdByRole ? `（${ROLE_LABELS[v.createdByRole] ?? v.createdByRole}）` : ""}` : "系统（演示数据）",
      at: v.createdAt,
      note: v.note,
    }));
}

export interface GapListPage {
  cycle: { id: string; year: number; round: number; stage: Stage; version: number } | null;
  evaluation: { id: string; label: string; createdAt: string } | null;
  list: {
    id: string;
    status: GapListStatus;
    version: number;
    submissions: number;
    returnComment: string | null;
    noGapReason: string | null;
    submittedAt: string | null;
    approvedAt: string | null;
    isDemoData: boolean;
    evaluationLabel: string | null;
    profile: { id: string; version: number; title: string; number: string };
  } | null;
  items: GapItemView[];
  removed: GapItemView[];
  /** The street's decisions when it last returned the list, by item id (shown until resubmission). */
  lastReview: Record<string, { decision: ReviewDecision; comment: string | null }>;
  /** What changed since the street last returned it (null before any return). */
  diff: GapListDiff | null;
  trail: TrailEntry[];
  versions: number;
  review: ReturnType<typeof reviewOutcome>;
  totals: { areaM2: number; cost: number };
  formula: ReturnType<typeof priorityFormula>;
  approachRules: string[];
  /** The estimating figures, each in force beside its default (the reference areas aside). */
  settings: SettingView[];
  /** Why the worker cannot change the list now (null: she can). */
  editRefusal: string | null;
  /** What the user may do here, for the buttons (the use cases decide again). */
  can: { edit: boolean; generate: boolean; review: boolean; isWorker: boolean };
}

/** Everything the list, review, print and export pages show, as `actor` may act on it. */
export async function loadGapListPage(db: Kysely<Database>, actor: Actor, communityCode: string): Promise<GapListPage> {
  const cycle = await findCurrentCycle(db, communityCode);
  const list = cycle ? await findGapListOfCycle(db, cycle.id) : null;
  const evaluation = cycle ? await findLatestEvaluationOfCycle(db, cycle.id) : null;
  const settings = list ? settingsOfList(list) : (await loadGapListSettings(db)).settings;
  const items = list ? await listGapItems(db, list.id) : [];
  const versions = list ? await listGapListVersions(db, list.id) : [];
  const lastReturn = list && list.submissions > 0 ? await findLastSnapshot(db, list.id, "return") : null;
  const profile = list ? await profileOf(db, list.profileId, list.profileVersion) : null;
  const listEvaluation = list && list.evaluationId !== evaluation?.id ? await findEvaluation(db, list.evaluationId) : evaluation;
  const place = await findCommunityPlace(db, communityCode);

  const active = items.filter((i) => i.status === "active").sort((a, b) => a.position - b.position);
  const lastReview: GapListPage["lastReview"] = {};
  if (lastReturn && list?.status === "returned") {
    for (const i of lastReturn.snapshot.items) if (i.decision) lastReview[i.id] = { decision: i.decision, comment: i.decisionComment };
  }
  const editRefusal = cycle ? (stageRefusal(cycle.stage, "edit:gaplist") ?? listEditRefusal(list?.status ?? null)) : "该社区还没有体检周期。";
  const isWorker = place !== null && can(actor, "edit:gaplist", place);
  return {
    cycle: cycle ? { id: cycle.id, year: cycle.year, round: cycle.round, stage: cycle.stage, version: cycle.version } : null,
    evaluation: evaluation ? { id: evaluation.id, label: versionLabel(evaluation), createdAt: evaluation.createdAt } : null,
    list:
      list && profile
        ? {
            id: list.id,
            status: list.status,
            version: list.version,
            submissions: list.submissions,
            returnComment: list.returnComment,
            noGapReason: list.noGapReason,
            submittedAt: list.submittedAt,
            approvedAt: list.approvedAt,
            isDemoData: list.isDemoData,
            evaluationLabel: listEvaluation ? versionLabel(listEvaluation) : null,
            profile: { id: profile.id, version: profile.version, title: profile.document.title, number: profile.document.number },
          }
        : null,
    items: active.map((i) => toView(i, settings)),
    removed: items.filter((i) => i.status === "removed").map((i) => toView(i, settings)),
    lastReview,
    diff: lastReturn ? diffGapItems(lastReturn.snapshot.items, items.map(toSnapshotItem)) : null,
    trail: trailOf(versions),
    versions: versions.length,
    review: reviewOutcome(items),
    totals: {
      areaM2: Math.round(active.reduce((s, i) => s + i.targetAreaM2, 0) * 10) / 10,
      cost: active.reduce((s, i) => s + i.estimatedCost, 0),
    },
    formula: priorityFormula(settings),
    approachRules: approachRules(settings),
    settings: settingViews(listGapListSettings(settings), listGapListSettings()).filter(({ key }) => !key.startsWith("gapList.functionAreaM2.")),
    editRefusal,
    can: {
      isWorker,
      edit: isWorker && editRefusal === null && list !== null,
      generate: isWorker && editRefusal === null && evaluation !== null && regenerateRefusal(list) === null,
      review: place !== null && can(actor, "review:gaplist", place) && cycle?.stage === "street_review" && list?.status === "submitted",
    },
  };
}

/** For the community layout: the street's comment when the list came back, shown on arrival. */
export async function returnedListNotice(db: Kysely<Database>, communityCode: string): Promise<{ comment: string; at: string | null } | null> {
  const cycle = await findCurrentCycle(db, communityCode);
  if (!cycle || cycle.stage !== "drafting") return null;
  const list = await findGapListOfCycle(db, cycle.id);
  if (!list || list.status !== "returned") return null;
  return { comment: list.returnComment ?? "", at: list.updatedAt };
}
