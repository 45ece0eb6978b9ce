import type { Kysely } from "kysely";
import type { Domain, FacilityFunction, FacilityStatus, OperatingModel, PricingTier, ServiceLevel } from "../../workflows/glossary";
import { chunks } from "../chunks";
import { newId } from "../ids";
import { nowIso } from "../clock";
import { camelCased } from "../rows";
import type { Database, FacilityRow } from "../schema";

export interface Facility {
  id: string;
  communityCode: string;
  name: string;
  domain: Domain;
  functions: FacilityFunction[];
  areaM2: number;
  officeAreaM2: number;
  status: FacilityStatus;
  lat: number;
  lng: number;
  operator: string | null;
  operatingModel: OperatingModel | null;
  pricing: PricingTier | null;
  serviceLevel: ServiceLevel;
  hubPart: boolean;
  isDemoData: boolean;
  updatedAt: string;
}

export type FacilityInput = Omit<Facility, "id" | "communityCode" | "isDemoData" | "updatedAt">;

export function toFacility(row: FacilityRow): Facility {
  return {
    ...camelCased(row, [
      "id",
      "community_code",
      "name",
      "domain",
      "functions",
      "area_m2",
      "office_area_m2",
      "status",
      "lat",
      "lng",
      "operator",
      "operating_model",
      "pricing",
      "service_level",
      "hub_part",
      "is_demo_data",
      "updated_at",
    ]),
    functions: JSON.parse(row.functions) as FacilityFunction[],
    serviceLevel: row.service_level === "non_basic" ? "non_basic" : "basic",
    hubPart: row.hub_part === 1,
    isDemoData: row.is_demo_data === 1,
  };
}

function toColumns(input: FacilityInput) {
  return {
    name: input.name,
    domain: input.domain,
    functions: JSON.stringify(input.functions),
    area_m2: input.areaM2,
    office_area_m2: input.officeAreaM2,
    status: input.status,
    lat: input.lat,
    lng: input.lng,
    operator: input.operator,
    operating_model: input.operatingModel,
    pricing: input.pricing,
    service_level: input.serviceLevel,
    hub_part: input.hubPart ? (1 as const) : (0 as const),
  };
}

export async function listFacilities(db: Kysely<Database>, communityCode: string): Promise<Facility[]> {
  const rows = await db
    .selectFrom("facilities")
    .selectAll()
    .where("community_code", "=", communityCode)
    .orderBy("domain")
    .orderBy("name")
    .execute();
  return rows.map(toFacility);
}

export async function findFacility(db: Kysely<Database>, id: string): Promise<Facility | null> {
  const row = await db.selectFrom("facilities").selectAll().where("id", "=", id).executeTakeFirst();
  return row ? toFacility(row) : null;
}

export async function insertFacility(db: Kysely<Database>, communityCode: string, input: FacilityInput): Promise<Facility> {
  const now = nowIso();
  const row: FacilityRow = {
    id: newId(),
    community_code: communityCode,
    ...toColumns(input),
    is_demo_data: 0,
    created_at: now,
    updated_at: now,
  };
  await db.insertInto("facilities").values(row).execute();
  return toFacility(row);
}

export async function updateFacility(db: Kysely<Database>, id: string, input: FacilityInput): Promise<void> {
  await db
    .updateTable("facilities")
    .set({ ...toColumns(input), is_demo_data: 0, updated_at: nowIso() })
    .where("id", "=", id)
    .execute();
}

/** The ids of the listed communities' facilities by community and name (an import updates rather than duplicates). */
export async function listFacilityIdsByName(db: Kysely<Database>, communityCodes: readonly string[]): Promise<{ communityCode: string; name: string; id: string }[]> {
  const out: { communityCode: string; name: string; id: string }[] = [];
  for (const part of chunks(communityCodes)) {
    const rows = await db.selectFrom("facilities").select(["id", "community_code", "name"]).where("community_code", "in", part).execute();
    for (const f of rows) out.push({ communityCode: f.community_code, name: f.name, id: f.id });
  }
  return out;
}
