// [默认值] lists (issue 18), the sibling of the numeric settings (workflows/setting-overrides.ts)
// for what is a list rather than a number: the comment lexicon's terms and stop words. The
// defaults are data in workflows/; the 市级管理员's changes are one row per item — added (or a
// default item given another value) or removed — so each change is shown beside the default
// and can be taken back on its own. Pure.

export interface ListItem {
  item: string;
  /** A value carried by the item (a term's domain); null for a plain list. */
  value: string | null;
}

export interface ListChange {
  list: string;
  item: string;
  action: "add" | "remove";
  value: string | null;
}

export type ListItemStatus = "default" | "added" | "changed" | "removed";

export interface ListItemView extends ListItem {
  status: ListItemStatus;
  /** The default's value when the item is a default one. */
  defaultValue: string | null;
}

/** The list in force: the defaults with the changes applied (removed items left out). */
export function listInForce(defaults: readonly ListItem[], changes: readonly ListChange[], list: string): ListItem[] {
  return listViews(defaults, changes, list)
    .filter((v) => v.status !== "removed")
    .map(({ item, value }) => ({ item, value }));
}

/** Every default item and every added one, each with its status (what the policy page shows). */
export function listViews(defaults: readonly ListItem[], changes: readonly ListChange[], list: string): ListItemView[] {
  const byItem = new Map(changes.filter((c) => c.list === list).map((c) => [c.item, c]));
  const views: ListItemView[] = defaults.map((d) => {
    const change = byItem.get(d.item);
    byItem.delete(d.item);
    if (!change) return { ...d, status: "default", defaultValue: d.value };
    if (change.action === "remove") return { ...d, status: "removed", defaultValue: d.value };
    return change.value === d.value ? { ...d, status: "default", defaultValue: d.value } : { item: d.item, value: change.value, status: "changed", defaultValue: d.value };
  });
  for (const change of byItem.values()) {
    if (change.action === "add") views.push({ item: change.item, value: change.value, status: "added", defaultValue: null });
  }
  return views;
}

/**
 * The row that brings an item to `next` (null: remove it), given the defaults: none when the
 * item would be as in the defaults (the change is 恢复默认值, its row is deleted).
 */
export function changeFor(defaults: readonly ListItem[], list: string, item: string, next: { value: string | null } | null): ListChange | null {
  const original = defaults.find((d) => d.item === item);
  if (next === null) return original ? { list, item, action: "remove", value: null } : null;
  if (original && original.value === next.value) return null;
  return { list, item, action: "add", value: next.value };
}
