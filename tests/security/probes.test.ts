// Hostile requests against one running server: oversized bodies (declared and chunked),
// foreign origins, HSTS. The resident endpoint's own probes live with its tests.
import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client, send } from "../support/http-client";
import { type RunningServer, startServer } from "../support/server";

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
