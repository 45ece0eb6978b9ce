// Every route file × every role × the same role one scope over: GET as each identity, then
// the action with an unknown intent. Expected statuses come from tests/security/route-table.ts.
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectedGet, PLACELESS, type RouteRow, ROUTES } from "./route-table";
import { IDENTITIES, type Identity, openWorld, type World } from "./world";

let world: World;
beforeAll(async () => {
  world = await openWorld();
});
afterAll(async () => world?.stop());

const fill = (url: string) => url.replace(/\{(\w+)\}/g, (_, key: string) => world.ids[key] ?? `{${key}}`);
const routeFiles = fs.readdirSync(path.resolve(import.meta.dirname, "../../app/routes"));

const HOME_SCOPE: readonly Identity[] = ["worker", "reviewer", "district", "city"];

/**
 * An unknown intent: 400 from whoever may see the page and change it (403 from one who may
 * only read it, or 400/403 from a role that may see the place but not this form); the sign-in
 * redirect anonymously; 403/404 for any other scope.
 */
function expectedPost(file: string, row: RouteRow, who: Identity): number[] {
  if (file === "login.tsx") return who === "anonymous" ? [403] : [302];
  if (file === "logout.tsx") return [302];
  if (who === "anonymous") return [302];
  // What does not exist for them on a GET does not exist on a POST either.
  if (expectedGet(row, who) === 404) return [404];
  if (expectedGet(row, who) === 200) return !row.changers || row.changers.includes(who) ? [400] : [403];
  return HOME_SCOPE.includes(who) || PLACELESS.includes(row.audience) ? [400, 403] : [403, 404];
}

describe("route × role × scope matrix", () => {
  it("has one row per route file, and none for a file that is gone", () => {
    expect(Object.keys(ROUTES).sort()).toEqual([...routeFiles].sort());
  });

  it("answers every GET as the table says, never 5xx", async () => {
    const wrong: string[] = [];
    for (const [file, row] of Object.entries(ROUTES)) {
      for (const who of IDENTITIES) {
        const answer = await world.clients[who].get(fill(row.url));
        const expected = expectedGet(row, who);
        if (answer.status !== expected) wrong.push(`${file} as ${who}: ${answer.status}, expected ${expected}`);
      }
    }
    console.info(`GET cells: ${Object.keys(ROUTES).length} routes × ${IDENTITIES.length} identities = ${Object.keys(ROUTES).length * IDENTITIES.length}`);
    expect(wrong).toEqual([]);
  });

  it("answers every action's unknown intent with 400 in scope and turns everyone else away, never 5xx", async () => {
    const wrong: string[] = [];
    let cells = 0;
    for (const [file, row] of Object.entries(ROUTES)) {
      if (!row.action) continue;
      for (const who of IDENTITIES) {
        cells++;
        const answer = await world.clients[who].post(fill(row.url), { intent: "__proto__", event: "__proto__" });
        const expected = expectedPost(file, row, who);
        if (!expected.includes(answer.status)) wrong.push(`POST ${file} as ${who}: ${answer.status}, expected ${expected.join("/")}`);
        if (file === "logout.tsx") await world.clients[who].signInAgain();
      }
    }
    console.info(`POST cells: ${cells}`);
    expect(wrong).toEqual([]);
  });

  it("does not show one community's objects under another community's address", async () => {
    const urls = [
      "/communities/{community}/facilities/{foreignFacility}",
      "/communities/{community}/projects/{foreignProject}",
      "/communities/{community}/surveys/{foreignSurvey}/results",
      "/communities/{community}/surveys/{foreignSurvey}/export.csv",
      "/communities/{community}/surveys/{foreignSurvey}/edit",
    ];
    const seen: string[] = [];
    for (const who of HOME_SCOPE) {
      for (const url of urls) {
        const status = (await world.clients[who].get(fill(url))).status;
        // 404 where the page is theirs to see; 403 where the form is another role's anyway.
        if (status !== 404 && status !== 403) seen.push(`${url} as ${who}: ${status}`);
        if (who === "worker" && status !== 404) seen.push(`${url} as worker: ${status}, expected 404`);
      }
    }
    expect(seen).toEqual([]);
  });
});
