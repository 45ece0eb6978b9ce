// `npm run cli -- import-spaces <file.csv|file.xlsx> [--system GCJ02] [--dry-run] [--json]`: the
// idle-space inventory from a sheet, through the same use case as the 数据导入 page.
import path from "node:path";
import { importIdleSpaces, previewIdleSpaces } from "../../app/lib/idle-spaces.server";
import { importProblems } from "../../app/validation/import";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { parseCoordinateSystem } from "../../workflows/coordinates";
import { CONSOLE_ACTOR } from "../../workflows/permissions";
import { readSheetFile } from "./sheet-file";

export const IMPORT_SPACES_USAGE =
  "import-spaces <文件.csv|.xlsx> [--system GCJ-02] [--dry-run] [--json]  导入存量空间台账（坐标换算为 WGS-84；全部成功才写入；--dry-run 只检查）";

export async function runImportSpaces(args: string[]): Promise<number> {
  const dryRun = args.includes("--dry-run");
  const json = args.includes("--json");
  const systemAt = args.indexOf("--system");
  const file = args.find((a, i) => !a.startsWith("--") && (systemAt < 0 || i !== systemAt + 1));
  let defaultSystem;
  if (systemAt >= 0) {
    const parsed = parseCoordinateSystem(args[systemAt + 1]);
    if (!parsed.ok) {
      console.error(parsed.reason);
      return 2;
    }
    defaultSystem = parsed.system;
  }
  const sheet = await readSheetFile(file);
  if (!sheet) return 2;
  const { db } = createDatabase();
  try {
    await migrateToLatest(db);
    const change = { actor: CONSOLE_ACTOR, ip: null };
    const input = { sheet, source: path.basename(file!), defaultSystem };
    if (dryRun) {
      const preview = await previewIdleSpaces(db, change, input);
      const rows = preview.ok ? preview.rows : [];
      const errors = preview.ok ? preview.problems : importProblems(preview.errors ?? {});
      if (json) console.log(JSON.stringify({ rows, errors }, null, 2));
      else report(rows.length, errors, "检查完成（未写入）");
      return errors.length || !preview.ok ? 2 : 0;
    }
    const result = await importIdleSpaces(db, change, input);
    if (!result.ok) {
      const errors = importProblems(result.errors ?? {});
      if (json) console.log(JSON.stringify({ rows: [], errors: errors.length ? errors : [{ row: 0, column: "", reason: result.message }] }, null, 2));
      else report(0, errors.length ? errors : [{ row: 0, column: "", reason: result.message }], "导入失败，未写入任何数据");
      return 2;
    }
    if (json) console.log(JSON.stringify({ imported: result.updated, errors: [] }));
    else console.log(`已导入 ${result.updated} 处存量空间。`);
    return 0;
  } finally {
    await db.destroy();
  }
}

function report(rows: number, errors: { row: number; column: string; reason: string }[], title: string): void {
  console.log(`${title}：${rows} 行无误${errors.length ? `，${errors.length} 处问题：` : "。"}`);
  for (const e of errors) console.error(`  第 ${e.row} 行 · ${e.column || "—"}：${e.reason}`);
}
