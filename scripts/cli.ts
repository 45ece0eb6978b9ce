// The project's command line: `npm run cli -- <command> [args]`.
import fs from "node:fs";
import path from "node:path";
import { importCommunityFigures } from "../app/lib/community-import.server";
import { readSheet, SheetReadError } from "../app/lib/spreadsheet.server";
import { createDatabase } from "../db/client";
import { migrateToLatest } from "../db/migrate";
import { DEMO_PASSWORD, DEMO_USERS, seedDatabase } from "../db/seed";
import { evaluateBatch } from "../workflows/evaluation";
import { parseEvaluationRequest } from "../workflows/evaluation-contract";
import { loadBuiltInProfile } from "../workflows/policy/profile";

type Command = (args: string[]) => Promise<number>;

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
    usage: "seed                         载入杭州区划与演示数据（已有数据则跳过）",
    async run() {
      const { db, file } = createDatabase();
      await migrateToLatest(db);
      const started = performance.now();
      const summary = await seedDatabase(db);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const counts = `${summary.districts} 个区、${summary.streets} 个街道/乡镇、${summary.communities} 个社区/村、${summary.neighbourhoods} 个小区、${summary.facilities} 处设施`;
      console.log(
        summary.loaded.length === 0
          ? `数据库 ${file} 已有数据，未作改动：${counts}`
          : `已载入 ${file}（${seconds} 秒，${summary.loaded.join("、")}）：${counts}（户数、年龄结构、小区、设施与流程进度为演示数据）`,
      );
      printDemoLogins();
      await db.destroy();
      return 0;
    },
  },
  "import-communities": {
    usage: "import-communities <文件.csv|.xlsx>  用真实户数、年龄结构等替换演示数据（全部成功才写入）",
    async run([file]) {
      if (!file) {
        console.error("请指定要导入的 CSV 或 XLSX 文件。");
        return 2;
      }
      if (!fs.existsSync(file)) {
        console.error(`找不到文件：${file}`);
        return 2;
      }
      let sheet;
      try {
        sheet = await readSheet(fs.readFileSync(file), file);
      } catch (error) {
        if (error instanceof SheetReadError) {
          console.error(error.message);
          return 2;
        }
        throw error;
      }
      const { db } = createDatabase();
      await migrateToLatest(db);
      const result = await importCommunityFigures(db, sheet, { actor: null, ip: null, source: path.basename(file) });
      await db.destroy();
      if (!result.ok) {
        console.error(`导入失败，未写入任何数据。共 ${result.errors.length} 处问题：`);
        for (const e of result.errors) console.error(`  第 ${e.row} 行 · ${e.column || "—"}：${e.reason}`);
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
