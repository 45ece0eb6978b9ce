import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../lib/db.server";
import { DEVICE_ID_HEADER, issueDeviceId } from "../lib/device-ids.server";
import { loadPublishedDefinition } from "../lib/survey-pages.server";

/**
 * The published definition, fetched by the survey page once the resident starts, with a
 * device id signed by the server for an open-link answer (kept by the phone if it has none).
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const published = params.token ? await loadPublishedDefinition(db, params.token) : null;
  if (!published) return Response.json({ message: "找不到这份问卷。" }, { status: 404 });
  return Response.json(published.definition, {
    headers: { "Cache-Control": "private, max-age=60", ETag: published.etag, [DEVICE_ID_HEADER]: issueDeviceId() },
  });
}
