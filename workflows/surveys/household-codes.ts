// Household codes (户码): one per household and round, printed on a slip, typed on a phone.
// Only the HMAC of a code is stored (household-codes.server.ts).

/** No 0/O, 1/I/L (look alike in print) and no U (read as V): 30 symbols, 30^8 ≈ 6.6 × 10^11 codes. */
export const HOUSEHOLD_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";
export const HOUSEHOLD_CODE_LENGTH = 8;
export const MAX_HOUSEHOLD_CODES_PER_BATCH = 100_000;

/** Letters people type for one that is in the alphabet. */
const CONFUSIONS: Readonly<Record<string, string>> = { U: "V" };
const SEPARATORS = /[\s\-_.·•—–~]/g;
const VALID = new RegExp(`^[${HOUSEHOLD_CODE_ALPHABET}]{${HOUSEHOLD_CODE_LENGTH}}$`);

/** "K7QHM2PX" → "K7QH-M2PX", the printed form. */
export function formatHouseholdCode(code: string): string {
  const half = HOUSEHOLD_CODE_LENGTH / 2;
  return `${code.slice(0, half)}-${code.slice(half)}`;
}

/**
 * What a resident typed → the compact code: full-width characters (Chinese keyboards) and
 * lower case folded, spaces and dashes removed, look-alikes mapped. May still be invalid.
 */
export function normaliseHouseholdCode(input: string): string {
  return input
    .normalize("NFKC")
    .toUpperCase()
    .replace(SEPARATORS, "")
    .replace(/[A-Z]/g, (ch) => CONFUSIONS[ch] ?? ch);
}

export function isHouseholdCode(input: string): boolean {
  return VALID.test(normaliseHouseholdCode(input));
}

/**
 * `count` distinct codes in printed form. `random` returns numbers in [0, 1); pass a
 * cryptographic source in production (secureRandom in household-codes.server.ts) and a seeded
 * one in tests. Uniqueness across batches is the database's job (unique hash per survey).
 */
export function generateHouseholdCodes(count: number, random: () => number): string[] {
  if (!Number.isInteger(count) || count < 0 || count > MAX_HOUSEHOLD_CODES_PER_BATCH) {
    throw new RangeError(`count must be an integer between 0 and ${MAX_HOUSEHOLD_CODES_PER_BATCH}`);
  }
  const n = HOUSEHOLD_CODE_ALPHABET.length;
  const codes = new Set<string>();
  let attempts = 0;
  while (codes.size < count) {
    if (++attempts > count * 20 + 100) throw new Error("random source keeps repeating codes");
    let code = "";
    for (let i = 0; i < HOUSEHOLD_CODE_LENGTH; i++) {
      const r = random();
      if (!(r >= 0 && r < 1)) throw new RangeError("random() must return a number in [0, 1)");
      code += HOUSEHOLD_CODE_ALPHABET[Math.floor(r * n)];
    }
    codes.add(code);
  }
  return [...codes].map(formatHouseholdCode);
}
