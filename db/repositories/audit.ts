import type { Kysely } from "kysely";
import { nowIso } from "../clock";
import type { Role } from "../../workflows/glossary";
import type { Database } from "../schema";
import { insertWithNewId } from "./new-row";

export interface AuditEntry {
  actor: { id: string; role: Role } | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  ip: string | null;
}

/** Who did it, as the audit log and the cycle events record it (no one: the system). */
export function actorColumns(actor: { id: string; role: Role } | null) {
  return { actor_user_id: actor?.id ?? null, actor_role: actor?.role ?? null };
}

/** Call inside the transaction that makes the change, so the two commit together. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await insertWithNewId(db, "audit_log", {
    ...actorColumns(entry.actor),
    action: entry.action,
    entity_type: entry.entityType,
    entity_id: entry.entityId,
    before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
    after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
    ip: entry.ip,
    created_at: nowIso(),
  });
}
