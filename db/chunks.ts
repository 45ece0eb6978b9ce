// IN lists are cut into parts below every dialect's parameter limit (SQLite 32,766, PostgreSQL 65,535).
const IN_CHUNK = 500;

export function chunks<T>(list: readonly T[], size = IN_CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}
