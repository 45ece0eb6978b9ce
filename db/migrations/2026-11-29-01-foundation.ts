import type { Kysely } from "kysely";
import { autoIncrementKey } from "../dialect";

// Frozen in time: never import app code here. (The dialect helper is db/, not app code; it
// leaves SQLite's DDL byte for byte as it was — ADR 0006.)
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable("districts")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("in_plan_scope", "integer", (c) => c.notNull().defaultTo(1))
    .execute();

  await db.schema
    .createTable("streets")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("district_code", "text", (c) => c.notNull().references("districts.code"))
    .addColumn("name", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("streets_district").on("streets").column("district_code").execute();

  await db.schema
    .createTable("communities")
    .addColumn("code", "text", (c) => c.primaryKey())
    .addColumn("street_code", "text", (c) => c.notNull().references("streets.code"))
    .addColumn("district_code", "text", (c) => c.notNull().references("districts.code"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("kind", "text", (c) => c.notNull())
    .addColumn("urban_rural_code", "text")
    .addColumn("households", "integer", (c) => c.notNull())
    .addColumn("population", "integer", (c) => c.notNull())
    .addColumn("share_60_plus", "double precision", (c) => c.notNull())
    .addColumn("share_0_3", "double precision", (c) => c.notNull())
    .addColumn("share_3_12", "double precision", (c) => c.notNull())
    .addColumn("development_type", "text", (c) => c.notNull())
    .addColumn("is_pilot", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("has_hub", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("lat", "double precision", (c) => c.notNull())
    .addColumn("lng", "double precision", (c) => c.notNull())
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("communities_street").on("communities").column("street_code").execute();
  await db.schema.createIndex("communities_district").on("communities").column("district_code").execute();

  await db.schema
    .createTable("neighbourhoods")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("community_code", "text", (c) => c.notNull().references("communities.code").onDelete("cascade"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("households", "integer", (c) => c.notNull())
    .addColumn("lat", "double precision", (c) => c.notNull())
    .addColumn("lng", "double precision", (c) => c.notNull())
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex("neighbourhoods_community").on("neighbourhoods").column("community_code").execute();

  await db.schema
    .createTable("facilities")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("community_code", "text", (c) => c.notNull().references("communities.code"))
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("domain", "text", (c) => c.notNull())
    .addColumn("functions", "text", (c) => c.notNull().defaultTo("[]"))
    .addColumn("area_m2", "double precision", (c) => c.notNull())
    .addColumn("office_area_m2", "double precision", (c) => c.notNull().defaultTo(0))
    .addColumn("status", "text", (c) => c.notNull())
    .addColumn("lat", "double precision", (c) => c.notNull())
    .addColumn("lng", "double precision", (c) => c.notNull())
    .addColumn("operator", "text")
    .addColumn("operating_model", "text")
    .addColumn("pricing", "text")
    .addColumn("service_level", "text", (c) => c.notNull())
    .addColumn("hub_part", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("is_demo_data", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("updated_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("facilities_community").on("facilities").column("community_code").execute();

  await db.schema
    .createTable("users")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("username", "text", (c) => c.notNull().unique())
    .addColumn("display_name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("role", "text", (c) => c.notNull())
    .addColumn("scope_code", "text")
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "text", (c) => c.notNull().references("users.id").onDelete("cascade"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("expires_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("login_attempts")
    .addColumn("id", "integer", autoIncrementKey(db))
    .addColumn("username", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("succeeded", "integer", (c) => c.notNull())
    .addColumn("attempted_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("login_attempts_username").on("login_attempts").columns(["username", "attempted_at"]).execute();
  await db.schema.createIndex("login_attempts_ip").on("login_attempts").columns(["ip", "attempted_at"]).execute();

  await db.schema
    .createTable("audit_log")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("actor_user_id", "text")
    .addColumn("actor_role", "text")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("entity_type", "text", (c) => c.notNull())
    .addColumn("entity_id", "text", (c) => c.notNull())
    .addColumn("before_json", "text")
    .addColumn("after_json", "text")
    .addColumn("ip", "text")
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_log_entity").on("audit_log").columns(["entity_type", "entity_id"]).execute();
  await db.schema.createIndex("audit_log_created").on("audit_log").column("created_at").execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of [
    "audit_log",
    "login_attempts",
    "sessions",
    "users",
    "facilities",
    "neighbourhoods",
    "communities",
    "streets",
    "districts",
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
