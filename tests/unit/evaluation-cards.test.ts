import { describe, expect, it } from "vitest";
import { domainCard } from "../../app/lib/evaluation-cards";
import { allSeven, evaluate, facility, finding } from "../support/evaluation-facts";

describe("a domain card agrees with the rules", () => {
  const facilities = [
    ...allSeven().filter((f) => f.domain !== "housekeeping_convenience"),
    facility("housekeeping_convenience", { name: "柳翠井巷家政点", shared: true, sharedFrom: "柳翠井巷社区", distanceM: 300 }),
  ];
  const result = evaluate({ facilities });

  it("家政便民 covered only by a neighbour's facility says so, and names the pilot norm that still fails", () => {
    expect(finding(result, "FUNC_PILOT").status).toBe("fail");
    const card = domainCard(result, "housekeeping_convenience");
    expect(card.statusText).toBe("满足（靠邻近共享）");
    expect(card.failingNorms).toEqual([`${finding(result, "FUNC_PILOT").title}（${finding(result, "FUNC_PILOT").clause}）`]);
    expect(card.failingNorms.join("")).not.toMatch(/[A-Z]{3,}_/);
  });

  it("a domain with its own facility is plainly 满足 with nothing failing", () => {
    expect(domainCard(result, "health")).toEqual({ statusText: "满足", failingNorms: [] });
  });
});
