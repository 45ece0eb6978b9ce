// Read models of the idle-space inventory pages (存量空间台账).
import type { Kysely } from "kysely";
import { listFacilities } from "../../db/repositories/facilities";
import { findIdleSpace, type IdleSpaceListRow, listIdleSpaces, listSitingDemand } from "../../db/repositories/idle-spaces";
import type { Database } from "../../db/schema";
import { type GapListSettings } from "../../workflows/gap-list-settings";
import { spaceCost } from "../../workflows/idle-spaces";
import { type Actor, can, type Place } from "../../workflows/permissions";
import { loadGapListSettings } from "./gap-list-settings.server";

function withCost(spaces: IdleSpaceListRow[], settings: GapListSettings) {
  return spaces.map((s) => ({ ...s, cost: spaceCost(s, settings) }));
}

export async function loadCommunitySpacesPage(db: Kysely<Database>, user: Actor, community: { code: string; place: Place }) {
  const [spaces, demand, facilities, { settings }] = await Promise.all([
    listIdleSpaces(db, { level: "community", code: community.code }),
    listSitingDemand(db, { level: "community", code: community.code }),
    listFacilities(db, community.code),
    loadGapListSettings(db),
  ]);
  return {
    spaces: withCost(spaces, settings),
    canManage: can(user, "manage:space", community.place),
    mapPoints: {
      neighbourhoods: demand.map((d) => ({ name: d.name, lat: d.lat, lng: d.lng, info: `${d.households} 户` })),
      facilities: facilities.map((f) => ({ name: f.name, lat: f.lat, lng: f.lng })),
      spaces: spaces.map((s) => ({ name: s.name, lat: s.lat, lng: s.lng })),
    },
  };
}

export async function loadSpace(db: Kysely<Database>, communityCode: string, spaceId: string) {
  const space = await findIdleSpace(db, spaceId);
  return space && space.communityCode === communityCode ? space : null;
}
