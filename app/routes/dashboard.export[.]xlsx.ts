import { notFound } from "../lib/http.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { loadExcelJS } from "../lib/lazy-modules.server";
import { requirePermission } from "../lib/auth.server";
import { buildDashboard, type Cell, parseScope, yearFrom } from "../lib/dashboard.server";
import { db } from "../lib/db.server";

const plain = (cell: Cell): string | number | null => (cell !== null && typeof cell === "object" ? cell.value : cell);

/** Any dashboard table as XLSX: the same rows the page shows, for the same scope and round. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const scope = parseScope(url.searchParams.get("scope"));
  if (!scope) throw notFound("缺少或无效的统计范围。");
  await requirePermission(request, "view:dashboard", scope.level === "city" ? {} : scope.level === "district" ? { districtCode: scope.code } : { districtCode: scope.code.slice(0, 6), streetCode: scope.code });
  const dashboard = await buildDashboard(db, scope, yearFrom(url));
  const table = dashboard.tables.find((t) => t.id === url.searchParams.get("table"));
  if (!table) throw notFound("找不到该表格。");

  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = "社区嵌入式服务设施 体检与需求调查";
  const sheet = workbook.addWorksheet(table.title.slice(0, 31).replace(/[\\/?*[\]:]/g, ""));
  sheet.addRow([table.title]).font = { bold: true, size: 13 };
  sheet.addRow([`导出时间 ${new Date().toLocaleString("zh-CN", { timeZone: "Asia/Shanghai" })}${dashboard.year ? `，${dashboard.year} 年` : "，当前一轮"}`]);
  const header = sheet.addRow(table.columns.map((c) => c.label));
  header.font = { bold: true };
  for (const row of table.rows) {
    const added = sheet.addRow(table.columns.map((c) => plain(row[c.key] ?? null)));
    table.columns.forEach((c, i) => {
      if (c.kind === "percent") added.getCell(i + 1).numFmt = "0.0%";
    });
  }
  if (table.note) sheet.addRow([]).getCell(1).value = table.note;
  sheet.columns.forEach((column) => (column.width = 14));
  const buffer = await workbook.xlsx.writeBuffer();
  const fileName = encodeURIComponent(`${table.title}.xlsx`);
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="dashboard.xlsx"; filename*=UTF-8''${fileName}`,
    },
  });
}
