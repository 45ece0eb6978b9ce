import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect } from "vitest";
import { createDatabase, type OpenedDatabase } from "../../db/client";
import { launchBrowser, logIn, type Page, type TestBrowser } from "./browser";
import { copyTemplateDatabase, dropTestDatabase } from "./database";
import { type RunningServer, startServer } from "./server";

export interface E2eApp {
  server: RunningServer;
  browser: TestBrowser;
  /** With `database: true`: a connection to the private copy, which the server shares (WAL; writes wait their turn). */
  database: OpenedDatabase;
  /** A new page signed in as `username`: at the page `at` (a path from the server's root) when given, on a phone's screen with `phone`. */
  signIn: (username: string, options?: { at?: string; phone?: boolean }) => Promise<Page>;
  /** A path in a folder of the file's own, for downloads and files to upload; removed after the tests. */
  tempFile: (name: string) => string;
}

interface E2eOptions {
  /** Changes the file's private copy of the demo database before the server opens it. */
  prepare?: (databaseFile: string) => Promise<void>;
  /** Opens the private copy for the file's set-up and checks (`app.database`), before `prepare`. */
  database?: boolean;
  env?: Record<string, string>;
}

/**
 * One server and one Chromium for the tests of an e2e file: started before them on a private
 * copy of the demo database, stopped after them, and no page may have thrown meanwhile.
 */
export function e2eApp(options: E2eOptions = {}): E2eApp {
  let files: string | undefined;
  // Filled in beforeAll, which runs before any test reads it.
  const app = {
    signIn: async (username: string, { at, phone }: { at?: string; phone?: boolean } = {}) => {
      const page = await app.browser.newPage({ phone });
      await logIn(page, app.server.url, username);
      if (at !== undefined) await page.goto(`${app.server.url}${at}`);
      return page;
    },
    tempFile: (name: string) => path.join((files ??= fs.mkdtempSync(path.join(os.tmpdir(), "hz-e2e-files-"))), name),
  } as E2eApp;
  let copy: { dir: string; file: string } | undefined;
  beforeAll(async () => {
    if (options.prepare || options.database) copy = copyTemplateDatabase();
    if (copy && options.database) app.database = createDatabase(copy.file);
    if (copy && options.prepare) await options.prepare(copy.file);
    [app.server, app.browser] = await Promise.all([startServer({ databaseFile: copy?.file, env: options.env }), launchBrowser()]);
  });
  afterAll(async () => {
    expect(app.browser?.pageErrors ?? []).toEqual([]);
    await app.browser?.close();
    await app.server?.stop();
    await app.database?.db.destroy();
    if (copy) {
      dropTestDatabase(copy.file);
      fs.rmSync(copy.dir, { recursive: true, force: true });
    }
    if (files) fs.rmSync(files, { recursive: true, force: true });
  });
  return app;
}
