// The policy profile new evaluations use: the active stored version (or the built-in one
// before anything is stored), with the 市级管理员's [默认值] overrides applied.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import {
  deleteSettingOverride,
  findActiveProfile,
  findProfile,
  insertProfile,
  listProfiles,
  listSettingOverrides,
  type SettingOverride,
  upsertSettingOverride,
} from "../../db/repositories/policy";
import type { Database } from "../../db/schema";
import { builtInProfiles, loadBuiltInProfile, type PolicyProfile, PolicyProfileSchema } from "../../workflows/policy/profile";
import type { Actor } from "../../workflows/permissions";
import { applySettingOverrides, listSettings, parseSettingValue, type SettingOverrides, type SettingValue } from "./policy-settings";

export interface ActivePolicy {
  /** The stored profile as written (its own values are the 默认值). */
  base: PolicyProfile;
  /** The profile the engine runs with: base + overrides. */
  effective: PolicyProfile;
  /** The overrides that took effect, { key: value }; recorded with every evaluation. */
  applied: SettingOverrides;
  overrides: SettingOverride[];
  /** false while the profile comes from the code (nothing stored yet). */
  stored: boolean;
}

export async function loadActivePolicy(db: Kysely<Database>): Promise<ActivePolicy> {
  const row = await findActiveProfile(db);
  const base = row ? PolicyProfileSchema.parse(row.data) : loadBuiltInProfile();
  const overrides = await listSettingOverrides(db, base.id);
  const values: SettingOverrides = Object.fromEntries(overrides.map((o) => [o.key, o.value]));
  const applied = applySettingOverrides(base, values);
  // Stored overrides were validated when saved; should a new profile version make them
  // inconsistent, run with the profile's own values rather than refuse to evaluate.
  if (!applied.ok) return { base, effective: base, applied: {}, overrides, stored: row !== null };
  return { base, effective: applied.profile, applied: applied.applied, overrides, stored: row !== null };
}

/** The profile an evaluation recorded, for display (the built-in one if it was never stored). */
export async function loadProfileVersion(db: Kysely<Database>, id: string, version: number): Promise<PolicyProfile | null> {
  const row = await findProfile(db, id, version);
  if (row) return PolicyProfileSchema.parse(row.data);
  return builtInProfiles.find((p) => p.id === id && p.version === version) ?? null;
}

/** Seed step: store the built-in profiles; the default one becomes active. */
export async function storeBuiltInProfiles(db: Kysely<Database>): Promise<void> {
  const existing = new Set((await listProfiles(db)).map((p) => `${p.id}@${p.version}`));
  const hasActive = (await findActiveProfile(db)) !== null;
  for (const profile of builtInProfiles) {
    if (existing.has(`${profile.id}@${profile.version}`)) continue;
    const activate = !hasActive && profile.id === loadBuiltInProfile().id;
    await insertProfile(db, { id: profile.id, version: profile.version, data: profile, activate, createdBy: null });
  }
}

export type ImportProfileResult =
  | { ok: true; id: string; version: number; activated: boolean }
  | { ok: false; errors: string[] };

/**
 * A new profile version (or a new plan) from JSON: validated, stored, made active. No code
 * change is needed; evaluations record the id and version they used.
 */
export async function importProfile(
  db: Kysely<Database>,
  json: unknown,
  change: { actor: Actor | null; ip: string | null; activate?: boolean },
): Promise<ImportProfileResult> {
  const parsed = PolicyProfileSchema.safeParse(json);
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => `${i.path.join(".") || "（根）"}：${i.message}`) };
  }
  const profile = parsed.data;
  const activate = change.activate ?? true;
  return db.transaction().execute(async (trx) => {
    const versions = (await listProfiles(trx)).filter((p) => p.id === profile.id);
    if (versions.some((v) => v.version === profile.version)) {
      return { ok: false as const, errors: [`政策版本 ${profile.id} 第 ${profile.version} 版已存在；新版本请把 version 加 1`] };
    }
    const newest = Math.max(0, ...versions.map((v) => v.version));
    if (profile.version < newest) {
      return { ok: false as const, errors: [`version ${profile.version} 低于已有的第 ${newest} 版`] };
    }
    await insertProfile(trx, { id: profile.id, version: profile.version, data: profile, activate, createdBy: change.actor?.id ?? null });
    await writeAudit(trx, {
      actor: change.actor,
      action: "policy_profile.import",
      entityType: "policy_profile",
      entityId: `${profile.id}@${profile.version}`,
      after: { id: profile.id, version: profile.version, activate },
      ip: change.ip,
    });
    return { ok: true as const, id: profile.id, version: profile.version, activated: activate };
  });
}

export type SettingsChangeResult =
  | { ok: true; changed: string[] }
  | { ok: false; errors: Record<string, string>; message: string | null };

/**
 * Saves a 市级管理员's settings form: each editable setting's typed value; a value equal to
 * the profile's own is stored as "no override" (恢复默认值). One transaction, one audit row.
 */
export async function updatePolicySettings(
  db: Kysely<Database>,
  input: { values: Record<string, string>; resetKey: string | null },
  change: { actor: Actor; ip: string | null },
): Promise<SettingsChangeResult> {
  return db.transaction().execute(async (trx) => {
    const policy = await loadActivePolicy(trx);
    const entries = listSettings(policy.base).filter((e) => e.editable);
    const current: SettingOverrides = Object.fromEntries(policy.overrides.map((o) => [o.key, o.value]));
    const next: SettingOverrides = {};
    const errors: Record<string, string> = {};
    for (const entry of entries) {
      let value: SettingValue;
      if (input.resetKey === entry.key) value = entry.defaultValue;
      else if (input.values[entry.key] === undefined) value = current[entry.key] ?? entry.defaultValue;
      else {
        const parsed = parseSettingValue(entry, input.values[entry.key]);
        if (!parsed.ok) {
          errors[entry.key] = parsed.message;
          continue;
        }
        value = parsed.value;
      }
      if (value !== entry.defaultValue) next[entry.key] = value;
    }
    if (Object.keys(errors).length) return { ok: false as const, errors, message: null };
    const check = applySettingOverrides(policy.base, next);
    if (!check.ok) return { ok: false as const, errors: {}, message: check.message };

    const changed = entries.map((e) => e.key).filter((key) => current[key] !== next[key]);
    for (const key of changed) {
      if (next[key] === undefined) await deleteSettingOverride(trx, policy.base.id, key);
      else await upsertSettingOverride(trx, { profileId: policy.base.id, key, value: next[key], updatedBy: change.actor.id });
    }
    if (changed.length) {
      await writeAudit(trx, {
        actor: change.actor,
        action: "policy_settings.update",
        entityType: "policy_profile",
        entityId: policy.base.id,
        before: Object.fromEntries(changed.map((k) => [k, current[k] ?? null])),
        after: Object.fromEntries(changed.map((k) => [k, next[k] ?? null])),
        ip: change.ip,
      });
    }
    return { ok: true as const, changed };
  });
}
