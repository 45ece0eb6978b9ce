import { z } from "zod";

// Chinese default messages for anything a schema does not word itself.
z.config(z.locales.zhCN());

/** FormData → plain object; names listed in `arrays` always become string arrays. */
export function formToObject(form: FormData, arrays: readonly string[] = []): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of new Set(form.keys())) {
    if (key.startsWith("_")) continue; // _csrf, _intent and friends are not data
    const values = form.getAll(key).map((v) => (typeof v === "string" ? v : v.name));
    result[key] = arrays.includes(key) ? values : values[values.length - 1];
  }
  for (const key of arrays) result[key] ??= [];
  return result;
}

export type FieldErrors = Record<string, string>;

/** First message per field, keyed by the dotted path; form-level messages under "_form". */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    errors[key] ??= issue.message;
  }
  return errors;
}

/** A number typed into a form: blank means missing, not zero. */
export function numberField(label: string, options: { min?: number; max?: number; integer?: boolean } = {}) {
  let schema = z.number({ error: `请填写${label}（数字）` });
  if (options.integer) schema = schema.int(`${label}须为整数`);
  if (options.min !== undefined) schema = schema.min(options.min, `${label}不能小于 ${options.min}`);
  if (options.max !== undefined) schema = schema.max(options.max, `${label}不能大于 ${options.max}`);
  return z.preprocess((v) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.trim())) : v), schema);
}

/** Optional text: blank becomes null. */
export function optionalText(max: number, label: string) {
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? null : typeof v === "string" ? v.trim() : v),
    z.string().max(max, `${label}不能超过 ${max} 个字`).nullable().default(null),
  );
}

export function checkbox() {
  return z.preprocess((v) => v === "on" || v === "1" || v === "true" || v === true, z.boolean());
}
