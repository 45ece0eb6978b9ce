import { z } from "zod";

// Names end up in HTML attributes, ECharts tooltips, spreadsheets and printed pages: markup
// characters and control characters are refused where they are typed or imported.
const UNSAFE = /[<>\p{Cc}\u2028\u2029]/u;

export function hasUnsafeNameCharacters(value: string): boolean {
  return UNSAFE.test(value);
}

/** A name stored before the rule, made safe to carry on (a copied survey's title). */
export function withoutUnsafeNameCharacters(value: string): string {
  return value.replace(new RegExp(UNSAFE.source, "gu"), "");
}

export function unsafeNameMessage(label: string): string {
  return `${label}不能包含 <、> 或控制字符（如换行、制表符）。`;
}

/** The one name field: trimmed, `min`–`max` characters, no `<`, `>` or control characters. */
export function nameField(label: string, options: { min: number; max: number }) {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(options.min, options.min <= 1 ? `请填写${label}` : `${label}至少 ${options.min} 个字`)
    .max(options.max, `${label}不能超过 ${options.max} 个字`)
    .refine((v) => !hasUnsafeNameCharacters(v), unsafeNameMessage(label));
}
