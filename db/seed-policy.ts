// Seed step: the built-in policy profiles are stored; the default one becomes active.
import type { Kysely } from "kysely";
import { builtInProfiles, loadBuiltInProfile } from "../workflows/policy/profile";
import { findActiveProfile, insertProfile, listProfiles } from "./repositories/policy";
import type { Database } from "./schema";

export async function seedPolicyProfiles(db: Kysely<Database>): Promise<void> {
  const existing = new Set((await listProfiles(db)).map((p) => `${p.id}@${p.version}`));
  const hasActive = (await findActiveProfile(db)) !== null;
  for (const profile of builtInProfiles) {
    if (existing.has(`${profile.id}@${profile.version}`)) continue;
    const activate = !hasActive && profile.id === loadBuiltInProfile().id;
    await insertProfile(db, { id: profile.id, version: profile.version, data: profile, activate, createdBy: null });
  }
}
