// Hostile requests against one running server: oversized bodies (declared and chunked),
// foreign origins, HSTS, the resident endpoint's rate limits. Its other probes live with its tests.
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueHouseholdCodes } from "../../app/lib/surveys.server";
import { createDatabase } from "../../db/client";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { Client, send } from "../support/http-client";
import { type RunningServer, startServer } from "../support/server";
import { openNeedsSurvey } from "../support/surveys";

let server: RunningServer;
let worker: Client;

beforeAll(async () => {
  server = await startServer();
  worker = await new Client(server.url).signIn("wang.laoshi");
});
afterAll(async () => server?.stop());

const COMMUNITY = "/communities/330102001051";

function residentKb(): number {
  const status = fs.readFileSync(`/proc/${server.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
}

/** A raw POST: `chunked` sends no Content-Length. A connection cut after the 413 counts as refused. */
function postBody(path: string, body: Buffer, options: { chunked?: boolean; headers?: Record<string, string> } = {}): Promise<number | "reset"> {
  return new Promise((resolve) => {
    const request = http.request(
      server.url + path,
      {
        method: "POST",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          ...(options.chunked ? { "Transfer-Encoding": "chunked" } : { "Content-Length": String(body.length) }),
          ...options.headers,
        },
      },
      (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    request.on("error", () => resolve("reset"));
    if (options.chunked) {
      let at = 0;
      const next = () => {
        while (at < body.length) {
          const piece = body.subarray(at, at + 64 * 1024);
          at += piece.length;
          if (!request.write(piece)) return void request.once("drain", next);
        }
        request.end();
      };
      next();
    } else request.end(body);
  });
}

describe("oversized bodies", () => {
  const forty = Buffer.alloc(40 * 1024 * 1024, "a");

  it("six concurrent 40 MB sign-in posts are refused with 413, the server keeps answering, memory grows < 100 MB", async () => {
    const before = residentKb();
    const declared = await Promise.all(Array.from({ length: 6 }, () => postBody("/login", forty)));
    const chunked = await Promise.all(Array.from({ length: 6 }, () => postBody("/login", forty, { chunked: true })));
    const grown = (residentKb() - before) / 1024;
    console.info(`RSS before ${Math.round(before / 1024)} MB, growth after 12 × 40 MB bodies ${grown.toFixed(1)} MB`);
    for (const status of [...declared, ...chunked]) expect([413, "reset"]).toContain(status);
    expect(declared.filter((s) => s === 413).length).toBeGreaterThan(0);
    expect(grown).toBeLessThan(100);
    expect((await send(`${server.url}/login`)).status).toBe(200);
  });

  it("an ordinary form over 64 KB gets 413 with a Chinese message", async () => {
    const answer = await worker.post(`${COMMUNITY}/facilities/new`, { name: "x".repeat(70 * 1024) });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("提交的表单过大");
  });

  it("an attachment route takes a few files' worth but not 40 MB", async () => {
    const status = await postBody(`${COMMUNITY}/projects/x`, forty, { headers: { "Content-Type": "multipart/form-data; boundary=x" } });
    expect([413, "reset"]).toContain(status);
  });
});

describe("origins", () => {
  it.each([["null"], ["https://evil.example"], ["http://127.0.0.1.evil.example"], ["not a url"]])("a sign-in post with Origin %j is refused with 403", async (origin) => {
    const answer = await send(`${server.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin },
      body: "username=wang.laoshi&password=x",
    });
    expect(answer.status).toBe(403);
    expect(answer.body).toContain("请求来源不被允许");
  });

  it("a signed-in worker's form post from Origin null is refused before it changes anything", async () => {
    const answer = await worker.post(`${COMMUNITY}/facilities/new`, { name: "来源不明的设施" }, { Origin: "null" });
    expect(answer.status).toBe(403);
  });

  it("a cross-site post without an Origin header is refused by Sec-Fetch-Site", async () => {
    const answer = await worker.post(`${COMMUNITY}/cycle`, { event: "x" }, { Origin: "", "Sec-Fetch-Site": "cross-site" });
    expect(answer.status).toBe(403);
  });

  it("same-origin posts still work (the sign-in above) and GETs are never refused for their origin", async () => {
    expect((await worker.get(COMMUNITY, { Origin: "null" })).status).toBe(200);
  });
});

describe("HSTS", () => {
  it("is sent over HTTPS (behind the proxy) and not over plain HTTP", async () => {
    expect((await send(`${server.url}/login`)).headers["strict-transport-security"]).toBeUndefined();
    const proxied = await send(`${server.url}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(proxied.headers["strict-transport-security"]).toMatch(/max-age=\d+/);
  });
});

describe("rate limits on the resident endpoint (issue 16.2)", () => {
  const survey = { token: "", codes: [] as string[], answers: (_seed: number): Record<string, unknown> => ({}) };
  beforeAll(async () => {
    // A survey open to the link and with household codes, put into the running server's database.
    const { db } = createDatabase(server.databaseFile);
    try {
      const change = { actor: { id: "wang", role: "community_worker" as const, scopeCode: "330102001051" }, ip: null };
      const opened = await openNeedsSurvey(db, change, "330102001051", { openLink: true });
      const neighbourhood = await db.selectFrom("neighbourhoods").select("id").where("community_code", "=", "330102001051").executeTakeFirstOrThrow();
      const issued = await issueHouseholdCodes(db, change, { surveyId: opened.id, neighbourhoodIds: [neighbourhood.id] });
      if (!issued.ok) throw new Error(issued.message);
      const questions = compileAnswerValidator(opened.definition as SurveyJson).questions;
      const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
      Object.assign(survey, { token: opened.publicToken, codes: issued.byNeighbourhood[0].codes, answers: (seed: number) => sampleNeedsAnswers(questions, neighbourhoods, seededRandom(seed)) });
    } finally {
      await db.destroy();
    }
  }, 60_000);

  // Addresses as nginx would pass them on (the test connects from loopback, a trusted proxy).
  const answer = (from: string, body: Record<string, unknown>) =>
    send(`${server.url}/api/s/${survey.token}/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Forwarded-For": from },
      body: JSON.stringify(body),
    });
  const issuedDevice = async () => (await send(`${server.url}/s/${survey.token}/definition`)).headers["x-device-id"] as string;

  it("stores 30 open-link answers from one address within the hour, then answers 429 with Retry-After and a Chinese message; another address still answers", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await answer("198.51.100.20", { idempotencyKey: `open-link-${i}-0000`, deviceId: await issuedDevice(), answers: survey.answers(i) })).status);
    expect(statuses).toEqual(Array(30).fill(201));
    const refused = await answer("198.51.100.20", { idempotencyKey: "open-link-30-0000", deviceId: await issuedDevice(), answers: survey.answers(30) });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers["retry-after"])).toBeGreaterThan(59 * 60);
    expect(JSON.parse(refused.body)).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/请 \d+ 分钟后再点“再次提交”。您填写的内容已保存在本机/) });
    // A retry of an answer already stored is not a new answer: it gets its receipt at once.
    const retried = await answer("198.51.100.20", { idempotencyKey: "open-link-0-0000", deviceId: await issuedDevice(), answers: survey.answers(0) });
    expect({ status: retried.status, duplicate: JSON.parse(retried.body).duplicate }).toEqual({ status: 200, duplicate: true });
    expect((await answer("198.51.100.21", { idempotencyKey: "open-link-31-0000", deviceId: await issuedDevice(), answers: survey.answers(31) })).status).toBe(201);
  });

  it("refuses a device id the server did not sign, before counting anything", async () => {
    const made = await answer("198.51.100.22", { idempotencyKey: "made-up-device-01", deviceId: "0123456789abcdef0123456789abcdef", answers: survey.answers(40) });
    expect(made.status).toBe(400);
    expect(JSON.parse(made.body)).toMatchObject({ code: "device_invalid", message: expect.stringContaining("请刷新页面后再提交") });
  });

  it("after 15 wrong household codes from one address, the code check and the answer endpoint both answer 429 with Retry-After, even for a right code", async () => {
    const check = (householdCode: string) =>
      send(`${server.url}/api/s/${survey.token}/code-check`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Forwarded-For": "198.51.100.30" },
        body: JSON.stringify({ householdCode }),
      });
    const wrong: number[] = [];
    for (let i = 0; i < 10; i++) wrong.push((await check(`ZZZZ-ZZ${String.fromCharCode(65 + i)}Z`)).status);
    for (let i = 0; i < 5; i++) wrong.push((await answer("198.51.100.30", { idempotencyKey: `wrong-code-${i}-00`, householdCode: `YYYY-YY${String.fromCharCode(65 + i)}Y`, answers: survey.answers(50 + i) })).status);
    expect(wrong).toEqual(Array(15).fill(400));
    const limited = await check(survey.codes[0]);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(JSON.parse(limited.body).message).toMatch(/户码输错的次数太多了，请 \d+ 分钟后再试/);
    const viaAnswer = await answer("198.51.100.30", { idempotencyKey: "right-code-000001", householdCode: survey.codes[0], answers: survey.answers(60) });
    expect(viaAnswer.status).toBe(429);
    expect(viaAnswer.headers["retry-after"]).toBeDefined();
    // Another address with the right code is not held up.
    expect((await answer("198.51.100.31", { idempotencyKey: "right-code-000002", householdCode: survey.codes[0], answers: survey.answers(61) })).status).toBe(201);
  });
});
