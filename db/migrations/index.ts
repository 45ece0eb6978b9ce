// Static list of migrations, so they bundle and run the same under tsx, vitest and the
// production build. Add new ones at the end; never edit a migration that has shipped.
import type { Migration } from "kysely";
import * as foundation from "./2026-11-29-01-foundation";

export const migrations: Record<string, Migration> = {
  "2026-11-29-01-foundation": foundation,
};
