import fs from "node:fs";
import { afterAll, beforeAll, expect } from "vitest";
import { launchBrowser, type TestBrowser } from "./browser";
import { copyTemplateDatabase, dropTestDatabase } from "./database";
import { type RunningServer, startServer } from "./server";

export interface E2eApp {
  server: RunningServer;
  browser: TestBrowser;
}

interface E2eOptions {
  /** Changes the file's private copy of the demo database before the server opens it. */
  prepare?: (databaseFile: string) => Promise<void>;
  env?: Record<string, string>;
}

/**
 * One server and one Chromium for the tests of an e2e file: started before them on a private
 * copy of the demo database, stopped after them, and no page may have thrown meanwhile.
 */
export function e2eApp(options: E2eOptions = {}): E2eApp {
  // Filled in beforeAll, which runs before any test reads it.
  const app = {} as E2eApp;
  let copy: { dir: string; file: string } | undefined;
  beforeAll(async () => {
    if (options.prepare) {
      copy = copyTemplateDatabase();
      await options.prepare(copy.file);
    }
    [app.server, app.browser] = await Promise.all([startServer({ databaseFile: copy?.file, env: options.env }), launchBrowser()]);
  });
  afterAll(async () => {
    expect(app.browser?.pageErrors ?? []).toEqual([]);
    await app.browser?.close();
    await app.server?.stop();
    if (copy) {
      dropTestDatabase(copy.file);
      fs.rmSync(copy.dir, { recursive: true, force: true });
    }
  });
  return app;
}
