// Import / save / publish check for SurveyJS JSON. Runs on the server only (sanitize-html),
// never per answer: the result is stored and compiled once per published version.
import sanitizeHtml from "sanitize-html";
import { Serializer, type JsonError, type Question } from "survey-core";
import { DOMAINS } from "../glossary";
import { analyseCondition, SAFE_CONDITION_FUNCTIONS } from "./conditions";
import {
  ALLOWED_CONTENT_TYPES,
  ALLOWED_QUESTION_TYPES,
  COMMENT_SUFFIX,
  designModel,
  ELEMENT_TYPE_LABELS,
  elementsOf,
  isPlainObject,
  isStableQuestionName,
  pagesOf,
  readQuestionSpecs,
  SURVEY_LIMITS,
  TEXT_INPUT_TYPES,
  type JsonValue,
  type QuestionSpec,
  type QuestionType,
  type SurveyDefinition,
  type SurveyJson,
} from "./definition";
import { isDomain, isMeasure, MEASURES } from "./properties";

export type DefinitionResult =
  | { ok: true; definition: SurveyDefinition; questions: QuestionSpec[] }
  | { ok: false; errors: string[] };

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

const URL_PROPERTIES = new Set(["logo", "imageLink", "url", "backgroundImage"]);
const TEXT_PROPERTIES: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  for (const className of Serializer.getAllClasses()) {
    for (const prop of Serializer.getProperties(className)) if (prop.isLocalizable) names.add(prop.name);
  }
  for (const name of URL_PROPERTIES) names.delete(name);
  return names;
})();
const CONDITION_KEY = /If$|^expression$/;
const SAFE_URL = /^(https:\/\/|\/(?!\/))/i;
const LOCALE_KEY = /^(default|[a-z]{2,3}(-[a-z0-9]{2,8})*)$/i;
const JSON_KEY = /^[A-Za-z$][A-Za-z0-9_$-]*$/;

/** Features the server cannot check the same way the browser applies them. */
const FORBIDDEN_SURVEY_KEYS: Record<string, string> = {
  triggers: "不支持触发器（triggers）：服务器无法按同样的规则核对答卷",
  calculatedValues: "不支持计算值（calculatedValues）：条件只能引用问题",
  surveyId: "不能从 SurveyJS 云服务加载问卷（surveyId）",
  surveyPostId: "不能把答卷发送到 SurveyJS 云服务（surveyPostId）",
  navigateToUrl: "不支持完成后跳转到其他网址（navigateToUrl）",
  navigateToUrlOnCondition: "不支持完成后跳转到其他网址（navigateToUrlOnCondition）",
};
const FORBIDDEN_ELEMENT_KEYS: Record<string, string> = {
  valueName: "不支持共享答案（valueName），请为每个问题使用自己的名称",
  choicesByUrl: "不支持从网址加载选项（choicesByUrl），请直接列出选项",
  choicesFromQuestion: "不支持从其他问题复制选项（choicesFromQuestion），请直接列出选项",
  choicesVisibleIf: "不支持 choicesVisibleIf，请在单个选项上设置 visibleIf",
  choicesEnableIf: "不支持 choicesEnableIf",
  choicesLazyLoadEnabled: "不支持按需加载选项（choicesLazyLoadEnabled）",
  choicesMin: "不支持自动生成数字选项（choicesMin/choicesMax），请直接列出选项",
  choicesMax: "不支持自动生成数字选项（choicesMin/choicesMax），请直接列出选项",
  hideIfChoicesEmpty: "不支持 hideIfChoicesEmpty",
  setValueIf: "不支持按条件自动填写答案（setValueIf）",
  setValueExpression: "不支持按条件自动填写答案（setValueExpression）",
  resetValueIf: "不支持按条件清空答案（resetValueIf）",
  minValueExpression: "不支持用表达式设置最小值（minValueExpression）",
  maxValueExpression: "不支持用表达式设置最大值（maxValueExpression）",
};
const CHOICE_KEYS = new Set(["value", "text", "visibleIf", "isExclusive"]);
const RATE_VALUE_KEYS = new Set(["value", "text"]);
const VALIDATOR_TYPES = new Set(["numeric", "text", "answercount", "expression", "email"]);
const SPECIAL_ITEMS: [flag: string, legacy: string, value: string][] = [
  ["showOtherItem", "hasOther", "other"],
  ["showNoneItem", "hasNone", "none"],
  ["showRefuseItem", "", "refused"],
  ["showDontKnowItem", "", "dontknow"],
];
const MAX_ERRORS = 50;
const MAX_CHOICE_VALUE_LENGTH = 100;

const allowedTypesText = [...ALLOWED_QUESTION_TYPES, ...ALLOWED_CONTENT_TYPES]
  .map((t) => `${t}（${ELEMENT_TYPE_LABELS[t]}）`)
  .join("、");

function isQuestionType(type: string): type is QuestionType {
  return (ALLOWED_QUESTION_TYPES as readonly string[]).includes(type);
}

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

class Problems {
  readonly list: string[] = [];
  add(message: string): void {
    if (this.list.length < MAX_ERRORS && !this.list.includes(message)) this.list.push(message);
  }
}

interface Inventory {
  questionNames: Set<string>;
  elementCount: number;
}

function label(element: Record<string, unknown>, page: number): string {
  return typeof element.name === "string" && element.name
    ? `问题“${element.name}”`
    : `第 ${page + 1} 页的一个“${String(element.type ?? "?")}”元素`;
}

function checkChoices(list: unknown, keys: Set<string>, where: string, problems: Problems, reserved: string[]): void {
  if (list === undefined) return;
  if (!Array.isArray(list)) return problems.add(`${where}的选项格式不正确`);
  if (list.length > SURVEY_LIMITS.maxChoices) problems.add(`${where}的选项超过 ${SURVEY_LIMITS.maxChoices} 个`);
  const seen = new Set<string>();
  for (const item of list) {
    let value: unknown = item;
    if (isPlainObject(item)) {
      for (const key of Object.keys(item)) {
        if (!keys.has(key)) problems.add(`${where}的选项不支持属性“${key}”`);
      }
      value = item.value;
    }
    if (!(typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))) {
      problems.add(`${where}有一个选项的值不是文字或数字`);
      continue;
    }
    const key = String(value);
    if (key.trim() === "" || key.length > MAX_CHOICE_VALUE_LENGTH || /[<>]/.test(key)) {
      problems.add(`${where}的选项值“${key.slice(0, 20)}”不可用：不能为空、不能超过 ${MAX_CHOICE_VALUE_LENGTH} 个字符、不能含尖括号`);
    }
    if (seen.has(key)) problems.add(`${where}的选项值“${key}”重复`);
    if (reserved.includes(key)) problems.add(`${where}的选项值“${key}”与特殊选项（其他/以上都不是/不愿回答/不知道）冲突`);
    seen.add(key);
  }
}

function checkQuestion(element: Record<string, unknown>, type: QuestionType, where: string, problems: Problems): void {
  for (const [key, reason] of Object.entries(FORBIDDEN_ELEMENT_KEYS)) {
    if (element[key] !== undefined && element[key] !== "" && element[key] !== 0 && element[key] !== false) {
      problems.add(`${where}：${reason}`);
    }
  }
  if (element.storeOthersAsComment === false) problems.add(`${where}：“其他”的内容必须单独保存（storeOthersAsComment 不能为 false）`);
  if (typeof element.maskType === "string" && element.maskType !== "none") problems.add(`${where}：不支持输入掩码（maskType）`);
  if (type === "text" && element.inputType !== undefined && !(TEXT_INPUT_TYPES as readonly string[]).includes(String(element.inputType))) {
    problems.add(`${where}：不支持输入类型“${String(element.inputType)}”，可用：${TEXT_INPUT_TYPES.join("、")}`);
  }
  const cap = type === "comment" ? SURVEY_LIMITS.maxCommentLength : SURVEY_LIMITS.maxTextLength;
  if (typeof element.maxLength === "number" && element.maxLength > cap) {
    problems.add(`${where}：字数上限不能超过 ${cap}`);
  }
  const hasOther = element.showOtherItem === true || element.hasOther === true;
  const hasCommentArea = element.showCommentArea === true || element.hasComment === true;
  if (hasOther && hasCommentArea) problems.add(`${where}：不能同时使用“其他”选项和备注框`);
  const reserved = SPECIAL_ITEMS.filter(([flag, legacy]) => element[flag] === true || (legacy && element[legacy] === true)).map(
    ([, , value]) => value,
  );
  const multiple = type === "checkbox" || type === "tagbox";
  checkChoices(element.choices, multiple ? CHOICE_KEYS : new Set(["value", "text", "visibleIf"]), where, problems, reserved);
  if (type === "rating") checkChoices(element.rateValues, RATE_VALUE_KEYS, where, problems, []);
  if (element.validators !== undefined) {
    if (!Array.isArray(element.validators)) problems.add(`${where}的校验规则格式不正确`);
    else
      for (const v of element.validators) {
        const vType = isPlainObject(v) ? String(v.type ?? "") : "";
        if (!VALIDATOR_TYPES.has(vType)) problems.add(`${where}：不支持校验规则“${vType}”，可用：${[...VALIDATOR_TYPES].join("、")}`);
      }
  }
}

function inventory(json: Record<string, unknown>, problems: Problems): Inventory {
  const questionNames = new Set<string>();
  let elementCount = 0;
  for (const [key, reason] of Object.entries(FORBIDDEN_SURVEY_KEYS)) {
    const v = json[key];
    if (v !== undefined && v !== "" && !(Array.isArray(v) && v.length === 0)) problems.add(reason);
  }
  if (json.storeOthersAsComment === false) problems.add("“其他”的内容必须单独保存（storeOthersAsComment 不能为 false）");
  if (json.commentSuffix !== undefined && json.commentSuffix !== COMMENT_SUFFIX) problems.add(`不支持修改 commentSuffix（应为“${COMMENT_SUFFIX}”）`);

  const walk = (elements: unknown, page: number) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      elementCount++;
      if (!isPlainObject(element)) {
        problems.add(`第 ${page + 1} 页有一个元素格式不正确`);
        continue;
      }
      const where = label(element, page);
      const type = element.type;
      if (typeof type !== "string" || !type) {
        problems.add(`${where}缺少题型（type）`);
        continue;
      }
      if (type === "panel") {
        if (element.isRequired === true || element.requiredIf) problems.add(`${where}：分组不支持必答设置，请在其中的问题上设置`);
        for (const key of ["valueName", "setValueIf", "resetValueIf"]) {
          if (element[key] !== undefined) problems.add(`${where}：${FORBIDDEN_ELEMENT_KEYS[key]}`);
        }
        walk(element.elements ?? element.questions, page);
        continue;
      }
      if (type === "html") continue;
      if (!isQuestionType(type)) {
        problems.add(`不支持的题型“${type}”（${where}）。可用的题型：${allowedTypesText}`);
        continue;
      }
      const name = element.name;
      if (typeof name !== "string" || !name) {
        problems.add(`${where}缺少名称（name）：每个问题都需要一个固定的英文名称，各轮结果才能对齐`);
      } else if (!isStableQuestionName(name)) {
        problems.add(
          `问题名称“${name.slice(0, 70)}”不符合要求：只能用小写英文字母、数字和下划线，以字母开头，2–64 个字符，不能有连续的下划线`,
        );
      } else if (questionNames.has(name)) {
        problems.add(`问题名称“${name}”重复`);
      } else {
        questionNames.add(name);
      }
      checkQuestion(element, type, where, problems);
    }
  };

  const pages = pagesOf(json);
  if (pages.length === 0 || pages.every((p) => elementsOf(p).length === 0)) problems.add("问卷没有任何问题");
  pages.forEach((page, i) => {
    for (const key of ["setValueIf", "resetValueIf"]) if (page[key] !== undefined) problems.add(`第 ${i + 1} 页：${FORBIDDEN_ELEMENT_KEYS[key]}`);
    walk(page.elements ?? page.questions, i);
  });
  if (questionNames.size > SURVEY_LIMITS.maxQuestions) problems.add(`问题太多（${questionNames.size} 个），上限 ${SURVEY_LIMITS.maxQuestions} 个`);
  if (elementCount > SURVEY_LIMITS.maxElements) problems.add(`元素太多（${elementCount} 个），上限 ${SURVEY_LIMITS.maxElements} 个`);
  return { questionNames, elementCount };
}

function describeJsonError(error: JsonError): string {
  const e = error as JsonError & { propertyName?: string; className?: string };
  const source = (e.jsonObj ?? {}) as Record<string, unknown>;
  const named = typeof source.name === "string" ? `“${source.name}”` : "";
  const where = named ? `（${String(source.type ?? e.className ?? "")}${named}）` : e.className ? `（${e.className}）` : "";
  switch (e.type) {
    case "unknownproperty":
      return `未知的属性“${e.propertyName}”${where}`;
    case "requiredproperty":
      return `缺少必需的属性“${e.propertyName}”${where}`;
    case "missingtypeproperty":
    case "incorrecttypeproperty":
      return `题型缺失或不正确${where}`;
    default:
      return `问卷定义有误：${e.message}`;
  }
}

/** Sanitises texts, checks conditions and the "no HTML outside texts" invariant, in one walk. */
function cleanJson(value: JsonValue, key: string, where: string, names: Set<string>, problems: Problems): JsonValue {
  if (typeof value === "string") {
    if (TEXT_PROPERTIES.has(key)) return sanitizeText(value);
    if (URL_PROPERTIES.has(key)) {
      if (value && !SAFE_URL.test(value)) problems.add(`${where}的网址“${key}”只能是 https:// 开头或站内路径`);
      return value;
    }
    if (CONDITION_KEY.test(key)) checkCondition(value, where, names, problems);
    if (TAG_OPENER.test(value)) problems.add(`${where}的属性“${key}”不能包含 HTML`);
    SCRIPT_SCHEME.lastIndex = 0;
    if (SCRIPT_SCHEME.test(value)) problems.add(`${where}的属性“${key}”不能包含脚本链接`);
    SCRIPT_SCHEME.lastIndex = 0;
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => cleanJson(item, key, where, names, problems));
  if (value !== null && typeof value === "object") {
    const isText = TEXT_PROPERTIES.has(key) || URL_PROPERTIES.has(key);
    const here = typeof value.name === "string" && typeof value.type === "string" ? `问题“${value.name}”` : where;
    const out: { [k: string]: JsonValue } = {};
    for (const [k, v] of Object.entries(value)) {
      if (isText ? !LOCALE_KEY.test(k) : !JSON_KEY.test(k)) {
        problems.add(`${here}含有无效的属性名“${k.slice(0, 30).replace(/[<>]/g, "")}”`);
        continue;
      }
      out[k] = isText && typeof v === "string" ? (cleanJson(v, key, here, names, problems) as string) : cleanJson(v, k, here, names, problems);
    }
    return out;
  }
  return value;
}

function checkCondition(expression: string, where: string, names: Set<string>, problems: Problems): void {
  if (!expression.trim()) return;
  const analysis = analyseCondition(expression);
  if (!analysis.ok) return problems.add(`${where}的条件“${expression}”无法解析`);
  for (const v of analysis.variables) {
    if (!names.has(v)) problems.add(`${where}的条件“${expression}”引用了不存在的问题“${v}”`);
  }
  for (const f of analysis.functions) {
    if (!SAFE_CONDITION_FUNCTIONS.includes(f)) problems.add(`${where}的条件“${expression}”使用了不支持的函数“${f}”`);
  }
}

function checkTags(definition: SurveyJson, problems: Problems): void {
  const visit = (element: Record<string, unknown>) => {
    const where = `问题“${String(element.name)}”`;
    if (element.domain !== undefined && !isDomain(element.domain)) {
      problems.add(`${where}的领域（domain）“${String(element.domain)}”无效，可用：${DOMAINS.join("、")}`);
    }
    if (element.measure !== undefined && !isMeasure(element.measure)) {
      problems.add(`${where}的指标（measure）“${String(element.measure)}”无效，可用：${MEASURES.join("、")}`);
    }
    for (const child of elementsOf(element)) visit(child);
  };
  for (const page of pagesOf(definition)) for (const element of elementsOf(page)) visit(element);
}

function checkSpecs(questions: QuestionSpec[], stage: "draft" | "publish", problems: Problems): void {
  for (const q of questions) {
    const regular = q.choices.filter((c) => !c.special);
    if (q.kind === "rating" && q.choices.length === 0) problems.add(`“${q.title}”没有评分档位`);
    if (q.kind === "number" && q.min !== undefined && q.max !== undefined && q.min > q.max) {
      problems.add(`“${q.title}”的最小值大于最大值`);
    }
    if (stage === "publish" && (q.kind === "single" || q.kind === "multiple") && regular.length === 0) {
      problems.add(`“${q.title}”还没有选项，发布前请先填写（例如社区的小区名单）`);
    }
  }
}

/**
 * Parses, checks and cleans a SurveyJS definition (a JSON string or a parsed value).
 * The returned definition is survey-core's normalised `toJSON()` with every text sanitised;
 * store it, not the input.
 */
export function validateSurveyDefinition(input: unknown, options: ValidateDefinitionOptions = {}): DefinitionResult {
  const stage = options.stage ?? "draft";
  const problems = new Problems();
  const tooLarge = (bytes: number) => ({
    ok: false as const,
    errors: [`问卷定义过大（${Math.ceil(bytes / 1024)} KB），上限 ${SURVEY_LIMITS.maxDefinitionBytes / 1024} KB`],
  });

  let json: unknown = input;
  if (typeof input === "string") {
    const bytes = Buffer.byteLength(input, "utf8");
    if (bytes > SURVEY_LIMITS.maxDefinitionBytes) return tooLarge(bytes);
    try {
      json = JSON.parse(input.replace(/^\uFEFF/, ""));
    } catch {
      return { ok: false, errors: ["不是有效的 JSON 文件"] };
    }
  }
  if (!isPlainObject(json)) return { ok: false, errors: ["问卷定义必须是一个 JSON 对象"] };
  if (depthExceeds(json, SURVEY_LIMITS.maxDepth)) return { ok: false, errors: ["问卷定义的嵌套层级过深"] };
  const bytes = Buffer.byteLength(JSON.stringify(json), "utf8");
  if (bytes > SURVEY_LIMITS.maxDefinitionBytes) return tooLarge(bytes);

  const { questionNames } = inventory(json, problems);
  if (problems.list.length) return { ok: false, errors: problems.list };

  const model = designModel(json as SurveyJson);
  for (const error of model.jsonErrors ?? []) problems.add(describeJsonError(error));
  if (problems.list.length) {
    model.dispose();
    return { ok: false, errors: problems.list };
  }
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

  const definition = cleanJson(normalised, "", "问卷", questionNames, problems) as SurveyDefinition;
  checkTags(definition, problems);
  if (problems.list.length) return { ok: false, errors: problems.list };

  const questions = readQuestionSpecs(definition);
  checkSpecs(questions, stage, problems);
  if (problems.list.length) return { ok: false, errors: problems.list };
  return { ok: true, definition, questions };
}
