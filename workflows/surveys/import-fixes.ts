// The import check's repairs of one question as written: harmless settings fixed (with a
// warning), settings the server cannot apply dropped (with a warning), honest refusals kept
// (uploads, remote images, custom widgets, choicesByUrl). Works on the raw JSON, before
// survey-core reads it; see definition-import.ts for the walk and the names.
import { CELL_TYPES, isPlainObject, SURVEY_LIMITS, TEXT_INPUT_TYPES, type QuestionType } from "./definition";
import type { Issues } from "./import-issues";
import { regexVerdict } from "./regex-safety";

type Json = Record<string, unknown>;

export const REFUSED_TYPES: Record<string, string> = {
  file: "文件上传（file）：居民的文件无法在这里收集和保存",
  signaturepad: "手写签名（signaturepad）：签名图片无法在这里收集和保存",
  imagepicker: "图片选择题（imagepicker）：图片来自外部网址，居民的手机会连到别的网站",
  image: "图片（image）：图片来自外部网址，居民的手机会连到别的网站",
  slider: "滑块题（slider）暂不支持，请改用评分题或数字填空",
};

/** Alternative looks survey-react-ui itself ships (no custom widget needed). */
const BUILT_IN_RENDERERS: Record<string, readonly string[]> = { boolean: ["checkbox", "radio", "switch"], dropdown: ["select"], rating: ["dropdown"] };
const VALIDATOR_TYPES = new Set(["numeric", "text", "answercount", "expression", "email", "regex"]);
const SPECIAL_ITEMS: [flag: string, legacy: string, value: string][] = [
  ["showOtherItem", "hasOther", "other"],
  ["showNoneItem", "hasNone", "none"],
  ["showRefuseItem", "", "refused"],
  ["showDontKnowItem", "", "dontknow"],
];
const MAX_CHOICE_VALUE_LENGTH = 100;
/** Settings that change only how the browser behaves; the server has nothing to check for them. */
const DROPPED: Record<string, string> = {
  valueName: "共享答案（valueName）已去掉：每个问题单独保存自己的答案",
  choicesEnableIf: "选项的可用条件（choicesEnableIf）已去掉：选项都可选",
  choicesLazyLoadEnabled: "按需加载选项（choicesLazyLoadEnabled）已去掉",
  hideIfChoicesEmpty: "“没有选项时隐藏”（hideIfChoicesEmpty）已去掉",
  minValueExpression: "用表达式设置最小值（minValueExpression）已去掉，请直接填写最小值",
  maxValueExpression: "用表达式设置最大值（maxValueExpression）已去掉，请直接填写最大值",
};

export interface FixContext {
  issues: Issues;
  where: string;
}

function literal(value: unknown): string {
  return typeof value === "number" || typeof value === "boolean" ? String(value) : `'${String(value).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

function itemValue(item: unknown): unknown {
  return isPlainObject(item) ? item.value : item;
}

/**
 * Checks and repairs a list of items (choices, rate values, rows, columns) in place: unknown
 * item properties dropped, repeated values dropped, unusable values reported.
 */
export function checkItems(owner: Json, key: string, allowed: ReadonlySet<string>, what: string, ctx: FixContext, reserved: readonly string[] = []): void {
  const list = owner[key];
  if (list === undefined) return;
  if (!Array.isArray(list)) {
    ctx.issues.problem("choice", ctx.where, `${what}的格式不正确`);
    return;
  }
  const max = key === "choices" || key === "rateValues" ? SURVEY_LIMITS.maxChoices : SURVEY_LIMITS.maxRows;
  if (list.length > max) ctx.issues.problem("size", ctx.where, `${what}超过 ${max} 个`);
  const dropped = new Set<string>();
  const seen = new Set<string>();
  const kept: unknown[] = [];
  for (const item of list) {
    if (isPlainObject(item)) {
      for (const k of Object.keys(item)) {
        if (!allowed.has(k)) {
          dropped.add(k);
          delete item[k];
        }
      }
    }
    const value = itemValue(item);
    if (!(typeof value === "string" || (typeof value === "number" && Number.isFinite(value)))) {
      ctx.issues.problem("choice", ctx.where, `有一个${what}的值不是文字或数字`);
      continue;
    }
    const text = String(value);
    if (text.trim() === "" || text.length > MAX_CHOICE_VALUE_LENGTH || /[<>]/.test(text) || text.includes("\u0000")) {
      ctx.issues.problem("choice", ctx.where, `${what}的值“${text.slice(0, 20)}”不可用：不能为空、不能超过 ${MAX_CHOICE_VALUE_LENGTH} 个字符、不能含尖括号`);
    }
    if (seen.has(text)) {
      ctx.issues.warn("choice", ctx.where, `${what}的值“${text.slice(0, 20)}”重复，已去掉后一个`);
      continue;
    }
    if (reserved.includes(text)) ctx.issues.problem("choice", ctx.where, `${what}的值“${text}”与特殊选项（其他/以上都不是/不愿回答/不知道）冲突`);
    seen.add(text);
    kept.push(item);
  }
  owner[key] = kept;
  if (dropped.size) ctx.issues.warn("choice", ctx.where, `已忽略${what}中不支持的属性：${[...dropped].join("、")}`);
}

/** `choicesVisibleIf: "{item} != 'x'"` → a visibleIf on each item with the item's value written in. */
function spreadItemCondition(owner: Json, conditionKey: string, listKey: string, what: string, ctx: FixContext): void {
  const expression = owner[conditionKey];
  delete owner[conditionKey];
  if (typeof expression !== "string" || !expression.trim() || !Array.isArray(owner[listKey])) return;
  owner[listKey] = (owner[listKey] as unknown[]).map((item) => {
    const object: Json = isPlainObject(item) ? item : { value: item };
    const own = expression.replace(/\{\s*item\s*\}/gi, literal(object.value));
    object.visibleIf = typeof object.visibleIf === "string" && object.visibleIf.trim() ? `(${object.visibleIf}) and (${own})` : own;
    return object;
  });
  ctx.issues.warn("condition", ctx.where, `${what}的统一显示条件（${conditionKey}）已改写为每个${what}自己的显示条件`);
}

function fixInputType(element: Json, ctx: FixContext): void {
  const mask = element.maskType;
  if (typeof mask === "string" && mask !== "none") {
    const settings = isPlainObject(element.maskSettings) ? element.maskSettings : {};
    if (mask === "numeric" || mask === "currency") {
      element.inputType = "number";
      for (const k of ["min", "max"] as const) if (typeof settings[k] === "number" && element[k] === undefined) element[k] = settings[k];
      ctx.issues.warn("type", ctx.where, "输入掩码（maskType）已去掉，改为数字填空");
    } else {
      ctx.issues.warn("type", ctx.where, "输入掩码（maskType）已去掉，按普通文字填空处理；如需格式要求请加校验规则");
    }
  }
  delete element.maskType;
  delete element.maskSettings;
  const inputType = element.inputType;
  if (inputType === undefined || (TEXT_INPUT_TYPES as readonly unknown[]).includes(inputType)) return;
  delete element.inputType;
  ctx.issues.warn(
    "type",
    ctx.where,
    inputType === "password" ? "密码输入框改为普通填空（填写的内容社区工作人员能看到）" : `不支持输入类型“${String(inputType)}”，改为普通填空`,
  );
}

function fixValidators(owner: Json, ctx: FixContext): void {
  if (owner.validators === undefined) return;
  if (!Array.isArray(owner.validators)) {
    delete owner.validators;
    ctx.issues.warn("type", ctx.where, "校验规则格式不正确，已去掉");
    return;
  }
  owner.validators = owner.validators.filter((v) => {
    const type = isPlainObject(v) ? String(v.type ?? "") : "";
    if (!VALIDATOR_TYPES.has(type)) {
      ctx.issues.warn("type", ctx.where, `不支持的校验规则“${type.slice(0, 30)}”已去掉`);
      return false;
    }
    if (type !== "regex") return true;
    const rule = v as Json;
    const verdict = regexVerdict(String(rule.regex ?? ""), rule.caseInsensitive === true || rule.insensitive === true ? "i" : "");
    if (!verdict.ok) ctx.issues.warn("type", ctx.where, `正则校验规则已去掉：${verdict.reason}`);
    return verdict.ok;
  });
}

function dropSettings(element: Json, ctx: FixContext): void {
  for (const [key, reason] of Object.entries(DROPPED)) {
    if (element[key] === undefined) continue;
    if (element[key] !== "" && element[key] !== false && element[key] !== null) ctx.issues.warn("type", ctx.where, reason);
    delete element[key];
  }
  if (element.storeOthersAsComment === false) {
    delete element.storeOthersAsComment;
    ctx.issues.warn("type", ctx.where, "“其他”的内容改为单独保存（storeOthersAsComment）");
  }
}

/** choicesMin/choicesMax/choicesStep written out as choices, as survey-core would show them. */
function expandNumberChoices(element: Json, ctx: FixContext): void {
  const min = Number(element.choicesMin);
  const max = Number(element.choicesMax);
  const step = Number(element.choicesStep ?? 1) || 1;
  const has = element.choicesMin !== undefined || element.choicesMax !== undefined;
  delete element.choicesMin;
  delete element.choicesMax;
  delete element.choicesStep;
  if (!has || !Number.isFinite(min) || !Number.isFinite(max) || max < min || step <= 0 || (max - min) / step > SURVEY_LIMITS.maxChoices) return;
  const numbers: number[] = [];
  for (let n = min; n <= max + 1e-9; n += step) numbers.push(Math.round(n * 1e6) / 1e6);
  element.choices = [...numbers, ...(Array.isArray(element.choices) ? element.choices : [])];
  ctx.issues.warn("choice", ctx.where, `自动生成的数字选项（${min}–${max}）已写成普通选项`);
}

function reservedOf(element: Json): string[] {
  return SPECIAL_ITEMS.filter(([flag, legacy]) => element[flag] === true || (legacy && element[legacy] === true)).map(([, , value]) => value);
}

const CHOICE_KEYS = new Set(["value", "text", "visibleIf", "isExclusive"]);
const SINGLE_CHOICE_KEYS = new Set(["value", "text", "visibleIf"]);
const PLAIN_ITEM_KEYS = new Set(["value", "text"]);

/** Checks common to questions and table columns. */
function fixChoiceSettings(element: Json, type: string, ctx: FixContext): void {
  if (element.choicesByUrl !== undefined && element.choicesByUrl !== null) {
    ctx.issues.problem("refused", ctx.where, "选项从外部网址加载（choicesByUrl）：请把选项直接写进问卷");
    delete element.choicesByUrl;
  }
  if (element.renderAs !== undefined && element.renderAs !== "default" && !BUILT_IN_RENDERERS[type]?.includes(String(element.renderAs))) {
    ctx.issues.problem("refused", ctx.where, `自定义控件（renderAs“${String(element.renderAs).slice(0, 30)}”）：居民的手机上没有这个控件`);
  }
  dropSettings(element, ctx);
  fixValidators(element, ctx);
  if (type === "text") fixInputType(element, ctx);
  const cap = type === "comment" ? SURVEY_LIMITS.maxCommentLength : SURVEY_LIMITS.maxTextLength;
  if ((type === "text" || type === "comment") && typeof element.maxLength === "number" && element.maxLength > cap) {
    element.maxLength = cap;
    ctx.issues.warn("type", ctx.where, `字数上限改为 ${cap}`);
  }
  const hasOther = element.showOtherItem === true || element.hasOther === true;
  if (hasOther && (element.showCommentArea === true || element.hasComment === true)) {
    delete element.showCommentArea;
    delete element.hasComment;
    ctx.issues.warn("type", ctx.where, "同时有“其他”选项和备注框，已去掉备注框");
  }
  expandNumberChoices(element, ctx);
  spreadItemCondition(element, "choicesVisibleIf", "choices", "选项", ctx);
  const multiple = type === "checkbox" || type === "tagbox";
  checkItems(element, "choices", multiple ? CHOICE_KEYS : SINGLE_CHOICE_KEYS, "选项", ctx, reservedOf(element));
  if (type === "rating") checkItems(element, "rateValues", PLAIN_ITEM_KEYS, "评分档位", ctx);
}

export function fixColumn(column: Json, matrixCellType: string, ctx: FixContext): void {
  const cellType = typeof column.cellType === "string" && column.cellType !== "default" ? column.cellType : matrixCellType;
  if (!(CELL_TYPES as readonly string[]).includes(cellType)) {
    const refused = REFUSED_TYPES[cellType];
    ctx.issues.problem(refused ? "refused" : "type", ctx.where, refused ?? `不支持的单元格类型“${cellType.slice(0, 30)}”，可用：${CELL_TYPES.join("、")}`);
    return;
  }
  fixChoiceSettings(column, cellType, ctx);
}

export function capCount(element: Json, keys: readonly string[], ctx: FixContext): void {
  for (const key of keys) {
    const value = element[key];
    if (typeof value === "number" && value > SURVEY_LIMITS.maxDynamicCount) {
      element[key] = SURVEY_LIMITS.maxDynamicCount;
      ctx.issues.warn("size", ctx.where, `${key} 改为 ${SURVEY_LIMITS.maxDynamicCount}（每份答卷最多 ${SURVEY_LIMITS.maxDynamicCount} 行/项）`);
    }
  }
  // The browser stops adding rows where the server stops accepting them.
  if (element[keys[0]] === undefined) element[keys[0]] = SURVEY_LIMITS.maxDynamicCount;
}

/** Repairs and checks of one question of an allowed type (its inner parts are walked by the caller). */
export function fixQuestion(element: Json, type: QuestionType, ctx: FixContext): void {
  fixChoiceSettings(element, type, ctx);
  if (type === "matrix") {
    spreadItemCondition(element, "rowsVisibleIf", "rows", "行", ctx);
    spreadItemCondition(element, "columnsVisibleIf", "columns", "列", ctx);
    checkItems(element, "rows", SINGLE_CHOICE_KEYS, "行", ctx);
    checkItems(element, "columns", CHOICE_KEYS, "列", ctx);
  }
  if (type === "matrixdropdown") {
    spreadItemCondition(element, "rowsVisibleIf", "rows", "行", ctx);
    checkItems(element, "rows", SINGLE_CHOICE_KEYS, "行", ctx);
  }
  if (type === "matrixdynamic") capCount(element, ["maxRowCount", "rowCount", "minRowCount"], ctx);
  if (type === "paneldynamic") capCount(element, ["maxPanelCount", "panelCount", "minPanelCount"], ctx);
}
