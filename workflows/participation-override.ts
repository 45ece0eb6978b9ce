// Lowering a round's minimum participation (放宽最低参与率, issue 20 point 12): the worker gives
// a reason; below the policy's line (默认值 10 %) the street's reviewer approves or refuses it
// before the survey may close. The cycle machine (community-cycle.ts) calls these rules; the
// line is a [默认值] on the policy page. Pure.
import type { NumberSetting } from "./policy/profile";
import { defaultSetting } from "./setting-overrides";

export const PARTICIPATION_SETTINGS_PREFIX = "participation";

export interface ParticipationSettings {
  overrideApprovalBelow: NumberSetting;
}

export const PARTICIPATION_SETTINGS: ParticipationSettings = {
  overrideApprovalBelow: defaultSetting(
    0.1,
    "放宽最低参与率须街道批准的参与率线",
    "share",
    "参与率低于该比例时，社区放宽最低参与率须经街道审核员批准才能结束调查；设为 0% 则无需批准",
  ),
};

export function participationSettingsProblem(s: ParticipationSettings): string | null {
  return s.overrideApprovalBelow.value > 1 ? "须街道批准的参与率线不能超过 100%" : null;
}

export interface OverrideDecision {
  approved: boolean;
  byUserId: string;
  comment: string | null;
}

export interface ResponseOverride {
  reason: string;
  byUserId: string;
  /** Participation when the minimum was lowered; null for overrides recorded before approvals existed. */
  responseRate: number | null;
  /** The policy's line at the time (null: before approvals existed). */
  approvalBelow: number | null;
  /** Below the policy's line: the street's reviewer must decide before the survey closes. */
  needsApproval: boolean;
  decision: OverrideDecision | null;
}

export const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;

export function recordedOverride(reason: string, byUserId: string, facts: { responseRate: number; approvalBelow: number }): ResponseOverride {
  return { reason: reason.trim(), byUserId, responseRate: facts.responseRate, approvalBelow: facts.approvalBelow, needsApproval: facts.responseRate < facts.approvalBelow, decision: null };
}

export const isWaiting = (o: ResponseOverride | null): boolean => o !== null && o.needsApproval && o.decision === null;
export const isRefused = (o: ResponseOverride | null): boolean => o !== null && o.needsApproval && o.decision?.approved === false;
export const isInForce = (o: ResponseOverride | null): boolean => o !== null && (!o.needsApproval || o.decision?.approved === true);

/** Why the survey cannot close on the strength of the override (null: it can). */
export function overrideCloseBlocker(o: ResponseOverride): string | null {
  if (isInForce(o)) return null;
  if (isWaiting(o)) return "已申请放宽最低参与率，等待街道审核员批准后才能结束调查";
  return `街道审核员未批准放宽最低参与率${o.decision?.comment ? `（${o.decision.comment}）` : ""}；可继续收集，或修改理由后重新申请`;
}

/** Why a new override cannot be asked for now (null: it can): one request at a time. */
export function overrideAgainBlocker(o: ResponseOverride | null): string | null {
  if (o === null || isRefused(o)) return null;
  return isWaiting(o) ? "已申请放宽最低参与率，等待街道审核员批准" : "本轮已放宽最低参与率";
}

export function setMinimumBlocker(rate: number, approvalBelow: number): string | null {
  if (!(rate > 0 && rate <= 1)) return "最低参与率须在 1% 到 100% 之间";
  return rate < approvalBelow ? `最低参与率不能低于 ${percent(approvalBelow)}；确需更低，请填写理由放宽最低参与率，并经街道审核员批准` : null;
}

/** What the worker is told after lowering the minimum. */
export function overrideDoneMessage(o: ResponseOverride): string {
  const said = `已放宽最低参与率（原因：${o.reason}）。`;
  return o.needsApproval && o.responseRate !== null && o.approvalBelow !== null
    ? `${said}参与率 ${percent(o.responseRate)} 低于 ${percent(o.approvalBelow)}，须经街道审核员批准后才能结束调查。`
    : said;
}

/** The override's state in a few words (street page, list review, cycle page). */
export function overrideStatusText(o: ResponseOverride): string {
  if (!o.needsApproval) return "无需街道批准";
  if (o.decision === null) return "等待街道批准";
  return o.decision.approved ? "街道已批准" : "街道未批准";
}

/** Machine version 1 stored `{ reason, byUserId }`: such an override stays in force, as it was. */
export function upgradeOverrideV1(stored: unknown): ResponseOverride | null {
  if (stored === null || typeof stored !== "object") return null;
  const { reason, byUserId } = stored as { reason: string; byUserId: string };
  return { reason, byUserId, responseRate: null, approvalBelow: null, needsApproval: false, decision: null };
}
