// Rows come back with the tables' snake_case column names; the domain types use camelCase.
// One naming rule serves the type and the value, so a repository's mapper writes only the
// real conversions (0/1 flags, JSON text, renamed or nested fields).

/** `area_m2` → `areaM2`, `share_0_3` → `share03`: what follows each underscore starts with a capital. */
export type CamelCase<Key extends string> = Key extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : Key;

/** A row's columns under their camelCase names, with their types unchanged. */
export type CamelCased<Row> = { [Column in keyof Row & string as CamelCase<Column>]: Row[Column] };

/** The same rule as `CamelCase`, step for step (`Capitalize` upper-cases the first character only). */
export function camelCase<Key extends string>(key: Key): CamelCase<Key> {
  const underscore = key.indexOf("_");
  if (underscore < 0) return key as CamelCase<Key>;
  const tail: string = camelCase(key.slice(underscore + 1));
  return `${key.slice(0, underscore)}${tail.charAt(0).toUpperCase()}${tail.slice(1)}` as CamelCase<Key>;
}

/** Columns qualified by a table alias, for a select that names them: ("e", ["id"]) → ["e.id"]. */
export function qualified<Alias extends string, Column extends string>(alias: Alias, columns: readonly Column[]): `${Alias}.${Column}`[] {
  return columns.map((column) => `${alias}.${column}` as const);
}

/**
 * The named columns of a row under their camelCase names, in the order named; values are
 * passed on as they are (a JSON value or nested object keeps its own keys). The columns are
 * named, not all taken: a row can hold more than the domain type lists (a joined name, a
 * secret, a column added later), and a spread of the whole row would carry it along unseen.
 */
export function camelCased<Row extends object, Column extends keyof Row & string>(row: Row, columns: readonly Column[]): CamelCased<Pick<Row, Column>> {
  const result: Record<string, unknown> = {};
  for (const column of columns) result[camelKey(column)] = row[column];
  return result as CamelCased<Pick<Row, Column>>;
}

// Mappers run once per row of a list; the schema's column names are few, so each is converted once.
const camelKeys = new Map<string, string>();
function camelKey(column: string): string {
  let key = camelKeys.get(column);
  if (key === undefined) camelKeys.set(column, (key = camelCase(column)));
  return key;
}
