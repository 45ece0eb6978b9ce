// The [默认值] line below which lowering a round's minimum participation needs the street's
// approval (workflows/participation-override.ts), with the 市级管理员's override if any.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import {
  PARTICIPATION_SETTINGS,
  PARTICIPATION_SETTINGS_PREFIX,
  type ParticipationSettings,
  participationSettingsProblem,
} from "../../workflows/participation-override";
import { loadSettingModule, type SettingModule, type SettingView } from "./settings.server";

export const PARTICIPATION_SETTING_MODULE: SettingModule<ParticipationSettings> = { prefix: PARTICIPATION_SETTINGS_PREFIX, defaults: PARTICIPATION_SETTINGS, problem: participationSettingsProblem };

export function loadParticipationSettings(db: Kysely<Database>): Promise<{ settings: ParticipationSettings; list: SettingView[] }> {
  return loadSettingModule(db, PARTICIPATION_SETTING_MODULE);
}
