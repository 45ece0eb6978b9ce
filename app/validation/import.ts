// Shared by the community-figures and facility importers and the import page.
import { z } from "zod";
import { COORDINATE_SYSTEMS } from "../../workflows/coordinates";

/** One problem in an uploaded file: where (row as Excel shows it, column header) and why, in Chinese. */
export interface ImportError {
  row: number;
  column: string;
  reason: string;
}

export const IMPORT_MODES = ["all_or_nothing", "valid_rows"] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const IMPORT_MODE_LABELS: Record<ImportMode, string> = {
  all_or_nothing: "全部成功才导入",
  valid_rows: "只导入无误的行",
};

export const IMPORT_KINDS = ["communities", "neighbourhoods", "facilities", "spaces"] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = {
  communities: "社区基础数据（户数、人口、年龄结构等）",
  neighbourhoods: "小区（户数、位置）",
  facilities: "服务设施",
  spaces: "存量空间台账",
};

/** The position columns of every import that carries one: 经度, 纬度 and the system they are in. */
export const POSITION_COLUMNS = {
  lng: ["lng", "经度"],
  lat: ["lat", "纬度"],
  system: ["coordinate_system", "坐标系"],
} as const;

/** Position cells pass through as text; the importer reads them with resolvePosition (workflows/coordinates.ts). */
export const positionCells = {
  lng: z.string().default(""),
  lat: z.string().default(""),
  system: z.string().default(""),
};

/** Largest upload accepted (bytes). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const ImportFormSchema = z.object({
  kind: z.enum(IMPORT_KINDS, { error: "请选择要导入的数据类型" }),
  system: z.preprocess((v) => (v === "" ? undefined : v), z.enum(COORDINATE_SYSTEMS, { error: "请选择坐标系" }).optional()),
  mode: z.enum(IMPORT_MODES, { error: "请选择导入方式" }),
  intent: z.enum(["check", "import"], { error: "请求有误" }),
});

/**
 * What an import wrote (or, checking only, would write). `skipped` lists the rows left out
 * in 只导入无误的行 mode; in 全部成功才导入 mode any problem refuses the whole file.
 */
export interface ImportReport {
  updated: number;
  skipped?: ImportError[];
}

/**
 * A refused file's problems as the errors of a refusal, one per cell: the key is
 * "<row>:<column>" (the row first, so the column may hold anything), problems of one cell
 * are joined. importProblems reads them back, in order.
 */
export function importProblemErrors(problems: readonly ImportError[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const p of problems) {
    const key = `${p.row}:${p.column}`;
    errors[key] = errors[key] ? `${errors[key]}；${p.reason}` : p.reason;
  }
  return errors;
}

export function importProblems(errors: Readonly<Record<string, string>>): ImportError[] {
  return Object.entries(errors).map(([key, reason]) => {
    const at = key.indexOf(":");
    return { row: Number(key.slice(0, at)), column: key.slice(at + 1), reason };
  });
}

export const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

/** The 社区代码 column, in every import that names a community. */
export const COMMUNITY_CODE_HEADERS = ["community_code", "社区代码"] as const;
export const communityCodeCell = z.preprocess(blankToUndefined, z.string({ error: "请填写社区代码" }).regex(/^\d{12}$/, "社区代码须为 12 位数字"));

/** A figure as typed in a sheet: thousands separators allowed, blank is absent. */
export const toNumber = (v: unknown) => (typeof v === "string" ? (v.trim() === "" ? undefined : Number(v.replace(/,/g, "").trim())) : v);

/** Optional text: blank is null, longer than `max` is refused. */
export const optionalTextCell = (max: number, label: string) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() !== "" ? v.trim() : null), z.string().max(max, `${label}不能超过 ${max} 个字`).nullable());

/** The catalogue label without its examples: 养老服务（居家养老服务中心/日间照料） → 养老服务. */
export const shortLabel = (label: string) => label.replace(/（.*）$/, "");

/** A coded cell: the code, its label on screen (also without its examples) or an alias become the code; blank is absent; anything else passes on for the enum to refuse. */
export function codeOf<T extends string>(codes: readonly T[], labels: Record<T, string>, aliases: Record<string, T> = {}) {
  return (v: unknown) => {
    if (typeof v !== "string") return v;
    const t = v.trim();
    if (t === "") return undefined;
    if ((codes as readonly string[]).includes(t)) return t;
    const byLabel = codes.find((c) => labels[c] === t || shortLabel(labels[c]) === t);
    return byLabel ?? aliases[t] ?? t;
  };
}

/** 是/否 and friends. */
export function yesNo(label: string, options: { optional?: boolean } = {}) {
  const base = z.boolean({ error: `${label}请填“是”或“否”` });
  return z.preprocess(
    (v) => {
      if (typeof v !== "string") return v;
      const t = v.trim().toLowerCase();
      if (["是", "1", "true", "y", "yes"].includes(t)) return true;
      if (["否", "0", "false", "n", "no"].includes(t)) return false;
      return t === "" ? (options.optional ? false : undefined) : v;
    },
    base,
  );
}
