// The household-code box of the resident page and of paper entry: the code as it is typed,
// grouped like the printed slip (K7QH-M2PX), and the input's attributes for it.
import { formatHouseholdCode, normaliseHouseholdCode } from "../../workflows/surveys/household-codes";

/** What has been typed so far, normalised, at most eight characters, with the slip's dash once past the fourth. */
export function formatTypedCode(input: string): string {
  const normalised = normaliseHouseholdCode(input).slice(0, 8);
  return normalised.length > 4 ? formatHouseholdCode(normalised) : normalised;
}

/** No autofill or spell-check, capitals on phones, room for the dash and a stray space. */
export const HOUSEHOLD_CODE_INPUT = {
  id: "household-code",
  name: "householdCode",
  autoComplete: "off",
  autoCapitalize: "characters",
  spellCheck: false,
  maxLength: 12,
} as const;
