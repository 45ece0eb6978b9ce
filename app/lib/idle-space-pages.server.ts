// Read models of the idle-space inventory pages (存量空间台账): a community's, a street's, one space.
import type { Kysely } from "kysely";
import { listFacilities } from "../../db/repositories/facilities";
import { findIdleSpace, type IdleSpaceListRow, listIdleSpaces, listSitingDemand, type SpaceScope } from "../../db/repositories/idle-spaces";
import { findSpacePhoto, listSpacePhotos } from "../../db/repositories/idle-space-photos";
import { listCommunities } from "../../db/repositories/places";
import type { Database } from "../../db/schema";
import { type GapListSettings } from "../../workflows/gap-list-settings";
import { spaceCost } from "../../workflows/idle-spaces";
import { type Actor, can, type Place } from "../../workflows/permissions";
import { loadGapListSettings } from "./gap-list-settings.server";

function withCost(spaces: IdleSpaceListRow[], settings: GapListSettings) {
  return spaces.map((s) => ({ ...s, cost: spaceCost(s, settings) }));
}

/** The map's points of a community or a street: its 小区, facilities and spaces. */
async function mapPointsOf(db: Kysely<Database>, scope: SpaceScope & { level: "community" | "street" }, spaces: IdleSpaceListRow[], communityCodes: readonly string[]) {
  const [demand, facilities] = await Promise.all([listSitingDemand(db, scope), Promise.all(communityCodes.map((code) => listFacilities(db, code)))]);
  return {
    neighbourhoods: demand.map((d) => ({ name: d.name, lat: d.lat, lng: d.lng, info: `${d.households} 户` })),
    facilities: facilities.flat().map((f) => ({ name: f.name, lat: f.lat, lng: f.lng })),
    spaces: spaces.map((s) => ({ name: s.name, lat: s.lat, lng: s.lng })),
  };
}

/** What a placement map shows around a community: its 小区, facilities and spaces. */
export async function loadCommunityMapPoints(db: Kysely<Database>, communityCode: string) {
  const scope = { level: "community", code: communityCode } as const;
  return mapPointsOf(db, scope, await listIdleSpaces(db, scope), [communityCode]);
}

export async function loadCommunitySpacesPage(db: Kysely<Database>, user: Actor, community: { code: string; place: Place }) {
  const scope = { level: "community", code: community.code } as const;
  const [spaces, { settings }] = await Promise.all([listIdleSpaces(db, scope), loadGapListSettings(db)]);
  return {
    spaces: withCost(spaces, settings),
    canManage: can(user, "manage:space", community.place),
    mapPoints: await mapPointsOf(db, scope, spaces, [community.code]),
  };
}

/** A street's inventory across its communities: kept by the street's reviewer, read by the district and the city. */
export async function loadStreetSpacesPage(db: Kysely<Database>, user: Actor, street: { code: string; place: Place }) {
  const scope = { level: "street", code: street.code } as const;
  const [spaces, { settings }, { rows: communities }] = await Promise.all([
    listIdleSpaces(db, scope),
    loadGapListSettings(db),
    listCommunities(db, { streetCode: street.code, page: 1, pageSize: 1000 }),
  ]);
  const byCommunity = communities.map((c) => {
    const own = spaces.filter((s) => s.communityCode === c.code);
    return { code: c.code, name: c.name, count: own.length, available: own.filter((s) => s.status === "available").length, areaM2: own.reduce((sum, s) => sum + s.areaM2, 0) };
  });
  return {
    spaces: withCost(spaces, settings),
    byCommunity,
    canManage: can(user, "manage:space", street.place),
    mapPoints: await mapPointsOf(db, scope, spaces, communities.map((c) => c.code)),
  };
}

export async function loadSpacePage(db: Kysely<Database>, user: Actor, community: { code: string; place: Place }, spaceId: string) {
  const space = await findIdleSpace(db, spaceId);
  if (!space || space.communityCode !== community.code) return null;
  const photos = await listSpacePhotos(db, space.id);
  return {
    space,
    photos: photos.map((p) => ({ id: p.id, name: p.originalName, sizeBytes: p.sizeBytes, uploadedAt: p.uploadedAt, uploadedByName: p.uploadedByName })),
    canManage: can(user, "manage:space", community.place),
  };
}

/** A photo of a space of the community, for the download route; null when there is none. */
export async function spacePhotoOfCommunity(db: Kysely<Database>, communityCode: string, spaceId: string, photoId: string) {
  const [space, photo] = await Promise.all([findIdleSpace(db, spaceId), findSpacePhoto(db, photoId)]);
  return space && photo && space.communityCode === communityCode && photo.spaceId === space.id ? photo : null;
}
