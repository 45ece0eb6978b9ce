// The 查漏补缺 list as an XLSX laid out like a government project list: a title, the
// place, cycle and policy version, one row per item (序号, 社区, 领域, 功能, 建设方式, 面积,
// 估算投资, 资金来源, 优先级, 审核意见 …), a total, then the approval trail and the basis.
import { loadExcelJS } from "./lazy-modules.server";
import {
  APPROACH_LABELS,
  DOMAIN_LABELS,
  FUNDING_LABELS,
  GAP_LIST_STATUS_LABELS,
  HUB_FORM_LABELS,
  OPERATING_MODEL_LABELS,
  PRICING_LABELS,
  REVIEW_DECISION_LABELS,
  SERVICE_LEVEL_LABELS,
} from "../../workflows/glossary";
import { formatItemField, namedFunctionLabel } from "../../workflows/gap-list";
import { formatDateTime } from "./format";
import type { GapListPage } from "./gap-list-pages.server";

export const GAP_LIST_COLUMNS = [
  { header: "序号", width: 6 },
  { header: "社区", width: 14 },
  { header: "领域", width: 10 },
  { header: "功能", width: 16 },
  { header: "建设方式", width: 18 },
  { header: "建设面积（m²）", width: 12 },
  { header: "估算投资（万元）", width: 12 },
  { header: "资金来源", width: 22 },
  { header: "服务属性", width: 12 },
  { header: "收费方式", width: 8 },
  { header: "运营模式", width: 12 },
  { header: "共同体形态", width: 10 },
  { header: "候选选址", width: 20 },
  { header: "空间来源", width: 24 },
  { header: "四同步", width: 20 },
  { header: "优先级", width: 8 },
  { header: "审核结论", width: 10 },
  { header: "审核意见", width: 28 },
  { header: "备注", width: 24 },
] as const;

export interface GapListExport {
  community: { code: string; name: string; street: string; district: string; isDemoData: boolean };
  page: GapListPage;
  exportedAt: string;
}

const thin = { style: "thin" as const, color: { argb: "FF9AA4B2" } };
const border = { top: thin, left: thin, bottom: thin, right: thin };

export function gapListFileName(e: Pick<GapListExport, "community" | "page">): string {
  const c = e.page.cycle;
  return `${e.community.name}-查漏补缺清单${c ? `-${c.year}年第${c.round}轮` : ""}.xlsx`;
}

export async function gapListWorkbook(e: GapListExport): Promise<Buffer> {
  const { community, page } = e;
  const list = page.list;
  const workbook = new (await loadExcelJS()).Workbook();
  workbook.creator = "社区嵌入式服务设施 体检与需求调查";
  workbook.created = new Date(e.exportedAt);

  const sheet = workbook.addWorksheet("查漏补缺清单", {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: "frozen", ySplit: 6 }],
  });
  sheet.columns = GAP_LIST_COLUMNS.map((c) => ({ width: c.width }));
  const last = GAP_LIST_COLUMNS.length;

  const title = sheet.addRow([`${community.name} 社区嵌入式服务设施查漏补缺清单`]);
  sheet.mergeCells(title.number, 1, title.number, last);
  title.font = { bold: true, size: 16 };
  title.alignment = { horizontal: "center" };
  const meta = [
    `${community.district} · ${community.street} · ${community.name}（社区代码 ${community.code}）`,
    page.cycle ? `体检周期：${page.cycle.year} 年第 ${page.cycle.round} 轮；清单状态：${list ? GAP_LIST_STATUS_LABELS[list.status] : "未编制"}；清单第 ${list?.version ?? "—"} 版` : "体检周期：—",
    list
      ? `依据：${list.profile.title}（${list.profile.number}），政策版本 ${list.profile.id} 第 ${list.profile.version} 版；评估 ${list.evaluationLabel ?? "—"}`
      : "依据：—",
    `导出时间：${formatDateTime(e.exportedAt)}${community.isDemoData || list?.isDemoData ? "。注意：含系统生成的演示数据，仅供演示。" : ""}`,
  ];
  for (const line of meta) {
    const row = sheet.addRow([line]);
    sheet.mergeCells(row.number, 1, row.number, last);
  }

  const header = sheet.addRow(GAP_LIST_COLUMNS.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: "middle", horizontal: "center", wrapText: true };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFEEF2F7" } };
    cell.border = border;
  });

  for (const item of page.items) {
    const row = sheet.addRow([
      item.position,
      community.name,
      DOMAIN_LABELS[item.domain],
      namedFunctionLabel(item),
      APPROACH_LABELS[item.approach],
      item.targetAreaM2,
      Math.round(item.estimatedCost / 100) / 100,
      item.fundingSources.map((f) => FUNDING_LABELS[f]).join("、"),
      SERVICE_LEVEL_LABELS[item.serviceLevel],
      PRICING_LABELS[item.pricing],
      OPERATING_MODEL_LABELS[item.operatingModel],
      item.hubForm ? HUB_FORM_LABELS[item.hubForm] : "",
      item.candidateSite ?? "",
      item.spaceSource ?? "",
      item.fourSync ? formatItemField("fourSync", item) : "",
      item.priority,
      item.decision ? REVIEW_DECISION_LABELS[item.decision] : "未审核",
      item.decisionComment ?? "",
      item.notes ?? "",
    ]);
    row.alignment = { vertical: "top", wrapText: true };
    row.getCell(7).numFmt = "0.00";
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = border;
    });
  }
  const total = sheet.addRow(["合计", "", "", "", "", page.totals.areaM2, Math.round(page.totals.cost / 100) / 100]);
  total.font = { bold: true };
  total.getCell(7).numFmt = "0.00";
  sheet.mergeCells(total.number, 1, total.number, 5);

  const trail = workbook.addWorksheet("审核记录");
  trail.columns = [
    { header: "版本", width: 8 },
    { header: "时间", width: 20 },
    { header: "操作", width: 16 },
    { header: "操作人", width: 22 },
    { header: "意见", width: 60 },
  ];
  trail.getRow(1).font = { bold: true };
  for (const t of page.trail) trail.addRow([t.version, formatDateTime(t.at), t.label, t.by, t.note ?? ""]);

  const basis = workbook.addWorksheet("估算口径");
  basis.columns = [{ width: 48 }, { width: 16 }, { width: 10 }];
  basis.addRow([page.formula.expression]).font = { bold: true };
  for (const t of page.formula.terms) basis.addRow([t]);
  basis.addRow([]);
  basis.addRow(["建设方式建议"]).font = { bold: true };
  for (const r of page.approachRules) basis.addRow([r]);
  basis.addRow([]);
  basis.addRow(["参数", "取值", "来源"]).font = { bold: true };
  for (const s of page.settings) basis.addRow([s.label, `${s.value}${s.unit && s.unit !== "share" ? ` ${s.unit}` : ""}`, s.changed ? "已调整" : "默认值"]);

  return Buffer.from(await workbook.xlsx.writeBuffer());
}
