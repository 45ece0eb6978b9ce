// Writes the siting contract's JSON Schemas from the zod schemas:
//   npx tsx scripts/generate-siting-schemas.ts
// tests/unit/siting-contract.test.ts fails when the committed files drift from these.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { sitingJsonSchemas } from "../workflows/siting-contract";
import { schemaFileText } from "./generate-evaluation-schemas";

export const SITING_SCHEMA_FILES = {
  input: "docs/siting-input.schema.json",
  output: "docs/siting-output.schema.json",
} as const;

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = path.resolve(import.meta.dirname, "..");
  const schemas = sitingJsonSchemas();
  for (const key of ["input", "output"] as const) {
    fs.writeFileSync(path.join(root, SITING_SCHEMA_FILES[key]), schemaFileText(schemas[key]));
    console.log(`已生成 ${SITING_SCHEMA_FILES[key]}`);
  }
}
