import { v7 as uuidv7 } from "uuid";

/** Time-ordered ids keep B-tree inserts local on both SQLite and PostgreSQL. */
export function newId(): string {
  return uuidv7();
}

export function nowIso(): string {
  return new Date().toISOString();
}
