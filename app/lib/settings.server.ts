// The one mechanism for [默认值] settings (docs/decisions/0010-use-case-shape.md): every
// module (policy profile rules and settings, gap list, performance, 赛马 ranking) keeps its
// defaults as a tree of NumberSettings in workflows/, the 市级管理员's changes as key → value
// rows in policy_settings under the module's id, and applies them with overrideSettingTree
// (applySettingOverrides, through loadSettingModule).
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { deleteSettingOverride, listSettingOverrides, upsertSettingOverride } from "../../db/repositories/policy";
import type { Database } from "../../db/schema";
import { applySettingOverrides, listSettingTree, type SettingInfo, type SettingOverrideValues, type SettingValue } from "../../workflows/setting-overrides";
import { type Change, refuse } from "./use-case.server";

/** A setting as the policy page shows it: its value in force next to the default. */
export interface SettingView extends SettingInfo {
  defaultValue: number;
  changed: boolean;
}

/** The stored numeric overrides of a module, { key: value }; with `switches`, its 是/否 ones too (a policy profile's). */
export async function readSettingOverrides(db: Kysely<Database>, moduleId: string): Promise<SettingOverrideValues>;
export async function readSettingOverrides(db: Kysely<Database>, moduleId: string, options: { switches: true }): Promise<Record<string, SettingValue>>;
export async function readSettingOverrides(db: Kysely<Database>, moduleId: string, options?: { switches: true }): Promise<Record<string, SettingValue>> {
  const rows = await listSettingOverrides(db, moduleId);
  return Object.fromEntries(rows.filter((r) => options?.switches || typeof r.value === "number").map((r) => [r.key, r.value]));
}

/** Each setting in force beside its default. */
export function settingViews(inForce: readonly SettingInfo[], defaults: readonly SettingInfo[]): SettingView[] {
  const byKey = new Map(defaults.map((s) => [s.key, s.value]));
  return inForce.map((s) => ({ ...s, defaultValue: byKey.get(s.key) ?? s.value, changed: s.value !== byKey.get(s.key) }));
}

/** A settings form as sent: the typed values by key, and the one setting to put back to its default, if any. */
export interface SettingsForm {
  values: Record<string, string>;
  resetKey: string | null;
}

/** 400 when a settings form names a setting its page does not show (a stale or forged form). */
export function requireKnownSettings(shown: readonly string[], input: SettingsForm): void {
  const known = new Set(shown);
  const sent = [...Object.keys(input.values), ...(input.resetKey === null ? [] : [input.resetKey])];
  if (sent.some((key) => !known.has(key))) refuse(400, "请求有误：表单里有本页没有的设置项，请刷新页面后重试。");
}

/** A module of [默认值] settings: its key prefix (also its id in policy_settings), its defaults and what makes a combination unusable. */
export interface SettingModule<T extends object> {
  prefix: string;
  defaults: T;
  problem?: (settings: T) => string | null;
}

/** The settings in force and their views; stored overrides the module cannot use fall back to the defaults. */
export async function loadSettingModule<T extends object>(db: Kysely<Database>, module: SettingModule<T>): Promise<{ settings: T; list: SettingView[] }> {
  const result = applySettingOverrides(module.prefix, module.defaults, await readSettingOverrides(db, module.prefix), module.problem);
  const usable = result.ok ? result.settings : module.defaults;
  return { settings: usable, list: settingViews(listSettingTree(module.prefix, usable), listSettingTree(module.prefix, module.defaults)) };
}

type ParsedSetting<V> = { ok: true; value: V } | { ok: false; message: string };

/**
 * The overrides a settings form asks for: each shown setting put back to its default, left as
 * stored (not in the form) or typed; only values that differ from the default are kept.
 * 400 with the refused fields marked.
 */
export function overridesFromForm<V extends SettingValue, E extends { key: string; defaultValue: V }>(
  entries: readonly E[],
  current: Readonly<Record<string, V>>,
  input: SettingsForm,
  parse: (entry: E, raw: string) => ParsedSetting<V>,
): Record<string, V> {
  const next: Record<string, V> = {};
  const errors: Record<string, string> = {};
  for (const entry of entries) {
    let value: V;
    if (input.resetKey === entry.key) value = entry.defaultValue;
    else if (input.values[entry.key] === undefined) value = current[entry.key] ?? entry.defaultValue;
    else {
      const parsed = parse(entry, input.values[entry.key]);
      if (!parsed.ok) {
        errors[entry.key] = parsed.message;
        continue;
      }
      value = parsed.value;
    }
    if (value !== entry.defaultValue) next[entry.key] = value;
  }
  if (Object.keys(errors).length) refuse(400, "请检查标出的设置。", errors);
  return next;
}

/**
 * Stores the overrides that changed under `moduleId` (no override where a setting is back at its
 * default) and one audit row with each changed key before and after. Returns the changed keys.
 */
export async function saveSettingOverrides<V extends SettingValue>(
  trx: Kysely<Database>,
  change: Change,
  target: { moduleId: string; keys: readonly string[]; action: string; entityType: string },
  current: Readonly<Record<string, V>>,
  next: Readonly<Record<string, V>>,
): Promise<string[]> {
  const changed = target.keys.filter((key) => current[key] !== next[key]);
  for (const key of changed) {
    if (next[key] === undefined) await deleteSettingOverride(trx, target.moduleId, key);
    else await upsertSettingOverride(trx, { profileId: target.moduleId, key, value: next[key], updatedBy: change.actor.id });
  }
  if (changed.length) {
    await writeAudit(trx, {
      actor: change.actor,
      action: target.action,
      entityType: target.entityType,
      entityId: target.moduleId,
      before: Object.fromEntries(changed.map((k) => [k, current[k] ?? null])),
      after: Object.fromEntries(changed.map((k) => [k, next[k] ?? null])),
      ip: change.ip,
    });
  }
  return changed;
}
