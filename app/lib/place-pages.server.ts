// Read models of the place pages: the community list, a community's header and overview, a
// street's page and a reviewer's queue. Each reads within the user's scope.
import type { Kysely } from "kysely";
import { countReviewQueue, findCurrentCycle, listReviewQueue, listStreetStages } from "../../db/repositories/cycles";
import { findFacility, listFacilities } from "../../db/repositories/facilities";
import { reviewQueueCounts } from "../../db/repositories/gap-lists";
import { type CommunityDetail, listCommunities, listDistricts, listStreets, type PlaceRef } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import type { DevelopmentType, Domain, Stage } from "../../workflows/glossary";
import { type Actor, can, scopeFilter } from "../../workflows/permissions";
import { placeCrumbs } from "./crumbs";
import { buildDashboard, cycleYears, OVERDUE_DAYS } from "./dashboard.server";
import { daysSince } from "./format";
import { returnedListNotice } from "./gap-list-pages.server";

const COMMUNITY_PAGE_SIZE = 50;

export interface CommunityListFilters {
  q?: string;
  district?: string;
  street?: string;
  pilot?: "1" | "0";
  type?: DevelopmentType;
  stage?: Stage;
  overdue?: "1";
  gap?: Domain;
  page: number;
}

/** The communities the user may see, filtered; the user's scope always wins over the URL. */
export async function loadCommunityListPage(db: Kysely<Database>, user: Actor, filters: CommunityListFilters) {
  const scope = scopeFilter(user);
  const districtCode = scope.districtCode ?? filters.district;
  const streetCode = scope.streetCode ?? filters.street;
  const [result, districts, streets] = await Promise.all([
    listCommunities(db, {
      districtCode,
      streetCode,
      communityCode: scope.communityCode,
      query: filters.q || undefined,
      pilot: filters.pilot === undefined ? undefined : filters.pilot === "1",
      developmentType: filters.type,
      stage: filters.stage,
      minDaysInStage: filters.overdue && filters.stage && filters.stage !== "closed" ? OVERDUE_DAYS[filters.stage] : undefined,
      gapDomain: filters.gap,
      page: filters.page,
      pageSize: COMMUNITY_PAGE_SIZE,
    }),
    user.role === "city_admin" ? listDistricts(db) : Promise.resolve([]),
    (user.role === "city_admin" || user.role === "district_admin") && districtCode ? listStreets(db, districtCode) : Promise.resolve([]),
  ]);
  return {
    filters,
    rows: result.rows,
    total: result.total,
    page: filters.page,
    pageCount: Math.max(1, Math.ceil(result.total / COMMUNITY_PAGE_SIZE)),
    districts,
    streets,
    crumbs: placeCrumbs(user, {}, [{ label: "社区列表" }]),
  };
}

/** The header every community tab shares: stage, and the street's returned comments for its worker. */
export async function loadCommunityLayout(db: Kysely<Database>, user: Actor, community: CommunityDetail) {
  const cycle = await findCurrentCycle(db, community.code);
  const isWorker = can(user, "edit:gaplist", { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code });
  return {
    community: { code: community.code, name: community.name, kind: community.kind },
    stage: cycle?.stage ?? null,
    returnedList: isWorker ? await returnedListNotice(db, community.code) : null,
    crumbs: placeCrumbs(user, { district: community.district, street: community.street, community }),
  };
}

export async function loadCommunityOverview(db: Kysely<Database>, user: Actor, community: CommunityDetail) {
  const facilities = await listFacilities(db, community.code);
  const place = { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code };
  return { community, facilities, canEdit: can(user, "edit:facility", place) };
}

/** One of the community's facilities, or null. */
export async function findCommunityFacility(db: Kysely<Database>, communityCode: string, id: string | undefined) {
  const facility = id ? await findFacility(db, id) : null;
  return facility && facility.communityCode === communityCode ? facility : null;
}

export async function loadStreetPage(db: Kysely<Database>, user: Actor, street: PlaceRef & { district: PlaceRef }, year: number | null) {
  const [{ rows }, stages, dashboard, years] = await Promise.all([
    listCommunities(db, { streetCode: street.code, page: 1, pageSize: 500 }),
    listStreetStages(db, street.code),
    buildDashboard(db, { level: "street", code: street.code }, year),
    cycleYears(db),
  ]);
  const stageOf = new Map(stages.map((s) => [s.communityCode, s]));
  const communities = rows.map((c) => {
    const cycle = stageOf.get(c.code);
    return { ...c, stage: cycle?.stage ?? null, daysInStage: cycle ? daysSince(cycle.stageEnteredAt) : null, cycleIsDemo: cycle?.isDemoData ?? false };
  });
  return {
    street,
    communities,
    isReviewer: user.role === "street_reviewer",
    dashboard,
    years,
    crumbs: placeCrumbs(user, { district: street.district, street }),
  };
}

/** A street reviewer's queue: lists waiting in 街道审核, the longest-waiting first. */
export async function loadReviewQueuePage(db: Kysely<Database>, user: Actor & { scopeCode: string }) {
  const queue = await listReviewQueue(db, user.scopeCode);
  const lists = await reviewQueueCounts(db, queue.map((q) => q.communityCode));
  return {
    queue: queue.map((q) => ({ ...q, waitingDays: daysSince(q.stageEnteredAt), list: lists.get(q.communityCode) ?? null })),
    crumbs: placeCrumbs(user, {}, [{ label: "待我审核" }]),
  };
}

/** The count on a street reviewer's 待我审核 link; 0 for everyone else. */
export async function countPendingReviews(db: Kysely<Database>, user: Actor | null): Promise<number> {
  return user?.role === "street_reviewer" && user.scopeCode ? countReviewQueue(db, user.scopeCode) : 0;
}
