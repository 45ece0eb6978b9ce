// The idle-space form and the idle-space and 小区 import rows. Names are plain z.string() fields
// for now (issue 16 swaps in the shared name check).
import { z } from "zod";
import { COORDINATE_SYSTEMS } from "../../workflows/coordinates";
import { SPACE_ROUTE_LABELS, SPACE_ROUTES, SPACE_STATUS_LABELS, SPACE_STATUSES } from "../../workflows/glossary";
import { numberField, optionalText } from "./form";
import { blankToUndefined, codeOf, COMMUNITY_CODE_HEADERS, communityCodeCell, optionalTextCell, POSITION_COLUMNS, positionCells, toNumber } from "./import";
import { nameField } from "./names";

const spaceName = nameField("空间名称", { min: 2, max: 60 });
const address = z.string({ error: "请填写地址" }).trim().min(2, "请填写地址").max(120, "地址不能超过 120 个字");

/** The form a worker or the street fills in; the position is in the system they chose (the map gives WGS-84). */
export const IdleSpaceFormSchema = z.object({
  name: spaceName,
  address,
  areaM2: numberField("建筑面积", { min: 1, max: 100_000 }),
  owner: optionalText(60, "权属单位"),
  route: z.enum(SPACE_ROUTES, { error: "请选择途径（补改/转型/划转）" }),
  status: z.enum(SPACE_STATUSES, { error: "请选择状态" }),
  costYuan: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : v), numberField("租金或费用", { min: 0, max: 1e9 }).nullable()),
  notes: optionalText(500, "备注"),
  lng: z.string().default(""),
  lat: z.string().default(""),
  system: z.enum(COORDINATE_SYSTEMS, { error: "请选择坐标系" }),
});
export type IdleSpaceForm = z.infer<typeof IdleSpaceFormSchema>;

export const SPACE_IMPORT_COLUMNS = {
  communityCode: COMMUNITY_CODE_HEADERS,
  name: ["name", "名称"],
  address: ["address", "地址"],
  areaM2: ["area_m2", "建筑面积"],
  route: ["route", "途径"],
  ...POSITION_COLUMNS,
  owner: ["owner", "权属单位"],
  status: ["status", "状态"],
  costYuan: ["cost_yuan", "租金或费用"],
  notes: ["notes", "备注"],
} as const;
export const SPACE_IMPORT_OPTIONAL = ["system", "owner", "status", "costYuan", "notes"] as const;


export const SpaceImportRowSchema = z.object({
  communityCode: communityCodeCell,
  name: z.preprocess(blankToUndefined, spaceName),
  address: z.preprocess(blankToUndefined, address),
  areaM2: z.preprocess(toNumber, z.number({ error: "请填写建筑面积（数字）" }).min(1, "建筑面积不能小于 1").max(100_000, "建筑面积不能大于 100000")),
  route: z.preprocess(
    codeOf(SPACE_ROUTES, SPACE_ROUTE_LABELS),
    z.enum(SPACE_ROUTES, { error: (issue) => (issue.input === undefined ? "请填写途径（补改/转型/划转）" : `途径“${String(issue.input)}”无效，可填：补改、转型、划转`) }),
  ),
  ...positionCells,
  owner: optionalTextCell(60, "权属单位"),
  status: z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? "available" : codeOf(SPACE_STATUSES, SPACE_STATUS_LABELS)(v)),
    z.enum(SPACE_STATUSES, { error: (issue) => `状态“${String(issue.input)}”无效，可填：${SPACE_STATUSES.map((s) => SPACE_STATUS_LABELS[s]).join("、")}` }),
  ),
  costYuan: z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? null : toNumber(v)), z.number({ error: "租金或费用须为数字（元）" }).min(0, "租金或费用不能为负数").nullable()),
  notes: optionalTextCell(500, "备注"),
});
export type SpaceImportRow = z.infer<typeof SpaceImportRowSchema>;

export const NEIGHBOURHOOD_IMPORT_COLUMNS = {
  communityCode: COMMUNITY_CODE_HEADERS,
  name: ["name", "小区名称"],
  households: ["households", "户数"],
  ...POSITION_COLUMNS,
} as const;

export const NeighbourhoodImportRowSchema = z.object({
  communityCode: communityCodeCell,
  name: z.preprocess(blankToUndefined, nameField("小区名称", { min: 2, max: 60 })),
  households: z.preprocess(toNumber, z.number({ error: "请填写户数（整数）" }).int("户数须为整数").min(1, "户数须大于 0").max(50_000, "户数过大，请核对")),
  ...positionCells,
});
