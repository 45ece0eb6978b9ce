// Hangzhou's real divisions (NBS 2023 statistical codes, see db/reference/SOURCE.md).
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export interface DivisionRow {
  districtCode: string;
  districtName: string;
  streetCode: string;
  streetName: string;
  communityCode: string;
  communityName: string;
  kind: "社区" | "村";
  urbanRuralCode: string | null;
}

/** The ten districts of 市区, the plan's scope (二(一)). The data has no row for 西湖风景名胜区. */
export const PLAN_SCOPE_DISTRICTS = [
  "330102",
  "330105",
  "330106",
  "330108",
  "330109",
  "330110",
  "330111",
  "330112",
  "330113",
  "330114",
] as const;

const here = path.dirname(fileURLToPath(import.meta.url));
export const DIVISIONS_FILE = path.join(here, "reference", "hangzhou-divisions.csv");

export function readDivisions(file = DIVISIONS_FILE): DivisionRow[] {
  const lines = fs.readFileSync(file, "utf8").trim().split(/\r?\n/);
  const header = lines[0].split(",");
  const expected = "district_code,district_name,street_code,street_name,community_code,community_name,kind,urban_rural_code";
  if (header.join(",") !== expected) throw new Error(`Unexpected header in ${file}: ${lines[0]}`);
  return lines.slice(1).map((line) => {
    const [districtCode, districtName, streetCode, streetName, communityCode, communityName, kind, urbanRural] =
      line.split(",");
    if (kind !== "社区" && kind !== "村") throw new Error(`Unknown kind "${kind}" in ${line}`);
    return {
      districtCode,
      districtName,
      streetCode,
      streetName,
      communityCode,
      communityName,
      kind,
      urbanRuralCode: urbanRural ? urbanRural : null,
    };
  });
}

export function planScopeDivisions(rows = readDivisions()): DivisionRow[] {
  const scope = new Set<string>(PLAN_SCOPE_DISTRICTS);
  return rows.filter((row) => scope.has(row.districtCode));
}
