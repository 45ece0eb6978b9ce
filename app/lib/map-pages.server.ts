// Read model of the 公共服务空间治理地图: communities and facilities of the user's scope.
import type { Kysely } from "kysely";
import { type DashboardScope, mapCommunities, mapFacilities } from "../../db/repositories/dashboard";
import { listIdleSpaces } from "../../db/repositories/idle-spaces";
import { listDistricts, listStreets } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import { type Domain, DOMAIN_LABELS } from "../../workflows/glossary";
import { type Actor, can } from "../../workflows/permissions";
import { placeCrumbs } from "./crumbs";

/** What the map shows; null when the user may not see that scope. */
export async function loadMapPage(db: Kysely<Database>, user: Actor, filters: { district?: string; street?: string; domain?: Domain }) {
  // The user's own scope bounds what the map may show.
  const district = user.role === "district_admin" ? user.scopeCode! : filters.district;
  const street = user.role === "street_reviewer" ? user.scopeCode! : filters.street;
  const scope: DashboardScope = street ? { level: "street", code: street } : district ? { level: "district", code: district } : { level: "city" };
  const place = street ? { districtCode: street.slice(0, 6), streetCode: street } : district ? { districtCode: district } : {};
  if (!can(user, "view:dashboard", place)) return null;
  const domain = filters.domain ?? null;
  // A whole city of facilities is too many points to read: there, one domain at a time.
  const facilityDomain = scope.level === "city" ? (domain ?? "eldercare_childcare") : domain;
  const [communities, facilities, spaces, districts, streets] = await Promise.all([
    mapCommunities(db, scope, domain),
    mapFacilities(db, scope, facilityDomain),
    listIdleSpaces(db, scope),
    user.role === "city_admin" ? listDistricts(db) : Promise.resolve([]),
    district && user.role !== "street_reviewer" ? listStreets(db, district) : Promise.resolve([]),
  ]);
  return {
    scope,
    domain,
    facilityDomain,
    // The select says what is drawn: city-wide without a domain, facilities of one domain only.
    allDomainsLabel:
      facilityDomain && !domain
        ? `全部领域（社区按最弱领域着色；设施较多，只画${DOMAIN_LABELS[facilityDomain]}，可选领域查看其他）`
        : "全部领域（社区按最弱领域着色）",
    district: district ?? null,
    street: street ?? null,
    districts,
    streets,
    communities,
    facilities,
    spaces: spaces.map((s) => ({ name: s.name, lat: s.lat, lng: s.lng, status: s.status, route: s.route, areaM2: s.areaM2 })),
    crumbs: placeCrumbs(user, {}, [{ label: "治理地图" }]),
  };
}
