// The one adapter between use-case outcomes and HTTP (docs/decisions/0010-use-case-shape.md).
// Absence and forbidden access are thrown (the route's ErrorBoundary shows them); expected
// failures are returned as data for `useActionData` with their status: 400 bad input,
// 409 stale or wrong stage, 422 a rule refuses it.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { type FieldErrors, fieldErrors } from "../validation/form";
import type { Failure } from "./use-case.server";

export function forbidden(message = "您没有权限访问此页面。"): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function notFound(message = "找不到您要的内容。"): Response {
  return new Response(message, { status: 404, statusText: "Not Found" });
}

/** What every action returns: `ok`, a message for <ActionMessage>, field errors for <FieldError>, plus the route's own keys. */
export type ActionResult<Extra extends object = object> = { ok: boolean; message: string | null; errors: FieldErrors } & Extra;

/** 400 with the form's field errors (and a summary line when given). */
export function invalidForm<Extra extends object = object>(error: z.ZodError, extra?: Extra, message: string | null = null) {
  return invalid(fieldErrors(error), extra, message);
}

/** 400 with errors worked out by the route (e.g. a file that is missing). */
export function invalid<Extra extends object = object>(errors: FieldErrors, extra?: Extra, message: string | null = null) {
  return data({ ok: false as const, message, errors, ...(extra as Extra) }, { status: 400 });
}

/** A refused use case: 403 and 404 are thrown, everything else is returned with its status. */
export function failed<Extra extends object = object>(failure: Failure, extra?: Extra) {
  if (failure.status === 403) throw forbidden(failure.message);
  if (failure.status === 404) throw notFound(failure.message);
  return data({ ok: false as const, message: failure.message, errors: failure.errors ?? {}, ...(extra as Extra) }, { status: failure.status });
}

/** Whether a file upload form was sent as one: anything else is refused with 400, not parsed. */
export function isMultipart(request: Request): boolean {
  return /^multipart\/form-data;\s*boundary=/i.test(request.headers.get("Content-Type") ?? "");
}

/** A successful action: the message the user sees. */
export function done<Extra extends object = object>(message: string | null, extra?: Extra) {
  return { ok: true as const, message, errors: {} as FieldErrors, ...(extra as Extra) };
}
