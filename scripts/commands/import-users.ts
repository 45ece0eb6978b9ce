// `npm run cli -- import-users <file.csv|file.xlsx> --out <slips.xlsx|slips.csv>`: a city-wide
// roll-out of accounts, all or nothing, through the same use case as /admin/users/import.
// The slips file (用户名, 姓名, 角色, 范围, 初始密码) is the only copy of the one-time passwords.
import fs from "node:fs";
import path from "node:path";
import { importAccounts, importErrorsOf, readAccountSheet } from "../../app/lib/account-import.server";
import { slipsCsv, slipsXlsx } from "../../app/lib/account-files.server";
import { publicBaseUrl } from "../../app/lib/production-check.server";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { CONSOLE_ACTOR } from "../../workflows/permissions";
import { progressBar } from "../progress-bar";
import { readSheetFile } from "./sheet-file";

export const IMPORT_USERS_USAGE = "import-users <账号.csv|.xlsx> --out <开通单.xlsx|.csv>  批量创建账号（全部成功才写入），一次性密码写入开通单文件";

function printProblems(errors: { row: number; column: string; reason: string }[]): void {
  console.error(`导入失败，未创建任何账号。共 ${errors.length} 处问题：`);
  for (const e of errors.slice(0, 200)) console.error(`  第 ${e.row} 行 · ${e.column || "—"}：${e.reason}`);
  if (errors.length > 200) console.error(`  ……其余 ${errors.length - 200} 处略`);
}

export async function runImportUsers(args: string[]): Promise<number> {
  const outIndex = args.indexOf("--out");
  const out = outIndex >= 0 ? args[outIndex + 1] : undefined;
  const file = args.find((a, i) => !a.startsWith("--") && i !== outIndex + 1);
  if (!file || !out || !/\.(xlsx|csv)$/i.test(out)) {
    console.error(`用法：npm run cli -- ${IMPORT_USERS_USAGE}`);
    return 2;
  }
  if (fs.existsSync(out)) {
    console.error(`开通单文件已存在：${out}。为免覆盖其中的一次性密码，请换一个文件名。`);
    return 2;
  }
  const sheet = await readSheetFile(file);
  if (!sheet) return 2;
  const { rows, errors } = readAccountSheet(sheet);
  if (errors.length) {
    printProblems(errors);
    return 2;
  }
  const { db } = createDatabase();
  try {
    await migrateToLatest(db);
    const started = performance.now();
    const bar = progressBar("生成一次性密码");
    const result = await importAccounts(db, { actor: CONSOLE_ACTOR, ip: null }, { rows, source: path.basename(file) }, (done, total) => bar.update(done, total));
    bar.end();
    if (!result.ok) {
      const problems = importErrorsOf(result);
      if (problems.length) printProblems(problems);
      else console.error(result.message);
      return 2;
    }
    const body = /\.csv$/i.test(out) ? slipsCsv(result.slips) : await slipsXlsx(result.slips, `${publicBaseUrl()}/login`);
    // Only the owner may read the one-time passwords.
    fs.writeFileSync(out, body, { mode: 0o600, flag: "wx" });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`已创建 ${result.slips.length} 个账号（${seconds} 秒）。一次性密码只在开通单中：${out}。分发后请删除该文件；首次登录须设置新密码。`);
    return 0;
  } finally {
    await db.destroy();
  }
}
