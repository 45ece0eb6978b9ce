import { z } from "zod";
import { blankToUndefined, COMMUNITY_CODE_HEADERS, communityCodeCell, POSITION_COLUMNS, positionCells, yesNo } from "./import";

/** Accepted headers per field: the code name or the Chinese label used in our template. */
export const COMMUNITY_IMPORT_COLUMNS = {
  code: COMMUNITY_CODE_HEADERS,
  households: ["households", "户数"],
  population: ["population", "常住人口"],
  share60Plus: ["share_60_plus", "60岁以上占比"],
  share0To3: ["share_0_3", "0-3岁占比"],
  share3To12: ["share_3_12", "3-12岁占比"],
  developmentType: ["development_type", "类型"],
  isPilot: ["is_pilot", "试点"],
  hasHub: ["has_hub", "共同体"],
  ...POSITION_COLUMNS,
} as const;
export type CommunityImportField = keyof typeof COMMUNITY_IMPORT_COLUMNS;

const share = (label: string) =>
  z.preprocess(
    (v) => {
      if (typeof v !== "string" || v.trim() === "") return undefined;
      const text = v.trim();
      return text.endsWith("%") ? Number(text.slice(0, -1)) / 100 : Number(text);
    },
    z
      .number({ error: `${label}须为 0–1 之间的小数或百分数（如 0.32 或 32%）` })
      .min(0, `${label}不能为负数`)
      .max(1, `${label}须为 0–1 之间的小数或百分数（如 0.32 或 32%）`),
  );

const count = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v.replace(/,/g, "")) : undefined),
    z.number({ error: `请填写${label}（整数）` }).int(`${label}须为整数`).min(1, `${label}须大于 0`).max(200_000, `${label}过大，请核对`),
  );

export const CommunityImportRowSchema = z
  .object({
    code: communityCodeCell,
    households: count("户数"),
    population: count("常住人口"),
    share60Plus: share("60岁以上占比"),
    share0To3: share("0-3岁占比"),
    share3To12: share("3-12岁占比"),
    developmentType: z.preprocess(
      (v) => (v === "新建" ? "new" : v === "既有" ? "existing" : blankToUndefined(v)),
      z.enum(["new", "existing"], { error: "类型请填“新建”或“既有”" }),
    ),
    isPilot: yesNo("试点"),
    hasHub: yesNo("共同体"),
    ...positionCells,
  })
  .superRefine((row, ctx) => {
    if (row.population < row.households) ctx.addIssue({ code: "custom", path: ["population"], message: "常住人口少于户数，请核对" });
  });
export type CommunityImportRow = z.infer<typeof CommunityImportRowSchema>;
