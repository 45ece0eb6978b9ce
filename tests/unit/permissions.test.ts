import { describe, expect, it } from "vitest";
import { type Actor, can, isInScope } from "../../workflows/permissions";

const qingbomen = { districtCode: "330102", streetCode: "330102001", communityCode: "330102001051" };
const otherStreetCommunity = { districtCode: "330102", streetCode: "330102003", communityCode: "330102003050" };
const otherDistrictCommunity = { districtCode: "330105", streetCode: "330105001", communityCode: "330105001001" };

const worker: Actor = { id: "w", role: "community_worker", scopeCode: "330102001051" };
const reviewer: Actor = { id: "r", role: "street_reviewer", scopeCode: "330102001" };
const districtAdmin: Actor = { id: "d", role: "district_admin", scopeCode: "330102" };
const cityAdmin: Actor = { id: "c", role: "city_admin", scopeCode: null };

describe("who may see a place", () => {
  it("a community worker sees only their own community", () => {
    expect(can(worker, "view:place", qingbomen)).toBe(true);
    expect(can(worker, "view:place", { ...qingbomen, communityCode: "330102001052" })).toBe(false);
    expect(can(worker, "view:place", { districtCode: "330102", streetCode: "330102001" })).toBe(false);
  });

  it("a street reviewer sees the communities of their street and nothing beyond", () => {
    expect(can(reviewer, "view:place", qingbomen)).toBe(true);
    expect(can(reviewer, "view:place", otherStreetCommunity)).toBe(false);
    expect(can(reviewer, "view:place", { districtCode: "330102" })).toBe(false);
  });

  it("a district admin sees their district, not another", () => {
    expect(can(districtAdmin, "view:place", otherStreetCommunity)).toBe(true);
    expect(can(districtAdmin, "view:place", otherDistrictCommunity)).toBe(false);
  });

  it("a city admin sees the whole city", () => {
    expect(isInScope(cityAdmin, otherDistrictCommunity)).toBe(true);
    expect(can(cityAdmin, "view:dashboard", {})).toBe(true);
  });

  it("nobody signed out may do anything", () => {
    expect(can(null, "view:place", qingbomen)).toBe(false);
  });
});

describe("who may change what", () => {
  it("only the community's own worker edits its facilities", () => {
    expect(can(worker, "edit:facility", qingbomen)).toBe(true);
    expect(can(reviewer, "edit:facility", qingbomen)).toBe(false);
    expect(can(cityAdmin, "edit:facility", qingbomen)).toBe(false);
    expect(can({ ...worker, scopeCode: "330102001052" }, "edit:facility", qingbomen)).toBe(false);
  });

  it("only a reviewer of that street reviews a gap list; a worker cannot approve", () => {
    expect(can(reviewer, "review:gaplist", qingbomen)).toBe(true);
    expect(can(reviewer, "review:gaplist", otherStreetCommunity)).toBe(false);
    expect(can(worker, "review:gaplist", qingbomen)).toBe(false);
    expect(can(districtAdmin, "review:gaplist", qingbomen)).toBe(false);
  });

  it("only the city admin sets targets", () => {
    expect(can(cityAdmin, "set:targets", {})).toBe(true);
    expect(can(districtAdmin, "set:targets", { districtCode: "330102" })).toBe(false);
  });
});
