// What a production server checks before it starts (db/app-mode.ts): an address for links
// on posters and slips that does not come from request headers, and no account that the
// published demo password opens. Only accounts whose password never went through the
// password rules are verified (password_checked = 0: seeded or older accounts; the rules
// refuse the demo password), each distinct hash once, in parallel on the thread pool.
import type { Kysely } from "kysely";
import fs from "node:fs";
import { appModeFromEnv } from "../../db/app-mode";
import { MissingPepperError, pepperPath } from "../../db/household-code-pepper";
import { DEMO_PASSWORD } from "../../db/demo-accounts";
import { listUncheckedPasswordHashes } from "../../db/repositories/users";
import type { Database } from "../../db/schema";
import { verifyPassword } from "./passwords.server";

export function publicBaseUrlProblem(value: string | undefined): string | null {
  if (!value?.trim()) return "未设置 PUBLIC_BASE_URL：海报、账号开通单上的链接不能取自请求头。请设置本系统的公开地址，例如 PUBLIC_BASE_URL=https://tijian.example.gov.cn";
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return null;
  } catch {
    // fall through
  }
  return `PUBLIC_BASE_URL 不是有效的网址：${value}（应为 https://… 形式）`;
}

/** Usernames that the demo password signs in. */
export async function accountsOpenedByDemoPassword(db: Kysely<Database>): Promise<string[]> {
  const byHash = new Map<string, string[]>();
  for (const { username, passwordHash } of await listUncheckedPasswordHashes(db)) {
    byHash.set(passwordHash, [...(byHash.get(passwordHash) ?? []), username]);
  }
  const hashes = [...byHash.keys()];
  const opened: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < hashes.length) {
      const hash = hashes[next++];
      if (await verifyPassword(hash, DEMO_PASSWORD)) opened.push(...byHash.get(hash)!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, hashes.length) }, worker));
  return opened.sort();
}

/** Why a production server must not start (empty in demo mode, or when all is well). */
export async function productionStartProblems(db: Kysely<Database>, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  if (appModeFromEnv(env) !== "production") return [];
  const problems: string[] = [];
  const base = publicBaseUrlProblem(env.PUBLIC_BASE_URL);
  if (base) problems.push(base);
  if (!fs.existsSync(pepperPath(env))) problems.push(new MissingPepperError(pepperPath(env)).message);
  const opened = await accountsOpenedByDemoPassword(db);
  if (opened.length) {
    const shown = opened.slice(0, 10).join("、") + (opened.length > 10 ? ` 等 ${opened.length} 个账号` : "");
    problems.push(
      `以下账号仍在使用公开的演示密码：${shown}。这像是一个演示数据库：正式环境请用空数据库（NODE_ENV=production npm run cli -- seed，然后 setup --admin <用户名>）；若确为演示站点，请设置 APP_MODE=demo。`,
    );
  }
  return problems;
}

/** PUBLIC_BASE_URL, or in demo mode the request's own origin. */
export function publicBaseUrl(request?: Request): string {
  const configured = process.env.PUBLIC_BASE_URL?.trim().replace(/\/$/, "");
  if (configured) return configured;
  return request ? new URL(request.url).origin : `http://localhost:${process.env.PORT ?? 3000}`;
}
