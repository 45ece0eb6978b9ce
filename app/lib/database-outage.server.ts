// The one place where "the database cannot take this now" becomes an answer: a full disk
// (SQLITE_FULL), a locked or failing file, PostgreSQL refusing, restarting or dropping the
// connection. Every page, form and the resident endpoint answer 503 with Retry-After and the
// Chinese words below, never a 500 with the driver's text; the pg pool reconnects by itself.
import type { ServerBuild } from "@remix-run/node";

export const DATABASE_UNAVAILABLE_MESSAGE = "系统暂时无法保存或读取数据（数据库繁忙或正在恢复），请稍等一两分钟后再试。已经填写的内容不会丢失。";
export const RETRY_AFTER_SECONDS = 30;

const SQLITE_CODES = /^SQLITE_(FULL|BUSY|LOCKED|IOERR|CANTOPEN|READONLY|PROTOCOL)/;
// 08xxx connection exceptions, 53xxx insufficient resources, 57P0x shutdown / cannot connect now.
const POSTGRES_CODES = /^(08\w{3}|53\w{3}|57P0[1-3])$/;
const NETWORK_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN"]);
const PG_CLIENT_WORDS = /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|not queryable/i;

/** Whether `error` (or what it wraps) says the database is unreachable or out of space, not that the request is wrong. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if (e instanceof AggregateError && e.errors.some(isDatabaseUnavailable)) return true;
    if (!(e instanceof Error)) return false;
    const code = String((e as { code?: unknown }).code ?? "");
    if (SQLITE_CODES.test(code) || POSTGRES_CODES.test(code) || NETWORK_CODES.has(code) || PG_CLIENT_WORDS.test(e.message)) return true;
    e = e.cause;
  }
  return false;
}

/** The thrown answer of a loader or action that met an unavailable database (the ErrorBoundary shows it). */
export function databaseUnavailableResponse(): Response {
  return new Response(DATABASE_UNAVAILABLE_MESSAGE, {
    status: 503,
    statusText: "Service Unavailable",
    headers: { "Content-Type": "text/plain; charset=utf-8", "Retry-After": String(RETRY_AFTER_SECONDS) },
  });
}

type Handler = (args: never) => unknown;

function guarded<F extends Handler>(handler: F | undefined): F | undefined {
  if (!handler) return handler;
  return (async (args: never) => {
    try {
      return await handler(args);
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        console.warn(`数据库暂时不可用（已答 503）：${error instanceof Error ? error.message : String(error)}`);
        throw databaseUnavailableResponse();
      }
      throw error;
    }
  }) as F;
}

/** The build with every loader and action answering 503 (not 500) when the database is unavailable. */
export function withDatabaseOutageAnswers(build: ServerBuild): ServerBuild {
  const routes = Object.fromEntries(
    Object.entries(build.routes).map(([id, route]) => [
      id,
      { ...route, module: { ...route.module, loader: guarded(route.module.loader), action: guarded(route.module.action) } },
    ]),
  );
  return { ...build, routes };
}
