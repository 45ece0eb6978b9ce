// The public answer endpoint, served by server.ts before Express and Remix: submissions
// peak when a community hands out its slips, and this path does only what it must.
import type { IncomingMessage, ServerResponse } from "node:http";
import { nowIso } from "../../db/clock";
import { findResponseByIdempotencyKey, findSurveyByToken, findSurveyHeadByToken, type Survey, type SurveyHead } from "../../db/repositories/surveys";
import { MAX_ANSWER_BYTES } from "../../workflows/surveys/answers";
import { surveyAvailability } from "../../workflows/surveys/availability";
import { clientAddress } from "./client-address.server";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "./database-outage.server";
import { db } from "./db.server";
import { DEVICE_ID_REFUSAL, isIssuedDeviceId } from "./device-ids.server";
import { admitPublicRequest, type LimitKind } from "./public-limits.server";
import { HOUSEHOLD_CODE_REFUSAL, isCodeRefusal, isJsonContentType, retryAfterHeader } from "./public-answers.server";
import { type SubmissionResult, submitResponse } from "./survey-submission.server";

export const SUBMISSION_PATH = /^\/api\/s\/([A-Za-z0-9_-]{6,32})\/responses$/;
// Answers plus the key, code and device id around them.
const MAX_BODY_BYTES = MAX_ANSWER_BYTES + 1024;

// Parsing a published definition costs more than storing an answer: keep parsed surveys,
// re-reading the row only when its version moved (published, extended, closed…).
const surveys = new Map<string, Survey>();
// The answers that arrive in one turn of the event loop share one read of the survey's version
// (≈ 9 µs an answer under load otherwise). That read is as fresh as a read per answer: either
// way a change can land between the check and the batch's commit, which follows within ms.
const headsThisTurn = new Map<string, Promise<SurveyHead | null>>();
function headOf(token: string): Promise<SurveyHead | null> {
  let head = headsThisTurn.get(token);
  if (!head) {
    if (headsThisTurn.size === 0) setImmediate(() => headsThisTurn.clear());
    head = findSurveyHeadByToken(db, token);
    headsThisTurn.set(token, head);
  }
  return head;
}
async function publishedSurvey(token: string): Promise<Survey | null> {
  const head = await headOf(token);
  if (!head) return null;
  const cached = surveys.get(token);
  if (cached && cached.id === head.id && cached.version === head.version) return cached;
  const survey = await findSurveyByToken(db, token);
  if (!survey) return null;
  if (surveys.size >= 256) surveys.delete(surveys.keys().next().value!);
  surveys.set(token, survey);
  return survey;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(json),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    ...headers,
  });
  res.end(json);
}

function readBody(req: IncomingMessage): Promise<Buffer | "too_large"> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > MAX_BODY_BYTES) {
      req.resume();
      resolve("too_large");
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        req.destroy();
        resolve("too_large");
      } else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export const SUBMISSION_UNAVAILABLE_MESSAGE = "系统繁忙，答卷暂时没有保存。您填写的内容仍保存在本机，请稍等一两分钟后再点“提交”。";

function publicAnswer(result: SubmissionResult): SubmissionResult {
  return isCodeRefusal(result) ? HOUSEHOLD_CODE_REFUSAL : result;
}

/** Which limit an answer set counts against: a typed code, else the open link (ADR 0012). */
function limitKindOf(survey: Survey, payload: unknown): LimitKind | null {
  if (surveyAvailability(survey, nowIso()) !== "open" || typeof payload !== "object" || payload === null) return null;
  const code = (payload as { householdCode?: unknown }).householdCode;
  if (typeof code === "string" && code.trim() !== "") return "household_code";
  return survey.openLinkEnabled ? "open_link" : null;
}

/** Whether the answer used up a count: an open-link answer stored, a household code refused. */
function counted(kind: LimitKind, result: SubmissionResult): boolean {
  return kind === "open_link" ? result.ok && !result.duplicate : isCodeRefusal(result);
}

export async function handleSurveySubmission(req: IncomingMessage, res: ServerResponse, token: string): Promise<void> {
  try {
    // A sandboxed frame or a file sends "Origin: null"; neither is the survey page (issue 16).
    const origin = req.headers.origin;
    if (origin !== undefined && (origin === "null" || hostOf(origin) !== req.headers.host)) {
      send(res, 403, { ok: false, code: "bad_origin", message: "请求来源不被允许。" });
      return;
    }
    // Exactly JSON: "text/plain; application/json" is sent cross-site without a preflight.
    if (!isJsonContentType(req.headers["content-type"])) {
      send(res, 415, { ok: false, code: "bad_content_type", message: "请以 JSON 格式提交。" });
      return;
    }
    const body = await readBody(req);
    if (body === "too_large") {
      send(res, 413, { ok: false, code: "too_large", message: "答卷内容过多，无法提交；请缩短文字后再试。" });
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(body.toString("utf8"));
    } catch {
      send(res, 400, { ok: false, code: "bad_json", message: "提交内容格式不正确，请刷新页面后重试。" });
      return;
    }
    const survey = await publishedSurvey(token);
    if (!survey) {
      send(res, 404, { ok: false, code: "not_found", message: "找不到这份问卷，请核对链接或二维码。" });
      return;
    }
    const kind = limitKindOf(survey, payload);
    if (kind === "open_link" && !isIssuedDeviceId((payload as { deviceId?: unknown }).deviceId)) {
      send(res, DEVICE_ID_REFUSAL.status, DEVICE_ID_REFUSAL);
      return;
    }
    // A retry of an answer already stored gets its receipt whatever the limits: it adds nothing.
    const key = kind ? (payload as { idempotencyKey?: unknown }).idempotencyKey : undefined;
    const retry = typeof key === "string" && /^[A-Za-z0-9_-]{8,64}$/.test(key) && (await findResponseByIdempotencyKey(db, survey.id, key)) !== null;
    const admission = kind && !retry ? await admitPublicRequest(db, kind, { ip: clientAddress(req), surveyId: survey.id }) : null;
    if (admission && !admission.admitted) {
      const { status, code, message, retryAfterSeconds } = admission;
      send(res, status, { ok: false, code, message, retryAfterSeconds }, retryAfterHeader(retryAfterSeconds));
      return;
    }
    const result = await submitResponse(db, survey, payload).catch(async (error: unknown) => {
      // Nothing was stored and no code was judged: nothing counts before the 5xx below.
      if (admission?.admitted) await admission.settle(false).catch(() => undefined);
      throw error;
    });
    if (kind && admission?.admitted) await admission.settle(counted(kind, result));
    const answer = publicAnswer(result);
    send(res, answer.status, answer);
  } catch (error) {
    // A full disk or a restarting database: the phone keeps the answers and retries (same key).
    if (isDatabaseUnavailable(error)) {
      console.warn(`答卷未保存，数据库暂时不可用（已答 503）：${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) send(res, 503, { ok: false, code: "unavailable", message: SUBMISSION_UNAVAILABLE_MESSAGE }, { "Retry-After": String(RETRY_AFTER_SECONDS) });
      return;
    }
    console.error(error);
    if (!res.headersSent) send(res, 500, { ok: false, code: "server_error", message: "系统暂时无法保存答卷，您填写的内容仍保存在本机，请稍后再点“提交”。" });
  }
}
