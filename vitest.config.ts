import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// One household-code pepper for the whole run: a test that issues codes through the use cases
// and the server it starts on a copied database must hash with the same secret. Workers and
// spawned servers inherit it from here.
process.env.HOUSEHOLD_CODE_PEPPER_FILE ??= path.join(fs.mkdtempSync(path.join(os.tmpdir(), "hz-test-pepper-")), "household-code-pepper");

// The security and e2e files each start the built server (and e2e files a Chromium too): each
// server is its own process, so two files at a time suit a 2-core machine.
const serverPerFile = {
  globalSetup: ["tests/support/template-database.ts", "tests/support/ensure-build.ts"],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  maxWorkers: 2,
};

export default defineConfig({
  test: {
    reporters: ["default", "./tests/support/summary-reporter.ts"],
    projects: [
      {
        test: {
          name: "unit",
          sequence: { groupOrder: 0 },
          include: ["tests/unit/**/*.test.{ts,tsx}"],
          setupFiles: ["tests/support/fail-on-console-error.ts"],
        },
      },
      {
        test: {
          name: "integration",
          sequence: { groupOrder: 1 },
          include: ["tests/integration/**/*.test.ts"],
          setupFiles: ["tests/support/isolate-default-database.ts", "tests/support/fail-on-console-error.ts"],
          // The fault tests start the built server (tests/integration/faults-*.test.ts).
          globalSetup: ["tests/support/template-database.ts", "tests/support/ensure-build.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "security",
          sequence: { groupOrder: 2 },
          include: ["tests/security/**/*.test.ts"],
          ...serverPerFile,
        },
      },
      {
        test: {
          name: "e2e",
          sequence: { groupOrder: 3 },
          include: ["tests/e2e/**/*.test.ts"],
          ...serverPerFile,
        },
      },
    ],
  },
});
