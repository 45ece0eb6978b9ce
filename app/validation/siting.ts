// The 选址推演 form and its one-click gap-list item.
import { z } from "zod";
import { DOMAINS } from "../../workflows/glossary";
import { numberField } from "./form";

const Point = z.object({ lat: z.number().min(29.1).max(30.7), lng: z.number().min(118.3).max(120.9) });

export const SitingFormSchema = z
  .object({
    domains: z.array(z.enum(DOMAINS, { error: "领域无效" })).min(1, "请至少选择一个服务领域"),
    radiusM: numberField("步行半径", { min: 100, max: 5000 }),
    limitKind: z.enum(["select", "budget_wan", "budget_m2"], { error: "请选择新址上限的口径" }),
    limitValue: numberField("数量或预算", { min: 0, max: 1_000_000 }),
    points: z.preprocess(
      (v) => {
        try {
          return typeof v === "string" && v !== "" ? JSON.parse(v) : [];
        } catch {
          return v;
        }
      },
      z.array(Point, { error: "点选位置有误，请清除后重新点选" }).max(20, "最多点选 20 个位置"),
    ),
  })
  .superRefine((v, ctx) => {
    if (v.limitKind === "select" && (!Number.isInteger(v.limitValue) || v.limitValue < 1 || v.limitValue > 50)) {
      ctx.addIssue({ code: "custom", path: ["limitValue"], message: "新址数量须为 1–50 的整数" });
    }
  })
  .transform(({ limitKind, limitValue, ...rest }) => ({ ...rest, limit: { kind: limitKind, value: limitValue } }));

export const AddSiteSchema = z.object({
  spaceId: z.string().min(1).max(60),
  domain: z.enum(DOMAINS, { error: "领域无效" }),
  /** The list's version the page was made from (a stale page is refused with 409). */
  version: z.coerce.number({ error: "请求有误，请刷新页面后重试。" }).int(),
});
