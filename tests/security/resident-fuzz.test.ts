// The resident endpoints fuzzed with fast-check, in-process: the answer endpoint (served as
// server.ts serves it, over one keep-alive connection) and the early code check (the route's
// action called directly), ≥ 1,000 generated bad inputs each — bad JSON, wrong types, huge
// strings, prototype keys, wrong answer shapes, bad codes, bad keys and device ids. Never a
// 5xx, and not one row written: only the limit counters move.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ActionFunctionArgs } from "@remix-run/node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Survey } from "../../db/repositories/surveys";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { openNeedsSurvey } from "../support/surveys";

const RUNS = Number(process.env.RESIDENT_FUZZ_RUNS ?? 1000);
const QINGBOMEN = "330102001051";
const change = { actor: { id: "wang", role: "community_worker" as const, scopeCode: QINGBOMEN }, ip: "10.0.0.5" };
const HOSTILE_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf"];

let t: TestDatabase;
let survey: Survey;
let codes: string[];
let questionNames: string[];
let server: http.Server;
let submitUrl: string;
let codeCheck: (args: ActionFunctionArgs) => Promise<Response>;
let signedDevice: string;

beforeAll(async () => {
  t = openTestDatabase();
  // The handlers read the app's singleton database: point it at this copy before they load.
  process.env.DATABASE_URL = t.file;
  const { issueHouseholdCodes } = await import("../../app/lib/surveys.server");
  survey = await openNeedsSurvey(t.db, change, QINGBOMEN, { openLink: true });
  const neighbourhood = await t.db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).executeTakeFirstOrThrow();
  const issued = await issueHouseholdCodes(t.db, change, { surveyId: survey.id, neighbourhoodIds: [neighbourhood.id] });
  if (!issued.ok) throw new Error(issued.message);
  codes = issued.byNeighbourhood[0].codes;
  questionNames = compileAnswerValidator(survey.definition as SurveyJson).questions.map((q) => q.name);
  const { handleSurveySubmission } = await import("../../app/lib/survey-http.server");
  signedDevice = (await import("../../app/lib/device-ids.server")).issueDeviceId();
  codeCheck = ((await import("../../app/routes/api.s.$token.code-check")) as { action: typeof codeCheck }).action;
  server = http.createServer((req, res) => void handleSurveySubmission(req, res, survey.publicToken));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  submitUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/s/${survey.publicToken}/responses`;
}, 60_000);
afterAll(async () => {
  agent.destroy();
  await new Promise((resolve) => server?.close(resolve));
  await (await import("../../app/lib/db.server")).database.db.destroy();
  await t?.cleanup();
});

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
/** One POST over the kept-alive connection; a connection cut after a 413 counts as that 413. */
function post(text: string, type: string, from: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(submitUrl, { method: "POST", agent, headers: { "Content-Type": type, "X-Forwarded-For": from, "Content-Length": Buffer.byteLength(text) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    request.on("error", reject);
    request.end(text);
  });
}

async function rowCounts(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await t.db.introspection.getTables()) {
    if (table.name.startsWith("kysely_") || table.name === "public_limit_counters") continue;
    const row = await t.db.selectFrom(table.name as "users").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    counts[table.name] = Number(row.n);
  }
  return counts;
}

const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_KEYS, "", " ", "null", "<script>alert(1)</script>", "' OR 1=1 --", "\u0000", "𠮷", "\u202e", "ZZZZ-ZZZZ", "2222-2222", "12"),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 20 }),
);
// Huge: past the endpoint's 65 KB budget now and then (413), without making every body huge.
const hugeString = fc.nat(30_000).map((n) => "长".repeat(n));
const anyValue = fc.oneof({ arbitrary: hostileString, weight: 4 }, { arbitrary: hugeString, weight: 1 }, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 5 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }));
const householdCode = fc.oneof(fc.constantFrom(undefined, ""), hostileString, fc.integer(), fc.constant({ $ne: null }), fc.constant("used"), fc.stringMatching(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/));
const answers = fc.oneof(
  anyValue,
  // Every question present with a value of the wrong shape, and prototype keys beside them.
  fc.dictionary(fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.nat(1_000).map((i) => questionNames[i % questionNames.length])), anyValue, { maxKeys: 12 }),
);
const submission = fc.record(
  {
    idempotencyKey: fc.oneof({ arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/), weight: 4 }, anyValue),
    householdCode,
    // Signed by the server (so the answers themselves are checked), forged, or anything.
    deviceId: fc.oneof({ arbitrary: fc.constant("signed"), weight: 3 }, fc.stringMatching(/^[A-Za-z0-9_-]{44}$/), anyValue),
    answers,
    extra: fc.constantFrom(...HOSTILE_KEYS),
  },
  { requiredKeys: [] },
);

/** A body as raw text: JSON with a prototype key written in, or text that is not JSON at all. */
const body = fc.oneof(
  {
    arbitrary: submission.map((s) => {
      const filled = { ...s, householdCode: s.householdCode === "used" ? codes[0] : s.householdCode, deviceId: s.deviceId === "signed" ? signedDevice : s.deviceId };
      return `{"__proto__":{"polluted":true},${JSON.stringify(filled).slice(1)}`;
    }),
    weight: 6,
  },
  fc.string({ maxLength: 60 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null"),
  fc.constantFrom("{", "[]", "null", '{"answers":', "\u0000", '{"idempotencyKey":"abcdefgh12","answers":{}}'),
);
const contentType = fc.oneof(
  { arbitrary: fc.constantFrom("application/json", "application/json; charset=utf-8"), weight: 8 },
  fc.constantFrom("text/plain; application/json", "application/x-www-form-urlencoded", "", "application/jsonp"),
);
const address = fc.oneof(fc.ipV4(), fc.constantFrom("not-an-address", "::1", "1.1.1.1, 2.2.2.2", ""));

describe("fuzzing the resident endpoints", () => {
  it(`answer endpoint and code check: ${RUNS} bad inputs each, no 5xx, nothing written`, async () => {
    // One used code: a fuzzed answer that names it must be turned away like any other.
    const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
    const neighbourhoods = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
    const used = await (await import("../../app/lib/survey-submission.server")).submitResponse(t.db, survey, {
      idempotencyKey: "fuzz-used-code-01",
      householdCode: codes[0],
      answers: sampleNeedsAnswers(questions, neighbourhoods, seededRandom(5)),
    });
    expect(used.ok).toBe(true);
    const before = await rowCounts();
    const fiveHundreds: string[] = [];
    const statuses = new Map<number, number>();
    const seen = (status: number, what: string) => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) fiveHundreds.push(what.slice(0, 200));
      return status < 500;
    };

    let started = Date.now();
    await fc.assert(
      fc.asyncProperty(body, contentType, address, async (text, type, from) => {
        return seen(await post(text, type, from), text);
      }),
      { numRuns: RUNS, seed: 2026, endOnFailure: true },
    );
    const answerSeconds = (Date.now() - started) / 1000;

    started = Date.now();
    const codeBody = fc.oneof(
      { arbitrary: householdCode.map((c) => `{"__proto__":{"polluted":true},"householdCode":${JSON.stringify(c === "used" ? codes[0] : c) ?? "null"}}`), weight: 4 },
      body,
    );
    await fc.assert(
      fc.asyncProperty(codeBody, contentType, address, fc.constantFrom(survey.publicToken, "nosuchtoken", "__proto__", ""), async (text, type, from, token) => {
        const request = new Request(`http://127.0.0.1/api/s/${token}/code-check`, { method: "POST", headers: { "Content-Type": type }, body: text });
        let status: number;
        try {
          status = (await codeCheck({ request, params: { token }, context: { clientIp: from } } as unknown as ActionFunctionArgs)).status;
        } catch (thrown) {
          status = thrown instanceof Response ? thrown.status : 500;
        }
        return seen(status, text);
      }),
      { numRuns: RUNS, seed: 2026, endOnFailure: true },
    );
    const codeSeconds = (Date.now() - started) / 1000;
    console.info(
      `fuzzed the answer endpoint with ${RUNS} inputs in ${answerSeconds.toFixed(1)} s and the code check with ${RUNS} in ${codeSeconds.toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );

    expect(fiveHundreds).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(await rowCounts()).toEqual(before);
  }, 240_000);
});
