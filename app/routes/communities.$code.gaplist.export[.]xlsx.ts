// The list as an XLSX for the district: /communities/<code>/gaplist/export.xlsx.
import { notFound } from "../lib/http.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { nowIso } from "../../db/clock";
import { db } from "../lib/db.server";
import { loadGapListPage } from "../lib/gap-list-pages.server";
import { gapListFileName, gapListWorkbook } from "../lib/gap-list-xlsx.server";
import { requireCommunity } from "../lib/places.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const page = await loadGapListPage(db, user, community.code);
  if (!page.list) throw notFound("该社区本轮还没有查漏补缺清单，无法导出。");
  const exported = {
    community: { code: community.code, name: community.name, street: community.street.name, district: community.district.name, isDemoData: community.isDemoData },
    page,
    exportedAt: nowIso(),
  };
  const body = await gapListWorkbook(exported);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="gap-list-${community.code}.xlsx"; filename*=UTF-8''${encodeURIComponent(gapListFileName(exported))}`,
      "Cache-Control": "private, no-store",
    },
  });
}
