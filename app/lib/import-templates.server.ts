// Downloadable templates for the importers: the headers the importers read, one example row,
// and a sheet explaining every column with the values it accepts.
import { loadExcelJS } from "./lazy-modules.server";
import {
  DOMAIN_LABELS,
  DOMAINS,
  FACILITY_FUNCTIONS,
  FUNCTION_CATALOGUE,
  OPERATING_MODEL_LABELS,
  OPERATING_MODELS,
  PRICING_LABELS,
  PRICING_TIERS,
  SPACE_ROUTES,
  SPACE_STATUS_LABELS,
  SPACE_STATUSES,
} from "../../workflows/glossary";
import { ALLOWED_SYSTEMS_TEXT } from "../../workflows/coordinates";
import { SPACE_ROUTE_HINTS } from "../../workflows/idle-spaces";
import { COMMUNITY_IMPORT_COLUMNS } from "../validation/community-import";
import { NEIGHBOURHOOD_IMPORT_COLUMNS, SPACE_IMPORT_COLUMNS } from "../validation/idle-space";
import { FACILITY_IMPORT_COLUMNS } from "../validation/facility-import";
import type { ImportKind } from "../validation/import";

export interface TemplateColumn {
  header: string;
  required: boolean;
  explain: string;
  example: string | number;
}

const byDomain = DOMAINS.map(
  (d) =>
    `${DOMAIN_LABELS[d]}：${FACILITY_FUNCTIONS.filter((f) => FUNCTION_CATALOGUE[f].domain === d)
      .map((f) => FUNCTION_CATALOGUE[f].label)
      .join("、")}`,
).join("；");

const systemColumn: TemplateColumn = {
  header: "坐标系",
  required: false,
  explain: `填写了经纬度时必填（或在导入页为整个文件选择）：${ALLOWED_SYSTEMS_TEXT}。系统统一换算为 WGS-84 保存；不在杭州市范围内的点会被拒绝`,
  example: "GCJ-02",
};

const neighbourhoodsTemplate = {
  title: "小区",
  columns: [
    { header: NEIGHBOURHOOD_IMPORT_COLUMNS.communityCode[1], required: true, explain: "12 位统计用区划代码", example: "330102001051" },
    { header: NEIGHBOURHOOD_IMPORT_COLUMNS.name[1], required: true, explain: "2–60 个字；同一社区已有同名小区时更新该小区", example: "清波花园" },
    { header: NEIGHBOURHOOD_IMPORT_COLUMNS.households[1], required: true, explain: "整数", example: 620 },
    { header: NEIGHBOURHOOD_IMPORT_COLUMNS.lng[1], required: true, explain: "小区中心经度", example: 120.1705 },
    { header: NEIGHBOURHOOD_IMPORT_COLUMNS.lat[1], required: true, explain: "小区中心纬度", example: 30.2425 },
    systemColumn,
  ],
};

const spacesTemplate = {
  title: "存量空间台账",
  columns: [
    { header: SPACE_IMPORT_COLUMNS.communityCode[1], required: true, explain: "12 位统计用区划代码", example: "330102001051" },
    { header: SPACE_IMPORT_COLUMNS.name[1], required: true, explain: "2–60 个字；同一社区已有同名空间时更新该空间", example: "原清波街道办事处一楼" },
    { header: SPACE_IMPORT_COLUMNS.address[1], required: true, explain: "门牌地址", example: "上城区清波街 12 号" },
    { header: SPACE_IMPORT_COLUMNS.areaM2[1], required: true, explain: "平方米，1–100000", example: 260 },
    { header: SPACE_IMPORT_COLUMNS.route[1], required: true, explain: SPACE_ROUTES.map((r) => SPACE_ROUTE_HINTS[r]).join("；"), example: "补改" },
    { header: SPACE_IMPORT_COLUMNS.lng[1], required: true, explain: "经度", example: 120.1705 },
    { header: SPACE_IMPORT_COLUMNS.lat[1], required: true, explain: "纬度", example: 30.2425 },
    systemColumn,
    { header: SPACE_IMPORT_COLUMNS.owner[1], required: false, explain: "产权或管理单位，不超过 60 个字", example: "上城区机关事务管理中心" },
    { header: SPACE_IMPORT_COLUMNS.status[1], required: false, explain: `${SPACE_STATUSES.map((s) => SPACE_STATUS_LABELS[s]).join("、")}；留空按可用`, example: "可用" },
    { header: SPACE_IMPORT_COLUMNS.costYuan[1], required: false, explain: "元；留空按面积 × 途径单位造价（默认值，见查漏补缺设置）估算", example: "" },
    { header: SPACE_IMPORT_COLUMNS.notes[1], required: false, explain: "不超过 500 个字", example: "" },
  ],
};

const TEMPLATES: Record<ImportKind, { title: string; columns: TemplateColumn[] }> = {
  neighbourhoods: neighbourhoodsTemplate,
  spaces: spacesTemplate,
  communities: {
    title: "社区基础数据",
    columns: [
      { header: COMMUNITY_IMPORT_COLUMNS.code[1], required: true, explain: "12 位统计用区划代码", example: "330102001051" },
      { header: COMMUNITY_IMPORT_COLUMNS.households[1], required: true, explain: "整数", example: 1880 },
      { header: COMMUNITY_IMPORT_COLUMNS.population[1], required: true, explain: "整数，不少于户数", example: 4620 },
      { header: COMMUNITY_IMPORT_COLUMNS.share60Plus[1], required: true, explain: "0–1 的小数或百分数，如 0.34 或 34%", example: "34%" },
      { header: COMMUNITY_IMPORT_COLUMNS.share0To3[1], required: true, explain: "同上", example: "3%" },
      { header: COMMUNITY_IMPORT_COLUMNS.share3To12[1], required: true, explain: "同上", example: "8%" },
      { header: COMMUNITY_IMPORT_COLUMNS.developmentType[1], required: true, explain: "新建 或 既有", example: "既有" },
      { header: COMMUNITY_IMPORT_COLUMNS.isPilot[1], required: true, explain: "是 或 否", example: "是" },
      { header: COMMUNITY_IMPORT_COLUMNS.hasHub[1], required: true, explain: "是否已建民生幸福共同体：是 或 否", example: "否" },
      { header: COMMUNITY_IMPORT_COLUMNS.lng[1], required: false, explain: "社区中心点经度（与纬度同时填写或同时留空）", example: 120.165 },
      { header: COMMUNITY_IMPORT_COLUMNS.lat[1], required: false, explain: "社区中心点纬度", example: 30.245 },
      systemColumn,
    ],
  },
  facilities: {
    title: "服务设施",
    columns: [
      { header: FACILITY_IMPORT_COLUMNS.communityCode[1], required: true, explain: "12 位统计用区划代码", example: "330102001051" },
      { header: FACILITY_IMPORT_COLUMNS.name[1], required: true, explain: "2–60 个字；同一社区已有同名设施时更新该设施", example: "清波门老年食堂" },
      { header: FACILITY_IMPORT_COLUMNS.domain[1], required: true, explain: `七大领域之一：${DOMAINS.map((d) => DOMAIN_LABELS[d]).join("、")}`, example: "社区助餐" },
      { header: FACILITY_IMPORT_COLUMNS.functions[1], required: false, explain: `可填多项，用“、”或逗号分隔，须属于所填领域。${byDomain}`, example: "社区助餐" },
      { header: FACILITY_IMPORT_COLUMNS.areaM2[1], required: true, explain: "平方米，1–100000", example: 320 },
      { header: FACILITY_IMPORT_COLUMNS.officeAreaM2[1], required: false, explain: "平方米，不大于建筑面积；留空按 0", example: 20 },
      { header: FACILITY_IMPORT_COLUMNS.status[1], required: true, explain: "运营中、规划中 或 已关闭（只有运营中的设施计入评估）", example: "运营中" },
      { header: FACILITY_IMPORT_COLUMNS.lng[1], required: false, explain: "经度；与纬度同时留空时取社区中心点", example: 120.1655 },
      { header: FACILITY_IMPORT_COLUMNS.lat[1], required: false, explain: "纬度", example: 30.2449 },
      systemColumn,
      { header: FACILITY_IMPORT_COLUMNS.operator[1], required: false, explain: "不超过 60 个字", example: "清波街道社会组织服务中心" },
      { header: FACILITY_IMPORT_COLUMNS.operatingModel[1], required: false, explain: OPERATING_MODELS.map((m) => OPERATING_MODEL_LABELS[m]).join("、"), example: "公建民营" },
      { header: FACILITY_IMPORT_COLUMNS.pricing[1], required: false, explain: PRICING_TIERS.map((p) => PRICING_LABELS[p]).join("、"), example: "低偿" },
      { header: FACILITY_IMPORT_COLUMNS.serviceLevel[1], required: false, explain: "基本公共服务 或 非基本公共服务；留空按基本公共服务", example: "基本公共服务" },
      { header: FACILITY_IMPORT_COLUMNS.hubPart[1], required: false, explain: "是否为民生幸福共同体组成部分：是 或 否；留空按否", example: "是" },
    ],
  },
};

export function templateFileName(kind: ImportKind, format: "xlsx" | "csv"): string {
  return `${TEMPLATES[kind].title}导入模板.${format}`;
}

export function templateXlsx(kind: ImportKind): Promise<Buffer> {
  return buildTemplateXlsx(TEMPLATES[kind]);
}

export function templateCsv(kind: ImportKind): Buffer {
  return buildTemplateCsv(TEMPLATES[kind]);
}

/** A template workbook: the headers and one example row, and a sheet explaining every column. */
export async function buildTemplateXlsx(template: { columns: TemplateColumn[] }): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  const data = workbook.addWorksheet("数据");
  data.addRow(template.columns.map((c) => c.header)).font = { bold: true };
  data.addRow(template.columns.map((c) => c.example));
  template.columns.forEach((c, i) => {
    data.getColumn(i + 1).width = Math.max(10, c.header.length * 2 + 4);
    // Codes stay text: Excel would otherwise show 330102001051 as 3.30102E+11.
    if (typeof c.example === "string" && /^\d+$/.test(c.example)) data.getColumn(i + 1).numFmt = "@";
  });
  const help = workbook.addWorksheet("填写说明");
  help.addRow(["列名", "是否必填", "填写说明"]).font = { bold: true };
  for (const c of template.columns) help.addRow([c.header, c.required ? "必填" : "选填", c.explain]);
  help.addRow([]);
  help.addRow(["说明", "", "第 1 行为列名，请勿修改；示例行（第 2 行）请替换为实际数据。每行都会检查，问题按“行 · 列 · 原因”列出。"]);
  help.getColumn(1).width = 16;
  help.getColumn(2).width = 10;
  help.getColumn(3).width = 100;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function buildTemplateCsv(template: { columns: TemplateColumn[] }): Buffer {
  const cell = (v: string | number) => {
    const text = String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  const lines = [template.columns.map((c) => cell(c.header)).join(","), template.columns.map((c) => cell(c.example)).join(",")];
  // BOM: Excel opens UTF-8 CSV with Chinese headers correctly only with it.
  return Buffer.from("\uFEFF" + lines.join("\r\n") + "\r\n", "utf8");
}
