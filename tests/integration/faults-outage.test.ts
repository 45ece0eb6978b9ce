// Issue 16, faults: the database cannot take an answer for a while — the disk is full
// (SQLite, max_page_count) or PostgreSQL restarts under load. Residents get a 503 in Chinese
// telling them to retry (their phone keeps the answers and the idempotency key), the server
// stays up and recovers by itself, and no acknowledged answer is lost.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "../../db/client";
import { migrateToLatest } from "../../db/migrate";
import { planScopeDivisions } from "../../db/reference";
import { seedDatabase } from "../../db/seed";
import { copyTemplateDatabase, dropTestDatabase, executeSql, onPostgres, psql, queryRows, withDatabaseName } from "../support/database";
import { send } from "../support/http-client";
import { startServer } from "../support/server";
import { publishedSurveyWithCodes } from "../support/surveys";

const ROOT = path.resolve(import.meta.dirname, "../..");

type Survey = Awaited<ReturnType<typeof publishedSurveyWithCodes>>;

function submitter(base: string, survey: Survey) {
  return async (idempotencyKey: string, householdCode: string) => {
    const answer = await send(`${base}/api/s/${survey.token}/responses`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ idempotencyKey, householdCode, answers: survey.answers() }),
    }).catch(() => ({ status: 0, headers: {} as Record<string, string>, body: "{}" }));
    return { status: answer.status, retryAfter: answer.headers["retry-after"], body: JSON.parse(answer.body || "{}") as { receipt?: string; message?: string } };
  };
}

/** The stored receipt of each idempotency key. */
function storedReceipts(location: string, token: string): Map<string, string> {
  const rows = queryRows<{ idempotency_key: string; receipt: string }>(
    location,
    "select r.idempotency_key, r.receipt from survey_responses r join surveys s on s.id = r.survey_id where s.public_token = ?",
    token,
  );
  return new Map(rows.map((r) => [r.idempotency_key, r.receipt]));
}

const RETRY_WORDS = /请稍等.*再点“提交”/;

describe.skipIf(onPostgres)("the database fills up (SQLite)", () => {
  it("answers the resident 503 in Chinese to retry, stays up, and takes the same answer once space is freed", async () => {
    const { dir, file } = copyTemplateDatabase();
    const survey = await publishedSurveyWithCodes(file);
    // Pages the server may reuse once the administrator frees them (here: deletes the filler).
    executeSql(file, "create table disk_filler (b blob)");
    executeSql(file, "with recursive n(i) as (select 1 union all select i + 1 from n where i < 64) insert into disk_filler select randomblob(4000) from n");
    // FAILPOINT=database-full: the server's connection may not grow the file past its size at start.
    const server = await startServer({ databaseFile: file, env: { NODE_ENV: "test", FAILPOINT: "database-full" } });
    try {
      const submit = submitter(server.url, survey);
      const acknowledged = new Map<string, string>();
      let refused: { key: string; code: string; answer: Awaited<ReturnType<typeof submit>> } | null = null;
      for (let i = 0; i < Math.min(200, survey.codes.length) && !refused; i++) {
        const key = `disk-full-${String(i).padStart(4, "0")}`;
        const answer = await submit(key, survey.codes[i]);
        if (answer.status === 201) acknowledged.set(key, answer.body.receipt!);
        else refused = { key, code: survey.codes[i], answer };
      }
      expect(refused?.answer.status).toBe(503);
      expect(refused?.answer.body.message).toMatch(RETRY_WORDS);
      expect(Number(refused?.answer.retryAfter)).toBeGreaterThan(0);

      // The server is up: the survey page and a second try still answer, the latter 503 again.
      expect((await send(`${server.url}/s/${survey.token}`)).status).toBe(200);
      expect((await submit(refused!.key, refused!.code)).status).toBe(503);

      executeSql(file, "delete from disk_filler");
      const retried = await submit(refused!.key, refused!.code);
      expect(retried.status).toBe(201);
      acknowledged.set(refused!.key, retried.body.receipt!);

      const stored = storedReceipts(file, survey.token);
      for (const [key, receipt] of acknowledged) expect(stored.get(key), key).toBe(receipt);
    } finally {
      await server.stop();
      dropTestDatabase(file);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});

// Its own throwaway cluster (scripts/pg-test-cluster.sh): restarting the suite's shared server
// would break the tests running beside this one.
describe.skipIf(!onPostgres)("PostgreSQL restarted under load (runs in npm run test:pg)", () => {
  const cluster = (...args: string[]) => execFileSync("bash", ["scripts/pg-test-cluster.sh", ...args], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  let serverUrl = "";
  let city = "";
  beforeAll(async () => {
    serverUrl = cluster("start");
    city = withDatabaseName(serverUrl, "city");
    psql(serverUrl, "create database city");
    const { db } = createDatabase(city);
    try {
      await migrateToLatest(db);
      await seedDatabase(db, planScopeDivisions().filter((r) => r.districtCode === "330102"));
    } finally {
      await db.destroy();
    }
  }, 180_000);
  afterAll(() => {
    if (serverUrl) cluster("stop", serverUrl);
  });

  it("answers 503 during the outage, reconnects by itself and loses no acknowledged answer", async () => {
    const survey = await publishedSurveyWithCodes(city);
    const server = await startServer({ databaseFile: city });
    try {
      const submit = submitter(server.url, survey);
      const acknowledged = new Map<string, string>();
      const toRetry = new Map<string, string>();
      const unexpected: string[] = [];
      let next = 0;
      let stop = false;
      // Four phones at a time, each answer with its own household code.
      const phone = async () => {
        while (!stop && next < survey.codes.length) {
          const i = next++;
          const key = `restart-${String(i).padStart(4, "0")}`;
          const answer = await submit(key, survey.codes[i]);
          if (answer.status === 201) acknowledged.set(key, answer.body.receipt!);
          else if (answer.status === 503 && RETRY_WORDS.test(answer.body.message ?? "")) toRetry.set(key, survey.codes[i]);
          else unexpected.push(`${key}: ${answer.status} ${JSON.stringify(answer.body)}`);
        }
      };
      const waitFor = async (what: () => boolean, seconds: number) => {
        const until = Date.now() + seconds * 1000;
        while (!what() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        expect(what()).toBe(true);
      };
      const load = Promise.all([phone(), phone(), phone(), phone()]);

      await waitFor(() => acknowledged.size >= 10, 60);
      cluster("down", serverUrl);
      await waitFor(() => toRetry.size >= 3, 30);
      // Pages answer 503 too, in Chinese, while the database is away.
      const page = await send(`${server.url}/s/${survey.token}`);
      expect(page.status).toBe(503);
      expect(page.body).toContain("请稍等一两分钟后再试");
      const before = acknowledged.size;
      cluster("up", serverUrl);
      await waitFor(() => acknowledged.size >= before + 10, 60);
      stop = true;
      await load;

      expect(unexpected).toEqual([]);
      // The phones that were told to retry do so with the same key: each answer is counted once.
      for (const [key, code] of toRetry) {
        const retried = await submit(key, code);
        expect([200, 201], `${key}: ${JSON.stringify(retried.body)}`).toContain(retried.status);
        acknowledged.set(key, retried.body.receipt!);
      }
      const stored = storedReceipts(city, survey.token);
      for (const [key, receipt] of acknowledged) expect(stored.get(key), key).toBe(receipt);
      expect(stored.size).toBe(acknowledged.size);
    } finally {
      await server.stop();
    }
  }, 240_000);
});
