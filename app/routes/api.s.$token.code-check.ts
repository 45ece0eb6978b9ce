// POST /api/s/:token/code-check — the survey page checks a household code as soon as it is
// typed (issue 20.2). JSON only; foreign origins are refused in front of every route (server.ts).
import type { ActionFunctionArgs } from "@remix-run/node";
import { db } from "../lib/db.server";
import { checkHouseholdCodeForResident } from "../lib/survey-code-check.server";
import { isJsonContentType, retryAfterHeader } from "../lib/public-answers.server";

const NO_STORE = { "Cache-Control": "no-store" };

export function loader() {
  return Response.json({ ok: false, message: "请在问卷页面填写户码。" }, { status: 405, headers: { Allow: "POST", ...NO_STORE } });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (!isJsonContentType(request.headers.get("Content-Type") ?? undefined)) {
    return Response.json({ ok: false, code: "bad_content_type", message: "请以 JSON 格式提交。" }, { status: 415, headers: NO_STORE });
  }
  let payload: unknown;
  try {
    payload = await request.json();
  } catch {
    return Response.json({ ok: false, code: "bad_json", message: "提交内容格式不正确，请刷新页面后重试。" }, { status: 400, headers: NO_STORE });
  }
  const result = await checkHouseholdCodeForResident(db, { ip: context.clientIp }, { token: params.token ?? "", payload });
  const retry = !result.ok && result.retryAfterSeconds ? retryAfterHeader(result.retryAfterSeconds) : {};
  return Response.json(result, { status: result.status, headers: { ...NO_STORE, ...retry } });
}
