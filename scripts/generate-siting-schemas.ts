// Writes the siting contract's JSON Schemas from the zod schemas:
//   npx tsx scripts/generate-siting-schemas.ts
// tests/unit/siting-contract.test.ts fails when the committed files drift from these.
import { pathToFileURL } from "node:url";
import { sitingJsonSchemas } from "../workflows/siting-contract";
import { writeSchemaFiles } from "./generate-evaluation-schemas";

export const SITING_SCHEMA_FILES = {
  input: "docs/siting-input.schema.json",
  output: "docs/siting-output.schema.json",
} as const;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) writeSchemaFiles(SITING_SCHEMA_FILES, sitingJsonSchemas());
