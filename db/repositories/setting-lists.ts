// [默认值] lists (issue 18): the 市级管理员's changes to a module's default lists, one row per
// changed item. The defaults live in workflows/; workflows/setting-lists.ts applies the rows.
import type { Kysely } from "kysely";
import { nowIso } from "../clock";
import type { Database } from "../schema";

export interface ListItemChange {
  list: string;
  item: string;
  action: "add" | "remove";
  value: string | null;
  updatedByName: string | null;
  updatedAt: string;
}

export async function listItemChanges(db: Kysely<Database>, module: string): Promise<ListItemChange[]> {
  const rows = await db
    .selectFrom("setting_list_items as s")
    .leftJoin("users as u", "u.id", "s.updated_by")
    .select(["s.list", "s.item", "s.action", "s.value", "s.updated_at", "u.display_name"])
    .where("s.module", "=", module)
    .orderBy("s.list")
    .orderBy("s.item")
    .execute();
  return rows.map((r) => ({ list: r.list, item: r.item, action: r.action, value: r.value, updatedByName: r.display_name, updatedAt: r.updated_at }));
}

export async function upsertListItemChange(
  db: Kysely<Database>,
  change: { module: string; list: string; item: string; action: "add" | "remove"; value: string | null; updatedBy: string | null },
): Promise<void> {
  const now = nowIso();
  await db
    .insertInto("setting_list_items")
    .values({ module: change.module, list: change.list, item: change.item, action: change.action, value: change.value, updated_by: change.updatedBy, updated_at: now })
    .onConflict((oc) => oc.columns(["module", "list", "item"]).doUpdateSet({ action: change.action, value: change.value, updated_by: change.updatedBy, updated_at: now }))
    .execute();
}

/** Back to the default: one item's row, or (item null) every row of the list. */
export async function deleteListItemChanges(db: Kysely<Database>, module: string, list: string, item: string | null): Promise<void> {
  let query = db.deleteFrom("setting_list_items").where("module", "=", module).where("list", "=", list);
  if (item !== null) query = query.where("item", "=", item);
  await query.execute();
}
