// One row of a facility import (CSV/XLSX): codes or the Chinese labels on screen are both
// accepted, and each problem is worded for the person who filled in the sheet.
import { z } from "zod";
import { nameField } from "./names";
import {
  DOMAIN_LABELS,
  DOMAINS,
  FACILITY_FUNCTIONS,
  FACILITY_STATUS_LABELS,
  FACILITY_STATUSES,
  FUNCTION_CATALOGUE,
  OPERATING_MODEL_LABELS,
  OPERATING_MODELS,
  PRICING_LABELS,
  PRICING_TIERS,
  SERVICE_LEVEL_LABELS,
  SERVICE_LEVELS,
} from "../../workflows/glossary";
import { blankToUndefined, codeOf, COMMUNITY_CODE_HEADERS, communityCodeCell, optionalTextCell, POSITION_COLUMNS, positionCells, shortLabel, toNumber, yesNo } from "./import";

/** Accepted headers per field: the code name, then the Chinese label used in our template. */
export const FACILITY_IMPORT_COLUMNS = {
  communityCode: COMMUNITY_CODE_HEADERS,
  name: ["name", "设施名称"],
  domain: ["domain", "服务领域"],
  functions: ["functions", "服务功能"],
  areaM2: ["area_m2", "建筑面积"],
  officeAreaM2: ["office_area_m2", "办公面积"],
  status: ["status", "状态"],
  ...POSITION_COLUMNS,
  operator: ["operator", "运营主体"],
  operatingModel: ["operating_model", "运营模式"],
  pricing: ["pricing", "收费方式"],
  serviceLevel: ["service_level", "服务类别"],
  hubPart: ["hub_part", "共同体组成部分"],
} as const;
export type FacilityImportField = keyof typeof FACILITY_IMPORT_COLUMNS;
export const FACILITY_IMPORT_OPTIONAL: readonly FacilityImportField[] = [
  "functions",
  "officeAreaM2",
  "lat",
  "lng",
  "system",
  "operator",
  "operatingModel",
  "pricing",
  "serviceLevel",
  "hubPart",
];

const functionLabels = Object.fromEntries(FACILITY_FUNCTIONS.map((f) => [f, FUNCTION_CATALOGUE[f].label])) as Record<
  (typeof FACILITY_FUNCTIONS)[number],
  string
>;
const toFunction = codeOf(FACILITY_FUNCTIONS, functionLabels);

const number = (label: string, min: number, max: number) =>
  z.preprocess(
    toNumber,
    z.number({ error: `请填写${label}（数字）` }).min(min, `${label}不能小于 ${min}`).max(max, `${label}不能大于 ${max}`),
  );
const optionalNumber = (label: string, min: number, max: number) =>
  z.preprocess(
    toNumber,
    z.number({ error: `${label}须为数字` }).min(min, `${label}不能小于 ${min}`).max(max, `${label}不能大于 ${max}`).optional(),
  );

const optionalEnum = <T extends string>(codes: readonly [T, ...T[]], labels: Record<T, string>, label: string) =>
  z.preprocess(codeOf(codes, labels), z.enum(codes, { error: (issue) => `${label}“${String(issue.input)}”无效，可填：${codes.map((c) => labels[c]).join("、")}` }).nullable().default(null));

export const FacilityImportRowSchema = z
  .object({
    communityCode: communityCodeCell,
    name: z.preprocess(
      blankToUndefined,
      nameField("设施名称", { min: 2, max: 60 }),
    ),
    domain: z.preprocess(
      codeOf(DOMAINS, DOMAIN_LABELS),
      z.enum(DOMAINS, {
        error: (issue) =>
          issue.input === undefined ? "请填写服务领域" : `服务领域“${String(issue.input)}”不是七大领域之一，可填：${DOMAINS.map((d) => DOMAIN_LABELS[d]).join("、")}`,
      }),
    ),
    functions: z.preprocess(
      (v) =>
        typeof v === "string"
          ? v
              .split(/[、,，;；\n]+/)
              .map((s) => s.trim())
              .filter(Boolean)
              .map(toFunction)
          : v,
      z.array(z.enum(FACILITY_FUNCTIONS, { error: (issue) => `服务功能“${String(issue.input)}”不在功能目录中` })).max(8, "服务功能最多 8 项"),
    ),
    areaM2: number("建筑面积", 1, 100_000),
    officeAreaM2: optionalNumber("办公面积", 0, 100_000),
    status: z.preprocess(
      codeOf(FACILITY_STATUSES, FACILITY_STATUS_LABELS, { 运营: "operating", 在运营: "operating", 规划: "planned", 关闭: "closed", 停用: "closed" }),
      z.enum(FACILITY_STATUSES, {
        error: (issue) => (issue.input === undefined ? "请填写状态（运营中/规划中/已关闭）" : `状态“${String(issue.input)}”无效，可填：运营中、规划中、已关闭`),
      }),
    ),
    ...positionCells,
    operator: optionalTextCell(60, "运营主体"),
    operatingModel: optionalEnum(OPERATING_MODELS, OPERATING_MODEL_LABELS, "运营模式"),
    pricing: optionalEnum(PRICING_TIERS, PRICING_LABELS, "收费方式"),
    serviceLevel: z.preprocess(
      (v) => (typeof v === "string" && v.trim() === "" ? "basic" : codeOf(SERVICE_LEVELS, SERVICE_LEVEL_LABELS, { 基本: "basic", 非基本: "non_basic" })(v)),
      z.enum(SERVICE_LEVELS, { error: "服务类别请填“基本公共服务”或“非基本公共服务”" }),
    ),
    hubPart: yesNo("共同体组成部分", { optional: true }),
  })
  .superRefine((row, ctx) => {
    if ((row.officeAreaM2 ?? 0) > row.areaM2) ctx.addIssue({ code: "custom", path: ["officeAreaM2"], message: "办公面积不能大于建筑面积" });
    const wrong = row.functions.filter((f) => FUNCTION_CATALOGUE[f].domain !== row.domain);
    if (wrong.length) {
      ctx.addIssue({
        code: "custom",
        path: ["functions"],
        message: `服务功能不属于${DOMAIN_LABELS[row.domain]}：${wrong.map((f) => shortLabel(FUNCTION_CATALOGUE[f].label)).join("、")}`,
      });
    }
  });
export type FacilityImportRow = z.infer<typeof FacilityImportRowSchema>;
