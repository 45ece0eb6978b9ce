import { describe, expect, it } from "vitest";
import { FacilitySchema } from "../../app/validation/facility";
import { fieldErrors } from "../../app/validation/form";
import { fromWgs84 } from "../../workflows/coordinates";

const valid = {
  name: "清波门社区老年食堂",
  domain: "meal_assist",
  functions: ["community_canteen"],
  areaM2: "180",
  officeAreaM2: "10",
  status: "operating",
  lat: "30.245",
  lng: "120.165",
  operator: "",
  operatingModel: "public_built_private_run",
  pricing: "low_cost",
  serviceLevel: "basic",
  system: "WGS84",
};

describe("facility form validation", () => {
  it("accepts a complete facility and turns typed numbers into numbers", () => {
    const parsed = FacilitySchema.parse(valid);
    expect(parsed.areaM2).toBe(180);
    expect(parsed.operator).toBeNull();
    expect(parsed.hubPart).toBe(false);
  });

  it("converts a position typed from 高德 (GCJ-02) to WGS-84 and refuses one without its 坐标系", () => {
    const wgs = FacilitySchema.parse(valid);
    expect(wgs).toMatchObject({ lat: 30.245, lng: 120.165 });
    // The same place as 高德 shows it: a few hundred metres off.
    const amap = fromWgs84({ lat: 30.245, lng: 120.165 }, "GCJ02");
    expect(Math.abs(amap.lng - 120.165)).toBeGreaterThan(0.003);
    const gcj = FacilitySchema.parse({ ...valid, lat: amap.lat.toFixed(6), lng: amap.lng.toFixed(6), system: "GCJ02" });
    expect(Math.abs(gcj.lat - 30.245)).toBeLessThan(0.00002);
    expect(Math.abs(gcj.lng - 120.165)).toBeLessThan(0.00002);
    const missing = FacilitySchema.safeParse({ ...valid, system: "" });
    expect(missing.success ? {} : fieldErrors(missing.error)).toEqual({ system: "请选择坐标系" });
  });

  it("explains in Chinese what is wrong with each field", () => {
    const result = FacilitySchema.safeParse({ ...valid, name: "", areaM2: "", lat: "3.2" });
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!);
    expect(errors.name).toMatch(/设施名称/);
    expect(errors.areaM2).toBe("请填写建筑面积（数字）");
    expect(errors.lat).toMatch(/纬度不能小于/);
  });

  it("refuses an office larger than the building and functions of another domain", () => {
    const result = FacilitySchema.safeParse({ ...valid, officeAreaM2: "500", functions: ["playground"] });
    const errors = fieldErrors(result.error!);
    expect(errors.officeAreaM2).toBe("办公面积不能大于建筑面积");
    expect(errors.functions).toMatch(/儿童游乐场地/);
  });
});
