import type { InsertObject, Insertable, Kysely } from "kysely";
import type { Database } from "../schema";

/** Multi-row inserts in chunks keep the statement under SQLite's and PostgreSQL's parameter limits. */
export async function insertInChunks<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: Insertable<Database[T]>[],
  chunkSize = 200,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) {
    await db
      .insertInto(table)
      .values(rows.slice(i, i + chunkSize) as InsertObject<Database, T>[])
      .execute();
  }
}
