// Shared by the tests of the JSON contracts (evaluation, siting): the committed schema files
// and inputs that differ from a valid one in one place.
import fs from "node:fs";
import { expect } from "vitest";
import { schemaFileText } from "../../scripts/generate-evaluation-schemas";

/** The committed schema files are exactly what the zod schemas generate now. */
export function expectCommittedSchemas(files: { input: string; output: string }, schemas: { input: Record<string, unknown>; output: Record<string, unknown> }): void {
  expect(fs.readFileSync(files.input, "utf8")).toBe(schemaFileText(schemas.input));
  expect(fs.readFileSync(files.output, "utf8")).toBe(schemaFileText(schemas.output));
}

type ContractParser = (value: unknown) => { ok: true } | { ok: false; errors: string[] };

/**
 * What a contract's input tests start from: `changed`, a deep copy of the valid input with one
 * change, and `errorsFor`, the errors the parser gives for an input it must refuse.
 */
export function contractInputs<T extends object>(parse: ContractParser, valid: T) {
  return {
    changed(change: (input: T & Record<string, unknown>) => void): unknown {
      const copy = structuredClone(valid) as T & Record<string, unknown>;
      change(copy);
      return copy;
    },
    errorsFor(value: unknown): string[] {
      const parsed = parse(value);
      if (parsed.ok) throw new Error("expected the input to be refused");
      return parsed.errors;
    },
  };
}
