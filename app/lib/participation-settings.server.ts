// The [默认值] line below which lowering a round's minimum participation needs the street's
// approval (workflows/participation-override.ts), with the 市级管理员's override if any.
import {
  PARTICIPATION_SETTINGS,
  PARTICIPATION_SETTINGS_PREFIX,
  type ParticipationSettings,
  participationSettingsProblem,
} from "../../workflows/participation-override";
import type { SettingModule } from "./settings.server";

export const PARTICIPATION_SETTING_MODULE: SettingModule<ParticipationSettings> = { prefix: PARTICIPATION_SETTINGS_PREFIX, defaults: PARTICIPATION_SETTINGS, problem: participationSettingsProblem };
