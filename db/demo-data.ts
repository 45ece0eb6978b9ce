// Deterministic demo figures for the real divisions: the reference file has names and
// codes only. Everything generated here is stored with is_demo_data = 1 and shown as
// 演示数据 until `npm run cli -- import-communities` replaces it with real figures.
import {
  type Stage,
  DOMAINS,
  type Domain,
  type FacilityFunction,
  FUNCTION_CATALOGUE,
  functionsOfDomain,
  OPERATING_MODELS,
  type OperatingModel,
  type PricingTier,
} from "../workflows/glossary";
import type { DivisionRow } from "./reference";
import type { CommunityFigures } from "./repositories/places";
import { randomStream } from "../workflows/random";

export { randomStream };

export const DEMO_SEED = "hangzhou-2024-11";


function between(rand: () => number, min: number, max: number): number {
  return min + (max - min) * rand();
}
function intBetween(rand: () => number, min: number, max: number): number {
  return Math.floor(between(rand, min, max + 1));
}
function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}
function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Approximate centre and spread (km) of each district: enough for a plausible demo map. */
const DISTRICT_GEOGRAPHY: Record<string, { lat: number; lng: number; radiusKm: number }> = {
  "330102": { lat: 30.255, lng: 120.185, radiusKm: 5 },
  "330105": { lat: 30.32, lng: 120.14, radiusKm: 5 },
  "330106": { lat: 30.27, lng: 120.09, radiusKm: 7 },
  "330108": { lat: 30.2, lng: 120.205, radiusKm: 4 },
  "330109": { lat: 30.17, lng: 120.28, radiusKm: 16 },
  "330110": { lat: 30.36, lng: 119.96, radiusKm: 14 },
  "330111": { lat: 30.05, lng: 119.93, radiusKm: 18 },
  "330112": { lat: 30.23, lng: 119.65, radiusKm: 22 },
  "330113": { lat: 30.42, lng: 120.29, radiusKm: 9 },
  "330114": { lat: 30.3, lng: 120.44, radiusKm: 9 },
};

/** Demo pilots per district (the plan's target is 80 city-wide by 2025). */
const DEMO_PILOTS_PER_DISTRICT: Record<string, number> = {
  "330102": 10,
  "330105": 10,
  "330106": 9,
  "330108": 6,
  "330109": 12,
  "330110": 9,
  "330111": 6,
  "330112": 6,
  "330113": 7,
  "330114": 8,
};

/** 清波门社区, the community of SCENARIOS.md no. 1: figures fixed to match the story. */
export const SCENARIO_COMMUNITY = "330102001051";

const KM_PER_DEG_LAT = 111.32;
function offset(lat: number, lng: number, km: number, angle: number) {
  const dLat = (km * Math.cos(angle)) / KM_PER_DEG_LAT;
  const dLng = (km * Math.sin(angle)) / (KM_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180));
  return { lat: round(lat + dLat, 6), lng: round(lng + dLng, 6) };
}
function scatter(rand: () => number, lat: number, lng: number, maxKm: number) {
  return offset(lat, lng, maxKm * Math.sqrt(rand()), rand() * 2 * Math.PI);
}

export type DemoCommunity = Required<CommunityFigures> & { code: string };

export interface DemoNeighbourhood {
  name: string;
  households: number;
  lat: number;
  lng: number;
}

export interface DemoFacility {
  name: string;
  domain: Domain;
  functions: FacilityFunction[];
  areaM2: number;
  officeAreaM2: number;
  status: "planned" | "operating" | "closed";
  lat: number;
  lng: number;
  operator: string | null;
  operatingModel: OperatingModel | null;
  pricing: PricingTier;
  serviceLevel: "basic" | "non_basic";
  hubPart: boolean;
}

export interface DemoCommunityData {
  community: DemoCommunity;
  neighbourhoods: DemoNeighbourhood[];
  facilities: DemoFacility[];
}

/** A short prefix for facility names: "清波门社区", "华联村" (from "华联村委会"). */
export function communityShortName(name: string): string {
  return name.replace(/(村民委员会|村委会)$/, "村").replace(/(居民委员会|居委会)$/, "社区");
}

function choosePilots(rows: DivisionRow[]): Set<string> {
  const pilots = new Set<string>([SCENARIO_COMMUNITY]);
  const byDistrict = new Map<string, DivisionRow[]>();
  for (const row of rows) {
    if (row.kind !== "社区") continue;
    const list = byDistrict.get(row.districtCode) ?? [];
    list.push(row);
    byDistrict.set(row.districtCode, list);
  }
  for (const [district, list] of byDistrict) {
    const ranked = list
      .map((row) => ({ code: row.communityCode, rank: randomStream(`${DEMO_SEED}:pilot:${row.communityCode}`)() }))
      .sort((a, b) => a.rank - b.rank);
    let chosen = district === SCENARIO_COMMUNITY.slice(0, 6) ? 1 : 0;
    for (const { code } of ranked) {
      if (chosen >= (DEMO_PILOTS_PER_DISTRICT[district] ?? 0)) break;
      if (!pilots.has(code)) {
        pilots.add(code);
        chosen++;
      }
    }
  }
  return pilots;
}

const NEIGHBOURHOOD_SUFFIXES = ["苑", "家园", "小区", "公寓", "花园", "新村", "里", "坊"];
const NEIGHBOURHOOD_WORDS = ["东", "西", "南", "北", "和", "安", "清", "景", "悦", "兴", "荷", "桂", "梅", "竹", "望", "湖"];
const VILLAGE_GROUPS = ["一组", "二组", "三组", "四组", "五组"];

const FACILITY_NAMES: Record<FacilityFunction, string> = {
  elderly_care: "居家养老服务中心",
  residential_elderly_care: "颐养中心",
  infant_care: "婴幼儿成长驿站",
  child_after_school: "四点半课堂",
  community_canteen: "老年食堂",
  meal_point: "助餐点",
  housekeeping: "家政服务站",
  repair: "便民维修点",
  parcel_grocery: "邻里便民驿站",
  health_station: "社区卫生服务站",
  medical_elderly_care: "医养结合服务点",
  rehabilitation: "康复驿站",
  fitness_ground: "健身广场",
  public_gym: "百姓健身房",
  culture_home: "文化家园",
  reading_room: "图书室",
  activity_room: "多功能活动室",
  playground: "儿童游乐场",
  child_friendly_space: "儿童之家",
};

/** How likely a community has a domain at all, and its share of the built area. */
const DOMAIN_PROFILE: Record<Domain, { presence: number; weight: number }> = {
  eldercare_childcare: { presence: 0.85, weight: 3 },
  meal_assist: { presence: 0.7, weight: 1.5 },
  housekeeping_convenience: { presence: 0.45, weight: 0.6 },
  health: { presence: 0.75, weight: 1.5 },
  sports_fitness: { presence: 0.7, weight: 1.2 },
  culture_leisure: { presence: 0.9, weight: 2 },
  children_play: { presence: 0.55, weight: 0.8 },
};

const OPERATORS = ["街道社会组织服务中心", "颐乐养老服务有限公司", "邻里家政服务社", "社区卫生服务中心", "乐活体育文化公司", "童心教育咨询公司"];

function generateCommunity(row: DivisionRow, pilots: Set<string>): DemoCommunity {
  const rand = randomStream(`${DEMO_SEED}:community:${row.communityCode}`);
  const urbanCore = row.urbanRuralCode === "111";
  const households =
    row.kind === "村" ? intBetween(rand, 300, 1400) : urbanCore ? intBetween(rand, 1200, 4500) : intBetween(rand, 600, 3000);
  const oldTown = row.districtCode === "330102" || row.districtCode === "330105";
  const newArea = ["330108", "330110", "330113", "330114"].includes(row.districtCode);
  const developmentType =
    row.kind === "社区" && (row.urbanRuralCode === "112" || newArea) && rand() < 0.18 ? "new" : "existing";
  const isPilot = pilots.has(row.communityCode);
  const street = streetCentre(row);
  const spreadKm = row.kind === "村" ? 3.5 : urbanCore ? 1.4 : 2.2;
  const { lat, lng } = scatter(rand, street.lat, street.lng, spreadKm);
  const community: DemoCommunity = {
    code: row.communityCode,
    households,
    population: Math.round(households * between(rand, 2.3, 2.9)),
    share60Plus: round(row.kind === "村" ? between(rand, 0.2, 0.36) : oldTown ? between(rand, 0.22, 0.36) : between(rand, 0.12, 0.3), 3),
    share0To3: round(between(rand, 0.018, 0.045), 3),
    share3To12: round(between(rand, 0.07, 0.12), 3),
    developmentType,
    isPilot,
    hasHub: isPilot ? rand() < 0.7 : rand() < 0.03,
    lat,
    lng,
  };
  if (row.communityCode === SCENARIO_COMMUNITY) {
    // SCENARIOS.md 1: ~1,900 households, a third over 60, existing pilot, hub being planned.
    Object.assign(community, { households: 1900, population: 4750, share60Plus: 0.335, developmentType: "existing", isPilot: true, hasHub: false });
  }
  return community;
}

const streetCentres = new Map<string, { lat: number; lng: number }>();
function streetCentre(row: DivisionRow): { lat: number; lng: number } {
  const known = streetCentres.get(row.streetCode);
  if (known) return known;
  const geo = DISTRICT_GEOGRAPHY[row.districtCode] ?? { lat: 30.27, lng: 120.15, radiusKm: 10 };
  const rand = randomStream(`${DEMO_SEED}:street:${row.streetCode}`);
  const centre = scatter(rand, geo.lat, geo.lng, geo.radiusKm);
  streetCentres.set(row.streetCode, centre);
  return centre;
}

function generateNeighbourhoods(row: DivisionRow, community: DemoCommunity): DemoNeighbourhood[] {
  const rand = randomStream(`${DEMO_SEED}:neighbourhoods:${row.communityCode}`);
  const count = row.kind === "村" ? intBetween(rand, 1, 4) : intBetween(rand, 2, 7);
  const weights = Array.from({ length: count }, () => between(rand, 0.5, 1.5));
  const total = weights.reduce((a, b) => a + b, 0);
  const names = new Set<string>();
  const result: DemoNeighbourhood[] = [];
  let assigned = 0;
  for (let i = 0; i < count; i++) {
    let name: string;
    if (row.kind === "村") {
      name = VILLAGE_GROUPS[i];
    } else {
      do {
        name = pick(rand, NEIGHBOURHOOD_WORDS) + pick(rand, NEIGHBOURHOOD_WORDS) + pick(rand, NEIGHBOURHOOD_SUFFIXES);
      } while (names.has(name));
    }
    names.add(name);
    const households =
      i === count - 1 ? community.households - assigned : Math.round((community.households * weights[i]) / total);
    assigned += households;
    result.push({ name, households, ...scatter(rand, community.lat, community.lng, row.kind === "村" ? 1.5 : 0.7) });
  }
  return result;
}

function generateFacilities(row: DivisionRow, community: DemoCommunity): DemoFacility[] {
  const rand = randomStream(`${DEMO_SEED}:facilities:${row.communityCode}`);
  const prefix = communityShortName(row.communityName);
  const normPer100 = community.developmentType === "new" ? 100 : 60;
  const builtRatio = community.isPilot ? between(rand, 0.7, 1.4) : between(rand, 0.45, 1.25);
  const totalArea = (community.households / 100) * normPer100 * builtRatio;
  const present = DOMAINS.filter((domain) => rand() < Math.min(0.97, DOMAIN_PROFILE[domain].presence + (community.isPilot ? 0.15 : 0)));
  if (!present.includes("culture_leisure")) present.push("culture_leisure"); // every community has a 党群服务中心
  const totalWeight = present.reduce((sum, d) => sum + DOMAIN_PROFILE[d].weight, 0);
  const facilities: DemoFacility[] = [];
  for (const domain of present) {
    const catalogue = functionsOfDomain(domain);
    const count = rand() < 0.3 ? 2 : 1;
    for (let i = 0; i < count; i++) {
      const fn = i === 0 ? catalogue[0] : pick(rand, catalogue.slice(1));
      const functions: FacilityFunction[] = [fn];
      if (rand() < 0.2) {
        const extra = pick(rand, catalogue);
        if (!functions.includes(extra)) functions.push(extra);
      }
      const isPartyCentre = domain === "culture_leisure" && i === 0;
      const areaM2 = Math.max(30, Math.round((totalArea * DOMAIN_PROFILE[domain].weight) / totalWeight / count));
      const statusRoll = rand();
      const keyFunction = functions.some((f) => ["elderly_care", "community_canteen", "infant_care", "child_after_school"].includes(f));
      facilities.push({
        name: isPartyCentre ? `${prefix}党群服务中心` : `${prefix}${FACILITY_NAMES[fn]}`,
        domain,
        functions,
        areaM2,
        officeAreaM2: isPartyCentre ? Math.round(areaM2 * between(rand, 0.15, 0.55)) : Math.round(areaM2 * between(rand, 0, 0.08)),
        status: statusRoll < 0.05 ? "planned" : statusRoll < 0.08 ? "closed" : "operating",
        ...scatter(rand, community.lat, community.lng, row.kind === "村" ? 1.6 : 1.2),
        operator: rand() < 0.8 ? pick(rand, OPERATORS) : null,
        operatingModel: rand() < 0.85 ? pick(rand, OPERATING_MODELS) : null,
        pricing: pick(rand, ["free", "low_cost", "low_cost", "paid"] as const),
        serviceLevel: domain === "housekeeping_convenience" || domain === "sports_fitness" ? (rand() < 0.5 ? "basic" : "non_basic") : "basic",
        hubPart: community.hasHub && (keyFunction || rand() < 0.3),
      });
    }
  }
  // Function labels are checked against the catalogue so demo data never holds an unknown code.
  for (const f of facilities) for (const fn of f.functions) if (!(fn in FUNCTION_CATALOGUE)) throw new Error(fn);
  return facilities;
}

export function generateDemoData(rows: DivisionRow[]): DemoCommunityData[] {
  const pilots = choosePilots(rows);
  return rows.map((row) => {
    const community = generateCommunity(row, pilots);
    return {
      community,
      neighbourhoods: generateNeighbourhoods(row, community),
      facilities: generateFacilities(row, community),
    };
  });
}

export const DEMO_YEAR = 2026;

/** How far demo communities have come in their first round (weights sum to 100). */
const DEMO_STAGE_WEIGHTS: [Stage, number][] = [
  ["preparing", 30],
  ["surveying", 20],
  ["evaluating", 10],
  ["drafting", 10],
  ["street_review", 8],
  ["planning", 7],
  ["construction", 8],
  ["acceptance", 3],
  ["operation_feedback", 4],
];

/**
 * Communities of 上城区 with a closed 2025 round besides 清波门社区, so the trends page (issue
 * 18.4) has a community with two rounds of survey totals and a street adding several up.
 */
export const DEMO_PREVIOUS_ROUND = new Set(["330102003052", "330102003057"]);

/** The stage a demo community's current cycle sits in, for how many days, after how many closed rounds. */
export function demoCyclePlan(code: string): { stage: Stage; daysInStage: number; previousRounds: number } {
  // SCENARIOS.md 1: 王老师 opens a new round and starts from last year's questionnaire.
  if (code === SCENARIO_COMMUNITY) return { stage: "preparing", daysInStage: 2, previousRounds: 1 };
  const rand = randomStream(`${DEMO_SEED}:cycle:${code}`);
  let roll = rand() * 100;
  let stage: Stage = "preparing";
  for (const [candidate, weight] of DEMO_STAGE_WEIGHTS) {
    if (roll < weight) {
      stage = candidate;
      break;
    }
    roll -= weight;
  }
  return { stage, daysInStage: intBetween(rand, 1, 120), previousRounds: DEMO_PREVIOUS_ROUND.has(code) ? 1 : 0 };
}
