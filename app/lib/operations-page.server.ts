// The 运营反馈 tab's view model: every operating facility reviewed (this round's new ones
// first), the functions flagged for adjustment, the feedback surveys, the month choices for
// entering figures and the scoring rules with the settings in force.
import type { Kysely } from "kysely";
import { now } from "../../db/clock";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { listFeedbackSurveys } from "../../db/repositories/feedback";
import { listProjectsOfCycle } from "../../db/repositories/projects";
import type { Database } from "../../db/schema";
import type { CarriedOverItem } from "../../workflows/community-cycle";
import { hangzhouMonth, monthsUpTo } from "../../workflows/dates";
import type { Stage, SurveyStatus } from "../../workflows/glossary";
import { flaggedForNextRound, type PerformanceResult, performanceFormula } from "../../workflows/performance";
import { type Actor, can, type Place } from "../../workflows/permissions";
import { type FacilityReview, PERFORMANCE_SETTING_MODULE, reviewCommunityFacilities } from "./operations.server";
import type { SettingView } from "./settings.server";
import { loadSettingModule } from "./settings.server";

export interface OperationsPage {
  cycle: { round: number; year: number; stage: Stage } | null;
  canEnter: boolean;
  months: string[];
  defaultMonth: string;
  facilities: (FacilityReview & { builtThisRound: boolean; projectName: string | null })[];
  formula: string;
  settings: SettingView[];
  flagged: CarriedOverItem[];
  feedback: { id: string; title: string; status: SurveyStatus; round: number; responses: number; isCurrentRound: boolean }[];
}

export async function loadOperationsPage(db: Kysely<Database>, place: Place & { communityCode: string }, actor: Actor, at: Date = now()): Promise<OperationsPage> {
  const { settings, list } = await loadSettingModule(db, PERFORMANCE_SETTING_MODULE);
  const cycle = await findCurrentCycle(db, place.communityCode);
  const [reviews, projects, surveys] = await Promise.all([
    reviewCommunityFacilities(db, place.communityCode, settings),
    cycle ? listProjectsOfCycle(db, cycle.id) : Promise.resolve([]),
    listFeedbackSurveys(db, place.communityCode),
  ]);
  const builtBy = new Map<string, string>();
  for (const p of projects) for (const id of p.facilityIds) builtBy.set(id, p.name);
  const current = hangzhouMonth(at);
  const months = monthsUpTo(current, 12).reverse();
  const facilities = reviews
    .map((r) => ({ ...r, builtThisRound: builtBy.has(r.facility.id), projectName: builtBy.get(r.facility.id) ?? null }))
    .sort((a, b) => Number(b.builtThisRound) - Number(a.builtThisRound) || Number(b.months.length > 0) - Number(a.months.length > 0));
  const results = reviews.map((r) => r.result).filter((r): r is PerformanceResult => r !== null);
  return {
    cycle: cycle && { round: cycle.round, year: cycle.year, stage: cycle.stage },
    canEnter: can(actor, "record:operations", place),
    months,
    defaultMonth: months[1] ?? current,
    facilities,
    formula: performanceFormula(settings).description,
    settings: list,
    flagged: flaggedForNextRound(results),
    feedback: surveys.map(({ cycleId, ...s }) => ({ ...s, isCurrentRound: cycleId === cycle?.id })),
  };
}
