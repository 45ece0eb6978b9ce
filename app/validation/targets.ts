// The 目标设置 form: the city's figures, and optional figures per district (`d.<code>.<measure>`;
// blank means "apportion this district's share").
import { z } from "zod";
import { NUMERIC_TARGET_MEASURES, type TargetFigures } from "../../workflows/targets";

const number = (v: unknown) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : undefined);
const count = (label: string, missing: string) => z.number({ error: missing }).int(`${label}须为整数`).min(0, `${label}不能为负数`).max(100_000, `${label}过大`);
const figure = (label: string) => z.preprocess(number, count(label, `请填写${label}（整数）`));
const optionalFigure = (label: string) => z.preprocess(number, count(label, `${label}须为整数`).optional());
const MEASURE_NAMES = { pilots: "区试点目标", hubsBuilt: "区共同体目标" } as const;

export const districtField = (code: string, measure: keyof typeof MEASURE_NAMES) => `d.${code}.${measure}`;

/** The form for `districtCodes`, read as { year, city, districts } (districts without figures left out). */
export function targetsFormSchema(districtCodes: readonly string[]) {
  const districtFields: Record<string, z.ZodType<number | undefined>> = {};
  for (const code of districtCodes) for (const m of NUMERIC_TARGET_MEASURES) districtFields[districtField(code, m)] = optionalFigure(MEASURE_NAMES[m]);
  return z
    .object({ year: z.coerce.number().int(), pilots: figure("试点社区目标"), hubsBuilt: figure("共同体目标") })
    .and(z.object(districtFields))
    .transform((v): TargetFigures & { year: number } => {
      const figuresOf = (code: string) =>
        Object.fromEntries(NUMERIC_TARGET_MEASURES.flatMap((m) => (v[districtField(code, m)] === undefined ? [] : [[m, v[districtField(code, m)]]])));
      return {
        year: v.year,
        city: { pilots: v.pilots, hubsBuilt: v.hubsBuilt },
        districts: Object.fromEntries(districtCodes.map((code) => [code, figuresOf(code)] as const).filter(([, figures]) => Object.keys(figures).length > 0)),
      };
    });
}
