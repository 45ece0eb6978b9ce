// The per-value checks of the answer validator (answers.ts): what a single answer must look
// like for its question (numbers, texts in their format, choices), and the plain validators.
import type { ChoiceValue, QuestionSpec, TextInputType } from "./definition";

export type AnswerValue = ChoiceValue | ChoiceValue[] | AnswerRecord | AnswerRecord[];
export interface AnswerRecord {
  [key: string]: AnswerValue;
}

/** A value that failed its shape check; the message is shown only if the question is visible. */
export class Invalid {
  constructor(readonly message: string) {}
}
export type Shape = AnswerValue | Invalid;

export const NUMERIC_TEXT = /^\s*-?\d+(\.\d+)?\s*$/;
export const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** Formats of the text input types; `date`-like values must also be real dates. */
const FORMATS: Partial<Record<TextInputType, { pattern: RegExp; what: string; date?: boolean }>> = {
  email: { pattern: EMAIL, what: "有效的电子邮箱" },
  tel: { pattern: /^[0-9+\-() ]{3,30}$/, what: "有效的电话号码" },
  date: { pattern: /^\d{4}-\d{2}-\d{2}$/, what: "有效的日期", date: true },
  "datetime-local": { pattern: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/, what: "有效的日期和时间", date: true },
  time: { pattern: /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, what: "有效的时间（时:分）" },
  month: { pattern: /^\d{4}-(0[1-9]|1[0-2])$/, what: "有效的年月" },
  week: { pattern: /^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$/, what: "有效的周" },
  url: { pattern: /^https?:\/\/[^\s<>"]+$/i, what: "以 http:// 或 https:// 开头的网址" },
  color: { pattern: /^#[0-9a-fA-F]{6}$/, what: "颜色（如 #1f4e8c）" },
};

export function isEmpty(raw: unknown): boolean {
  if (raw === undefined || raw === null) return true;
  if (typeof raw === "string") return raw.trim() === "";
  if (Array.isArray(raw)) return raw.length === 0;
  if (typeof raw === "object") {
    for (const _ in raw) return false;
    return true;
  }
  return false;
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export function range(min: number | undefined, max: number | undefined): string {
  if (min !== undefined && max !== undefined) return `应在 ${min} 到 ${max} 之间`;
  if (min !== undefined) return `不能小于 ${min}`;
  return `不能大于 ${max}`;
}

export function numberShape(spec: QuestionSpec, title: string): (raw: unknown) => Shape {
  const { min, max, integer } = spec;
  const notNumber = new Invalid(`“${title}”应填写数字`);
  const notInteger = new Invalid(`“${title}”应填写整数`);
  const outOfRange = new Invalid(`“${title}”${range(min, max)}`);
  return (raw) => {
    const n = typeof raw === "number" ? raw : typeof raw === "string" && NUMERIC_TEXT.test(raw) ? Number(raw) : NaN;
    if (!Number.isFinite(n)) return notNumber;
    if (integer && !Number.isInteger(n)) return notInteger;
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) return outOfRange;
    return n;
  };
}

export function textShape(spec: QuestionSpec, title: string): (raw: unknown) => Shape {
  const limit = spec.maxLength;
  const format = spec.inputType ? FORMATS[spec.inputType] : undefined;
  const invalidFormat = format ? new Invalid(`“${title}”应填写${format.what}`) : null;
  const notText = new Invalid(`“${title}”应填写文字`);
  const tooLong = new Invalid(`“${title}”不能超过 ${limit} 个字`);
  return (raw) => {
    if (typeof raw !== "string") return notText;
    const text = raw.trim();
    if (text.length > limit) return tooLong;
    if (format && !format.pattern.test(text)) return invalidFormat!;
    if (format?.date && Number.isNaN(Date.parse(text))) return invalidFormat!;
    return text;
  };
}

const regexCache = new Map<string, RegExp>();
function regexOf(pattern: string, flags: string): RegExp | null {
  const key = `${flags}/${pattern}`;
  let re = regexCache.get(key);
  if (!re) {
    try {
      re = new RegExp(pattern, flags);
    } catch {
      return null;
    }
    if (regexCache.size > 500) regexCache.clear();
    regexCache.set(key, re);
  }
  return re;
}

/** Plain validators (numeric, text, answercount, email, regex) on an answered, well-shaped value. */
export function validatorError(spec: QuestionSpec, value: AnswerValue): string | null {
  for (const v of spec.validators) {
    switch (v.type) {
      case "numeric": {
        const n = typeof value === "number" ? value : typeof value === "string" && NUMERIC_TEXT.test(value) ? Number(value) : NaN;
        if (!Number.isFinite(n)) return v.message ?? `“${spec.title}”应填写数字`;
        if ((v.min !== undefined && n < v.min) || (v.max !== undefined && n > v.max)) {
          return v.message ?? `“${spec.title}”${range(v.min, v.max)}`;
        }
        break;
      }
      case "text": {
        if (typeof value !== "string") break;
        if (v.minLength !== undefined && value.length < v.minLength) return v.message ?? `“${spec.title}”至少 ${v.minLength} 个字`;
        if (v.maxLength !== undefined && value.length > v.maxLength) return v.message ?? `“${spec.title}”不能超过 ${v.maxLength} 个字`;
        if (!v.allowDigits && /\d/.test(value)) return v.message ?? `“${spec.title}”不能包含数字`;
        break;
      }
      case "answercount": {
        if (!Array.isArray(value)) break;
        if (v.minCount !== undefined && value.length < v.minCount) return v.message ?? `“${spec.title}”至少选 ${v.minCount} 项`;
        if (v.maxCount !== undefined && value.length > v.maxCount) return v.message ?? `“${spec.title}”最多选 ${v.maxCount} 项`;
        break;
      }
      case "email":
        if (typeof value === "string" && !EMAIL.test(value)) return v.message ?? `“${spec.title}”应填写有效的电子邮箱`;
        break;
      case "regex": {
        // As survey-core: every item of a list, then the value as text. Patterns were checked on import.
        const re = regexOf(v.pattern, v.flags);
        const bad = v.message ?? `“${spec.title}”的格式不正确`;
        if (!re) break;
        if (Array.isArray(value) && value.some((item) => !re.test(String(item)))) return bad;
        if (!re.test(String(value))) return bad;
        break;
      }
      case "expression":
        break;
    }
  }
  return null;
}
