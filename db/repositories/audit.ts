import type { Kysely } from "kysely";
import { newId } from "../ids";
import { nowIso } from "../clock";
import type { Role } from "../../workflows/glossary";
import type { Database } from "../schema";

export interface AuditEntry {
  actor: { id: string; role: Role } | null;
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
  ip: string | null;
}

/** Call inside the transaction that makes the change, so the two commit together. */
export async function writeAudit(db: Kysely<Database>, entry: AuditEntry): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      id: newId(),
      actor_user_id: entry.actor?.id ?? null,
      actor_role: entry.actor?.role ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      before_json: entry.before === undefined ? null : JSON.stringify(entry.before),
      after_json: entry.after === undefined ? null : JSON.stringify(entry.after),
      ip: entry.ip,
      created_at: nowIso(),
    })
    .execute();
}
