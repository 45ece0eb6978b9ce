// The account audit log as XLSX, with the page's filters and the same scope limits.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { auditXlsx } from "../lib/audit-pages.server";
import { requireAccountAdmin } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { AuditFilterSchema } from "../validation/audit";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccountAdmin(request);
  const filter = AuditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { body } = await auditXlsx(db, user, filter);
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="account-audit.xlsx"; filename*=UTF-8''${encodeURIComponent("账号审计日志.xlsx")}`,
      "Cache-Control": "private, no-store",
    },
  });
}
