// Reading the audit log's account events: changes to accounts (entity "user"), sign-ins, and
// refused attempts to manage accounts. Written by db/repositories/audit.ts like every change.
import type { Kysely } from "kysely";
import type { AccountAuditEntry } from "../../workflows/accounts";
import type { Database } from "../schema";

export interface AccountAuditFilter {
  /** Part of the actor's username or name. */
  who?: string;
  /** An action (e.g. "user.disable"), or a prefix ending in "." or ":" ("user.", "denied:"). */
  what?: string;
  /** ISO instants, inclusive from, exclusive to. */
  from?: string;
  to?: string;
  /** Events about accounts (or by actors) whose scope code starts with this. */
  scopePrefix?: string;
}

export type { AccountAuditEntry };

/** LIKE's wildcards and escape differ between SQLite and PostgreSQL: search text goes without them. */
export const likeSafe = (text: string) => text.replace(/[\\%_]/g, "");

function filtered(db: Kysely<Database>, filter: AccountAuditFilter) {
  let query = db
    .selectFrom("audit_log as a")
    .leftJoin("users as target", (join) => join.onRef("target.id", "=", "a.entity_id").on("a.entity_type", "=", "user"))
    .leftJoin("users as actor", "actor.id", "a.actor_user_id")
    .where((eb) => eb.or([eb("a.entity_type", "=", "user"), eb("a.action", "like", "denied:manage:%"), eb("a.action", "=", "denied:view:accounts")]));
  if (filter.who) {
    const like = `%${likeSafe(filter.who)}%`;
    query = query.where((eb) =>
      eb.or([eb("actor.username", "like", like), eb("actor.display_name", "like", like), eb("a.actor_user_id", "=", filter.who!)]),
    );
  }
  if (filter.what) {
    query = /[.:]$/.test(filter.what) ? query.where("a.action", "like", `${likeSafe(filter.what)}%`) : query.where("a.action", "=", filter.what);
  }
  if (filter.from) query = query.where("a.created_at", ">=", filter.from);
  if (filter.to) query = query.where("a.created_at", "<", filter.to);
  if (filter.scopePrefix) {
    const like = `${likeSafe(filter.scopePrefix)}%`;
    query = query.where((eb) =>
      eb.or([
        eb("target.scope_code", "like", like),
        eb.and([eb("a.entity_type", "=", "place"), eb("a.entity_id", "like", like)]),
        eb("actor.scope_code", "like", like),
      ]),
    );
  }
  return query;
}

export async function listAccountAudit(
  db: Kysely<Database>,
  filter: AccountAuditFilter,
  page: { offset: number; limit: number },
): Promise<{ entries: AccountAuditEntry[]; total: number }> {
  const query = filtered(db, filter);
  const [rows, count] = await Promise.all([
    query
      .select([
        "a.id",
        "a.created_at",
        "a.action",
        "a.actor_user_id",
        "a.actor_role",
        "a.entity_type",
        "a.entity_id",
        "a.before_json",
        "a.after_json",
        "a.ip",
        "actor.username as actor_username",
        "actor.display_name as actor_name",
        "target.username as target_username",
        "target.display_name as target_name",
        "target.scope_code as target_scope",
      ])
      .orderBy("a.created_at", "desc")
      .orderBy("a.id")
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    entries: rows.map((r) => ({
      id: r.id,
      createdAt: r.created_at,
      action: r.action,
      actorUsername: r.actor_username ?? (r.actor_user_id === "console" ? "console" : null),
      actorName: r.actor_name,
      actorRole: r.actor_role,
      targetUsername: r.target_username,
      targetName: r.target_name,
      scopeCode: r.entity_type === "place" ? r.entity_id : r.target_scope,
      before: r.before_json,
      after: r.after_json,
      ip: r.ip,
    })),
  };
}

/** The trail of one account: changes made to it, newest first. */
export async function listAuditOfAccount(db: Kysely<Database>, userId: string, limit: number): Promise<AccountAuditEntry[]> {
  const rows = await db
    .selectFrom("audit_log as a")
    .leftJoin("users as actor", "actor.id", "a.actor_user_id")
    .select(["a.id", "a.created_at", "a.action", "a.actor_user_id", "a.actor_role", "a.before_json", "a.after_json", "a.ip", "actor.username", "actor.display_name"])
    .where("a.entity_type", "=", "user")
    .where("a.entity_id", "=", userId)
    .orderBy("a.created_at", "desc")
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    action: r.action,
    actorUsername: r.username ?? (r.actor_user_id === "console" ? "console" : null),
    actorName: r.display_name,
    actorRole: r.actor_role,
    targetUsername: null,
    targetName: null,
    scopeCode: null,
    before: r.before_json,
    after: r.after_json,
    ip: r.ip,
  }));
}
