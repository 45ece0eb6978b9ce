import { z } from "zod";
import {
  DOMAINS,
  FACILITY_FUNCTIONS,
  FACILITY_STATUSES,
  FUNCTION_CATALOGUE,
  OPERATING_MODELS,
  PRICING_TIERS,
  SERVICE_LEVELS,
} from "../../workflows/glossary";
import { COORDINATE_SYSTEMS, resolvePosition, toWgs84 } from "../../workflows/coordinates";
import { checkbox, numberField, optionalText } from "./form";
import { nameField } from "./names";

/** Hangzhou's extent with a margin: catches swapped or mistyped coordinates. */
export const HANGZHOU_BOUNDS = { minLat: 29.1, maxLat: 30.7, minLng: 118.3, maxLng: 120.9 };

export const FacilitySchema = z
  .object({
    name: nameField("设施名称", { min: 2, max: 60 }),
    domain: z.enum(DOMAINS, { error: "请选择服务领域" }),
    functions: z.array(z.enum(FACILITY_FUNCTIONS, { error: "服务功能不在目录中" })).max(8),
    areaM2: numberField("建筑面积", { min: 1, max: 100_000 }),
    officeAreaM2: numberField("办公面积", { min: 0, max: 100_000 }),
    status: z.enum(FACILITY_STATUSES, { error: "请选择设施状态" }),
    lat: numberField("纬度", { min: HANGZHOU_BOUNDS.minLat, max: HANGZHOU_BOUNDS.maxLat }),
    lng: numberField("经度", { min: HANGZHOU_BOUNDS.minLng, max: HANGZHOU_BOUNDS.maxLng }),
    operator: optionalText(60, "运营主体"),
    operatingModel: z.preprocess((v) => (v === "" ? null : v), z.enum(OPERATING_MODELS, { error: "请选择运营模式" }).nullable()),
    pricing: z.preprocess((v) => (v === "" ? null : v), z.enum(PRICING_TIERS, { error: "请选择收费方式" }).nullable()),
    serviceLevel: z.enum(SERVICE_LEVELS, { error: "请选择基本/非基本公共服务" }),
    hubPart: checkbox(),
    /** The system the typed position is in; the map gives WGS-84. Stored converted to WGS-84. */
    system: z.enum(COORDINATE_SYSTEMS, { error: "请选择坐标系" }),
  })
  .superRefine((value, ctx) => {
    const position = resolvePosition(value);
    if (!position.ok) ctx.addIssue({ code: "custom", path: [position.field], message: position.reason });
    if (value.officeAreaM2 > value.areaM2) {
      ctx.addIssue({ code: "custom", path: ["officeAreaM2"], message: "办公面积不能大于建筑面积" });
    }
    const wrong = value.functions.filter((f) => FUNCTION_CATALOGUE[f].domain !== value.domain);
    if (wrong.length) {
      ctx.addIssue({
        code: "custom",
        path: ["functions"],
        message: `所选功能不属于该领域：${wrong.map((f) => FUNCTION_CATALOGUE[f].label).join("、")}`,
      });
    }
  })
  .transform(({ system, ...facility }) => ({ ...facility, ...toWgs84(facility, system) }));

export type FacilityFormValues = z.infer<typeof FacilitySchema>;
