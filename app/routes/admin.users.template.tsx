// The account import template: /admin/users/template[?format=csv].
import type { LoaderFunctionArgs } from "@remix-run/node";
import { accountTemplateCsv, accountTemplateXlsx, ACCOUNT_TEMPLATE_NAME } from "../lib/account-files.server";
import { requireAccountAdmin } from "../lib/auth.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccountAdmin(request);
  const csv = new URL(request.url).searchParams.get("format") === "csv";
  const body = csv ? accountTemplateCsv() : await accountTemplateXlsx();
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="accounts-template.${csv ? "csv" : "xlsx"}"; filename*=UTF-8''${encodeURIComponent(`${ACCOUNT_TEMPLATE_NAME}.${csv ? "csv" : "xlsx"}`)}`,
      "Cache-Control": "private, max-age=300",
    },
  });
}
