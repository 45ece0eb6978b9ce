// Password hashing (argon2id, @node-rs/argon2's defaults: 19 MiB, 2 passes), one-time
// passwords and the password rules. Hashing and verifying run on libuv's thread pool
// (UV_THREADPOOL_SIZE, 4 by default), so concurrent calls use every core.
import crypto from "node:crypto";
import { hash, verify } from "@node-rs/argon2";
import { isCommonPassword } from "../../db/common-passwords";
import { passwordProblem } from "../../workflows/accounts";

export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false; // a malformed stored hash verifies nothing
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * A hash no password matches, made once per process with the same parameters as real ones:
 * an unknown username is verified against it, so it takes as long as a wrong password.
 */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hash(crypto.randomBytes(32).toString("base64"));
  return dummyHash;
}

// No 0/O, 1/l/I: one-time passwords are typed from paper.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

/** 12 random characters in three groups (≈ 59 bits), e.g. "k7pq-m3xa-9rtw". */
export function newOneTimePassword(): string {
  const chars = Array.from({ length: 12 }, () => ALPHABET[crypto.randomInt(ALPHABET.length)]);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4, 8).join("")}-${chars.slice(8).join("")}`;
}

/** Null when `password` may be chosen by `username`; otherwise the reason in Chinese. */
export function choosablePasswordProblem(password: string, username: string): string | null {
  return passwordProblem(password, username, isCommonPassword);
}

/** Hashes many passwords at once, a few at a time per core (the thread pool does the rest). */
export async function hashPasswords(passwords: readonly string[], onProgress?: (done: number) => void): Promise<string[]> {
  const hashes = new Array<string>(passwords.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < passwords.length) {
      const i = next++;
      hashes[i] = await hash(passwords[i]);
      onProgress?.(++done);
    }
  };
  const threads = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  await Promise.all(Array.from({ length: Math.min(threads, passwords.length) }, worker));
  return hashes;
}
