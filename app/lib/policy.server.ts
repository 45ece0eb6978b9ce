// The policy profile new evaluations use (the active stored version, or the built-in one
// before anything is stored, with the 市级管理员's [默认值] overrides applied), and the two
// ways a 市级管理员 changes it: a new profile version, or the settings form.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { findActiveProfile, findProfile, insertProfile, listProfiles } from "../../db/repositories/policy";
import type { Database } from "../../db/schema";
import { builtInProfiles, loadBuiltInProfile, type PolicyProfile, PolicyProfileSchema } from "../../workflows/policy/profile";
import {
  type ActivePolicy,
  applyProfileOverrides,
  listSettings,
  parseSettingValue,
  resolvePolicy,
} from "../../workflows/policy/settings";
import { overridesFromForm, readSettingOverrides, requireKnownSettings, saveSettingOverrides, type SettingsForm } from "./settings.server";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

export type { ActivePolicy };

export async function loadActivePolicy(db: Kysely<Database>): Promise<ActivePolicy> {
  const row = await findActiveProfile(db);
  const base = row ? PolicyProfileSchema.parse(row.data) : loadBuiltInProfile();
  return resolvePolicy(base, await readSettingOverrides(db, base.id, { switches: true }), row !== null);
}

/** The profile an evaluation recorded, for display (the built-in one if it was never stored). */
export async function loadProfileVersion(db: Kysely<Database>, id: string, version: number): Promise<PolicyProfile | null> {
  const row = await findProfile(db, id, version);
  if (row) return PolicyProfileSchema.parse(row.data);
  return builtInProfiles.find((p) => p.id === id && p.version === version) ?? null;
}

/**
 * A new profile version (or a new plan) from JSON: validated, stored, made active. No code
 * change is needed; evaluations record the id and version they used. A problem with the
 * JSON is a 400 whose errors are keyed by the path in the document.
 */
export function importProfile(
  db: Kysely<Database>,
  change: Change,
  input: { json: unknown; activate?: boolean },
): Promise<Outcome<{ id: string; version: number; activated: boolean }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "edit:policy", {});
    const parsed = PolicyProfileSchema.safeParse(input.json);
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) errors[issue.path.join(".") || "（根）"] ??= issue.message;
      refuse(400, `政策版本未导入，共 ${Object.keys(errors).length} 处问题。`, errors);
    }
    const profile = parsed.data;
    const activate = input.activate ?? true;
    const versions = (await listProfiles(trx)).filter((p) => p.id === profile.id);
    if (versions.some((v) => v.version === profile.version)) {
      refuse(400, `政策版本 ${profile.id} 第 ${profile.version} 版已存在；新版本请把 version 加 1`);
    }
    const newest = Math.max(0, ...versions.map((v) => v.version));
    if (profile.version < newest) refuse(400, `version ${profile.version} 低于已有的第 ${newest} 版`);
    await insertProfile(trx, { id: profile.id, version: profile.version, data: profile, activate, createdBy: change.actor.id });
    await writeAudit(trx, {
      actor: change.actor,
      action: "policy_profile.import",
      entityType: "policy_profile",
      entityId: `${profile.id}@${profile.version}`,
      after: { id: profile.id, version: profile.version, activate },
      ip: change.ip,
    });
    return { id: profile.id, version: profile.version, activated: activate };
  });
}

/**
 * Saves a 市级管理员's settings form: each editable setting's typed value; a value equal to
 * the profile's own is stored as "no override" (恢复默认值). One transaction, one audit row.
 */
export function updatePolicySettings(
  db: Kysely<Database>,
  change: Change,
  input: SettingsForm,
): Promise<Outcome<{ changed: string[] }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "edit:policy", {});
    const policy = await loadActivePolicy(trx);
    const entries = listSettings(policy.base).filter((e) => e.editable);
    requireKnownSettings(entries.map((e) => e.key), input);
    const next = overridesFromForm(entries, policy.overrides, input, parseSettingValue);
    const check = applyProfileOverrides(policy.base, next);
    if (!check.ok) refuse(400, check.message);

    const changed = await saveSettingOverrides(
      trx,
      change,
      { moduleId: policy.base.id, keys: entries.map((e) => e.key), action: "policy_settings.update", entityType: "policy_profile" },
      policy.overrides,
      next,
    );
    return { changed };
  });
}
