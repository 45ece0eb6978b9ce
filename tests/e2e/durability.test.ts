import fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { copyTemplateDatabase, dropTestDatabase, queryRow } from "../support/database";
import { startServer } from "../support/server";
import { publishedSurveyWithCodes } from "../support/surveys";

const { dir, file } = copyTemplateDatabase();
afterAll(() => {
  dropTestDatabase(file);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("an acknowledged answer", () => {
  it("is already stored when the receipt is sent: it survives kill -9 of the server", async () => {
    const survey = await publishedSurveyWithCodes(file);
    const server = await startServer({ databaseFile: file });
    const submit = (idempotencyKey: string, householdCode: string) =>
      fetch(`${server.url}/api/s/${survey.token}/responses`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ idempotencyKey, householdCode, answers: survey.answers() }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { receipt?: string; code?: string } }));

    const first = await submit("durable-0000001", survey.codes[0]);
    expect(first.status).toBe(201);

    // Two phones, one household code, at the same moment: exactly one answer is accepted.
    const [a, b] = await Promise.all([submit("phone-a-0000001", survey.codes[1]), submit("phone-b-0000001", survey.codes[1])]);
    // The loser gets the answer any unusable code gets (issue 16: used and unknown codes look alike).
    expect([a.status, b.status].sort()).toEqual([201, 400]);

    const killed = new Promise((resolve) => server.process.once("exit", resolve));
    server.process.kill("SIGKILL");
    await killed;

    const stored = queryRow<{ n: number }>(file, "select count(*) as n from survey_responses r join surveys s on s.id = r.survey_id where s.public_token = ?", survey.token);
    expect(Number(stored.n)).toBe(2);
    const receipt = queryRow<{ receipt: string }>(file, "select receipt from survey_responses where idempotency_key = ?", "durable-0000001");
    expect(receipt.receipt).toBe(first.body.receipt);

    // The restarted server answers a retry of the first submission with the same receipt.
    const again = await startServer({ databaseFile: file });
    try {
      const retry = await fetch(`${again.url}/api/s/${survey.token}/responses`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ idempotencyKey: "durable-0000001", householdCode: survey.codes[0], answers: survey.answers() }),
      });
      expect(retry.status).toBe(200);
      expect(((await retry.json()) as { receipt: string }).receipt).toBe(first.body.receipt);
    } finally {
      await again.stop();
    }
  });
});
