// Every form action, called in-process with ≥ 1,000 generated hostile forms each (unknown
// intents, prototype keys, wrong types, huge and odd unicode strings, missing fields), as a
// signed-in user who may see the page: never a 5xx, and not one row written anywhere.
import type { ActionFunctionArgs } from "@remix-run/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyBudget } from "../../app/lib/request-guards.server";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { ROUTES } from "./route-table";
import { type Identity, prepareCity, usernameOf } from "./world";

// 1,000 forms per action (issue 16), ≈ 1 ms of CPU a form in-process: 26,000 forms ≈ 30 s.
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const BASE = "http://127.0.0.1:3000";

let t: TestDatabase;
let ids: Record<string, string>;
const sessions = new Map<Identity, { cookie: string; csrf: string }>();

beforeAll(async () => {
  t = openTestDatabase();
  ids = await prepareCity(t);
  // The routes read the app's singleton database: point it at this copy before they load.
  process.env.DATABASE_URL = t.file;
  const { login } = await import("../../app/lib/sign-in.server");
  const { db } = await import("../../app/lib/db.server");
  for (const who of ["worker", "reviewer", "district", "city"] as const) {
    const result = await login(db, { username: usernameOf(who), password: "hz-demo-2026", ip: "10.99.0.1", https: false });
    if (!result.ok) throw new Error(`cannot sign in ${who}`);
    const session = await t.db.selectFrom("sessions").select("csrf_token").where("user_id", "=", result.user.id).orderBy("created_at", "desc").executeTakeFirstOrThrow();
    sessions.set(who, { cookie: result.cookie.split(";")[0], csrf: session.csrf_token });
  }
}, 60_000);
afterAll(async () => {
  await (await import("../../app/lib/db.server")).database.db.destroy();
  await t?.cleanup();
});

/** Who posts to each action: someone who may see the page, so the form itself is what is refused. */
const POSTER: Record<string, Identity> = {
  "admin.users.$id.tsx": "city",
  "admin.users.import.tsx": "city",
  "admin.users.new.tsx": "city",
  "communities.$code.gaplist.review.tsx": "reviewer",
  "evaluate.$scope.tsx": "reviewer",
  "import.tsx": "city",
  "policy.tsx": "city",
  // The street's page (scope is the street code): its reviewer is the one who runs it.
  "siting.$scope.tsx": "reviewer",
  "targets.tsx": "city",
};
// Sign-out and sign-in have no form to speak of; the route matrix covers them.
const SKIPPED = new Set(["logout.tsx", "login.tsx"]);

const FIELD_NAMES = ["intent", "event", "version", "name", "title", "note", "milestone", "status", "value", "year", "definition", "answers", "reason", "comment", "itemId", "id", "reset", "domain", "functions", "areaM2", "lat", "lng", "source", "opensAt", "closesAt", "username", "displayName", "role", "scopeCode", "password", "newPassword", "expectedVersion", "plan.name", "items[0].area"];
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "__defineGetter__", "valueOf"];

// Field limits (zod, workflows/) run from 5 to 200,000 characters: strings at and one past the
// common ones find the off-by-ones, in 1-, 3- and 4-byte characters.
const LIMITS = [5, 8, 20, 30, 40, 60, 64, 80, 100, 120, 160, 200, 256, 500, 1_000, 2_000, 5_000];
const longText = fc
  .tuple(fc.constantFrom(...LIMITS), fc.integer({ min: -1, max: 1 }), fc.constantFrom("a", "长", "𠮷"))
  .map(([limit, off, char]) => char.repeat(limit + off));

const hostileText = fc.oneof(
  { depthSize: "small" },
  fc.constantFrom(...HOSTILE_KEYS, "", " ", "0", "-1", "1e309", "NaN", "null", "undefined", "true", "[]", "{}", "\u0000", "<script>alert(1)</script>", "' OR 1=1 --", "../../etc/passwd", "２０２６", "𠮷野家", "\u202e\u2066"),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.integer().map(String),
  fc.double().map(String),
  longText,
);

const hostileForm = fc.record({
  intent: fc.option(fc.oneof(fc.constantFrom(...HOSTILE_KEYS, "", "unknown", "delete", "approve ", "APPROVE"), fc.string({ maxLength: 20 }).map((s) => `x${s}`)), { nil: undefined }),
  fields: fc.array(fc.tuple(fc.oneof(fc.constantFrom(...FIELD_NAMES, ...HOSTILE_KEYS), fc.string({ maxLength: 12 })), hostileText), { maxLength: 8 }),
});

function urlOf(row: { url: string }): string {
  return BASE + row.url.replace(/\{(\w+)\}/g, (_, key: string) => ids[key]);
}

function paramsOf(file: string): Record<string, string> {
  const params: Record<string, string> = { code: ids.community, id: ids.survey, scope: ids.street };
  if (file.includes("facilities.$id")) params.id = ids.facility;
  if (file.includes("projects.$id")) params.id = ids.project;
  if (file.startsWith("admin.users.$id")) params.id = ids.userId;
  return params;
}

async function statusOf(action: (args: ActionFunctionArgs) => Promise<unknown>, request: Request, params: Record<string, string>): Promise<number> {
  try {
    const result = await action({ request, params, context: { clientIp: "10.99.0.2", cspNonce: "" } } as unknown as ActionFunctionArgs);
    if (result instanceof Response) return result.status;
    return (result as { init?: { status?: number } } | null)?.init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    return 500;
  }
}

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await t.db.introspection.getTables()) {
    if (table.name.startsWith("kysely_")) continue;
    const row = await t.db.selectFrom(table.name as "users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts[table.name] = Number(row.n);
  }
  return counts;
}

const actionFiles = Object.entries(ROUTES).filter(([file, row]) => row.action && !SKIPPED.has(file));

describe("fuzzing every form action", () => {
  it(`gives each of ${actionFiles.length} actions ${RUNS} hostile forms: no 5xx, nothing written`, async () => {
    const before = await rowCounts();
    const fiveHundreds: string[] = [];
    const started = Date.now();
    const cpu = process.cpuUsage();
    let sent = 0;
    for (const [file, row] of actionFiles) {
      const fileStarted = Date.now();
      const module = (await import(`../../app/routes/${file.replace(/\.tsx?$/, "")}.tsx`).catch(() => import(`../../app/routes/${file.replace(/\.tsx?$/, "")}.ts`))) as {
        action: (args: ActionFunctionArgs) => Promise<unknown>;
      };
      const session = sessions.get(POSTER[file] ?? "worker")!;
      const params = paramsOf(file);
      const url = urlOf(row);
      const budget = bodyBudget(new URL(url).pathname).bytes;
      const headers = { "Content-Type": "application/x-www-form-urlencoded", Cookie: session.cookie, Origin: BASE };
      await fc.assert(
        fc.asyncProperty(hostileForm, async ({ intent, fields }) => {
          const body = new URLSearchParams();
          body.set("_csrf", session.csrf);
          if (intent !== undefined) body.set("intent", intent);
          for (const [key, value] of fields) if (key !== "_csrf" && key !== "intent") body.append(key, value);
          // A body past its route's budget is answered 413 before any action runs (server.ts).
          const encoded = body.toString();
          fc.pre(Buffer.byteLength(encoded) <= budget);
          const request = new Request(url, { method: "POST", headers, body: encoded });
          sent++;
          const status = await statusOf(module.action, request, params);
          if (status >= 500) fiveHundreds.push(`${file}: ${encoded.slice(0, 200)}`);
          return status < 500;
        }),
        { numRuns: RUNS, seed: 2026, endOnFailure: true },
      );
      if (process.env.FUZZ_TIMES) console.info(`${file}: ${Date.now() - fileStarted} ms`);
    }
    console.info(`fuzzed ${sent} forms over ${actionFiles.length} actions in ${((Date.now() - started) / 1000).toFixed(1)} s (${(process.cpuUsage(cpu).user / 1e6).toFixed(1)} s CPU)`);
    expect(fiveHundreds).toEqual([]);
    const after = await rowCounts();
    // Sessions and sign-in bookkeeping are not the forms' doing.
    for (const table of ["sessions", "login_attempts", "login_throttles"]) {
      delete after[table];
      delete before[table];
    }
    expect(after).toEqual(before);
  }, 300_000);
});
