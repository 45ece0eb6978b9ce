// The sign-in route's own action (app/routes/login.tsx), called with real Requests: where a
// user is sent afterwards, and hostile origins answered 403, never 500. (Over HTTP, Remix's
// runtime meets an `Origin: null` first; the app-wide origin check in server.ts answers it.)
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/seed";
import { openTestDatabase, type TestDatabase } from "../support/database";

let t: TestDatabase;
let route: typeof import("../../app/routes/login");

beforeAll(async () => {
  t = openTestDatabase();
  // The route reads the app's singleton database: point it at this test's copy before it loads.
  process.env.DATABASE_URL = t.file;
  route = await import("../../app/routes/login");
});
afterAll(async () => {
  await (await import("../../app/lib/db.server")).database.db.destroy();
  await t.cleanup();
});

const BASE = "http://127.0.0.1:3000";
let ipCounter = 0;

/** The sign-in page's token and cookie, as a browser gets them. */
async function signInForm(): Promise<{ csrf: string; cookie: string }> {
  const result = (await route.loader({ request: new Request(`${BASE}/login`), params: {}, context: {} } as LoaderFunctionArgs)) as unknown as {
    data: { csrf: string };
    init: { headers: Record<string, string> };
  };
  return { csrf: result.data.csrf, cookie: result.init.headers["Set-Cookie"].split(";")[0] };
}

async function postLogin(fields: Record<string, string>, options: { headers?: Record<string, string>; query?: string } = {}) {
  const request = new Request(`${BASE}/login${options.query ?? ""}`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...options.headers },
    body: new URLSearchParams(fields),
  });
  try {
    return await route.action({ request, params: {}, context: { clientIp: `10.77.0.${++ipCounter}` } } as unknown as ActionFunctionArgs);
  } catch (thrown) {
    return thrown;
  }
}

const statusOf = (result: unknown) => (result instanceof Response ? result.status : (result as { init?: { status?: number } }).init?.status);

describe("after signing in", () => {
  const cases: [string, string][] = [
    ["/communities/330102001051/surveys", "/communities/330102001051/surveys"],
    ["/\\evil.example", "/communities/330102001051"],
    ["//evil.example", "/communities/330102001051"],
    ["https://evil.example/", "/communities/330102001051"],
    ["/\u0000/evil.example", "/communities/330102001051"],
    ["/\t/evil.example", "/communities/330102001051"],
  ];
  it.each(cases)("redirectTo %j goes to %s", async (redirectTo, expected) => {
    const { csrf, cookie } = await signInForm();
    const response = await postLogin({ _csrf: csrf, username: "wang.laoshi", password: DEMO_PASSWORD, redirectTo }, { headers: { Cookie: cookie } });
    expect(response).toBeInstanceOf(Response);
    expect((response as Response).status).toBe(302);
    expect((response as Response).headers.get("Location")).toBe(expected);
  });
});

describe("the sign-in form refuses requests from elsewhere", () => {
  it("answers Origin: null with 403, not 500", async () => {
    const { csrf, cookie } = await signInForm();
    const result = await postLogin({ _csrf: csrf, username: "wang.laoshi", password: DEMO_PASSWORD }, { headers: { Cookie: cookie, Origin: "null" } });
    expect(statusOf(result)).toBe(403);
  });

  it("answers a cross-site origin with 403", async () => {
    const { csrf, cookie } = await signInForm();
    const result = await postLogin({ _csrf: csrf, username: "wang.laoshi", password: DEMO_PASSWORD }, { headers: { Cookie: cookie, Origin: "https://evil.example" } });
    expect(statusOf(result)).toBe(403);
  });

  it("answers a post without the form's token with 403 and a Chinese reason", async () => {
    const result = (await postLogin({ username: "wang.laoshi", password: DEMO_PASSWORD })) as { data: { message: string }; init: { status: number } };
    expect(result.init.status).toBe(403);
    expect(result.data.message).toMatch(/登录页面已过期/);
  });

  it("signs in from the site's own origin", async () => {
    const { csrf, cookie } = await signInForm();
    const response = await postLogin({ _csrf: csrf, username: "wang.laoshi", password: DEMO_PASSWORD }, { headers: { Cookie: cookie, Origin: BASE } });
    expect(statusOf(response)).toBe(302);
  });

  it("answers too many attempts with 429 and Retry-After", async () => {
    const { csrf, cookie } = await signInForm();
    const headers = { Cookie: cookie };
    const request = () =>
      route.action({
        request: new Request(`${BASE}/login`, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers }, body: new URLSearchParams({ _csrf: csrf, username: "chen.kezhang", password: "guess" }) }),
        params: {},
        context: { clientIp: "10.99.0.1" },
      } as unknown as ActionFunctionArgs) as unknown as Promise<{ init: { status: number; headers?: Record<string, string> } }>;
    for (let i = 0; i < 5; i++) expect((await request()).init.status).toBe(400);
    const throttled = await request();
    expect(throttled.init.status).toBe(429);
    expect(Number(throttled.init.headers?.["Retry-After"])).toBeGreaterThanOrEqual(1);
  });
});
