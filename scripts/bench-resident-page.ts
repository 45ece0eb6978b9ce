// npm run bench:resident — the resident survey page on a phone: JavaScript transferred (gzip)
// on first load and after the first tap, next to the libraries alone; time from first tap to
// an interactive survey; and Lighthouse mobile (3 runs). Prints figures; never fails on them.
// `-- --matrix`: the same for a survey whose first page holds a 6 × 5 satisfaction matrix
// (tests/support/matrix-survey.ts) instead of the seven-domain survey.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";
import { chromium } from "playwright-core";
import { CHROMIUM_FLAGS } from "../tests/support/browser";
import { MATRIX_HEAVY_SURVEY } from "../tests/support/matrix-survey";
import { openNeedsSurvey, openSurveyWith } from "../tests/support/surveys";
import { BUILD_DIR, buildAndSeed, startBuiltServer } from "./bench-app";

const RUNS = Number(process.env.LIGHTHOUSE_RUNS ?? 3);
const MATRIX_FIRST = process.argv.includes("--matrix");
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const gzipSize = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;

async function main() {
  const { dir, file, db } = await buildAndSeed("resident");
  const actor = { id: "bench", role: "community_worker" as const, scopeCode: "330102001051" };
  const change = { actor, ip: null };
  const survey = MATRIX_FIRST
    ? await openSurveyWith(db, change, "330102001051", MATRIX_HEAVY_SURVEY, { days: 1, openLink: true })
    : await openNeedsSurvey(db, change, "330102001051", { days: 1, openLink: true });
  await db.destroy();

  const { server, base } = await startBuiltServer(file, 3600, 200);
  const url = `${base}/s/${survey.publicToken}`;

  // 1. Bytes on the wire, first load and after the first tap (gzip, as the server sends them).
  const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_FLAGS });
  const page = await browser.newPage({
    viewport: { width: 390, height: 844 },
    userAgent: "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36",
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const requests = new Map<string, { url: string; type: string }>();
  let phase: "load" | "tap" = "load";
  const transferred = { load: { js: 0, css: 0, other: 0 }, tap: { js: 0, css: 0, other: 0 } };
  const jsFiles: Record<"load" | "tap", string[]> = { load: [], tap: [] };
  cdp.on("Network.responseReceived", (e) => requests.set(e.requestId, { url: e.response.url, type: e.type }));
  cdp.on("Network.loadingFinished", (e) => {
    const r = requests.get(e.requestId);
    if (!r) return;
    const kind = r.type === "Script" ? "js" : r.type === "Stylesheet" ? "css" : "other";
    transferred[phase][kind] += e.encodedDataLength;
    if (kind === "js") jsFiles[phase].push(r.url.replace(/^.*\/build\//, "build/"));
  });
  await page.goto(url, { waitUntil: "networkidle" });
  const staticCells = await page.locator(".resident-static input[type=radio]").count();
  phase = "tap";
  const started = performance.now();
  await page.getByRole("textbox", { name: /户码/ }).tap().catch(() => page.getByRole("textbox", { name: /户码/ }).click());
  await page.locator(".resident-runner .sd-question").first().waitFor();
  const tapToInteractive = performance.now() - started;
  await page.waitForLoadState("networkidle");
  await browser.close();

  // The libraries alone, minified as our build ships them, for comparison.
  const assets = path.join(BUILD_DIR, "public", "build");
  const all = (d: string): string[] =>
    fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? all(path.join(d, e.name)) : [path.join(d, e.name)]));
  const chunks = all(assets).filter((f) => f.endsWith(".js"));
  const manifest = JSON.parse(fs.readFileSync(chunks.find((f) => /manifest-/.test(f))!, "utf8").replace(/^window\.__remixManifest=/, "").replace(/;$/, ""));
  const entryFiles = [manifest.entry.module, ...manifest.entry.imports].map((u: string) => path.join(assets, u.replace(/^\/build\//, "")));
  const runtime = entryFiles.reduce((s: number, f: string) => s + gzipSize(f), 0);
  const surveyChunks = jsFiles.tap.map((u) => path.join(assets, u.replace(/^build\//, "")));
  const surveyLibs = surveyChunks.filter((f) => fs.existsSync(f)).reduce((s, f) => s + gzipSize(f), 0);

  // 2. Lighthouse mobile, several runs.
  const scores: { performance: number; fcp: number; lcp: number; cls: number; tbt: number; si: number }[] = [];
  for (let i = 0; i < RUNS; i++) {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "hz-lh-"));
    const chrome = await chromeLauncher.launch({
      chromePath: "/usr/bin/chromium",
      chromeFlags: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`],
    });
    try {
      const result = await lighthouse(url, { port: chrome.port, onlyCategories: ["performance"], formFactor: "mobile", output: "json", logLevel: "error" });
      const lhr = result!.lhr;
      scores.push({
        performance: Math.round((lhr.categories.performance.score ?? 0) * 100),
        fcp: lhr.audits["first-contentful-paint"].numericValue ?? 0,
        lcp: lhr.audits["largest-contentful-paint"].numericValue ?? 0,
        cls: lhr.audits["cumulative-layout-shift"].numericValue ?? 0,
        tbt: lhr.audits["total-blocking-time"].numericValue ?? 0,
        si: lhr.audits["speed-index"].numericValue ?? 0,
      });
    } finally {
      await chrome.kill();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    }
  }
  server.kill("SIGTERM");
  fs.rmSync(dir, { recursive: true, force: true });

  console.log(`bench:resident — ${url.replace(/\/s\/.*/, "/s/<token>")} — ${MATRIX_FIRST ? "first page: a 6 × 5 satisfaction matrix" : "the seven-domain needs survey"}`);
  console.log(`JS transferred on first load (gzip):      ${kb(transferred.load.js)}  (${jsFiles.load.length} files; CSS ${kb(transferred.load.css)})`);
  console.log(`JS transferred after the first tap:       ${kb(transferred.tap.js)}  (${jsFiles.tap.length} files)`);
  console.log(`  for comparison — React + Remix runtime (entry chunks, gzip -9): ${kb(runtime)}; survey chunks loaded on tap (gzip -9): ${kb(surveyLibs)}`);
  console.log(`no chart/builder/admin code on first load: ${jsFiles.load.some((f) => /echarts|builder|chart/i.test(f)) ? "NO — check" : "yes"}`);
  if (MATRIX_FIRST) console.log(`matrix cells in the server-rendered first page: ${staticCells}`);
  console.log(`time from first tap to an interactive survey: ${tapToInteractive.toFixed(0)} ms (localhost)`);
  console.log("Lighthouse mobile (performance):");
  for (const [i, s] of scores.entries()) {
    console.log(`  run ${i + 1}: ${s.performance}  FCP ${(s.fcp / 1000).toFixed(2)} s  LCP ${(s.lcp / 1000).toFixed(2)} s  TBT ${s.tbt.toFixed(0)} ms  CLS ${s.cls.toFixed(3)}  SI ${(s.si / 1000).toFixed(2)} s`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
