// Import / save / publish check for SurveyJS JSON. Runs on the server only (sanitize-html),
// never per answer: the result is stored and compiled once per published version.
// Tolerant and honest (issue 17): every problem in one pass, grouped, with page and position;
// harmless settings fixed and unknown properties dropped with a warning; names made stable
// with a rename table (definition-import.ts); honest refusals kept.
import sanitizeHtml from "sanitize-html";
import { FunctionFactory, Serializer, type JsonError, type Question } from "survey-core";
import { DOMAINS } from "../glossary";
import { analyseCondition, SAFE_CONDITION_FUNCTIONS } from "./conditions";
import {
  designModel,
  elementsOf,
  isPlainObject,
  pagesOf,
  readQuestionSpecs,
  SURVEY_LIMITS,
  type JsonValue,
  type QuestionSpec,
  type SurveyDefinition,
  type SurveyJson,
} from "./definition";
import { type Prepared, prepareDefinition } from "./definition-import";
import { flatten, type IssueGroupView, Issues } from "./import-issues";
import { renameTable } from "./import-names";
import { parseJsonText } from "./json-text";
import { isDomain, isMeasure, MEASURES } from "./properties";

export type { IssueGroupView } from "./import-issues";

interface Report {
  /** Something was fixed, dropped or renamed: shown, never blocking. */
  warnings: string[];
  warningGroups: IssueGroupView[];
  /** Old name → new name for every question whose name was made stable. */
  renamed: Record<string, string>;
}
export type DefinitionResult =
  | ({ ok: true; definition: SurveyDefinition; questions: QuestionSpec[] } & Report)
  | ({ ok: false; errors: string[]; errorGroups: IssueGroupView[] } & Report);

export interface ValidateDefinitionOptions {
  /** "publish" also refuses choice questions that still have no options (e.g. the 小区 list). */
  stage?: "draft" | "publish";
}

/** Formatting only; links open in a new tab and may only point to web, mail or phone. */
export const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["b", "strong", "i", "em", "u", "br", "p", "ul", "ol", "li", "a"],
  allowedAttributes: { a: ["href", "target", "rel"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "svg", "math", "template", "title", "xmp", "noembed", "noframes"],
  transformTags: {
    a: (tagName, attribs) => ({
      tagName,
      attribs: { ...(attribs.href ? { href: attribs.href } : {}), target: "_blank", rel: "noopener noreferrer" },
    }),
  },
};

const TAG_OPENER = /<[a-zA-Z/!?]/;
const SCRIPT_SCHEME = /(java|vb)\s*script\s*:/gi;

/** Texts a resident sees; the only strings that may carry (sanitised) HTML. */
export function sanitizeText(text: string): string {
  const cleaned = TAG_OPENER.test(text) ? sanitizeHtml(text, SANITIZE_OPTIONS) : text;
  // Harmless as text, but no renderer (markdown, autolink) should ever turn it into a link.
  return cleaned.replace(SCRIPT_SCHEME, (_m, prefix: string) => `${prefix}script：`);
}

const ALLOWED_TAGS = new Set(SANITIZE_OPTIONS.allowedTags as string[]);

/** What the HTML cleaner took out of a text, for the import report. */
export function removedHtml(before: string): string {
  const tags = new Set<string>();
  const attributes = new Set<string>();
  for (const m of before.matchAll(/<\s*\/?\s*([a-zA-Z][\w-]*)([^>]*)>?/g)) {
    const tag = m[1].toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) tags.add(`<${tag}>`);
    else for (const a of m[2].matchAll(/([a-zA-Z_:][\w:.-]*)\s*=/g)) if (!(tag === "a" && a[1].toLowerCase() === "href")) attributes.add(a[1].toLowerCase());
  }
  SCRIPT_SCHEME.lastIndex = 0;
  const parts = [...tags];
  if (attributes.size) parts.push(`属性 ${[...attributes].join("、")}`);
  if (SCRIPT_SCHEME.test(before)) parts.push("脚本链接（javascript:）");
  SCRIPT_SCHEME.lastIndex = 0;
  return parts.join("、");
}

const URL_PROPERTIES = new Set(["logo", "imageLink", "url", "backgroundImage"]);
const TEXT_PROPERTIES: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  for (const className of Serializer.getAllClasses()) {
    for (const prop of Serializer.getProperties(className)) if (prop.isLocalizable) names.add(prop.name);
  }
  for (const name of URL_PROPERTIES) names.delete(name);
  return names;
})();
const CONDITION_KEY = /If$|Expression$|^expression$|^runExpression$/;
const SAFE_URL = /^(https:\/\/|\/(?!\/))/i;
const LOCALE_KEY = /^(default|[a-z]{2,3}(-[a-z0-9]{2,8})*)$/i;
const JSON_KEY = /^[A-Za-z$][A-Za-z0-9_$-]*$/;

/** Words survey-core gives conditions inside a panel template, a table row or an item list. */
const CONTEXT_VARIABLES = new Set(["panel", "panelindex", "parentpanel", "row", "rowindex", "rowname", "item", "choice"]);
const TEXT_LABELS: Record<string, string> = {
  title: "题目",
  description: "说明",
  html: "说明文字",
  completedHtml: "结束语",
  text: "选项文字",
  otherText: "“其他”的文字",
};

function depthExceeds(root: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth > max) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

interface CleanContext {
  issues: Issues;
  prepared: Prepared;
  /** Lower-case names a condition may use. */
  known: Set<string>;
}

function whereOf(ctx: CleanContext, source: Record<string, unknown>): string {
  const name = typeof source.name === "string" ? source.name : "";
  return ctx.prepared.whereByObject.get(source) ?? ctx.prepared.whereByName.get(name) ?? (name ? `“${name}”` : "");
}

/** survey-core's own complaints, placed: unknown properties are dropped (toJSON leaves them out). */
function reportJsonError(error: JsonError, ctx: CleanContext): void {
  const e = error as JsonError & { propertyName?: string; className?: string };
  const source = (e.jsonObj ?? {}) as Record<string, unknown>;
  const where = whereOf(ctx, source);
  switch (e.type) {
    case "unknownproperty":
      ctx.issues.warn("type", where, `已忽略未知的属性“${String(e.propertyName).slice(0, 40)}”`);
      return;
    case "requiredproperty":
      ctx.issues.problem("type", where, `缺少必需的属性“${e.propertyName}”`);
      return;
    case "missingtypeproperty":
    case "incorrecttypeproperty":
      ctx.issues.problem("type", where, "题型缺失或不正确");
      return;
    default:
      ctx.issues.problem("type", where, `问卷定义有误：${e.message}`);
  }
}

function checkCondition(expression: string, where: string, ctx: CleanContext): void {
  if (!expression.trim()) return;
  const analysis = analyseCondition(expression);
  if (!analysis.ok) return ctx.issues.problem("condition", where, `条件“${expression}”无法解析`);
  for (const v of analysis.variables) {
    const first = v.split(/[.[]/)[0];
    if (first.startsWith("$")) {
      ctx.issues.problem("refused", where, `条件“${expression}”引用了页面元素的属性“{${v}}”：服务器无法按同样的规则核对`);
    } else if (!ctx.known.has(first.replace(/^#/, "").toLowerCase()) && !CONTEXT_VARIABLES.has(first.toLowerCase())) {
      ctx.issues.problem("condition", where, `条件“${expression}”引用了不存在的问题“${first}”`);
    }
  }
  for (const f of analysis.functions) {
    if (SAFE_CONDITION_FUNCTIONS.includes(f)) continue;
    const builtIn = Object.prototype.hasOwnProperty.call((FunctionFactory.Instance as unknown as { functionHash: object }).functionHash, f);
    ctx.issues.problem(
      "refused",
      where,
      builtIn ? `条件“${expression}”使用的函数“${f}”依赖页面状态，服务器无法按同样的规则核对` : `条件“${expression}”使用了自定义函数“${f}”：服务器没有这个函数`,
    );
  }
}

/** Sanitises texts (listing what was removed), checks conditions and the "no HTML outside texts" invariant, in one walk. */
function cleanJson(value: JsonValue, key: string, where: string, ctx: CleanContext): JsonValue {
  if (typeof value === "string") {
    if (TEXT_PROPERTIES.has(key)) {
      const cleaned = sanitizeText(value);
      if (cleaned !== value) {
        const removed = removedHtml(value);
        if (removed) ctx.issues.warn("text", where, `${TEXT_LABELS[key] ?? key}中的 HTML 已清理：删除了 ${removed}`);
      }
      return cleaned;
    }
    if (URL_PROPERTIES.has(key)) {
      if (value && !SAFE_URL.test(value)) ctx.issues.problem("refused", where, `网址“${key}”只能是 https:// 开头或站内路径`);
      return value;
    }
    if (CONDITION_KEY.test(key)) checkCondition(value, where, ctx);
    if (TAG_OPENER.test(value)) ctx.issues.problem("text", where, `属性“${key}”不能包含 HTML`);
    SCRIPT_SCHEME.lastIndex = 0;
    if (SCRIPT_SCHEME.test(value)) ctx.issues.problem("text", where, `属性“${key}”不能包含脚本链接`);
    SCRIPT_SCHEME.lastIndex = 0;
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => cleanJson(item, key, where, ctx));
  if (value !== null && typeof value === "object") {
    const isText = TEXT_PROPERTIES.has(key) || URL_PROPERTIES.has(key);
    const named = typeof value.name === "string" && value.name ? value.name : "";
    const here =
      named && typeof value.type === "string"
        ? (ctx.prepared.whereByName.get(named) ?? where)
        : named && !isText && key !== ""
          ? `${where}的“${named}”`
          : where;
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) {
      if (isText ? !LOCALE_KEY.test(k) : !JSON_KEY.test(k)) {
        ctx.issues.warn("type", here, `已忽略无效的属性名“${k.slice(0, 30).replace(/[<>]/g, "")}”`);
        continue;
      }
      out[k] = isText && typeof v === "string" ? (cleanJson(v, key, here, ctx) as string) : cleanJson(v, k, here, ctx);
    }
    return out;
  }
  return value;
}

function checkTags(definition: SurveyJson, ctx: CleanContext): void {
  const visit = (element: Record<string, unknown>) => {
    const where = whereOf(ctx, element);
    if (element.domain !== undefined && !isDomain(element.domain)) {
      ctx.issues.problem("type", where, `领域（domain）“${String(element.domain)}”无效，可用：${DOMAINS.join("、")}`);
    }
    if (element.measure !== undefined && !isMeasure(element.measure)) {
      ctx.issues.problem("type", where, `指标（measure）“${String(element.measure)}”无效，可用：${MEASURES.join("、")}`);
    }
    for (const child of elementsOf(element)) visit(child);
  };
  for (const page of pagesOf(definition)) for (const element of elementsOf(page)) visit(element);
}

function checkSpecs(questions: QuestionSpec[], stage: "draft" | "publish", ctx: CleanContext): void {
  for (const q of questions) {
    const where = ctx.prepared.whereByName.get(q.name) ?? `“${q.title}”`;
    const regular = q.choices.filter((c) => !c.special);
    if (q.kind === "rating" && q.choices.length === 0) ctx.issues.problem("choice", where, "没有评分档位");
    if (q.kind === "number" && q.min !== undefined && q.max !== undefined && q.min > q.max) ctx.issues.problem("type", where, "最小值大于最大值");
    for (const part of q.parts ?? []) if (part.kind === "rating" && part.choices.length === 0) ctx.issues.problem("choice", where, `“${part.title}”没有评分档位`);
    if (stage !== "publish") continue;
    if ((q.kind === "single" || q.kind === "multiple" || q.kind === "ranking") && regular.length === 0) {
      ctx.issues.problem("publish", where, "还没有选项，发布前请先填写（例如社区的小区名单）");
    }
    if ((q.kind === "matrix" || q.kind === "matrixdropdown") && (q.rows ?? []).length === 0) ctx.issues.problem("publish", where, "还没有行，发布前请先填写");
    if (q.kind === "matrix" && regular.length === 0) ctx.issues.problem("publish", where, "还没有列（答案档位），发布前请先填写");
    if ((q.kind === "matrixdropdown" || q.kind === "matrixdynamic" || q.kind === "multipletext" || q.kind === "paneldynamic") && (q.parts ?? []).length === 0) {
      ctx.issues.problem("publish", where, "里面还没有可填写的内容，发布前请先添加");
    }
    for (const part of q.parts ?? []) {
      if ((part.kind === "single" || part.kind === "multiple") && part.choices.filter((c) => !c.special).length === 0) {
        ctx.issues.problem("publish", where, `“${part.title}”还没有选项，发布前请先填写`);
      }
    }
  }
}

function failure(issues: Issues, renamed: Record<string, string> = {}): DefinitionResult {
  const errorGroups = issues.problems();
  const warningGroups = issues.warnings();
  return { ok: false, errors: flatten(errorGroups), errorGroups, warnings: flatten(warningGroups), warningGroups, renamed };
}

/**
 * Parses, checks and cleans a SurveyJS definition (a JSON string or a parsed value). Reports
 * every problem in one pass. The returned definition is survey-core's normalised `toJSON()`
 * with stable names and every text sanitised; store it, not the input.
 */
export function validateSurveyDefinition(input: unknown, options: ValidateDefinitionOptions = {}): DefinitionResult {
  const stage = options.stage ?? "draft";
  const issues = new Issues();
  const limit = SURVEY_LIMITS.maxDefinitionBytes / 1024;

  let json: unknown = input;
  if (typeof input === "string") {
    const bytes = Buffer.byteLength(input, "utf8");
    if (bytes > SURVEY_LIMITS.maxRawBytes) {
      issues.problem("size", "", `文件过大（${Math.ceil(bytes / 1024)} KB）：问卷定义去掉缩进后不能超过 ${limit} KB`);
      return failure(issues);
    }
    const parsed = parseJsonText(input);
    if (!parsed.ok) {
      issues.problem("json", "", parsed.message);
      return failure(issues);
    }
    json = parsed.value;
  }
  if (!isPlainObject(json)) {
    issues.problem("json", "", "问卷定义必须是一个 JSON 对象（以 { 开头）");
    return failure(issues);
  }
  if (depthExceeds(json, SURVEY_LIMITS.maxDepth)) {
    issues.problem("size", "", "问卷定义的嵌套层级过深");
    return failure(issues);
  }
  // Measured without indentation: how a file is laid out is not held against it.
  const bytes = Buffer.byteLength(JSON.stringify(json), "utf8");
  if (bytes > SURVEY_LIMITS.maxDefinitionBytes) {
    issues.problem("size", "", `问卷定义过大（去掉缩进后 ${Math.ceil(bytes / 1024)} KB），上限 ${limit} KB`);
    return failure(issues);
  }

  const working = structuredClone(json) as SurveyJson;
  const prepared = prepareDefinition(working, issues);
  const renamed = renameTable(prepared.names);
  const ctx: CleanContext = { issues, prepared, known: new Set([...prepared.knownNames].map((n) => n.toLowerCase())) };

  const model = designModel(working);
  for (const error of model.jsonErrors ?? []) reportJsonError(error, ctx);
  for (const q of model.getAllQuestions(false, false, true) as Question[]) {
    const s = q as unknown as Record<string, unknown>;
    if (s.showOtherItem === true) s.storeOthersAsComment = true;
  }
  for (const [prop, cap] of [
    ["maxTextLength", SURVEY_LIMITS.maxTextLength],
    ["maxCommentLength", SURVEY_LIMITS.maxCommentLength],
  ] as const) {
    const current = model[prop];
    if (!(current > 0 && current <= cap)) model[prop] = cap;
  }
  const normalised = model.toJSON() as SurveyJson;
  model.dispose();

  const definition = cleanJson(normalised, "", "", ctx) as SurveyDefinition;
  checkTags(definition, ctx);
  let questions: QuestionSpec[] = [];
  if (!issues.hasProblems) {
    questions = readQuestionSpecs(definition);
    checkSpecs(questions, stage, ctx);
  }
  if (issues.hasProblems) return failure(issues, renamed);
  const warningGroups = issues.warnings();
  return { ok: true, definition, questions, warnings: flatten(warningGroups), warningGroups, renamed };
}
