import type { Kysely } from "kysely";
import { nowIso } from "../clock";
import type { Database } from "../schema";

export interface StoredProfile {
  id: string;
  version: number;
  /** Parsed JSON; validate with PolicyProfileSchema before use. */
  data: unknown;
  isActive: boolean;
  createdAt: string;
}

export interface SettingOverride {
  key: string;
  value: number | boolean;
  updatedBy: string | null;
  updatedByName: string | null;
  updatedAt: string;
}

function parseValue(text: string): number | boolean | null {
  const value: unknown = JSON.parse(text);
  return typeof value === "number" || typeof value === "boolean" ? value : null;
}

export async function findActiveProfile(db: Kysely<Database>): Promise<StoredProfile | null> {
  const row = await db.selectFrom("policy_profiles").selectAll().where("is_active", "=", 1).executeTakeFirst();
  return row
    ? { id: row.id, version: row.version, data: JSON.parse(row.data) as unknown, isActive: true, createdAt: row.created_at }
    : null;
}

export async function findProfile(db: Kysely<Database>, id: string, version: number): Promise<StoredProfile | null> {
  const row = await db.selectFrom("policy_profiles").selectAll().where("id", "=", id).where("version", "=", version).executeTakeFirst();
  return row
    ? { id: row.id, version: row.version, data: JSON.parse(row.data) as unknown, isActive: row.is_active === 1, createdAt: row.created_at }
    : null;
}

export async function listProfiles(db: Kysely<Database>): Promise<Omit<StoredProfile, "data">[]> {
  const rows = await db
    .selectFrom("policy_profiles")
    .select(["id", "version", "is_active", "created_at"])
    .orderBy("id")
    .orderBy("version", "desc")
    .execute();
  return rows.map((r) => ({ id: r.id, version: r.version, isActive: r.is_active === 1, createdAt: r.created_at }));
}

/** Inserts a profile version; with `activate` it becomes the one new evaluations use. */
export async function insertProfile(
  db: Kysely<Database>,
  profile: { id: string; version: number; data: unknown; activate: boolean; createdBy: string | null },
): Promise<void> {
  if (profile.activate) await db.updateTable("policy_profiles").set({ is_active: 0 }).where("is_active", "=", 1).execute();
  await db
    .insertInto("policy_profiles")
    .values({
      id: profile.id,
      version: profile.version,
      data: JSON.stringify(profile.data),
      is_active: profile.activate ? 1 : 0,
      created_by: profile.createdBy,
      created_at: nowIso(),
    })
    .execute();
}

export async function listSettingOverrides(db: Kysely<Database>, profileId: string): Promise<SettingOverride[]> {
  const rows = await db
    .selectFrom("policy_settings as s")
    .leftJoin("users as u", "u.id", "s.updated_by")
    .select(["s.setting_key", "s.value", "s.updated_by", "s.updated_at", "u.display_name"])
    .where("s.profile_id", "=", profileId)
    .orderBy("s.setting_key")
    .execute();
  const out: SettingOverride[] = [];
  for (const r of rows) {
    const value = parseValue(r.value);
    if (value !== null) out.push({ key: r.setting_key, value, updatedBy: r.updated_by, updatedByName: r.display_name, updatedAt: r.updated_at });
  }
  return out;
}

export async function upsertSettingOverride(
  db: Kysely<Database>,
  override: { profileId: string; key: string; value: number | boolean; updatedBy: string | null },
): Promise<void> {
  const now = nowIso();
  await db
    .insertInto("policy_settings")
    .values({
      profile_id: override.profileId,
      setting_key: override.key,
      value: JSON.stringify(override.value),
      updated_by: override.updatedBy,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.columns(["profile_id", "setting_key"]).doUpdateSet({ value: JSON.stringify(override.value), updated_by: override.updatedBy, updated_at: now }),
    )
    .execute();
}

export async function deleteSettingOverride(db: Kysely<Database>, profileId: string, key: string): Promise<void> {
  await db.deleteFrom("policy_settings").where("profile_id", "=", profileId).where("setting_key", "=", key).execute();
}
