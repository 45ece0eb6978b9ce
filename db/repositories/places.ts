import type { Kysely } from "kysely";
import type { DevelopmentType, Domain, Stage } from "../../workflows/glossary";
import { chunks } from "../chunks";
import { nowIso } from "../clock";
import { camelCased } from "../rows";
import type { Database } from "../schema";

export interface PlaceRef {
  code: string;
  name: string;
}

export interface CommunityDetail extends Required<CommunityFigures> {
  code: string;
  name: string;
  kind: string;
  urbanRuralCode: string | null;
  street: PlaceRef;
  district: PlaceRef;
  isDemoData: boolean;
}

export async function findCommunity(db: Kysely<Database>, code: string): Promise<CommunityDetail | null> {
  const row = await db
    .selectFrom("communities as c")
    .innerJoin("streets as s", "s.code", "c.street_code")
    .innerJoin("districts as d", "d.code", "c.district_code")
    .selectAll("c")
    .select(["s.name as street_name", "d.name as district_name"])
    .where("c.code", "=", code)
    .executeTakeFirst();
  if (!row) return null;
  return {
    code: row.code,
    name: row.name,
    kind: row.kind,
    urbanRuralCode: row.urban_rural_code,
    street: { code: row.street_code, name: row.street_name },
    district: { code: row.district_code, name: row.district_name },
    households: row.households,
    population: row.population,
    share60Plus: row.share_60_plus,
    share0To3: row.share_0_3,
    share3To12: row.share_3_12,
    developmentType: row.development_type === "new" ? "new" : "existing",
    isPilot: row.is_pilot === 1,
    hasHub: row.has_hub === 1,
    lat: row.lat,
    lng: row.lng,
    isDemoData: row.is_demo_data === 1,
  };
}

export async function findStreet(
  db: Kysely<Database>,
  code: string,
): Promise<{ code: string; name: string; district: PlaceRef } | null> {
  const row = await db
    .selectFrom("streets as s")
    .innerJoin("districts as d", "d.code", "s.district_code")
    .select(["s.code", "s.name", "d.code as district_code", "d.name as district_name"])
    .where("s.code", "=", code)
    .executeTakeFirst();
  return row ? { code: row.code, name: row.name, district: { code: row.district_code, name: row.district_name } } : null;
}

export async function findDistrict(db: Kysely<Database>, code: string): Promise<PlaceRef | null> {
  const row = await db.selectFrom("districts").select(["code", "name"]).where("code", "=", code).executeTakeFirst();
  return row ?? null;
}

export interface CommunityListFilter {
  districtCode?: string;
  streetCode?: string;
  communityCode?: string;
  query?: string;
  pilot?: boolean;
  developmentType?: "new" | "existing";
  /** Current cycle stage. */
  stage?: Stage;
  /** Only communities in their current stage for more than this many days. */
  minDaysInStage?: number;
  /** Domain found 缺失 or 不足 by the community's latest evaluation. */
  gapDomain?: Domain;
  page: number;
  pageSize: number;
}

export interface CommunityListRow {
  code: string;
  name: string;
  kind: string;
  streetCode: string;
  streetName: string;
  districtCode: string;
  districtName: string;
  households: number;
  developmentType: string;
  isPilot: boolean;
  hasHub: boolean;
  isDemoData: boolean;
}

export async function listCommunities(
  db: Kysely<Database>,
  filter: CommunityListFilter,
): Promise<{ rows: CommunityListRow[]; total: number }> {
  let query = db
    .selectFrom("communities as c")
    .innerJoin("streets as s", "s.code", "c.street_code")
    .innerJoin("districts as d", "d.code", "c.district_code");
  if (filter.districtCode) query = query.where("c.district_code", "=", filter.districtCode);
  if (filter.streetCode) query = query.where("c.street_code", "=", filter.streetCode);
  if (filter.communityCode) query = query.where("c.code", "=", filter.communityCode);
  if (filter.pilot !== undefined) query = query.where("c.is_pilot", "=", filter.pilot ? 1 : 0);
  if (filter.developmentType) query = query.where("c.development_type", "=", filter.developmentType);
  if (filter.stage || filter.minDaysInStage !== undefined) {
    const enteredBefore = new Date(Date.now() - (filter.minDaysInStage ?? 0) * 86_400_000).toISOString();
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("cycles as y")
          .select("y.id")
          .whereRef("y.community_code", "=", "c.code")
          .where("y.stage", "<>", "closed")
          .$if(filter.stage !== undefined, (q) => q.where("y.stage", "=", filter.stage!))
          .$if(filter.minDaysInStage !== undefined, (q) => q.where("y.stage_entered_at", "<", enteredBefore)),
      ),
    );
  }
  if (filter.gapDomain) {
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom("evaluations as e")
          .innerJoin("evaluation_domains as d", "d.evaluation_id", "e.id")
          .select("e.id")
          .whereRef("e.community_code", "=", "c.code")
          .where("e.is_latest", "=", 1)
          .where("d.domain", "=", filter.gapDomain!)
          .where("d.status", "in", ["缺失", "不足"]),
      ),
    );
  }
  if (filter.query) {
    // Wildcards typed by the user are dropped rather than escaped: LIKE escapes differ by dialect.
    const like = `%${filter.query.replace(/[\\%_]/g, "")}%`;
    query = query.where((eb) =>
      eb.or([eb("c.name", "like", like), eb("c.code", "like", like), eb("s.name", "like", like)]),
    );
  }
  const [{ total }, rows] = await Promise.all([
    query.select((eb) => eb.fn.countAll<number>().as("total")).executeTakeFirstOrThrow(),
    query
      .select([
        "c.code",
        "c.name",
        "c.kind",
        "c.households",
        "c.development_type",
        "c.is_pilot",
        "c.has_hub",
        "c.is_demo_data",
        "s.code as street_code",
        "s.name as street_name",
        "d.code as district_code",
        "d.name as district_name",
      ])
      .orderBy("c.code")
      .limit(filter.pageSize)
      .offset((filter.page - 1) * filter.pageSize)
      .execute(),
  ]);
  return {
    total: Number(total),
    rows: rows.map((r) => ({
      ...camelCased(r, ["code", "name", "kind", "street_code", "street_name", "district_code", "district_name", "households", "development_type"]),
      isPilot: r.is_pilot === 1,
      hasHub: r.has_hub === 1,
      isDemoData: r.is_demo_data === 1,
    })),
  };
}

export async function listDistricts(db: Kysely<Database>): Promise<PlaceRef[]> {
  return db.selectFrom("districts").select(["code", "name"]).orderBy("code").execute();
}

export async function listStreets(db: Kysely<Database>, districtCode?: string): Promise<(PlaceRef & { districtCode: string })[]> {
  let query = db.selectFrom("streets").select(["code", "name", "district_code as districtCode"]);
  if (districtCode) query = query.where("district_code", "=", districtCode);
  return query.orderBy("code").execute();
}

/** Where a community sits, for permission checks: null when there is no such community. */
export async function findCommunityPlace(
  db: Kysely<Database>,
  code: string,
): Promise<{ communityCode: string; streetCode: string; districtCode: string } | null> {
  const row = await db
    .selectFrom("communities")
    .select(["code", "street_code", "district_code"])
    .where("code", "=", code)
    .executeTakeFirst();
  return row ? { communityCode: row.code, streetCode: row.street_code, districtCode: row.district_code } : null;
}

/** Where each listed community sits, with its centroid; absent codes are left out. */
export async function findCommunityPlaces(
  db: Kysely<Database>,
  codes: readonly string[],
): Promise<Map<string, { districtCode: string; streetCode: string; communityCode: string; lat: number; lng: number }>> {
  const places = new Map<string, { districtCode: string; streetCode: string; communityCode: string; lat: number; lng: number }>();
  for (const part of chunks(codes)) {
    const rows = await db.selectFrom("communities").select(["code", "street_code", "district_code", "lat", "lng"]).where("code", "in", part).execute();
    for (const c of rows) places.set(c.code, { districtCode: c.district_code, streetCode: c.street_code, communityCode: c.code, lat: c.lat, lng: c.lng });
  }
  return places;
}

export interface CommunityFigures {
  households: number;
  population: number;
  share60Plus: number;
  share0To3: number;
  share3To12: number;
  developmentType: DevelopmentType;
  isPilot: boolean;
  hasHub: boolean;
  /** Both or neither: the centroid is kept when none is given. */
  lat?: number;
  lng?: number;
}

/** The columns of a community's figures (the seed's generated ones, or an import's real ones). */
export function communityFigureColumns(figures: CommunityFigures) {
  return {
    households: figures.households,
    population: figures.population,
    share_60_plus: figures.share60Plus,
    share_0_3: figures.share0To3,
    share_3_12: figures.share3To12,
    development_type: figures.developmentType,
    is_pilot: figures.isPilot ? (1 as const) : (0 as const),
    has_hub: figures.hasHub ? (1 as const) : (0 as const),
    ...(figures.lat !== undefined && figures.lng !== undefined ? { lat: figures.lat, lng: figures.lng } : {}),
  };
}

/** Real figures replace the generated ones: the community is no longer demo data. */
export async function updateCommunityFigures(db: Kysely<Database>, code: string, figures: CommunityFigures): Promise<void> {
  await db
    .updateTable("communities")
    .set({ ...communityFigureColumns(figures), is_demo_data: 0, updated_at: nowIso() })
    .where("code", "=", code)
    .execute();
}

