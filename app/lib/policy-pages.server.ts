// Read model of the 政策参数 page: the active profile, its rules and its [默认值] settings
// beside their defaults, with who changed what.
import type { Kysely } from "kysely";
import { listProfiles, listSettingOverrides } from "../../db/repositories/policy";
import type { Database } from "../../db/schema";
import { type Actor, can } from "../../workflows/permissions";
import { formatSettingValue, listSettings } from "../../workflows/policy/settings";
import { loadActivePolicy } from "./policy.server";

export async function loadPolicySettingsPage(db: Kysely<Database>, user: Actor) {
  const policy = await loadActivePolicy(db);
  const [versions, stored] = await Promise.all([listProfiles(db), listSettingOverrides(db, policy.base.id)]);
  const overrides = new Map(stored.map((o) => [o.key, o]));
  const settings = listSettings(policy.base).map((entry) => {
    const override = overrides.get(entry.key);
    const value = override && entry.editable ? override.value : entry.defaultValue;
    return {
      ...entry,
      value,
      shownDefault: formatSettingValue(entry, entry.defaultValue),
      shownValue: formatSettingValue(entry, value),
      changed: value !== entry.defaultValue,
      changedBy: override?.updatedByName ?? null,
      changedAt: override?.updatedAt ?? null,
    };
  });
  const p = policy.base;
  return {
    canEdit: can(user, "edit:policy", {}),
    profile: { id: p.id, version: p.version, document: p.document, rules: p.rules.map((r) => ({ id: r.id, clause: r.clause, title: r.title, wording: r.wording, measure: r.measure, binding: r.binding })) },
    domainRules: p.domainAssessment,
    settings,
    versions,
  };
}
