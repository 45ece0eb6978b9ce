import { createHmac, randomInt } from "node:crypto";
import { readPepper } from "../../db/household-code-pepper";
import { normaliseHouseholdCode } from "../../workflows/surveys/household-codes";

const RANDOM_RANGE = 2 ** 48 - 1;

/** Uniform in [0, 1) from the OS CSPRNG, for generateHouseholdCodes. */
export function secureRandom(): number {
  return randomInt(0, RANDOM_RANGE) / RANDOM_RANGE;
}

/**
 * What the database stores and looks up: HMAC-SHA256 keyed by the pepper kept outside the
 * database (db/household-code-pepper.ts) over the survey-salted HMAC of the normalised code.
 * A leaked table (hashes and salts) cannot be enumerated without the pepper file. Typed and
 * printed forms of one code give the same hash.
 */
export function hashHouseholdCode(code: string, salt: string, pepper: string = readPepper()): string {
  if (salt.length < 16) throw new Error("household code secret must be at least 16 characters");
  const salted = createHmac("sha256", salt).update(normaliseHouseholdCode(code), "utf8").digest();
  return createHmac("sha256", pepper).update(salted).digest("hex");
}
