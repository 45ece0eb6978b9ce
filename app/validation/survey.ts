import { z } from "zod";
import { checkbox } from "./form";
import { nameField } from "./names";

/** A survey's title is plain text (issue 20): the builder's form and saveSurveyDefinition both check it. */
export const surveyTitleField = nameField("问卷名称", { min: 2, max: 60 });

/**
 * What the builder's imports take, as numbers (this module reaches the browser, the survey core
 * must not): SURVEY_LIMITS.maxRawBytes, docx-text.server's DOCX_LIMITS.maxFileBytes and
 * TEXT_IMPORT_LIMITS.maxChars; tests/unit/survey-imports.test.ts keeps them equal.
 */
export const IMPORT_LIMITS = {
  /** A JSON file may be indented: the 200 KB limit is on the compact definition. */
  jsonFileBytes: 2 * 1024 * 1024,
  documentFileBytes: 5 * 1024 * 1024,
  pastedChars: 300_000,
} as const;

export const TextImportSchema = z.object({
  text: z.string().max(IMPORT_LIMITS.pastedChars, `粘贴的文字不能超过 ${IMPORT_LIMITS.pastedChars} 字，请分几次导入`).optional(),
});

/** A datetime-local value typed in Hangzhou (UTC+8) → ISO-8601 UTC. */
export function shanghaiLocalToIso(local: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local.trim());
  if (!match) return null;
  const [, y, m, d, h, min] = match.map(Number);
  const utc = Date.UTC(y, m - 1, d, h - 8, min);
  return Number.isNaN(utc) ? null : new Date(utc).toISOString();
}

/** ISO → the value a datetime-local input shows in Hangzhou. */
export function isoToShanghaiLocal(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16);
}

const localDateTime = (label: string) =>
  z.preprocess(
    (v) => (typeof v === "string" ? (shanghaiLocalToIso(v) ?? v) : v),
    z.iso.datetime({ error: `请填写${label}（日期和时间）` }),
  );

export const CreateSurveySchema = z.object({
  source: z
    .string({ error: "请选择从哪里开始" })
    .regex(/^(template:(needs_seven_domain|feedback_post_build)|copy:[0-9a-f-]{36})$/, "请选择模板或以前的问卷"),
});

export const PublishSurveySchema = z
  .object({
    version: z.coerce.number().int().min(1),
    opensAt: localDateTime("开始时间"),
    closesAt: localDateTime("截止时间"),
    openLinkEnabled: checkbox(),
  })
  .refine((v) => v.closesAt > v.opensAt, { path: ["closesAt"], message: "截止时间须晚于开始时间" });

export const RescheduleSurveySchema = z.object({
  version: z.coerce.number().int().min(1),
  closesAt: localDateTime("新的截止时间"),
  reason: z.string({ error: "请填写调整理由" }).trim().min(2, "请填写调整理由").max(200, "理由不能超过 200 字"),
});

export const IssueCodesSchema = z.object({
  neighbourhoods: z.array(z.string().min(1)).min(1, "请至少选择一个小区"),
});

const PROBLEM_KEY = /^definition\.\d+$/;

/** A survey definition's problems as the `errors` of a refusal (`definition.1`, `definition.2` …). */
export function definitionProblems(problems: readonly string[]): Record<string, string> {
  return Object.fromEntries(problems.map((problem, i) => [`definition.${i + 1}`, problem]));
}

/** The definition problems among a reply's errors, in order. */
export function problemsOf(errors: Record<string, string> | undefined): string[] {
  return Object.entries(errors ?? {})
    .filter(([key]) => PROBLEM_KEY.test(key))
    .map(([, problem]) => problem);
}

/** A reply's errors without the definition problems: the form's own fields. */
export function fieldErrorsOf(errors: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(errors ?? {}).filter(([key]) => !PROBLEM_KEY.test(key)));
}
