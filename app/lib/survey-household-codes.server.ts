import { createHmac, randomInt } from "node:crypto";
import { normaliseHouseholdCode } from "../../workflows/surveys/household-codes";

const RANDOM_RANGE = 2 ** 48 - 1;

/** Uniform in [0, 1) from the OS CSPRNG, for generateHouseholdCodes. */
export function secureRandom(): number {
  return randomInt(0, RANDOM_RANGE) / RANDOM_RANGE;
}

/**
 * HMAC-SHA256 (hex) of the normalised code: what the database stores and looks up, so a leaked
 * table does not reveal codes. Typed and printed forms of one code give the same hash.
 */
export function hashHouseholdCode(code: string, secret: string): string {
  if (secret.length < 16) throw new Error("household code secret must be at least 16 characters");
  return createHmac("sha256", secret).update(normaliseHouseholdCode(code), "utf8").digest("hex");
}
