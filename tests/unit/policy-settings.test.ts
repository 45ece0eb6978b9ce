import { describe, expect, it } from "vitest";
import { applyProfileOverrides, formatSettingValue, listSettings, parseSettingValue } from "../../workflows/policy/settings";
import { loadBuiltInProfile, singleRule } from "../../workflows/policy/profile";

const profile = loadBuiltInProfile();

describe("the [默认值] settings of a profile", () => {
  it("are listed with keys, labels and the rule they belong to", () => {
    const settings = listSettings(profile);
    expect(settings.map((s) => s.key)).toContain("rules.CIRCLE_15MIN.walkingDistanceM");
    expect(settings.map((s) => s.key)).toContain("settings.scoreWeights.coverage");
    const walking = settings.find((s) => s.key === "rules.CIRCLE_15MIN.walkingDistanceM")!;
    expect(walking).toMatchObject({ label: "步行距离", kind: "number", defaultValue: 1000, editable: true, rule: { id: "CIRCLE_15MIN", clause: "三(一)" } });
    expect(settings.find((s) => s.key === "settings.nonPilotAreaNorms")).toMatchObject({ kind: "boolean", defaultValue: true });
  });

  it("an override changes the value the engine reads, and only that", () => {
    const result = applyProfileOverrides(profile, { "rules.CIRCLE_15MIN.walkingDistanceM": 800, "rules.NOPE.x": 3, "settings.nonPilotAreaNorms": 1 });
    if (!result.ok) throw new Error(result.message);
    expect(result.applied).toEqual({ "rules.CIRCLE_15MIN.walkingDistanceM": 800 });
    expect(singleRule(result.profile, "service_circle").settings.walkingDistanceM.value).toBe(800);
    expect(singleRule(profile, "service_circle").settings.walkingDistanceM.value).toBe(1000);
  });

  it("overrides that make the profile invalid are refused in Chinese", () => {
    expect(applyProfileOverrides(profile, { "settings.satisfactionScale.max": 1 })).toEqual({ ok: false, message: "满意度最高分须大于最低分" });
  });

  it("typed values: percentages for shares, 是/否 for switches, nothing negative", () => {
    const [coverage] = listSettings(profile).filter((s) => s.key === "rules.CIRCLE_15MIN.coverageThreshold");
    expect(parseSettingValue(coverage, "80%")).toEqual({ ok: true, value: 0.8 });
    expect(parseSettingValue(coverage, "1.2")).toMatchObject({ ok: false });
    expect(parseSettingValue(coverage, "-1")).toEqual({ ok: false, message: "住户覆盖率达标线不能小于 0" });
    expect(formatSettingValue(coverage, 0.8)).toBe("80%");
  });
});
