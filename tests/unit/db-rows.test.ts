import { describe, expect, expectTypeOf, it } from "vitest";
import { camelCase, camelCased, qualified } from "../../db/rows";

describe("rows under camelCase names", () => {
  it("capitalises what follows each underscore, digits included, as the type says", () => {
    expect(camelCase("area_m2")).toBe("areaM2");
    expect(camelCase("share_60_plus")).toBe("share60Plus");
    expect(camelCase("share_0_3")).toBe("share03");
    expect(camelCase("id")).toBe("id");
    expect(camelCase("a__b_")).toBe("aB");
    expectTypeOf(camelCase("share_60_plus")).toEqualTypeOf<"share60Plus">();
    expectTypeOf(camelCase("a__b_")).toEqualTypeOf<"aB">();
  });

  it("renames the named columns and leaves nested values and their keys alone", () => {
    const nested = { kept_as_is: 1 };
    const row = { office_area_m2: 12.5, is_demo_data: 1 as const, payload: nested, note: null };
    const mapped = camelCased(row, ["office_area_m2", "is_demo_data", "payload", "note"]);
    expect(mapped).toEqual({ officeAreaM2: 12.5, isDemoData: 1, payload: { kept_as_is: 1 }, note: null });
    expect(mapped.payload).toBe(nested);
    expectTypeOf(mapped).toEqualTypeOf<{ officeAreaM2: number; isDemoData: 1; payload: { kept_as_is: number }; note: null }>();
  });

  it("carries only the named columns, so a secret or joined column stays behind", () => {
    const row = { id: "u1", display_name: "王芳", password_hash: "scrypt$…" };
    const mapped = camelCased(row, ["id", "display_name"]);
    expect(mapped).toEqual({ id: "u1", displayName: "王芳" });
    expect(Object.keys(mapped)).not.toContain("passwordHash");
    expectTypeOf(mapped).toEqualTypeOf<{ id: string; displayName: string }>();
  });

  it("puts the fields in the order the columns are named, so a converted field set after the spread keeps its place", () => {
    const row = { id: "f1", hub_part: 1 as const, name: "托育点" };
    const mapped = { ...camelCased(row, ["name", "hub_part", "id"]), hubPart: row.hub_part === 1 };
    expect(JSON.stringify(mapped)).toBe('{"name":"托育点","hubPart":true,"id":"f1"}');
  });

  it("qualifies a column list by a table alias for the select that reads it", () => {
    const columns = qualified("e", ["id", "created_at"] as const);
    expect(columns).toEqual(["e.id", "e.created_at"]);
    expectTypeOf(columns).toEqualTypeOf<("e.id" | "e.created_at")[]>();
  });
});
