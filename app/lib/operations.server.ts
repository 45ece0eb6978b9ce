// Operation and resident feedback (三(四)): the worker enters monthly operating figures per
// facility (recordOperatingMonth), and the pure performance review (workflows/performance.ts)
// runs over them and the post-build feedback survey's satisfaction per function — score,
// adjustment flag and suggested subsidy — for the 运营反馈 page (operations-page.server.ts),
// the dashboards, the 赛马 ranking and the round's carry-over. The weights and thresholds are
// 默认值 settings under "performance" (settings.server.ts).
import type { Kysely } from "kysely";
import { monthInHangzhou } from "../../db/clock";
import { isUniqueViolation } from "../../db/dialect";
import { writeAudit } from "../../db/repositories/audit";
import { type Facility, findFacility } from "../../db/repositories/facilities";
import {
  type CommunityDemography,
  findFacilityOpenedOn,
  findOperation,
  insertOperation,
  listCommunityDemography,
  listFacilitiesWithFigures,
  listOperatingFacilities,
  listOperations,
  type OperatingMonth,
  updateOperation,
} from "../../db/repositories/facility-operations";
import type { DashboardScope } from "../../db/repositories/dashboard";
import { latestFeedbackSatisfaction, type SatisfactionTally } from "../../db/repositories/feedback";
import type { Database } from "../../db/schema";
import type { CarriedOverItem } from "../../workflows/community-cycle";
import { flaggedForNextRound, type MonthlyFigures, monthlyFiguresProblem, type PerformanceResult, reviewPerformance } from "../../workflows/performance";
import { PERFORMANCE_SETTINGS, PERFORMANCE_SETTINGS_PREFIX, type PerformanceSettings, performanceSettingsProblem } from "../../workflows/performance-settings";
import { loadSettingModule, type SettingModule } from "./settings.server";
import { authorize, type Change, communityPlace, type Outcome, refuse, runUseCase } from "./use-case.server";

export const PERFORMANCE_SETTING_MODULE: SettingModule<PerformanceSettings> = { prefix: PERFORMANCE_SETTINGS_PREFIX, defaults: PERFORMANCE_SETTINGS, problem: performanceSettingsProblem };

// ---------------------------------------------------------------------------------------
// Reviews

function satisfactionOf(facility: Facility, byFunction: SatisfactionTally | undefined): { mean: number; respondents: number } | undefined {
  if (!byFunction) return undefined;
  let sum = 0;
  let count = 0;
  for (const fn of facility.functions) {
    const s = byFunction.get(fn);
    if (s) {
      sum += s.sum;
      count += s.count;
    }
  }
  return count > 0 ? { mean: Math.min(5, Math.max(1, sum / count)), respondents: count } : undefined;
}

export interface FacilityReview {
  facility: Facility;
  months: OperatingMonth[];
  /** Null when the facility has no figures yet. */
  result: PerformanceResult | null;
}

/**
 * One facility: with a single function it is reviewed as that function; with several (an
 * older inventory entry), at its domain, since its figures are the facility's.
 */
export function reviewFacility(
  facility: Facility,
  community: CommunityDemography,
  months: readonly OperatingMonth[],
  satisfaction: { mean: number; respondents: number } | undefined,
  settings: PerformanceSettings,
): PerformanceResult {
  const fn = facility.functions.length === 1 ? facility.functions[0] : undefined;
  return reviewPerformance(
    {
      subject: {
        facilityId: facility.id,
        facilityName: facility.name,
        domain: facility.domain,
        ...(fn ? { function: fn } : {}),
        areaM2: Math.max(0, facility.areaM2),
        serviceLevel: facility.serviceLevel,
      },
      community: { code: community.code, households: Math.max(1, community.households), share60Plus: community.share60Plus, shareChildren: community.shareChildren },
      months: months.map(({ month, visits, peopleServed, hoursOpen, income, subsidy, operatingCost }) => ({
        month,
        visits,
        peopleServed,
        hoursOpen,
        income,
        subsidy,
        ...(operatingCost === undefined ? {} : { operatingCost }),
      })),
      ...(satisfaction ? { satisfaction } : {}),
    },
    settings,
  );
}

async function reviewFacilities(db: Kysely<Database>, facilities: readonly Facility[], settings: PerformanceSettings): Promise<FacilityReview[]> {
  const codes = [...new Set(facilities.map((f) => f.communityCode))];
  const [months, satisfaction, communities] = await Promise.all([
    listOperations(db, facilities.map((f) => f.id)),
    latestFeedbackSatisfaction(db, codes),
    listCommunityDemography(db, codes),
  ]);
  return facilities.map((facility) => {
    const figures = months.get(facility.id) ?? [];
    const community = communities.get(facility.communityCode)!;
    return {
      facility,
      months: figures,
      result: figures.length ? reviewFacility(facility, community, figures, satisfactionOf(facility, satisfaction.get(facility.communityCode)?.byFunction), settings) : null,
    };
  });
}

/** Every operating facility of the community, reviewed where it has figures. */
export async function reviewCommunityFacilities(db: Kysely<Database>, communityCode: string, settings?: PerformanceSettings): Promise<FacilityReview[]> {
  return reviewFacilities(db, await listOperatingFacilities(db, communityCode), settings ?? (await loadSettingModule(db, PERFORMANCE_SETTING_MODULE)).settings);
}

/** The reviews of every facility with figures in the scope, by community (for the 赛马 ranking). */
export async function reviewScope(db: Kysely<Database>, scope: DashboardScope, settings?: PerformanceSettings): Promise<Map<string, PerformanceResult[]>> {
  const reviews = await reviewFacilities(db, await listFacilitiesWithFigures(db, scope), settings ?? (await loadSettingModule(db, PERFORMANCE_SETTING_MODULE)).settings);
  const out = new Map<string, PerformanceResult[]>();
  for (const r of reviews) {
    if (!r.result) continue;
    const list = out.get(r.facility.communityCode) ?? [];
    list.push(r.result);
    out.set(r.facility.communityCode, list);
  }
  return out;
}

/** The community's functions flagged for adjustment, as the next round carries them over. */
export async function flaggedFunctions(db: Kysely<Database>, communityCode: string): Promise<CarriedOverItem[]> {
  const reviews = await reviewCommunityFacilities(db, communityCode);
  return flaggedForNextRound(reviews.map((r) => r.result).filter((r): r is PerformanceResult => r !== null));
}

// ---------------------------------------------------------------------------------------
// Entering figures

export const STALE_FIGURES_MESSAGE = "该月的运营数据已被他人填报或修改，请刷新页面后在表中核对再修改。";

/** One month of one facility: a new month, or a correction of a month at the version the page showed. */
export function recordOperatingMonth(
  db: Kysely<Database>,
  change: Change,
  input: { communityCode: string; facilityId: string; figures: MonthlyFigures; expectedVersion: number | null },
  currentMonth: string = monthInHangzhou(),
): Promise<Outcome<{ facilityName: string; month: string; updated: boolean }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "record:operations", await communityPlace(trx, input.communityCode));
    const facility = await findFacility(trx, input.facilityId);
    if (!facility || facility.communityCode !== input.communityCode) refuse(404, "找不到该设施。");
    if (facility.status !== "operating") refuse(409, `“${facility.name}”不在运营中，不能填报运营数据。`);
    const f = input.figures;
    const existing = await findOperation(trx, facility.id, f.month);
    if (existing ? existing.version !== input.expectedVersion : input.expectedVersion !== null) refuse(409, STALE_FIGURES_MESSAGE);
    const problem = monthlyFiguresProblem(f, currentMonth, await findFacilityOpenedOn(trx, input.communityCode, facility.id));
    if (problem) refuse(400, problem.message, { [problem.field]: problem.short });
    if (existing) {
      if (!(await updateOperation(trx, facility.id, f, existing.version, change.actor.id))) refuse(409, STALE_FIGURES_MESSAGE);
    } else {
      try {
        await insertOperation(trx, facility.id, f, change.actor.id);
      } catch (error) {
        // Two people entering the same new month at once (PostgreSQL): the key decides.
        if (isUniqueViolation(error)) refuse(409, STALE_FIGURES_MESSAGE);
        throw error;
      }
    }
    await writeAudit(trx, {
      actor: change.actor,
      action: "facility.operations",
      entityType: "facility",
      entityId: facility.id,
      before: existing ?? undefined,
      after: f,
      ip: change.ip,
    });
    return { facilityName: facility.name, month: f.month, updated: existing !== null };
  });
}
