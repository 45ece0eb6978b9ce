// Writes the evaluation contract's JSON Schemas from the zod schemas:
//   npx tsx scripts/generate-evaluation-schemas.ts
// tests/unit/evaluation-schema.test.ts fails when the committed files drift from these.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { evaluationJsonSchemas } from "../workflows/evaluation-contract";

export const SCHEMA_FILES = {
  input: "docs/evaluation-input.schema.json",
  output: "docs/evaluation-output.schema.json",
} as const;

export function schemaFileText(schema: Record<string, unknown>): string {
  return JSON.stringify(schema, null, 2) + "\n";
}

/** Writes a contract's input and output schemas to their files (paths from the repository root). */
export function writeSchemaFiles(files: { input: string; output: string }, schemas: { input: Record<string, unknown>; output: Record<string, unknown> }): void {
  const root = path.resolve(import.meta.dirname, "..");
  for (const key of ["input", "output"] as const) {
    fs.writeFileSync(path.join(root, files[key]), schemaFileText(schemas[key]));
    console.log(`已生成 ${files[key]}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) writeSchemaFiles(SCHEMA_FILES, evaluationJsonSchemas());
