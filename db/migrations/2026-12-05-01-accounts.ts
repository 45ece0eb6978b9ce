import type { Kysely } from "kysely";

// Real accounts (issue 15): what user administration, forced password changes, the session
// list and atomic sign-in throttling need.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable("users").addColumn("phone", "text").execute();
  await db.schema.alterTable("users").addColumn("must_change_password", "integer", (c) => c.notNull().defaultTo(0)).execute();
  // 1 once the password was generated or passed the password rules (which refuse the demo
  // password); accounts from before are checked against the demo password at a production start.
  await db.schema.alterTable("users").addColumn("password_checked", "integer", (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable("users").addColumn("last_login_at", "text").execute();
  await db.schema.alterTable("users").addColumn("updated_at", "text").execute();
  await db.schema.alterTable("users").addColumn("version", "integer", (c) => c.notNull().defaultTo(1)).execute();
  await db.updateTable("users").set((eb) => ({ updated_at: eb.ref("created_at") })).execute();
  await db.schema.createIndex("users_scope").on("users").columns(["scope_code", "role"]).execute();

  await db.schema.alterTable("sessions").addColumn("ip", "text").execute();
  await db.schema.alterTable("sessions").addColumn("user_agent", "text").execute();
  await db.schema.createIndex("sessions_expires").on("sessions").column("expires_at").execute();
  await db.schema.createIndex("login_attempts_time").on("login_attempts").column("attempted_at").execute();

  // One row per (username, address) and per address: failures so far and when the next
  // attempt may be checked. Updated under a lock, so concurrent attempts count one by one.
  await db.schema
    .createTable("login_throttles")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("username", "text")
    .addColumn("failures", "integer", (c) => c.notNull())
    .addColumn("next_allowed_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_throttles_username").on("login_throttles").column("username").execute();

  await db.schema.createIndex("audit_log_actor").on("audit_log").columns(["actor_user_id", "created_at"]).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex("audit_log_actor").execute();
  await db.schema.dropTable("login_throttles").execute();
  await db.schema.dropIndex("login_attempts_time").execute();
  await db.schema.dropIndex("sessions_expires").execute();
  await db.schema.alterTable("sessions").dropColumn("user_agent").execute();
  await db.schema.alterTable("sessions").dropColumn("ip").execute();
  await db.schema.dropIndex("users_scope").execute();
  for (const column of ["version", "updated_at", "last_login_at", "password_checked", "must_change_password", "phone"]) {
    await db.schema.alterTable("users").dropColumn(column).execute();
  }
}
