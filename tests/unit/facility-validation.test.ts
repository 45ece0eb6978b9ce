import { describe, expect, it } from "vitest";
import { FacilitySchema } from "../../app/validation/facility";
import { fieldErrors } from "../../app/validation/form";

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
};

describe("facility form validation", () => {
  it("accepts a complete facility and turns typed numbers into numbers", () => {
    const parsed = FacilitySchema.parse(valid);
    expect(parsed.areaM2).toBe(180);
    expect(parsed.operator).toBeNull();
    expect(parsed.hubPart).toBe(false);
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
