// The 选址推演 page (issue 19): its scope, what it shows before a run, and a run's figures. A run
// changes nothing: it reads the facts, solves on a worker thread and returns the answer.
import type { Kysely } from "kysely";
import { type IdleSpaceListRow, listIdleSpaces, listOperatingFacilitiesNear, listSitingDemand, type SpaceScope } from "../../db/repositories/idle-spaces";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findGapListOfCycle } from "../../db/repositories/gap-lists";
import { findCommunity, findDistrict, findStreet } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import type { Domain } from "../../workflows/glossary";
import { spaceCost } from "../../workflows/idle-spaces";
import { type Actor, can, permissionRefusal, type Place } from "../../workflows/permissions";
import { type CandidateFact, coverageBreakdown, SITING_SETTINGS, SITING_SETTINGS_PREFIX, sitingProblem, type SitingSettings, sitingSettingsProblem } from "../../workflows/siting-whatif";
import { loadGapListSettings } from "./gap-list-settings.server";
import { loadSettingModule, type SettingModule } from "./settings.server";
import { runSitingInWorker } from "./siting-run.server";
import { auditDenied, type Change, type Outcome } from "./use-case.server";

export interface SitingScope {
  level: "community" | "street" | "district";
  code: string;
  name: string;
  place: Place;
}

export async function resolveSitingScope(db: Kysely<Database>, code: string | undefined): Promise<SitingScope | null> {
  if (code && /^\d{12}$/.test(code)) {
    const c = await findCommunity(db, code);
    return c ? { level: "community", code, name: `${c.street.name} ${c.name}`, place: { districtCode: c.district.code, streetCode: c.street.code, communityCode: code } } : null;
  }
  if (code && /^\d{9}$/.test(code)) {
    const s = await findStreet(db, code);
    return s ? { level: "street", code, name: `${s.district.name} ${s.name}`, place: { districtCode: s.district.code, streetCode: code } } : null;
  }
  if (code && /^\d{6}$/.test(code)) {
    const d = await findDistrict(db, code);
    return d ? { level: "district", code, name: d.name, place: { districtCode: code } } : null;
  }
  return null;
}

/** The 选址推演 [默认值] (一老一小 weights, radius, curve length), edited on the policy page. */
export const SITING_SETTING_MODULE: SettingModule<SitingSettings> = { prefix: SITING_SETTINGS_PREFIX, defaults: SITING_SETTINGS, problem: sitingSettingsProblem };

export async function loadSitingPage(db: Kysely<Database>, user: Actor, scope: SitingScope) {
  const spaceScope: SpaceScope = { level: scope.level, code: scope.code };
  const [{ settings, list }, spaces, demand] = await Promise.all([loadSettingModule(db, SITING_SETTING_MODULE), listIdleSpaces(db, spaceScope, { status: "available" }), listSitingDemand(db, spaceScope)]);
  return {
    scope,
    settings: list,
    radiusM: settings.radiusM.value,
    spaces: spaces.map((s) => ({ id: s.id, name: s.name, lat: s.lat, lng: s.lng, areaM2: s.areaM2 })),
    neighbourhoods: demand.map((d) => ({ name: d.name, lat: d.lat, lng: d.lng, info: `${d.households} 户` })),
    isDemoData: demand.some((d) => d.isDemoData),
    /** The community's list version when this user may add sites to it; null otherwise. */
    gapListVersion: scope.level === "community" && can(user, "edit:gaplist", scope.place) ? await currentGapListVersion(db, scope.code) : null,
  };
}

async function currentGapListVersion(db: Kysely<Database>, communityCode: string): Promise<number | null> {
  const cycle = await findCurrentCycle(db, communityCode);
  const list = cycle ? await findGapListOfCycle(db, cycle.id) : null;
  return list?.version ?? null;
}

export interface WhatIfRequest {
  domains: Domain[];
  radiusM: number;
  limit: { kind: "select"; value: number } | { kind: "budget_wan"; value: number } | { kind: "budget_m2"; value: number };
  points: { lat: number; lng: number }[];
}

/** A clicked point has no record: its area is this reference (m²) and its cost that area at the 补改 unit cost. */
const CLICKED_POINT_AREA_M2 = 200;

function candidateOf(space: IdleSpaceListRow, limit: WhatIfRequest["limit"], unitCosts: Parameters<typeof spaceCost>[1]): CandidateFact {
  const cost = limit.kind === "budget_wan" ? spaceCost(space, unitCosts).yuan / 10_000 : limit.kind === "budget_m2" ? space.areaM2 : undefined;
  return { id: `space:${space.id}`, name: space.name, lat: space.lat, lng: space.lng, ...(cost !== undefined ? { cost } : {}) };
}

/**
 * A what-if run: changes nothing, so it is not one transaction (the solve runs on a worker thread
 * for seconds); the scope is still checked here, and a refusal audited, whoever calls.
 */
export async function runWhatIf(db: Kysely<Database>, change: Change, input: { scope: SitingScope; request: WhatIfRequest }): Promise<Outcome<{ run: WhatIfRun }>> {
  const refusal = permissionRefusal(change.actor, "view:place", input.scope.place);
  if (refusal) {
    await auditDenied(db, change, "view:place", input.scope.place);
    return { ok: false, status: 403, message: refusal };
  }
  return { ok: true, run: await solveWhatIf(db, input.scope, input.request) };
}

async function solveWhatIf(db: Kysely<Database>, scope: SitingScope, request: WhatIfRequest) {
  const spaceScope: SpaceScope = { level: scope.level, code: scope.code };
  const [{ settings }, spaces, demand, { settings: gapSettings }] = await Promise.all([
    loadSettingModule(db, SITING_SETTING_MODULE),
    listIdleSpaces(db, spaceScope, { status: "available" }),
    listSitingDemand(db, spaceScope),
    loadGapListSettings(db),
  ]);
  const margin = request.radiusM / 111_320 / Math.cos((30.25 * Math.PI) / 180) + 0.001;
  const lats = demand.map((d) => d.lat);
  const lngs = demand.map((d) => d.lng);
  const existing = demand.length
    ? await listOperatingFacilitiesNear(db, request.domains, { south: Math.min(...lats) - margin, north: Math.max(...lats) + margin, west: Math.min(...lngs) - margin, east: Math.max(...lngs) + margin })
    : [];
  const clickedCost = request.limit.kind === "budget_wan" ? (CLICKED_POINT_AREA_M2 * gapSettings.unitCostPerM2.retrofit.value) / 10_000 : CLICKED_POINT_AREA_M2;
  const candidates: CandidateFact[] = [
    ...spaces.map((s) => candidateOf(s, request.limit, gapSettings)),
    ...request.points.map((p, i) => ({ id: `point:${i + 1}`, name: `点选位置 ${i + 1}`, lat: p.lat, lng: p.lng, ...(request.limit.kind === "select" ? {} : { cost: clickedCost }) })),
  ];
  const limit = request.limit.kind === "select" ? { select: request.limit.value } : { budget: request.limit.value };
  const problem = sitingProblem({ demand, existing, candidates }, settings, request.radiusM, limit);
  const curveSites = Math.min(settings.maxCurveSites.value, candidates.length);
  const { answer, curve } = await runSitingInWorker(problem, { curveSites });

  const byId = new Map(candidates.map((c) => [c.id, c]));
  const spaceById = new Map(spaces.map((s) => [`space:${s.id}`, s]));
  const chosen = answer.selected.map((id) => byId.get(String(id))!);
  const figures = coverageBreakdown(demand, existing, chosen, request.radiusM, settings);
  return {
    answer: { method: answer.method, optimal: answer.optimal, gap: answer.gap, fallback: answer.fallback ?? null, coveredWeight: answer.coveredWeight, baselineCoveredWeight: answer.baselineCoveredWeight, totalWeight: answer.totalWeight },
    chosen: chosen.map((c, i) => {
      const space = spaceById.get(c.id);
      return {
        id: c.id,
        name: c.name,
        lat: c.lat,
        lng: c.lng,
        spaceId: space?.id ?? null,
        communityCode: space?.communityCode ?? null,
        areaM2: space?.areaM2 ?? null,
        route: space?.route ?? null,
        costYuan: space ? spaceCost(space, gapSettings).yuan : null,
        added: figures.perSite[i],
      };
    }),
    figures: { total: figures.total, before: figures.before, added: figures.added },
    curve,
    existing: existing.map((e) => ({ name: e.name, lat: e.lat, lng: e.lng })),
    candidates: candidates.map((c) => ({ name: c.name, lat: c.lat, lng: c.lng })),
    demand: demand.map((d) => ({ name: d.name, lat: d.lat, lng: d.lng, households: d.households })),
    counts: { demand: demand.length, existing: existing.length, candidates: candidates.length, spaces: spaces.length },
    clickedPointAreaM2: CLICKED_POINT_AREA_M2,
  };
}

type WhatIfRun = Awaited<ReturnType<typeof solveWhatIf>>;
export type WhatIfResult = WhatIfRun;
