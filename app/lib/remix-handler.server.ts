// The Express → Remix bridge of @remix-run/express, with the request body counted against
// its route's budget (request-guards.server.ts) instead of read without limit.
import {
  type AppLoadContext,
  createRequestHandler as createRemixHandler,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from "express";
import { bodyBudget, countedBody, refuseDeclaredTooLarge } from "./request-guards.server";

function remixHeaders(req: ExpressRequest): Headers {
  const headers = new Headers();
  for (const [key, values] of Object.entries(req.headers)) {
    if (values === undefined) continue;
    for (const value of Array.isArray(values) ? values : [values]) headers.append(key, value);
  }
  return headers;
}

function requestUrl(req: ExpressRequest): URL {
  // req.hostname respects "trust proxy"; the port comes from X-Forwarded-Host or Host.
  const portOf = (value: string | undefined) => Number.parseInt(value?.split(":")[1] ?? "", 10);
  const port = [portOf(req.get("X-Forwarded-Host")), portOf(req.get("host"))].find((p) => Number.isSafeInteger(p));
  return new URL(`${req.protocol}://${req.hostname}${port ? `:${port}` : ""}${req.originalUrl}`);
}

export function createLimitedRequestHandler(options: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
}) {
  const handle = createRemixHandler(options.build, options.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    let controller: AbortController | null = new AbortController();
    const abort = () => controller?.abort();
    res.on("finish", () => (controller = null));
    res.on("close", abort);
    const init: RequestInit & { duplex?: "half" } = { method: req.method, headers: remixHeaders(req), signal: controller.signal };
    if (req.method !== "GET" && req.method !== "HEAD") {
      const budget = bodyBudget(req.path);
      if (refuseDeclaredTooLarge(req, res, budget)) return;
      init.body = countedBody(req, res, budget, abort);
      init.duplex = "half";
    }
    try {
      const response = await handle(new Request(requestUrl(req).href, init), options.getLoadContext(req, res));
      // An oversized body has been answered already (413).
      if (res.headersSent) return;
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      if (res.headersSent) return;
      next(error);
    }
  };
}
