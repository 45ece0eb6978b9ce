// A project's photo or document: /communities/<code>/projects/<id>/files/<fileId>. Served only
// here, after the scope check (the community's worker, its street's reviewer, its district,
// the city), never from public/. Images open inline (thumbnails); documents download.
import { notFound } from "../lib/http.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../lib/db.server";
import { isImage } from "../lib/file-types";
import { requireCommunity } from "../lib/places.server";
import { attachmentOfCommunity } from "../lib/project-pages.server";
import { readUpload } from "../lib/uploads.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "view:place");
  const file = await attachmentOfCommunity(db, community.code, params.id ?? "", params.fileId ?? "");
  if (!file) throw notFound("找不到该附件。");
  const body = await readUpload(file.storedName);
  if (!body) throw notFound("附件文件已不在服务器上，请联系管理员或重新上传。");
  const fallback = `attachment-${file.id}${file.storedName.slice(file.storedName.lastIndexOf("."))}`;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(body.byteLength),
      "Content-Disposition": `${isImage(file.contentType) ? "inline" : "attachment"}; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
      "Cache-Control": "private, no-store",
      // Nothing in a served file may run as our page.
      "Content-Security-Policy": "default-src 'none'; img-src 'self'; sandbox",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
