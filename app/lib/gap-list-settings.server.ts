// The settings and the policy profile a 查漏补缺 list is drawn with: the [默认值] in force
// (the one settings mechanism, settings.server.ts) and the list's own stored figures.
import type { Kysely } from "kysely";
import type { GapList } from "../../db/repositories/gap-lists";
import type { Database } from "../../db/schema";
import { GAP_LIST_SETTINGS_ID, type GapListSettings, withGapListSettings } from "../../workflows/gap-list-settings";
import { loadBuiltInProfile, type PolicyProfile } from "../../workflows/policy/profile";
import { loadProfileVersion } from "./policy.server";
import { readSettingOverrides } from "./settings.server";

/** The gap-list settings in force: the defaults with the 市级管理员's overrides. */
export async function loadGapListSettings(db: Kysely<Database>): Promise<{ settings: GapListSettings; applied: Record<string, number> }> {
  return withGapListSettings(await readSettingOverrides(db, GAP_LIST_SETTINGS_ID));
}

/** The settings a list was made with (its stored overrides on today's defaults). */
export function settingsOfList(list: GapList): GapListSettings {
  return withGapListSettings(list.settings).settings;
}

const profileCache = new Map<string, PolicyProfile>();
/** A stored policy version never changes, so each is parsed once per process. */
export async function profileOf(db: Kysely<Database>, id: string, version: number): Promise<PolicyProfile> {
  const key = `${id}@${version}`;
  let profile = profileCache.get(key);
  if (!profile) {
    profile = (await loadProfileVersion(db, id, version)) ?? loadBuiltInProfile();
    profileCache.set(key, profile);
  }
  return profile;
}
