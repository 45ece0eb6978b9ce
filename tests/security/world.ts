// The security suite's city: the seeded demo plus accounts so that every role has a
// neighbour of the same role in another scope. Home is 330102003053 (a community in 验收
// with a project); its neighbours are 330102003058 (same street), street 330102001
// (same district) and district 330105.
import crypto from "node:crypto";
import { Client } from "../support/http-client";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { type RunningServer, startServer } from "../support/server";

export const HOME = { community: "330102003053", street: "330102003", district: "330102" };
export const NEIGHBOUR_COMMUNITY = "330102003058";

export const IDENTITIES = ["anonymous", "worker", "reviewer", "district", "city", "nbWorker", "nbReviewer", "nbDistrict"] as const;
export type Identity = (typeof IDENTITIES)[number];

const ACCOUNTS: Record<Exclude<Identity, "anonymous">, { username: string; role?: string; scope?: string | null }> = {
  worker: { username: "sec.worker", role: "community_worker", scope: HOME.community },
  reviewer: { username: "sec.reviewer", role: "street_reviewer", scope: HOME.street },
  district: { username: "shangcheng.admin" },
  city: { username: "city.admin" },
  nbWorker: { username: "sec.nb.worker", role: "community_worker", scope: NEIGHBOUR_COMMUNITY },
  nbReviewer: { username: "chen.kezhang" },
  nbDistrict: { username: "sec.nb.district", role: "district_admin", scope: "330105" },
};

export interface World {
  server: RunningServer;
  db: TestDatabase;
  clients: Record<Identity, Client>;
  /** Ids used in URLs: home objects and objects of the neighbouring community. */
  ids: Record<string, string>;
  stop: () => Promise<void>;
}

async function firstId(t: TestDatabase, table: "facilities" | "projects" | "surveys", community: string): Promise<string> {
  const row = await t.db.selectFrom(table).select("id").where("community_code", "=", community).orderBy("id").executeTakeFirst();
  return row?.id ?? crypto.randomUUID();
}

/** Adds the neighbours' accounts (demo password) and returns the ids the suite puts in URLs. */
export async function prepareCity(t: TestDatabase): Promise<Record<string, string>> {
  const model = await t.db.selectFrom("users").selectAll().where("username", "=", "wang.laoshi").executeTakeFirstOrThrow();
  for (const account of Object.values(ACCOUNTS)) {
    if (!account.role) continue;
    await t.db
      .insertInto("users")
      .values({ ...model, id: crypto.randomUUID(), username: account.username, display_name: account.username, role: account.role as typeof model.role, scope_code: account.scope ?? null })
      .execute();
  }
  const survey = await t.db.selectFrom("surveys").select(["id", "public_token"]).where("community_code", "=", HOME.community).executeTakeFirst();
  return {
    community: HOME.community,
    street: HOME.street,
    district: HOME.district,
    facility: await firstId(t, "facilities", HOME.community),
    project: await firstId(t, "projects", HOME.community),
    survey: survey?.id ?? crypto.randomUUID(),
    token: survey?.public_token ?? "nosuchtoken",
    file: crypto.randomUUID(),
    userId: (await t.db.selectFrom("users").select("id").where("username", "=", ACCOUNTS.worker.username).executeTakeFirstOrThrow()).id,
    foreignFacility: await firstId(t, "facilities", NEIGHBOUR_COMMUNITY),
    foreignProject: await firstId(t, "projects", NEIGHBOUR_COMMUNITY),
    foreignSurvey: await firstId(t, "surveys", NEIGHBOUR_COMMUNITY),
  };
}

export const usernameOf = (who: Exclude<Identity, "anonymous">) => ACCOUNTS[who].username;

export async function openWorld(): Promise<World> {
  const t = openTestDatabase();
  const ids = await prepareCity(t);
  const server = await startServer({ databaseFile: t.file });
  const clients = { anonymous: new Client(server.url) } as Record<Identity, Client>;
  for (const [identity, account] of Object.entries(ACCOUNTS)) clients[identity as Identity] = await new Client(server.url).signIn(account.username);
  return {
    server,
    db: t,
    clients,
    ids,
    stop: async () => {
      await server.stop();
      await t.cleanup();
    },
  };
}
