// The account audit log as XLSX, with the page's filters and the same scope limits.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAccountAudit } from "../lib/audit-pages.server";
import { requireAccountAdmin } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { failed } from "../lib/http.server";
import { AuditFilterSchema } from "../validation/audit";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireAccountAdmin(request);
  const filter = AuditFilterSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  // A download link: the refusal is plain text, not page data.
  if (!filter.success) return new Response("筛选条件无效，请回到审计日志页重新选择。", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const outcome = await exportAccountAudit(db, { actor: user, ip: context.clientIp }, filter.data);
  if (!outcome.ok) return failed(outcome);
  return new Response(new Uint8Array(outcome.body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="account-audit.xlsx"; filename*=UTF-8''${encodeURIComponent("账号审计日志.xlsx")}`,
      "Cache-Control": "private, no-store",
    },
  });
}
