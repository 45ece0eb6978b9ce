// The places an account can be responsible for (区, 街道, 社区), by NBS code, with full names.
import type { Kysely } from "kysely";
import type { Database } from "../schema";

export interface ScopeEntry {
  code: string;
  /** e.g. "上城区 清波街道 清波门社区". */
  name: string;
}

/** Every district, street and community (≈ 2,600 rows): imports check a whole file against it. */
export async function listScopes(db: Kysely<Database>): Promise<Map<string, ScopeEntry>> {
  const [districts, streets, communities] = await Promise.all([
    db.selectFrom("districts").select(["code", "name"]).execute(),
    db.selectFrom("streets").select(["code", "name", "district_code"]).execute(),
    db.selectFrom("communities").select(["code", "name", "street_code"]).execute(),
  ]);
  const scopes = new Map<string, ScopeEntry>();
  for (const d of districts) scopes.set(d.code, { code: d.code, name: d.name });
  for (const s of streets) scopes.set(s.code, { code: s.code, name: `${scopes.get(s.district_code)?.name ?? ""} ${s.name}`.trim() });
  for (const c of communities) scopes.set(c.code, { code: c.code, name: `${scopes.get(c.street_code)?.name ?? ""} ${c.name}`.trim() });
  return scopes;
}

/** One scope's full name, or null when the code names no place. */
export async function findScope(db: Kysely<Database>, code: string): Promise<ScopeEntry | null> {
  const district = code.slice(0, 6);
  const [d, s, c] = await Promise.all([
    db.selectFrom("districts").select("name").where("code", "=", district).executeTakeFirst(),
    code.length >= 9 ? db.selectFrom("streets").select("name").where("code", "=", code.slice(0, 9)).executeTakeFirst() : Promise.resolve(undefined),
    code.length === 12 ? db.selectFrom("communities").select("name").where("code", "=", code).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  if (!d || (code.length >= 9 && !s) || (code.length === 12 && !c) || ![6, 9, 12].includes(code.length)) return null;
  return { code, name: [d.name, s?.name, c?.name].filter(Boolean).join(" ") };
}
