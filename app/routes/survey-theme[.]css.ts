import type { LoaderFunctionArgs } from "@remix-run/node";
import { surveyThemeCss } from "../lib/survey-render.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { css, etag } = surveyThemeCss();
  if (request.headers.get("If-None-Match") === etag) return new Response(null, { status: 304, headers: { ETag: etag } });
  return new Response(css, {
    headers: { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=86400", ETag: etag },
  });
}
