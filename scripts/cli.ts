// The project's command line: `npm run cli -- <command> [args]`.
import fs from "node:fs";
import path from "node:path";
import { resolveScope, runToEnd, startBatchEvaluation } from "../app/lib/batch-evaluation.server";
import { importCommunityFigures } from "../app/lib/community-import.server";
import { importProfile } from "../app/lib/policy.server";
import { importProblems } from "../app/validation/import";
import { backupSqlite } from "../db/backup";
import { createDatabase, databaseUrlFromEnv, isPostgresUrl, redactUrl } from "../db/client";
import { CopyRefused, copySqliteToPostgres } from "../db/copy-to-postgres";
import { migrateToLatest } from "../db/migrate";
import { appModeFromEnv } from "../db/app-mode";
import { DEMO_PASSWORD, DEMO_USERS, seedDatabase } from "../db/seed";
import { evaluateBatch } from "../workflows/evaluation";
import { parseEvaluationRequest } from "../workflows/evaluation-contract";
import { CONSOLE_ACTOR } from "../workflows/permissions";
import { loadBuiltInProfile } from "../workflows/policy/profile";
import { CHECK_SURVEY_USAGE, runCheckSurvey } from "./commands/check-survey";
import { runCommentKeywords, USAGE as COMMENT_KEYWORDS_USAGE } from "./commands/comment-keywords";
import { importSurveyTextCommand } from "./commands/import-survey-text";
import { runSite, SITE_USAGE } from "./commands/site";
import { IMPORT_SPACES_USAGE, runImportSpaces } from "./commands/import-spaces";
import { IMPORT_USERS_USAGE, runImportUsers } from "./commands/import-users";
import { runSetup, SETUP_USAGE } from "./commands/setup";
import { readSheetFile } from "./commands/sheet-file";
import { progressBar } from "./progress-bar";

type Command = (args: string[]) => Promise<number>;

/** The command line changes data through the same use cases as the app, as a console 市级管理员. */
const CONSOLE = { actor: CONSOLE_ACTOR, ip: null };

const commands: Record<string, { usage: string; run: Command }> = {
  migrate: {
    usage: "migrate                      把数据库迁移到最新结构",
    async run() {
      const { db, file } = createDatabase();
      const result = await migrateToLatest(db);
      const applied = result.results?.filter((r) => r.status === "Success").map((r) => r.migrationName) ?? [];
      console.log(applied.length ? `已迁移 ${file}: ${applied.join(", ")}` : `数据库 ${file} 已是最新结构`);
      await db.destroy();
      return 0;
    },
  },
  seed: {
    usage: "seed [--demo]                载入杭州区划（参考数据）；演示模式下另载演示数据与演示账号（已有数据则跳过）",
    async run(args) {
      const mode = appModeFromEnv();
      if (args.includes("--demo") && mode === "production") {
        console.error("生产环境（NODE_ENV=production）不能载入演示数据或演示账号。演示请在开发机上运行：npm run cli -- seed --demo");
        return 2;
      }
      const { db, file } = createDatabase();
      await migrateToLatest(db);
      const started = performance.now();
      const summary = await seedDatabase(db, undefined, { mode });
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const counts = `${summary.districts} 个区、${summary.streets} 个街道/乡镇、${summary.communities} 个社区/村、${summary.neighbourhoods} 个小区、${summary.facilities} 处设施`;
      const what = mode === "production" ? "参考数据；户数等数据为 0，请用 import-communities 导入真实数据" : "户数、年龄结构、小区、设施与流程进度为演示数据";
      console.log(
        summary.loaded.length === 0
          ? `数据库 ${file} 已有数据，未作改动：${counts}`
          : `已载入 ${file}（${seconds} 秒，${summary.loaded.join("、")}）：${counts}（${what}）`,
      );
      if (mode === "demo") printDemoLogins();
      else console.log("生产模式：未创建任何账号。下一步：npm run cli -- setup --admin <用户名>");
      await db.destroy();
      return 0;
    },
  },
  setup: { usage: SETUP_USAGE, run: runSetup },
  "import-users": { usage: IMPORT_USERS_USAGE, run: runImportUsers },
  "import-spaces": { usage: IMPORT_SPACES_USAGE, run: runImportSpaces },
  "import-communities": {
    usage: "import-communities <文件.csv|.xlsx>  用真实户数、年龄结构等替换演示数据（全部成功才写入）",
    async run([file]) {
      const sheet = await readSheetFile(file);
      if (!sheet) return 2;
      const { db } = createDatabase();
      await migrateToLatest(db);
      const result = await importCommunityFigures(db, CONSOLE, { sheet, source: path.basename(file) });
      await db.destroy();
      if (!result.ok) {
        const problems = importProblems(result.errors ?? {});
        console.error(`导入失败，未写入任何数据。共 ${problems.length} 处问题：`);
        for (const e of problems) console.error(`  第 ${e.row} 行 · ${e.column || "—"}：${e.reason}`);
        return 2;
      }
      console.log(`已导入 ${result.updated} 个社区/村的真实数据。`);
      return 0;
    },
  },
  evaluate: {
    usage: "evaluate <输入.json>          按政策规则评估社区（单个或数组），结果以 JSON 输出；不读写数据库",
    async run([file]) {
      if (!file) {
        console.error("请指定输入的 JSON 文件 / please give an input JSON file: npm run --silent cli -- evaluate <input.json>");
        return 2;
      }
      let text: string;
      try {
        text = fs.readFileSync(file, "utf8");
      } catch (error) {
        const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "找不到输入文件" : "无法读取输入文件";
        const english = (error as NodeJS.ErrnoException).code === "ENOENT" ? "input file not found" : "cannot read input file";
        console.error(`${reason}：${file} / ${english}: ${file}`);
        return 2;
      }
      let json: unknown;
      try {
        json = JSON.parse(text.replace(/^\uFEFF/, ""));
      } catch (error) {
        const detail = error instanceof Error ? error.message : String(error);
        console.error(`输入不是有效的 JSON：${file} / input is not valid JSON: ${detail}`);
        return 2;
      }
      const request = parseEvaluationRequest(json);
      if (!request.ok) {
        console.error(`输入不符合评估接口约定，共 ${request.errors.length} 处问题 / input violates the evaluation contract (${request.errors.length} problem(s)):`);
        for (const line of request.errors) console.error("  " + line);
        return 2;
      }
      const results = evaluateBatch(request.inputs, loadBuiltInProfile());
      const output = JSON.stringify(request.batch ? results : results[0], null, 2) + "\n";
      // main() exits right after: let a large batch reach a pipe first.
      await new Promise<void>((resolve) => process.stdout.write(output, () => resolve()));
      return 0;
    },
  },
  site: { usage: SITE_USAGE, run: runSite },
  "comment-keywords": { usage: COMMENT_KEYWORDS_USAGE, run: runCommentKeywords },
  "evaluate-scope": {
    usage: "evaluate-scope <街道代码|区代码|city>  批量评估并保存（只保存处于“评估”阶段的社区）；进度输出到 stderr",
    async run([code]) {
      const { db } = createDatabase();
      await migrateToLatest(db);
      try {
        const scope = await resolveScope(db, code);
        if (!scope) {
          console.error(`找不到范围“${code ?? ""}”：请给出 9 位街道代码、6 位区代码或 city。`);
          return 2;
        }
        const startedAt = performance.now();
        const started = await startBatchEvaluation(db, CONSOLE, { scope });
        if (!started.ok) {
          console.error(started.message);
          return 2;
        }
        const { jobId, alreadyRunning } = started;
        if (alreadyRunning) console.error(`${scope.name} 已有一个进行中的批量评估，接着处理。`);
        const job = await runToEnd(db, jobId, (j) => process.stderr.write(`\r已评估 ${j.done} / ${j.total}（已保存 ${j.saved}，跳过 ${j.skipped}）`));
        process.stderr.write("\n");
        const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
        console.log(
          `${scope.name}：${job.total} 个社区/村，已保存评估 ${job.saved} 个（处于“评估”阶段），跳过 ${job.skipped} 个（不在“评估”阶段），用时 ${seconds} 秒。`,
        );
        return 0;
      } finally {
        await db.destroy();
      }
    },
  },
  "check-survey": { usage: CHECK_SURVEY_USAGE, run: runCheckSurvey },
  "import-survey-text": { usage: "import-survey-text <问卷.txt|.docx>  把 Word/WPS 问卷文字转为 SurveyJS 草稿（JSON 到 stdout，推测与问题到 stderr）", run: importSurveyTextCommand },
  "import-profile": {
    usage: "import-profile <政策.json>    导入新的政策版本（校验后保存并启用），无需改代码",
    async run([file]) {
      if (!file || !fs.existsSync(file)) {
        console.error(file ? `找不到文件：${file}` : "请指定政策版本的 JSON 文件。");
        return 2;
      }
      let json: unknown;
      try {
        json = JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
      } catch (error) {
        console.error(`文件不是有效的 JSON：${error instanceof Error ? error.message : String(error)}`);
        return 2;
      }
      const { db } = createDatabase();
      await migrateToLatest(db);
      const result = await importProfile(db, CONSOLE, { json });
      await db.destroy();
      if (!result.ok) {
        const problems = result.errors ? Object.entries(result.errors).map(([where, reason]) => `${where}：${reason}`) : [result.message];
        console.error(`政策版本未导入，共 ${problems.length} 处问题：`);
        for (const problem of problems) console.error("  " + problem);
        return 2;
      }
      console.log(`已导入并启用政策版本 ${result.id} 第 ${result.version} 版；之后的评估按此版本计算，已保存的评估不变。`);
      return 0;
    },
  },
  // Backups and moving to PostgreSQL (docs/deployment.md).
  backup: {
    usage: "backup <目标文件.db>          在线备份 SQLite 数据库（应用运行时也一致）；PostgreSQL 用 pg_dump，见 docs/deployment.md",
    async run([dest]: string[]) {
      if (!dest) {
        console.error("请指定备份文件，例如：npm run cli -- backup backups/app-$(date +%F).db");
        return 2;
      }
      const location = databaseUrlFromEnv();
      if (isPostgresUrl(location)) {
        console.error(`DATABASE_URL 指向 PostgreSQL（${redactUrl(location)}）：请用 pg_dump 备份，例如\n  pg_dump -Fc -f ${dest} "$DATABASE_URL"\n恢复：pg_restore -d <新的空数据库> ${dest}（见 docs/deployment.md）。`);
        return 2;
      }
      const bar = progressBar("备份");
      const started = performance.now();
      const result = await backupSqlite(location, dest, (p) => bar.update(p.totalPages - p.remainingPages, p.totalPages, "页"));
      bar.end();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log(`已备份 ${location} → ${result.file}（${(result.bytes / 1048576).toFixed(1)} MB，${result.pages} 页，${seconds} 秒，完整性检查：${result.integrity}）`);
      return 0;
    },
  },
  "copy-to-postgres": {
    usage: "copy-to-postgres <sqlite 文件> <postgres://…>  把整个城市的数据搬到 PostgreSQL（目标须为空库），逐表核对行数与校验和",
    async run([file, url]: string[]) {
      if (!file || !url || !isPostgresUrl(url)) {
        console.error("用法：npm run cli -- copy-to-postgres <sqlite 文件> <postgres://用户@主机:端口/库名>");
        return 2;
      }
      const bar = progressBar("复制");
      let phase = "copy";
      let verifyBar = progressBar("校验");
      const started = performance.now();
      let reports;
      try {
        reports = await copySqliteToPostgres(file, url, (p) => {
          if (p.phase === "copy") bar.update(p.done, p.total, p.table);
          if (p.phase === "verify") {
            if (phase === "copy") {
              bar.end();
              phase = "verify";
              verifyBar = progressBar("校验");
            }
            verifyBar.update(p.done, p.total, p.table);
          }
        });
      } catch (error) {
        bar.end();
        if (error instanceof CopyRefused) {
          console.error(error.message);
          return 2;
        }
        throw error;
      }
      verifyBar.end();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      console.log("表                         源行数     目标行数   校验和（MD5，按主键排序）");
      for (const r of reports) {
        console.log(
          `${r.table.padEnd(24)} ${String(r.sourceRows).padStart(9)} ${String(r.targetRows).padStart(10)}   ${r.ok ? r.targetChecksum : `不一致：源 ${r.sourceChecksum} / 目标 ${r.targetChecksum}`}`,
        );
      }
      const bad = reports.filter((r) => !r.ok);
      const rows = reports.reduce((s, r) => s + r.targetRows, 0);
      if (bad.length) {
        console.error(`核对失败：${bad.map((r) => r.table).join("、")} 与源数据不一致。`);
        return 1;
      }
      console.log(`已复制 ${reports.length} 张表、${rows} 行到 ${redactUrl(url)}，行数与校验和全部一致（${seconds} 秒）。`);
      return 0;
    },
  },
};

function printDemoLogins(): void {
  console.log("\n演示账号（密码均为 %s）：", DEMO_PASSWORD);
  for (const user of DEMO_USERS) {
    console.log(`  ${user.username.padEnd(18)} ${user.displayName}（${user.scopeName}）`);
  }
  console.log("");
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error("用法 usage: npm run cli -- <command>\n" + Object.values(commands).map((c) => "  " + c.usage).join("\n"));
    return 2;
  }
  return command.run(args);
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
