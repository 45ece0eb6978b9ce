// The [默认值] modules a 市级管理员 changes on the policy page, one line each: what the page
// lists, and what its module forms may save (anything else is refused as a bad request).
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { updateSettingModule } from "./setting-module-edits.server";
import { loadSettingModule, type SettingModule, type SettingView } from "./settings.server";
import { PERFORMANCE_SETTING_MODULE } from "./operations.server";
import { PARTICIPATION_SETTING_MODULE } from "./participation-settings.server";
import { PUBLIC_LIMIT_SETTING_MODULE } from "./public-limits.server";
import { RANKING_SETTING_MODULE } from "./rankings.server";
import { SITING_SETTING_MODULE } from "./siting-pages.server";
import { TARGET_SETTING_MODULE } from "./targets.server";
import type { Change, Outcome } from "./use-case.server";

interface EditableModule {
  id: string;
  title: string;
  load: (db: Kysely<Database>) => Promise<SettingView[]>;
  save: (db: Kysely<Database>, change: Change, input: { values: Record<string, string>; resetKey: string | null }) => Promise<Outcome<{ changed: string[] }>>;
}

function editable<T extends object>(title: string, module: SettingModule<T>): EditableModule {
  return {
    id: module.prefix,
    title,
    load: async (db) => (await loadSettingModule(db, module)).list,
    save: (db, change, input) => updateSettingModule(db, change, { module, ...input }),
  };
}

export const EDITABLE_SETTING_MODULES: readonly EditableModule[] = [
  editable("运营绩效评估与补贴建议（三(四)2）", PERFORMANCE_SETTING_MODULE),
  editable("赛马排名（四(三)）", RANKING_SETTING_MODULE),
  editable("建设目标进度（二(二)）", TARGET_SETTING_MODULE),
  editable("选址推演（一老一小加权）", SITING_SETTING_MODULE),
  editable("放宽最低参与率（需求调查）", PARTICIPATION_SETTING_MODULE),
  editable("居民问卷防刷限制（公开答卷接口）", PUBLIC_LIMIT_SETTING_MODULE),
];

export function findEditableModule(id: unknown): EditableModule | null {
  return EDITABLE_SETTING_MODULES.find((m) => m.id === id) ?? null;
}

export async function loadEditableModules(db: Kysely<Database>) {
  return Promise.all(EDITABLE_SETTING_MODULES.map(async (m) => ({ id: m.id, title: m.title, settings: await m.load(db) })));
}
