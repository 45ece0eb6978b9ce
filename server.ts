// The app's own HTTP server: security headers, compression, static files, and Remix.
// `npm start` runs it compiled (build/server.js, made by `npm run build`): without the tsx
// loader the server holds less memory; `tsx server.ts` runs it from source (tests, dev).
import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { broadcastDevReady, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { clientAddress, trustProxyFromEnv } from "./app/lib/client-address.server";
import { withDatabaseOutageAnswers } from "./app/lib/database-outage.server";
import { database } from "./app/lib/db.server";
import { productionStartProblems } from "./app/lib/production-check.server";
import { createLimitedRequestHandler } from "./app/lib/remix-handler.server";
import { FOREIGN_ORIGIN_MESSAGE, isForeignOrigin, refuse } from "./app/lib/request-guards.server";
import { handleSurveySubmission, SUBMISSION_PATH } from "./app/lib/survey-http.server";
import { startWalCheckpointer } from "./db/wal-checkpointer";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = import.meta.url.endsWith("/build/server.js") ? path.dirname(here) : here;
// Same convention as remix.config.js: BUILD_DIR holds index.js and public/build.
const buildDir = process.env.BUILD_DIR ? path.resolve(root, process.env.BUILD_DIR) : null;
const BUILD_PATH = buildDir ? path.join(buildDir, "index.js") : path.join(root, "build", "index.js");
const ASSETS_PATH = buildDir ? path.join(buildDir, "public", "build") : path.join(root, "public", "build");
const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "0.0.0.0";

// A database that is full, restarting or unreachable answers 503, not 500 (database-outage.server.ts).
const build = withDatabaseOutageAnswers((await import(pathToFileURL(BUILD_PATH).href)) as ServerBuild);

// Production refuses to start on a demo database or without PUBLIC_BASE_URL (db/app-mode.ts).
const startProblems = await productionStartProblems(database.db);
if (startProblems.length) {
  console.error(`服务器未启动（NODE_ENV=production）：\n${startProblems.map((p) => `  - ${p}`).join("\n")}`);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
// Behind nginx set TRUST_PROXY=1 so the client address and req.protocol (Secure cookies) come
// from X-Forwarded-*; one rule for Express and the survey endpoint (client-address.server.ts).
app.set("trust proxy", trustProxyFromEnv());

app.use((req: Request, res: Response, next: NextFunction) => {
  const nonce = crypto.randomBytes(16).toString("base64");
  res.locals.cspNonce = nonce;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      // SurveyJS and ECharts set inline styles.
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self' data:",
      "connect-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  // req.secure follows X-Forwarded-Proto only behind TRUST_PROXY.
  if (req.secure) res.setHeader("Strict-Transport-Security", "max-age=31536000");
  next();
});

// Cross-site form posts (and `Origin: null`) are refused before any handler runs; the
// session's CSRF token (auth.server.ts) is the second line.
app.use((req: Request, res: Response, next: NextFunction) => {
  if (isForeignOrigin(req)) refuse(res, 403, FOREIGN_ORIGIN_MESSAGE);
  else next();
});

app.use(compression());
app.use("/build", express.static(ASSETS_PATH, { immutable: true, maxAge: "1y" }));
app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

app.all(
  "*",
  // Request bodies are counted against their route's budget (413 past it).
  createLimitedRequestHandler({
    build,
    mode: build.mode,
    getLoadContext: (req, res) => ({
      clientIp: clientAddress(req),
      cspNonce: String(res.locals.cspNonce ?? ""),
    }),
  }),
);

// WAL checkpoints run beside the app, not inside its commits (db/wal-checkpointer.ts).
const checkpointer = database.sqlite ? startWalCheckpointer(database.sqlite) : null;

// Resident submissions skip Express and Remix: see app/lib/survey-http.server.ts.
const server = http.createServer((req, res) => {
  const match = req.method === "POST" && req.url ? SUBMISSION_PATH.exec(req.url) : null;
  if (match) void handleSurveySubmission(req, res, match[1]);
  else app(req, res);
});
server.listen(port, host, () => {
  console.log(`社区嵌入式服务设施 体检与需求调查 已启动：http://localhost:${port}`);
  if (build.mode === "development") void broadcastDevReady(build);
});

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    server.close(() => void (checkpointer?.stop() ?? Promise.resolve()).finally(() => process.exit(0)));
    setTimeout(() => process.exit(0), 3000).unref();
  });
}
