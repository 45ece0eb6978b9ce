// A space's photo: /communities/<code>/spaces/<id>/photos/<photoId>. Served only here, after the
// scope check (the community's worker, its street's reviewer, its district, the city).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { db } from "../lib/db.server";
import { spacePhotoOfCommunity } from "../lib/idle-space-pages.server";
import { requireCommunity } from "../lib/places.server";
import { serveStoredFile } from "../lib/uploads.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community } = await requireCommunity(request, params.code, "view:place");
  const photo = await spacePhotoOfCommunity(db, community.code, params.id ?? "", params.photoId ?? "");
  return serveStoredFile(photo, { absent: "找不到该照片。", lost: "照片文件已不在服务器上，请重新上传。" });
}
