import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { copyTemplateDatabase, dropTestDatabase } from "./database";

export interface RunningServer {
  url: string;
  /** The SQLite file, or under test:pg the PostgreSQL URL of the server's database. */
  databaseFile: string;
  process: ChildProcess;
  /** Resolves when the server has printed `text` (e.g. "FAILPOINT …", db/failpoints.ts). */
  waitForOutput: (text: string, timeoutMs?: number) => Promise<void>;
  stop: () => Promise<void>;
}

const ROOT = path.resolve(import.meta.dirname, "../..");

/**
 * `npm test` builds first (ensure-build.ts when a file runs alone): the server runs compiled, as
 * `npm start` runs it, and starts in half the time. A side build (BUILD_DIR, e.g. test:pg) has no
 * compiled server of its own, so there it runs from source.
 */
function serverEntry(): string[] {
  return !process.env.BUILD_DIR && fs.existsSync(path.join(ROOT, "build/server.js")) ? ["build/server.js"] : ["--import", "tsx", "server.ts"];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * The production build on a free port, against a fresh copy of the seeded database (or the
 * given one: a SQLite file or a postgres:// URL, which two servers may share). The copy holds
 * the demo city, so the server runs with APP_MODE=demo (db/app-mode.ts); pass
 * `env: { APP_MODE: "" }` to start it as a real production install.
 */
export async function startServer(options: { databaseFile?: string; env?: Record<string, string> } = {}): Promise<RunningServer> {
  let dir: string | null = null;
  let databaseFile = options.databaseFile;
  if (!databaseFile) {
    const copy = copyTemplateDatabase();
    dir = copy.dir;
    databaseFile = copy.file;
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // "{url}" in a value stands for the server's own address (e.g. PUBLIC_BASE_URL).
  const env = Object.fromEntries(Object.entries(options.env ?? {}).map(([k, v]) => [k, v.replaceAll("{url}", url)]));
  const child = spawn(process.execPath, serverEntry(), {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: "production", APP_MODE: "demo", PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseFile, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  // Generous: on the shared 2-core machine a start under load takes 15–30 s.
  const deadline = Date.now() + 60_000;
  while (!output.includes("已启动")) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    if (Date.now() > deadline) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    databaseFile,
    process: child,
    waitForOutput: async (text, timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs;
      while (!output.includes(text)) {
        if (child.exitCode !== null || Date.now() > until) throw new Error(`server never printed ${text}:\n${output}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    stop: async () => {
      // A server killed by a signal has exited too (exitCode stays null).
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      if (dir) {
        dropTestDatabase(databaseFile);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
