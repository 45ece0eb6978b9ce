// Read models of the 评估 tab and the printable report (stored versions, what changed since
// the version before, whether the current round may save) and of the batch evaluation page.
import type { Kysely } from "kysely";
import type { Domain } from "../../workflows/glossary";
import { domainKeywordsOfCycle } from "./comment-keywords.server";
import { countScopeCommunities, listBatchJobs } from "../../db/repositories/batch-jobs";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findEvaluation, listEvaluations } from "../../db/repositories/evaluations";
import { type CommunityDetail, listDistricts, listStreets } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import type { EvaluationInput, EvaluationResult } from "../../workflows/evaluation";
import { type Actor, can } from "../../workflows/permissions";
import { formatSettingValue, listSettings } from "../../workflows/policy/settings";
import { stageRefusal } from "../../workflows/stage-rules";
import { type EvaluationScope, isStalled, scopeKey } from "./batch-evaluation.server";
import { placeCrumbs } from "./crumbs";
import { diffEvaluations, type EvaluationDiff } from "./evaluation-diff";
import { versionLabel } from "./evaluations.server";
import { loadProfileVersion } from "./policy.server";

/** Facility names for the evidence: own facilities by id, neighbours' with their community. */
export function facilityNames(input: EvaluationInput): Record<string, string> {
  const names: Record<string, string> = {};
  for (const f of input.facilities) {
    if (f.id) names[f.id] = f.shared && f.sharedFrom ? `${f.name}（${f.sharedFrom}）` : f.name;
  }
  return names;
}

export interface EvaluationPage {
  versions: { id: string; label: string; createdAt: string; createdByName: string | null; cycleId: string }[];
  selected: {
    id: string;
    label: string;
    cycleId: string;
    createdAt: string;
    createdByName: string | null;
    isDemoData: boolean;
    result: EvaluationResult;
    previousResult: EvaluationResult | null;
    previousLabel: string | null;
    diff: EvaluationDiff | null;
    names: Record<string, string>;
    respondents: number | null;
    policy: { id: string; version: number; title: string; number: string } | null;
    /** The [默认值] overrides this version ran with, in words. */
    settings: { label: string; value: string }[];
    /** The answers counted, in words: 已核验 only, or with 未核验 and the recorded reason. */
    answersUsed: string;
    /** Residents' comment keywords of the round per domain (issue 18), read now from the kept totals. */
    keywords: Partial<Record<Domain, { term: string; count: number }[]>>;
  } | null;
}

export function answersUsedLabel(unverifiedReason: string | null): string {
  return unverifiedReason === null ? "问卷数据：仅已核验答卷（凭户码）" : `问卷数据：已核验答卷，另计入未核验答卷（原因：${unverifiedReason}）`;
}

/** Everything the evaluation tab and the printable report show; `versionId` null: the newest. */
export async function loadEvaluationPage(db: Kysely<Database>, communityCode: string, versionId: string | null): Promise<EvaluationPage | null> {
  const versions = await listEvaluations(db, communityCode);
  const list = versions.map((v) => ({ id: v.id, label: versionLabel(v), createdAt: v.createdAt, createdByName: v.createdByName, cycleId: v.cycleId }));
  if (!versions.length) return versionId ? null : { versions: list, selected: null };
  const index = versionId ? versions.findIndex((e) => e.id === versionId) : 0;
  const e = index < 0 ? null : await findEvaluation(db, versions[index].id);
  if (!e) return null;
  // The version before it (same community), for "what changed".
  const before = versions[index + 1];
  const previous = before ? await findEvaluation(db, before.id) : null;
  const [profile, keywords] = await Promise.all([loadProfileVersion(db, e.profileId, e.profileVersion), domainKeywordsOfCycle(db, e.cycleId)]);
  const entries = profile ? listSettings(profile) : [];
  const settings = Object.entries(e.settings).map(([key, value]) => {
    const entry = entries.find((s) => s.key === key);
    return { label: entry?.label ?? key, value: entry ? formatSettingValue(entry, value) : String(value) };
  });
  return {
    versions: list,
    selected: {
      id: e.id,
      label: versionLabel(e),
      cycleId: e.cycleId,
      createdAt: e.createdAt,
      createdByName: e.createdByName,
      isDemoData: e.isDemoData,
      result: e.result,
      previousResult: previous?.result ?? null,
      previousLabel: before ? versionLabel(before) : null,
      diff: previous ? diffEvaluations(previous.result, e.result) : null,
      names: facilityNames(e.input),
      respondents: e.input.survey?.respondents ?? null,
      policy: profile ? { id: profile.id, version: profile.version, title: profile.document.title, number: profile.document.number } : null,
      settings,
      answersUsed: answersUsedLabel(e.unverifiedReason),
      keywords,
    },
  };
}

/** The 评估 tab: the stored versions, the current round and why it may not save (null: it may). */
export async function loadEvaluationTab(db: Kysely<Database>, user: Actor, community: CommunityDetail, versionId: string | null) {
  const [cycle, page] = await Promise.all([findCurrentCycle(db, community.code), loadEvaluationPage(db, community.code, versionId)]);
  if (!page) return null;
  const place = { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code };
  return {
    community: { code: community.code, name: community.name, isDemoData: community.isDemoData },
    cycle: cycle ? { id: cycle.id, stage: cycle.stage, year: cycle.year, round: cycle.round } : null,
    canRun: can(user, "run:evaluation", place),
    refusal: cycle ? stageRefusal(cycle.stage, "save:evaluation") : "该社区还没有体检周期，评估结果不能保存。",
    page,
  };
}

/** The batch evaluation page of a scope: counts, recent jobs, the parts one may evaluate alone. */
export async function loadBatchEvaluationPage(db: Kysely<Database>, user: Actor, scope: EvaluationScope) {
  const [counts, jobs, parts] = await Promise.all([
    countScopeCommunities(db, scope),
    listBatchJobs(db, scope.type, scope.code),
    scope.type === "city" ? listDistricts(db) : scope.type === "district" ? listStreets(db, scope.code ?? "") : Promise.resolve([]),
  ]);
  return {
    scope: { key: scopeKey(scope), name: scope.name, type: scope.type },
    counts,
    jobs,
    /** The newest job is running but nobody here works on it: offer to resume it. */
    stalled: isStalled(jobs[0]),
    parts: parts.filter((p) => can(user, "run:evaluation", scope.type === "city" ? { districtCode: p.code } : { ...scope.place, streetCode: p.code })),
    crumbs: placeCrumbs(user, { district: scope.district, street: scope.street }, [{ label: "批量评估" }]),
  };
}
