// Two app instances behind one PostgreSQL behave as one (issue "PostgreSQL as the second
// backend", item 6): nothing that decides an outcome is kept in a process. Runs only under
// `npm run test:pg`; on SQLite there is one instance per file by design (docs/deployment.md).
import fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STALE_CYCLE_MESSAGE } from "../../app/lib/cycles.server";
import { issueHouseholdCodes } from "../../app/lib/surveys.server";
import { compileAnswerValidator } from "../../workflows/surveys/answers";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { sampleNeedsAnswers, seededRandom } from "../../workflows/surveys/sample-answers";
import { createDatabase } from "../../db/client";
import type { Survey } from "../../db/repositories/surveys";
import { launchBrowser, logIn, type TestBrowser } from "../support/browser";
import { copyTemplateDatabase, dropTestDatabase, onPostgres, queryRow } from "../support/database";
import { type RunningServer, startServer } from "../support/server";
import { openNeedsSurvey } from "../support/surveys";

const QINGBOMEN = "330102001051";

let servers: RunningServer[] = [];
let browsers: TestBrowser[] = [];
let dir = "";
let url = "";
let survey: Survey;
let codes: string[] = [];
let answers: () => unknown;
/** A community waiting for its street's approval, with every list item decided, and its two reviewers. */
let review: { code: string; reviewers: [string, string] };

describe.skipIf(!onPostgres)("two app instances on one PostgreSQL", () => {
  beforeAll(async () => {
    const copy = copyTemplateDatabase();
    dir = copy.dir;
    url = copy.file;
    const { db } = createDatabase(url);
    try {
      const wang = await db.selectFrom("users").select(["id", "password_hash"]).where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
      const change = { actor: { id: wang.id, role: "community_worker" as const, scopeCode: QINGBOMEN }, ip: null };
      survey = await openNeedsSurvey(db, change, QINGBOMEN, { days: 1 });
      const neighbourhood = await db.selectFrom("neighbourhoods").select("id").where("community_code", "=", QINGBOMEN).orderBy("name").executeTakeFirstOrThrow();
      const issued = await issueHouseholdCodes(db, change, { surveyId: survey.id, neighbourhoodIds: [neighbourhood.id] });
      if (!issued.ok) throw new Error(issued.message);
      codes = issued.byNeighbourhood[0].codes;
      const questions = compileAnswerValidator(survey.definition as SurveyJson).questions;
      const choices = questions.find((q) => q.name === "hh_neighbourhood")!.choices.map((c) => String(c.value));
      const random = seededRandom(11);
      answers = () => sampleNeedsAnswers(questions, choices, random);

      const waiting = await db
        .selectFrom("cycles as y")
        .innerJoin("communities as c", "c.code", "y.community_code")
        .select(["y.id", "c.code", "c.street_code"])
        .where("y.stage", "=", "street_review")
        .orderBy("c.code")
        .executeTakeFirstOrThrow();
      await db
        .updateTable("gap_items")
        .set({ decision: "approve" })
        .where("list_id", "in", (eb) => eb.selectFrom("gap_lists").select("id").where("cycle_id", "=", waiting.id))
        .execute();
      const reviewers: [string, string] = ["zhou.kezhang", "wu.kezhang"];
      for (const [i, username] of reviewers.entries()) {
        await db
          .insertInto("users")
          .values({
            id: `e2e-reviewer-${i}`,
            username,
            display_name: i === 0 ? "周科长" : "吴科长",
            password_hash: wang.password_hash,
            role: "street_reviewer",
            scope_code: waiting.street_code,
            active: 1,
            created_at: new Date().toISOString(),
          })
          .execute();
      }
      review = { code: waiting.code, reviewers };
    } finally {
      await db.destroy();
    }
    // Two instances on one database, as behind nginx; two browsers, one per reviewer.
    servers = await Promise.all([startServer({ databaseFile: url }), startServer({ databaseFile: url })]);
    browsers = await Promise.all([launchBrowser(), launchBrowser()]);
  });

  afterAll(async () => {
    for (const b of browsers) expect(b.pageErrors).toEqual([]);
    await Promise.all(browsers.map((b) => b.close()));
    await Promise.all(servers.map((s) => s.stop()));
    if (url) dropTestDatabase(url);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const submit = (server: RunningServer, body: unknown) =>
    fetch(`${server.url}/api/s/${survey.publicToken}/responses`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as { ok: boolean; code?: string; receipt?: string } }));

  it("one household code sent through both instances at once: exactly one answer is stored", async () => {
    for (const [i, code] of codes.slice(0, 5).entries()) {
      const [a, b] = await Promise.all([
        submit(servers[0], { idempotencyKey: `phone-a-${i}-0000`, householdCode: code, answers: answers() }),
        submit(servers[1], { idempotencyKey: `phone-b-${i}-0000`, householdCode: code, answers: answers() }),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 400]);
      // The public is told the same for a used code as for an unknown one (issue 16).
      expect([a, b].find((r) => r.status === 400)?.body.code).toBe("household_code_rejected");
    }
    const stored = queryRow<{ n: number }>(url, "select count(*) n from survey_responses where survey_id = ?", survey.id);
    expect(stored.n).toBe(5);
    // The tallies agree: every stored answer counted once, no refused one counted.
    const respondents = queryRow<{ count: number }>(url, "select count from survey_tallies where survey_id = ? and question = '__respondents' and segment = 'all'", survey.id);
    expect(respondents.count).toBe(5);
  });

  it("a retry of the same answer through the other instance gets the same receipt, and nothing is stored twice", async () => {
    const body = { idempotencyKey: "retry-key-000001", householdCode: codes[10], answers: answers() };
    const [a, b] = await Promise.all([submit(servers[0], body), submit(servers[1], body)]);
    expect([a.status, b.status].sort()).toEqual([200, 201]);
    expect(a.body.receipt).toBe(b.body.receipt);
    expect(queryRow<{ n: number }>(url, "select count(*) n from survey_responses where idempotency_key = ?", body.idempotencyKey).n).toBe(1);
  });

  it("two reviewers approve one list through different instances: one wins, the other is told to refresh", async () => {
    const cyclePath = `/communities/${review.code}/cycle`;
    const [first, second] = await Promise.all(browsers.map((b) => b.newPage()));
    await logIn(first, servers[0].url, review.reviewers[0]);
    await logIn(second, servers[1].url, review.reviewers[1]);
    // A session made by one instance is honoured by the other (sessions live in the database).
    await first.goto(`${servers[1].url}${cyclePath}`);
    await first.getByRole("button", { name: "退出登录" }).waitFor();
    await first.goto(`${servers[0].url}${cyclePath}`);
    await second.goto(`${servers[1].url}${cyclePath}`);
    const before = queryRow<{ version: number }>(url, "select version from cycles where community_code = ? and stage = 'street_review'", review.code);

    await first.getByRole("button", { name: "审核通过" }).click();
    await first.getByRole("status").filter({ hasText: "已完成" }).waitFor();
    await second.getByRole("button", { name: "审核通过" }).click();
    await second.getByRole("alert").filter({ hasText: STALE_CYCLE_MESSAGE }).waitFor();

    const after = queryRow<{ version: number; stage: string }>(url, "select version, stage from cycles where community_code = ? and stage <> 'closed'", review.code);
    expect(after).toEqual({ version: before.version + 1, stage: "planning" });
    const approvals = queryRow<{ n: number }>(url, "select count(*) n from audit_log where action = 'cycle.approve' and entity_id in (select id from cycles where community_code = ?)", review.code);
    expect(approvals.n).toBe(1);
    await Promise.all([first.close(), second.close()]);
  });
});
