// `npm run cli -- setup --admin <username> [--name <姓名>] [--password-stdin]`: the first
// 市级管理员 of a production install. Prints a one-time password once (a new one is due at
// the first sign-in), or takes the password from standard input for scripted installs.
import { setUpFirstAdmin } from "../../app/lib/accounts.server";
import { createDatabase } from "../../db/client";
import { ensurePepperFile, pepperPath } from "../../db/household-code-pepper";
import { migrateToLatest } from "../../db/migrate";
import { CONSOLE_ACTOR } from "../../workflows/permissions";
import { USERNAME_PATTERN, USERNAME_RULE } from "../../workflows/accounts";

export const SETUP_USAGE = "setup --admin <用户名> [--name <姓名>] [--password-stdin]  创建第一个市级管理员（已有市级管理员时拒绝）";

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8").replace(/\r?\n$/, "");
}

export async function runSetup(args: string[]): Promise<number> {
  const username = option(args, "--admin")?.trim().toLowerCase();
  if (!username || !USERNAME_PATTERN.test(username)) {
    console.error(username ? `用户名不符合要求：${USERNAME_RULE}。` : `用法：npm run cli -- ${SETUP_USAGE}`);
    return 2;
  }
  const displayName = option(args, "--name")?.trim() || "市级管理员";
  const password = args.includes("--password-stdin") ? await readStdin() : null;
  const { db, file } = createDatabase();
  try {
    await migrateToLatest(db);
    const pepper = pepperPath();
    console.log(ensurePepperFile(pepper) ? `已生成户码密钥文件 ${pepper}（请与数据库分开备份，见 docs/deployment.md）。` : `户码密钥文件已存在：${pepper}。`);
    const result = await setUpFirstAdmin(db, { actor: CONSOLE_ACTOR, ip: null }, { username, displayName, password });
    if (!result.ok) {
      console.error(result.message);
      return 2;
    }
    console.log(`已在 ${file} 创建市级管理员 ${username}（${displayName}）。`);
    if (result.oneTimePassword) {
      console.log(`一次性密码（只显示这一次，请立即记下）：${result.oneTimePassword}`);
      console.log("首次登录后须设置新密码。");
    } else {
      console.log("已使用标准输入提供的密码。");
    }
    return 0;
  } finally {
    await db.destroy();
  }
}
