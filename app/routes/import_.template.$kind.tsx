// Downloadable import templates: /import/template/<communities|facilities>[?format=csv].
import { notFound } from "../lib/http.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../lib/auth.server";
import { templateCsv, templateFileName, templateXlsx } from "../lib/import-templates.server";

import { IMPORT_KINDS, type ImportKind } from "../validation/import";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireUser(request);
  const kind = IMPORT_KINDS.find((k) => k === params.kind) as ImportKind | undefined;
  if (!kind) throw notFound("没有这种导入模板。");
  const csv = new URL(request.url).searchParams.get("format") === "csv";
  const body = csv ? templateCsv(kind) : await templateXlsx(kind);
  const name = templateFileName(kind, csv ? "csv" : "xlsx");
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="template.${csv ? "csv" : "xlsx"}"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, max-age=300",
    },
  });
}
