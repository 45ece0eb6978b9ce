// The 市级管理员 changes a module's [默认值] settings on the policy page (settings.server.ts keeps
// how they are read): each typed value, a value equal to the default stored as "no override"
// (恢复默认值), the module's own check on the combination; one transaction, one audit row.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { deleteSettingOverride, upsertSettingOverride } from "../../db/repositories/policy";
import type { Database } from "../../db/schema";
import { parseSettingValue } from "../../workflows/policy/settings";
import { applySettingOverrides, listSettingTree } from "../../workflows/setting-overrides";
import { readSettingOverrides, requireKnownSettings, type SettingModule } from "./settings.server";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

export function updateSettingModule<T extends object>(
  db: Kysely<Database>,
  change: Change,
  input: { module: SettingModule<T>; values: Record<string, string>; resetKey: string | null },
): Promise<Outcome<{ changed: string[] }>> {
  const { module } = input;
  return runUseCase(db, change, async (trx) => {
    authorize(change, "edit:policy", {});
    const entries = listSettingTree(module.prefix, module.defaults).filter((e) => e.default);
    requireKnownSettings(entries.map((e) => e.key), input);
    const current = await readSettingOverrides(trx, module.prefix);
    const next: Record<string, number> = {};
    const errors: Record<string, string> = {};
    for (const entry of entries) {
      let value: number;
      if (input.resetKey === entry.key) value = entry.value;
      else if (input.values[entry.key] === undefined) value = current[entry.key] ?? entry.value;
      else {
        const parsed = parseSettingValue({ ...entry, kind: "number", defaultValue: entry.value, editable: true }, input.values[entry.key]);
        if (!parsed.ok) {
          errors[entry.key] = parsed.message;
          continue;
        }
        value = Number(parsed.value);
      }
      if (value !== entry.value) next[entry.key] = value;
    }
    if (Object.keys(errors).length) refuse(400, "请检查标出的设置。", errors);
    const check = applySettingOverrides(module.prefix, module.defaults, next, module.problem);
    if (!check.ok) refuse(400, check.message);

    const changed = entries.map((e) => e.key).filter((key) => current[key] !== next[key]);
    for (const key of changed) {
      if (next[key] === undefined) await deleteSettingOverride(trx, module.prefix, key);
      else await upsertSettingOverride(trx, { profileId: module.prefix, key, value: next[key], updatedBy: change.actor.id });
    }
    if (changed.length) {
      await writeAudit(trx, {
        actor: change.actor,
        action: "settings.update",
        entityType: "setting_module",
        entityId: module.prefix,
        before: Object.fromEntries(changed.map((k) => [k, current[k] ?? null])),
        after: Object.fromEntries(changed.map((k) => [k, next[k] ?? null])),
        ip: change.ip,
      });
    }
    return { changed };
  });
}
