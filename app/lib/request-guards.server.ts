// What every request meets before Express or Remix reads it (server.ts): its origin, and a
// byte budget per route that is checked against Content-Length up front and counted on the
// stream (chunked bodies), so an oversized body is never read into memory.
import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_ATTACHMENT_BYTES } from "./file-types";

const KB = 1024;
const MB = 1024 * KB;

/** Sign-in and ordinary forms. */
export const FORM_BUDGET = 64 * KB;

// Multipart framing and the other fields of the form travel beside the file.
const FRAMING = 64 * KB;
const BUDGETS: readonly { path: RegExp; bytes: number; what: string }[] = [
  // Up to three attachments of 10 MB (app/lib/file-types.ts).
  { path: /^\/communities\/[^/]+\/projects\/[^/]+\/?$/, bytes: 3 * MAX_ATTACHMENT_BYTES + FRAMING, what: "附件" },
  // One photo of an idle space at a time (the attachment rules).
  { path: /^\/communities\/[^/]+\/spaces\/[^/]+\/?$/, bytes: MAX_ATTACHMENT_BYTES + FRAMING, what: "照片" },
  // Spreadsheet imports: 5 MB facilities/communities, 2 MB accounts (app/validation/).
  { path: /^\/import\/?$/, bytes: 5 * MB + FRAMING, what: "导入文件" },
  { path: /^\/admin\/users\/import\/?$/, bytes: 2 * MB + FRAMING, what: "导入文件" },
  // A survey definition (200 KB) may travel as JSON text and as an uploaded file.
  { path: /^\/communities\/[^/]+\/surveys\/[^/]+\/edit\/?$/, bytes: 1 * MB, what: "问卷定义" },
  // A paper answer sheet (64 KB of answers) with its form fields.
  { path: /^\/communities\/[^/]+\/surveys\/[^/]+\/paper\/?$/, bytes: 128 * KB, what: "答卷" },
];

export function bodyBudget(pathname: string): { bytes: number; what: string } {
  return BUDGETS.find((b) => b.path.test(pathname)) ?? { bytes: FORM_BUDGET, what: "表单" };
}

function sizeLabel(bytes: number): string {
  return bytes >= MB ? `${Math.round(bytes / MB)} MB` : `${Math.round(bytes / KB)} KB`;
}

export function tooLargeMessage(budget: { bytes: number; what: string }): string {
  return `提交的${budget.what}过大（上限约 ${sizeLabel(budget.bytes)}），请缩小或拆分后再提交。`;
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Whether a state-changing request comes from another site: `Origin: null` (sandboxed
 * frames, some redirects) and any origin other than the app's own are refused. The app's
 * own origin is PUBLIC_BASE_URL when set, else the Host the request was sent to.
 */
export function isForeignOrigin(req: IncomingMessage, publicBaseUrl = process.env.PUBLIC_BASE_URL): boolean {
  if (SAFE_METHODS.has(req.method ?? "GET")) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return req.headers["sec-fetch-site"] === "cross-site";
  let sent: URL;
  try {
    sent = new URL(origin);
  } catch {
    return true;
  }
  if (origin === "null" || sent.origin === "null") return true;
  const base = publicBaseUrl?.trim();
  if (base) {
    try {
      return sent.origin !== new URL(base).origin;
    } catch {
      return true;
    }
  }
  return sent.host !== req.headers.host;
}

export const FOREIGN_ORIGIN_MESSAGE = "请求来源不被允许：请从本系统的页面提交。";

export function refuse(res: ServerResponse, status: 403 | 413, message: string): void {
  if (res.headersSent) return;
  res.statusCode = status;
  // The rest of an oversized body is not worth reading: the connection is closed after the answer.
  if (status === 413) res.setHeader("Connection", "close");
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  res.setHeader("Cache-Control", "no-store");
  res.end(message);
}

/** True (and answered 413) when Content-Length already says the body is over budget. */
export function refuseDeclaredTooLarge(req: IncomingMessage, res: ServerResponse, budget: { bytes: number; what: string }): boolean {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (!(declared > budget.bytes)) return false;
  refuse(res, 413, tooLargeMessage(budget));
  return true;
}

export class BodyTooLarge extends Error {
  constructor() {
    super("request body over budget");
  }
}

/**
 * The request body as a web stream that counts bytes: past the budget it answers 413,
 * stops reading and fails the stream (the route sees an aborted request, not a 500).
 */
export function countedBody(req: IncomingMessage, res: ServerResponse, budget: { bytes: number; what: string }, abort: () => void): ReadableStream<Uint8Array> {
  let seen = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on("data", (chunk: Buffer) => {
        seen += chunk.length;
        if (seen > budget.bytes) {
          req.pause();
          req.removeAllListeners("data");
          refuse(res, 413, tooLargeMessage(budget));
          abort();
          controller.error(new BodyTooLarge());
          return;
        }
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.once("end", () => {
        if (seen <= budget.bytes) controller.close();
      });
      req.once("error", (error) => controller.error(error));
    },
    pull() {
      req.resume();
    },
    cancel() {
      req.destroy();
    },
  });
}
