// A project's photo or document: /communities/<code>/projects/<id>/files/<fileId>. Served only
// here, after the scope check (the community's worker, its street's reviewer, its district,
// the city), never from public/. Images open inline (thumbnails); documents download.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../lib/db.server";
import { requireCommunity } from "../lib/places.server";
import { attachmentOfCommunity } from "../lib/project-pages.server";
import { serveStoredFile } from "../lib/uploads.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "view:place");
  const file = await attachmentOfCommunity(db, community.code, params.id ?? "", params.fileId ?? "");
  return serveStoredFile(file, { absent: "找不到该附件。", lost: "附件文件已不在服务器上，请联系管理员或重新上传。" });
}
