// The shape every project/operation use-case answers with: ok with its values, or a refusal
// (400 invalid, 403 not allowed, 404 absent, 409 stale or wrong state) with a Chinese
// message and optional field errors. A refusal thrown inside the transaction rolls it back.
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema";

export type Failure = { ok: false; status: 400 | 403 | 404 | 409; message: string; errors?: Record<string, string> };
export type Outcome<T extends object = object> = ({ ok: true } & T) | Failure;

export class Refusal extends Error {
  constructor(readonly failure: Failure) {
    super(failure.message);
  }
}

export function refuse(status: Failure["status"], message: string, errors?: Record<string, string>): never {
  throw new Refusal({ ok: false, status, message, ...(errors ? { errors } : {}) });
}

/** Runs `work` in one transaction; a Refusal becomes the answer and nothing is kept. */
export async function inTransaction<T extends object>(db: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<Outcome<T>> {
  try {
    const value = await db.transaction().execute(work);
    return { ok: true as const, ...value };
  } catch (error) {
    if (error instanceof Refusal) return error.failure;
    throw error;
  }
}
