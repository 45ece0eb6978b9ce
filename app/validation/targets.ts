import { z } from "zod";

const figure = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : undefined),
    z.number({ error: `请填写${label}（整数）` }).int(`${label}须为整数`).min(0, `${label}不能为负数`).max(100_000, `${label}过大`),
  );
const optionalFigure = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : undefined),
    z.number({ error: `${label}须为整数` }).int(`${label}须为整数`).min(0, `${label}不能为负数`).max(100_000, `${label}过大`).optional(),
  );

/** The targets form: city figures, and optional figures per district (`d.<code>.<measure>`). */
export function parseTargetsForm(values: Record<string, unknown>, districtCodes: readonly string[]) {
  const shape: Record<string, z.ZodType> = {
    year: z.coerce.number().int(),
    pilots: figure("试点社区目标"),
    hubsBuilt: figure("共同体目标"),
  };
  for (const code of districtCodes) {
    shape[`d.${code}.pilots`] = optionalFigure("区试点目标");
    shape[`d.${code}.hubsBuilt`] = optionalFigure("区共同体目标");
  }
  return z.object(shape).safeParse(values);
}
