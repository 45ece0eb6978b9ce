// Inserting a row under a fresh id (db/ids.ts) and handing the id back: the shape of most
// "create" functions in the repositories.
import type { InsertObject, Kysely } from "kysely";
import { newId } from "../ids";
import type { Database } from "../schema";

type TableWithId = { [T in keyof Database]: Database[T] extends { id: string } ? T : never }[keyof Database];

export async function insertWithNewId<T extends TableWithId>(db: Kysely<Database>, table: T, values: Omit<InsertObject<Database, T>, "id">): Promise<string> {
  const id = newId();
  // TypeScript cannot see that { id, ...rest } is a whole row of a generic table; callers' values are checked at their own table.
  const row = { id, ...values } as unknown as InsertObject<Database, T>;
  await db.insertInto(table).values(row).execute();
  return id;
}
