// The 市级管理员 changes a module's [默认值] settings on the policy page (settings.server.ts keeps
// how they are read): each typed value, a value equal to the default stored as "no override"
// (恢复默认值), the module's own check on the combination; one transaction, one audit row.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";
import { parseSettingValue } from "../../workflows/policy/settings";
import { applySettingOverrides, listSettingTree } from "../../workflows/setting-overrides";
import { overridesFromForm, readSettingOverrides, requireKnownSettings, saveSettingOverrides, type SettingModule, type SettingsForm } from "./settings.server";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

export function updateSettingModule<T extends object>(
  db: Kysely<Database>,
  change: Change,
  input: SettingsForm & { module: SettingModule<T> },
): Promise<Outcome<{ changed: string[] }>> {
  const { module } = input;
  return runUseCase(db, change, async (trx) => {
    authorize(change, "edit:policy", {});
    const entries = listSettingTree(module.prefix, module.defaults).filter((e) => e.default);
    requireKnownSettings(entries.map((e) => e.key), input);
    const current = await readSettingOverrides(trx, module.prefix);
    const next = overridesFromForm(
      entries.map((entry) => ({ ...entry, kind: "number" as const, defaultValue: entry.value, editable: true })),
      current,
      input,
      (entry, raw) => {
        const parsed = parseSettingValue(entry, raw);
        return parsed.ok ? { ok: true, value: Number(parsed.value) } : parsed;
      },
    );
    const check = applySettingOverrides(module.prefix, module.defaults, next, module.problem);
    if (!check.ok) refuse(400, check.message);

    const changed = await saveSettingOverrides(
      trx,
      change,
      { moduleId: module.prefix, keys: entries.map((e) => e.key), action: "settings.update", entityType: "setting_module" },
      current,
      next,
    );
    return { changed };
  });
}
