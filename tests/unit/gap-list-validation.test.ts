import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../app/validation/form";
import { GapListFormSchema, GapReviewFormSchema, nestItemFields } from "../../app/validation/gap-list";

const item = {
  domain: "meal_assist",
  function: "community_canteen",
  approach: "retrofit",
  targetAreaM2: "200",
  estimatedCost: "",
  serviceLevel: "basic",
  pricing: "low_cost",
  operatingModel: "public_built_private_run",
  fundingSources: ["district_budget"],
  candidateSite: " 清波街 12 号 ",
  spaceSource: "",
  notes: "",
  hubForm: "",
  fourSync: [],
};

describe("the worker's item form", () => {
  it("reads a typed-in item: blank cost means estimate it, blank texts are null", () => {
    const parsed = GapListFormSchema.parse(nestItemFields({ intent: "update", version: "3", itemId: "i1", ...item }));
    expect(parsed).toMatchObject({ intent: "update", version: 3, item: { targetAreaM2: 200, estimatedCost: null, candidateSite: "清波街 12 号", notes: null, hubForm: null } });
  });

  it("refuses a function of another domain and a built item without area, in Chinese", () => {
    const result = GapListFormSchema.safeParse(nestItemFields({ intent: "add", version: "1", ...item, function: "playground", targetAreaM2: "0" }));
    expect(result.success).toBe(false);
    const errors = fieldErrors(result.error!);
    expect(errors["item.function"]).toBe("“儿童游乐场地”不属于所选领域");
    expect(errors["item.targetAreaM2"]).toBe("新建、改建、转型或划转的事项须填写建设面积（至少 1 m²）");
  });

  it("takes the cost in 万元, as the table shows it, to two decimals, and stores 元", () => {
    const parsed = GapListFormSchema.parse(nestItemFields({ intent: "add", version: "1", ...item, estimatedCost: "28.5" }));
    expect(parsed).toMatchObject({ item: { estimatedCost: 285_000 } });
    const rounded = GapListFormSchema.parse(nestItemFields({ intent: "add", version: "1", ...item, estimatedCost: "1.23456" }));
    expect(rounded).toMatchObject({ item: { estimatedCost: 12_300 } });
    const tooBig = GapListFormSchema.safeParse(nestItemFields({ intent: "add", version: "1", ...item, estimatedCost: "2800000" }));
    expect(fieldErrors(tooBig.error!)["item.estimatedCost"]).toBe("估算投资过大，请检查单位（万元）");
  });

  it("a sharing arrangement needs no floor area", () => {
    expect(GapListFormSchema.safeParse(nestItemFields({ intent: "add", version: "1", ...item, approach: "shared_with_neighbour", targetAreaM2: "0" })).success).toBe(true);
  });

  it("an unknown intent is refused with a message the page can show", () => {
    const result = GapListFormSchema.safeParse({ intent: "drop_table" });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0].message).toBe("未知的操作，请刷新页面后重试。");
  });
});

describe("the street's decision form", () => {
  it("退回修改 needs a comment and 不予通过 a reason; 通过 needs neither", () => {
    const base = { intent: "decide", version: "4", itemId: "i1" };
    expect(fieldErrors(GapReviewFormSchema.safeParse({ ...base, decision: "return", comment: " " }).error!)).toEqual({ comment: "退回修改请填写意见" });
    expect(fieldErrors(GapReviewFormSchema.safeParse({ ...base, decision: "reject" }).error!)).toEqual({ comment: "不予通过请填写理由" });
    expect(GapReviewFormSchema.parse({ ...base, decision: "approve", comment: "" })).toMatchObject({ decision: "approve", comment: null });
    expect(fieldErrors(GapReviewFormSchema.safeParse({ ...base }).error!).decision).toBe("请选择审核决定：通过、退回修改或不予通过");
  });
});
