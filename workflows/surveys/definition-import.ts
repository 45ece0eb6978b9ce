// The tolerant part of the import check (issue 17), on the raw JSON before survey-core reads it:
// one walk that knows where everything is (page and position), refuses honestly what cannot work
// here, repairs what is harmless (import-fixes.ts), gives every question a stable snake_case name
// and rewrites every reference to the old names (import-names.ts), and turns triggers the server
// cannot follow into what it can.
import { ElementFactory, Serializer } from "survey-core";
import { ALLOWED_QUESTION_TYPES, COMMENT_SUFFIX, elementsOf, isPlainObject, localText, pagesOf, plainText, SURVEY_LIMITS, type QuestionType } from "./definition";
import { type FixContext, fixColumn, fixQuestion, REFUSED_TYPES } from "./import-fixes";
import type { Issues } from "./import-issues";
import { Namespace, type ReferenceScope, rewriteReferences } from "./import-names";

type Json = Record<string, unknown>;

const DROPPED_SURVEY_KEYS: Record<string, string> = {
  surveyId: "从 SurveyJS 云服务加载问卷（surveyId）已去掉",
  surveyPostId: "把答卷发送到 SurveyJS 云服务（surveyPostId）已去掉",
  navigateToUrl: "完成后跳转到其他网址（navigateToUrl）已去掉：居民提交后看到本系统的回执",
  navigateToUrlOnCondition: "完成后跳转到其他网址（navigateToUrlOnCondition）已去掉",
};
const TRIGGER_TYPES = new Set(["visible", "complete", "setvalue", "copyvalue", "skip", "runexpression"]);
const REFERENCE_KEY = /If$|Expression$|^expression$|^runExpression$/;
const TEXT_KEYS: ReadonlySet<string> = (() => {
  const names = new Set<string>();
  for (const className of Serializer.getAllClasses()) {
    for (const prop of Serializer.getProperties(className)) if (prop.isLocalizable) names.add(prop.name);
  }
  return names;
})();

export interface Prepared {
  names: Namespace;
  /** Where each question of the survey is (by its new name), for messages after survey-core read the JSON. */
  whereByName: Map<string, string>;
  /** Elements, columns, items … → where, for survey-core's own complaints. */
  whereByObject: WeakMap<object, string>;
  /** Names a condition may refer to: questions (kept, renamed or refused) and calculated values. */
  knownNames: Set<string>;
}

interface Entry {
  element: Json;
  ns: Namespace;
  where: string;
  ordinal: number;
  /** The namespace inside it (template, columns, items), registered under its new name. */
  inner?: Namespace;
}

function short(text: string): string {
  return text.length > 30 ? `${text.slice(0, 30)}…` : text;
}

function titleOf(element: Json): string {
  const title = plainText(localText(element.title));
  if (title) return title;
  if (element.type === "html") return plainText(localText(element.html));
  return typeof element.name === "string" ? element.name : "";
}

function isQuestionType(type: string): type is QuestionType {
  return (ALLOWED_QUESTION_TYPES as readonly string[]).includes(type);
}

class Walk {
  readonly entries: Entry[] = [];
  readonly whereByObject = new WeakMap<object, string>();
  readonly refusedNames = new Set<string>();
  elementCount = 0;

  constructor(private readonly issues: Issues) {}

  elements(list: unknown, page: number, counter: { n: number }, parent: string | null, ns: Namespace): void {
    if (!Array.isArray(list)) return;
    const remove: number[] = [];
    list.forEach((element, i) => {
      this.elementCount++;
      const n = parent ? i + 1 : ++counter.n;
      const at = parent ? `${parent}中的第 ${n} 项` : `第 ${page + 1} 页第 ${n} 项`;
      if (!isPlainObject(element)) {
        this.issues.problem("type", at, "格式不正确（应为一个对象）");
        remove.push(i);
        return;
      }
      const title = titleOf(element);
      const where = title ? `${at}“${short(title)}”` : at;
      this.whereByObject.set(element, where);
      const type = element.type;
      if (typeof type !== "string" || !type) {
        this.issues.problem("type", where, "缺少题型（type）");
        remove.push(i);
        return;
      }
      if (type === "panel") {
        for (const key of ["isRequired", "requiredIf"]) {
          if (element[key] === undefined) continue;
          delete element[key];
          this.issues.warn("type", where, "分组不能设必答，已去掉（请在其中的问题上设置）");
        }
        this.elements(element.elements ?? element.questions, page, counter, parent, ns);
        return;
      }
      if (type === "html") {
        this.entries.push({ element, ns, where, ordinal: 0 });
        return;
      }
      if (!isQuestionType(type)) {
        const known = ElementFactory.Instance.getAllTypes().includes(type);
        const links = JSON.stringify([element.imageLink ?? null, element.choices ?? null]);
        const remote = /"(https?:)?\/\//i.test(links);
        const reason = (type === "image" || type === "imagepicker") && !remote ? `题型“${type}”（图片）暂不支持` : REFUSED_TYPES[type];
        this.issues.problem("refused", where, reason ?? (known ? `题型“${type}”暂不支持` : `自定义题型“${short(type)}”：居民的手机上没有这种题型`));
        if (typeof element.name === "string") this.refusedNames.add(element.name);
        remove.push(i);
        return;
      }
      const ctx: FixContext = { issues: this.issues, where };
      fixQuestion(element, type, ctx);
      const entry: Entry = { element, ns, where, ordinal: 0 };
      this.entries.push(entry);
      this.inner(element, type, entry, page);
    });
    for (const i of remove.reverse()) list.splice(i, 1);
  }

  private inner(element: Json, type: QuestionType, entry: Entry, page: number): void {
    const where = entry.where;
    if (type === "matrixdropdown" || type === "matrixdynamic" || type === "multipletext") {
      const key = type === "multipletext" ? "items" : "columns";
      const list = element[key];
      if (!Array.isArray(list)) return;
      const inner = new Namespace(where);
      entry.inner = inner;
      const cellType = typeof element.cellType === "string" ? element.cellType : "dropdown";
      element[key] = list.map((raw, i) => {
        const part: Json = isPlainObject(raw) ? raw : { name: String(raw) };
        const name = typeof part.name === "string" ? part.name : "";
        const partWhere = `${where}的第 ${i + 1} ${type === "multipletext" ? "项" : "列"}${name ? `“${short(plainText(localText(part.title)) || name)}”` : ""}`;
        this.whereByObject.set(part, partWhere);
        if (type === "multipletext") fixColumn(part, "text", { issues: this.issues, where: partWhere });
        else fixColumn(part, cellType, { issues: this.issues, where: partWhere });
        this.entries.push({ element: part, ns: inner, where: partWhere, ordinal: 0 });
        return part;
      });
      if (list.length > SURVEY_LIMITS.maxRows) this.issues.problem("size", where, `列或项超过 ${SURVEY_LIMITS.maxRows} 个`);
      return;
    }
    if (type === "paneldynamic") {
      const inner = new Namespace(where);
      entry.inner = inner;
      this.elements(element.templateElements, page, { n: 0 }, where, inner);
    }
  }
}

/** Stable names per namespace: good names kept first, then the others converted or numbered. */
function assignNames(walk: Walk, issues: Issues): void {
  const byNs = new Map<Namespace, Entry[]>();
  for (const e of walk.entries) if (e.element.type !== "html") byNs.set(e.ns, [...(byNs.get(e.ns) ?? []), e]);
  for (const [ns, entries] of byNs) {
    const first = new Set<string>();
    const kept = entries.map((e) => {
      const name = e.element.name;
      const ok = typeof name === "string" && /^[a-z][a-z0-9_]{1,63}$/.test(name) && !name.includes("__") && name !== "constructor" && !first.has(name);
      if (ok) first.add(name as string);
      return ok;
    });
    ns.reserve([...first]);
    entries.forEach((e, i) => {
      e.ordinal = i + 1;
      const old = e.element.name;
      const name = ns.assign(old, e.ordinal, kept[i]);
      if (typeof old !== "string" || !old) issues.warn("name", e.where, `没有名称，已命名为“${name}”`);
      else if (!kept[i] && first.has(old)) issues.warn("name", e.where, `名称“${old}”与前面的问题重复，已改为“${name}”（两题不再共用答案）`);
      e.element.name = name;
      if (e.inner) ns.children.set(name, e.inner);
    });
  }
  const names = new Set(walk.entries.map((e) => e.element.name));
  let n = 0;
  for (const e of walk.entries) {
    if (e.element.type !== "html" || (typeof e.element.name === "string" && e.element.name)) continue;
    while (names.has(`html_${++n}`));
    e.element.name = `html_${n}`;
    names.add(e.element.name);
  }
}

/** References rewritten everywhere they can be written: conditions, expressions, piped texts. */
function rewriteAll(value: unknown, key: string, ns: Namespace, top: Namespace, scope: ReferenceScope, issues: Issues): unknown {
  if (typeof value === "string") {
    if (REFERENCE_KEY.test(key)) {
      const fixed = value.replace(/\{\s*\$survey\.locale\s*\}/gi, "'zh-cn'");
      if (fixed !== value) issues.warn("condition", "", "条件中的 {$survey.locale} 已写成 'zh-cn'：问卷只以中文显示");
      return rewriteReferences(fixed, top, scope);
    }
    return TEXT_KEYS.has(key) ? rewriteReferences(value, top, scope) : value;
  }
  if (Array.isArray(value)) return value.map((v) => rewriteAll(v, key, ns, top, scope, issues));
  if (!isPlainObject(value)) return value;
  const inner = typeof value.name === "string" ? ns.children.get(value.name) : undefined;
  for (const [k, v] of Object.entries(value)) {
    if (TEXT_KEYS.has(key) && typeof v === "string") value[k] = rewriteReferences(v, top, scope);
    else if (k === "templateElements" && inner) value[k] = rewriteAll(v, k, inner, top, { ...scope, panel: inner }, issues);
    else if ((k === "columns" || k === "items") && inner) value[k] = rewriteAll(v, k, ns, top, { ...scope, row: inner }, issues);
    else value[k] = rewriteAll(v, k, ns, top, scope, issues);
  }
  return value;
}

function literal(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : `'${String(value ?? "").replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

/** Triggers: the old `name/operator/value` form written as an expression; visible triggers turned into visibleIf. */
function fixTriggers(json: Json, walk: Walk, top: Namespace, issues: Issues): void {
  if (json.triggers === undefined) return;
  const list = Array.isArray(json.triggers) ? json.triggers : [];
  const questions = new Map<string, Json>();
  for (const e of walk.entries) if (e.ns === top && typeof e.element.name === "string") questions.set(e.element.name, e.element);
  const pages = new Map<string, Json>(pagesOf(json).map((p) => [String(p.name ?? ""), p]));
  const isQuestion = (name: unknown) => typeof name === "string" && questions.has(top.resolve(name) ?? name);
  const shown = new Map<Json, string[]>();
  const kept: Json[] = [];
  list.forEach((raw, i) => {
    const where = `第 ${i + 1} 个触发器`;
    if (!isPlainObject(raw) || !TRIGGER_TYPES.has(String(raw.type))) {
      issues.warn("condition", where, `不支持的触发器“${isPlainObject(raw) ? String(raw.type ?? "") : ""}”已去掉`);
      return;
    }
    const t = raw;
    for (const k of ["name", "setToName", "fromName", "gotoName"]) if (typeof t[k] === "string") t[k] = top.resolve(t[k] as string) ?? t[k];
    if (typeof t.expression !== "string" && typeof t.name === "string" && t.name) {
      const operator = String(t.operator ?? "equal").toLowerCase();
      t.expression = operator === "empty" || operator === "notempty" ? `{${t.name}} ${operator}` : `{${t.name}} ${operator} ${literal(t.value)}`;
    }
    delete t.name;
    delete t.operator;
    delete t.value;
    const expression = typeof t.expression === "string" ? t.expression.trim() : "";
    if (!expression) {
      issues.warn("condition", where, "触发器没有条件，已去掉");
      return;
    }
    if (t.type === "visible") {
      const targets = [
        ...(Array.isArray(t.questions) ? t.questions : []).map((n) => questions.get(top.resolve(String(n)) ?? String(n))),
        ...(Array.isArray(t.pages) ? t.pages : []).map((n) => pages.get(String(n))),
      ].filter((x): x is Json => x !== undefined);
      for (const target of targets) shown.set(target, [...(shown.get(target) ?? []), expression]);
      issues.warn("condition", where, "显示/隐藏触发器已改写为对应问题的显示条件（visibleIf）");
      return;
    }
    if ((t.type === "setvalue" || t.type === "runexpression") && t.setToName !== undefined && !isQuestion(t.setToName)) t.isVariable = true;
    if (t.type === "copyvalue" && !(isQuestion(t.setToName) && isQuestion(t.fromName))) {
      issues.warn("condition", where, "复制答案的触发器指向不存在的问题，已去掉");
      return;
    }
    if (t.type === "skip" && !isQuestion(t.gotoName)) {
      issues.warn("condition", where, "跳转触发器指向不存在的问题，已去掉");
      return;
    }
    kept.push(t);
  });
  for (const [target, conditions] of shown) {
    const own = typeof target.visibleIf === "string" && target.visibleIf.trim() ? [target.visibleIf] : [];
    const any = conditions.length === 1 ? conditions[0] : conditions.map((c) => `(${c})`).join(" or ");
    target.visibleIf = own.length ? `(${own[0]}) and (${any})` : any;
    delete target.visible;
  }
  json.triggers = kept;
}

function fixCalculatedValues(json: Json, top: Namespace, known: Set<string>, issues: Issues): void {
  if (json.calculatedValues === undefined) return;
  const list = Array.isArray(json.calculatedValues) ? json.calculatedValues.filter(isPlainObject) : [];
  top.reserve(list.map((c) => c.name));
  list.forEach((c, i) => {
    const old = c.name;
    const stable = typeof old === "string" && /^[a-z][a-z0-9_]{1,63}$/.test(old) && !old.includes("__");
    c.name = top.assign(old, i + 1, stable);
    if (typeof old !== "string") issues.warn("name", `第 ${i + 1} 个计算值`, `没有名称，已命名为“${c.name}”`);
    known.add(c.name as string);
  });
  json.calculatedValues = list;
}

function copyChoicesFromQuestions(walk: Walk, top: Namespace, issues: Issues): void {
  const byName = new Map<string, Json>();
  for (const e of walk.entries) if (e.ns === top && typeof e.element.name === "string") byName.set(e.element.name, e.element);
  for (const e of walk.entries) {
    const from = e.element.choicesFromQuestion;
    if (from === undefined) continue;
    delete e.element.choicesFromQuestion;
    delete e.element.choicesFromQuestionMode;
    const source = typeof from === "string" ? byName.get(top.resolve(from) ?? from) : undefined;
    if (!source || !Array.isArray(source.choices)) {
      issues.warn("choice", e.where, "要复制选项的问题（choicesFromQuestion）不存在，已去掉");
      continue;
    }
    if (!Array.isArray(e.element.choices) || e.element.choices.length === 0) e.element.choices = structuredClone(source.choices);
    issues.warn("choice", e.where, `选项已从“${String(source.name)}”复制过来，之后不随那道题的回答变化`);
  }
}

/** Repairs the raw JSON in place and reports; see the module comment. */
export function prepareDefinition(json: Json, issues: Issues): Prepared {
  for (const [key, reason] of Object.entries(DROPPED_SURVEY_KEYS)) {
    if (json[key] === undefined) continue;
    delete json[key];
    issues.warn("type", "", reason);
  }
  if (json.storeOthersAsComment === false) {
    delete json.storeOthersAsComment;
    issues.warn("type", "", "“其他”的内容改为单独保存（storeOthersAsComment）");
  }
  if (json.commentSuffix !== undefined && json.commentSuffix !== COMMENT_SUFFIX) {
    delete json.commentSuffix;
    issues.warn("type", "", `备注的保存后缀（commentSuffix）改为“${COMMENT_SUFFIX}”`);
  }
  const walk = new Walk(issues);
  const top = new Namespace("问卷");
  const pages = pagesOf(json);
  if (pages.length === 0 || pages.every((p) => elementsOf(p).length === 0)) issues.problem("size", "", "问卷没有任何问题");
  pages.forEach((page, p) => walk.elements(page.elements ?? page.questions, p, { n: 0 }, null, top));
  assignNames(walk, issues);
  const known = new Set<string>(walk.refusedNames);
  const whereByName = new Map<string, string>();
  for (const e of walk.entries) {
    if (e.ns !== top || typeof e.element.name !== "string") continue;
    known.add(e.element.name);
    whereByName.set(e.element.name, e.where);
  }
  const questionCount = walk.entries.filter((e) => e.ns === top && e.element.type !== "html").length;
  if (questionCount > SURVEY_LIMITS.maxQuestions) issues.problem("size", "", `问题太多（${questionCount} 个），上限 ${SURVEY_LIMITS.maxQuestions} 个`);
  if (walk.elementCount > SURVEY_LIMITS.maxElements) issues.problem("size", "", `元素太多（${walk.elementCount} 个），上限 ${SURVEY_LIMITS.maxElements} 个`);
  fixCalculatedValues(json, top, known, issues);
  copyChoicesFromQuestions(walk, top, issues);
  fixTriggers(json, walk, top, issues);
  rewriteAll(json, "", top, top, {}, issues);
  return { names: top, whereByName, whereByObject: walk.whereByObject, knownNames: known };
}
