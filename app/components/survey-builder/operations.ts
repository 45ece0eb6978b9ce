// The survey builder's pure operations. The editor holds a BuilderDoc: the SurveyJS JSON split
// into pages and elements that carry a stable React key, so a question keeps its identity (and
// its focus) while it is renamed or moved. Every operation returns a new doc and leaves the old
// one untouched; conversion to and from SurveyJS JSON happens only at the edges (load, import,
// preview, save, export). The server validates whatever comes out (definition.server.ts).
import {
  ALLOWED_QUESTION_TYPES,
  ELEMENT_TYPE_LABELS,
  elementsOf,
  isPlainObject,
  isStableQuestionName,
  localText,
  pagesOf,
  plainText,
  type ContentType,
  type JsonValue,
  type QuestionType,
  type SurveyJson,
} from "../../../workflows/surveys/definition";
import { type ChoiceRow, choiceRows, choicesJson } from "./choice-rows";
import { defaultQuestion } from "./question-defaults";

export type JsonObject = { [key: string]: JsonValue };

export interface BuilderNode {
  key: string;
  /** The element's JSON without its child elements. */
  props: JsonObject;
  /** Child elements of a panel; null for questions and html. */
  children: BuilderNode[] | null;
}

export interface BuilderPage {
  key: string;
  props: JsonObject;
  elements: BuilderNode[];
}

export interface BuilderDoc {
  /** Survey-level properties (locale, completedHtml …), everything but the pages. */
  root: JsonObject;
  pages: BuilderPage[];
  /** Source of the next React key. */
  nextKey: number;
}

const CHILD_KEYS = ["elements", "questions"];

/** Containers edited as a list of elements: a panel's elements, a dynamic panel's template. */
export function isContainer(type: unknown): boolean {
  return type === "panel" || type === "paneldynamic";
}

function withoutChildren(value: Record<string, unknown>): JsonObject {
  const out: JsonObject = {};
  const skip = value.type === "paneldynamic" ? ["templateElements"] : CHILD_KEYS;
  for (const [k, v] of Object.entries(value)) if (!skip.includes(k)) out[k] = v as JsonValue;
  return out;
}

function childrenOf(element: Record<string, unknown>): Record<string, unknown>[] {
  if (element.type !== "paneldynamic") return elementsOf(element);
  return Array.isArray(element.templateElements) ? element.templateElements.filter(isPlainObject) : [];
}

export function fromSurveyJson(json: SurveyJson): BuilderDoc {
  let next = 1;
  const node = (element: Record<string, unknown>): BuilderNode => ({
    key: `n${next++}`,
    props: withoutChildren(element),
    children: isContainer(element.type) ? childrenOf(element).map(node) : null,
  });
  const root: JsonObject = {};
  for (const [k, v] of Object.entries(json)) if (k !== "pages" && !CHILD_KEYS.includes(k)) root[k] = v;
  const pages = pagesOf(json).map((page) => ({ key: `p${next++}`, props: withoutChildren(page), elements: elementsOf(page).map(node) }));
  if (pages.length === 0) pages.push({ key: `p${next++}`, props: { name: "page_1" }, elements: [] });
  return { root, pages, nextKey: next };
}

function nodeJson(node: BuilderNode): JsonObject {
  if (!node.children) return node.props;
  return { ...node.props, [node.props.type === "paneldynamic" ? "templateElements" : "elements"]: node.children.map(nodeJson) };
}

export function toSurveyJson(doc: BuilderDoc): SurveyJson {
  return { ...doc.root, pages: doc.pages.map((p) => ({ ...p.props, elements: p.elements.map(nodeJson) })) };
}

// ── Finding things ─────────────────────────────────────────────────────────

export function isQuestionType(type: unknown): type is QuestionType {
  return typeof type === "string" && (ALLOWED_QUESTION_TYPES as readonly string[]).includes(type);
}

export function typeLabel(type: unknown): string {
  return typeof type === "string" && type in ELEMENT_TYPE_LABELS
    ? ELEMENT_TYPE_LABELS[type as QuestionType | ContentType]
    : `不支持的题型 ${String(type)}`;
}

export interface Located {
  node: BuilderNode;
  pageIndex: number;
  /** Index in its container (the page, or the panel it sits in). */
  index: number;
  /** The panel it sits in, or null at page level. */
  parentKey: string | null;
  siblings: BuilderNode[];
}

export function locate(doc: BuilderDoc, key: string): Located | null {
  const search = (list: BuilderNode[], pageIndex: number, parentKey: string | null): Located | null => {
    for (let i = 0; i < list.length; i++) {
      const node = list[i];
      if (node.key === key) return { node, pageIndex, index: i, parentKey, siblings: list };
      if (node.children) {
        const found = search(node.children, pageIndex, node.key);
        if (found) return found;
      }
    }
    return null;
  };
  for (let p = 0; p < doc.pages.length; p++) {
    const found = search(doc.pages[p].elements, p, null);
    if (found) return found;
  }
  return null;
}

export function walkNodes(doc: BuilderDoc, visit: (node: BuilderNode, pageIndex: number, depth: number, template: boolean) => void): void {
  const walk = (list: BuilderNode[], pageIndex: number, depth: number, template: boolean) => {
    for (const node of list) {
      visit(node, pageIndex, depth, template);
      if (node.children) walk(node.children, pageIndex, depth + 1, template || node.props.type === "paneldynamic");
    }
  };
  doc.pages.forEach((page, i) => walk(page.elements, i, 0, false));
}

export interface QuestionRef {
  key: string;
  name: string;
  title: string;
  type: QuestionType;
  pageIndex: number;
  inputType?: string;
  choices: ChoiceRow[];
}

/** Answerable questions of the survey in document order (a dynamic panel's template questions are its own). */
export function listQuestions(doc: BuilderDoc): QuestionRef[] {
  const out: QuestionRef[] = [];
  walkNodes(doc, (node, pageIndex, _depth, template) => {
    const { type, name } = node.props;
    if (template || !isQuestionType(type) || typeof name !== "string") return;
    out.push({
      key: node.key,
      name,
      title: elementTitle(node),
      type,
      pageIndex,
      inputType: typeof node.props.inputType === "string" ? node.props.inputType : undefined,
      choices: choiceRows(node.props),
    });
  });
  return out;
}

export function elementNames(doc: BuilderDoc): Set<string> {
  const names = new Set<string>();
  walkNodes(doc, (node) => {
    if (typeof node.props.name === "string") names.add(node.props.name);
  });
  return names;
}

export function elementTitle(node: BuilderNode): string {
  const title = plainText(localText(node.props.title));
  if (title) return title;
  if (node.props.type === "html") return plainText(localText(node.props.html)).slice(0, 40) || "说明文字";
  return typeof node.props.name === "string" ? node.props.name : typeLabel(node.props.type);
}

export function pageTitle(doc: BuilderDoc, index: number): string {
  const page = doc.pages[index];
  const title = page ? plainText(localText(page.props.title)) : "";
  return title || `第 ${index + 1} 页`;
}

// ── Texts ──────────────────────────────────────────────────────────────────

/** A localisable property as editable text. */
export function textOf(value: JsonValue | undefined): string {
  return localText(value);
}

/** Sets the text of a localisable property, keeping other locales. Empty text removes it. */
export function withText(previous: JsonValue | undefined, text: string): JsonValue | undefined {
  if (isPlainObject(previous)) {
    const key = "zh-cn" in previous ? "zh-cn" : "default" in previous ? "default" : "zh-cn";
    const next: JsonObject = { ...(previous as JsonObject), [key]: text };
    if (text === "") delete next[key];
    return Object.keys(next).length ? next : undefined;
  }
  return text === "" ? undefined : text;
}

// ── Immutable edits ────────────────────────────────────────────────────────

type ListEdit = (list: BuilderNode[], index: number) => BuilderNode[];

function editIn(list: BuilderNode[], key: string, edit: ListEdit): BuilderNode[] | null {
  const i = list.findIndex((n) => n.key === key);
  if (i >= 0) return edit(list, i);
  for (let j = 0; j < list.length; j++) {
    const node = list[j];
    if (!node.children) continue;
    const children = editIn(node.children, key, edit);
    if (children) {
      const copy = list.slice();
      copy[j] = { ...node, children };
      return copy;
    }
  }
  return null;
}

/** Replaces the container list that holds `key`; the doc unchanged when the key is unknown. */
function editContainer(doc: BuilderDoc, key: string, edit: ListEdit): BuilderDoc {
  for (let p = 0; p < doc.pages.length; p++) {
    const elements = editIn(doc.pages[p].elements, key, edit);
    if (elements) {
      const pages = doc.pages.slice();
      pages[p] = { ...doc.pages[p], elements };
      return { ...doc, pages };
    }
  }
  return doc;
}

function applyChanges(props: JsonObject, changes: Readonly<Record<string, JsonValue | undefined>>): JsonObject {
  const next: JsonObject = { ...props };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return next;
}

/** Sets (or, with undefined, removes) properties of an element or a page. */
export function updateProps(doc: BuilderDoc, key: string, changes: Readonly<Record<string, JsonValue | undefined>>): BuilderDoc {
  const pageIndex = doc.pages.findIndex((p) => p.key === key);
  if (pageIndex >= 0) {
    const pages = doc.pages.slice();
    pages[pageIndex] = { ...pages[pageIndex], props: applyChanges(pages[pageIndex].props, changes) };
    return { ...doc, pages };
  }
  return editContainer(doc, key, (list, i) => {
    const copy = list.slice();
    copy[i] = { ...list[i], props: applyChanges(list[i].props, changes) };
    return copy;
  });
}

export function removeElement(doc: BuilderDoc, key: string): BuilderDoc {
  return editContainer(doc, key, (list, i) => [...list.slice(0, i), ...list.slice(i + 1)]);
}

export interface MoveResult {
  doc: BuilderDoc;
  pageIndex: number;
  /** 1-based position in its container after the move. */
  position: number;
  /** Moved onto another page. */
  changedPage: boolean;
}

/**
 * Moves an element one place up (-1) or down (+1) in its container. At the top or bottom of a
 * page, a page-level element moves onto the previous or next page; inside a panel it stays put.
 * Null when it cannot move.
 */
export function moveElement(doc: BuilderDoc, key: string, delta: -1 | 1): MoveResult | null {
  const at = locate(doc, key);
  if (!at) return null;
  const target = at.index + delta;
  if (target >= 0 && target < at.siblings.length) {
    const next = editContainer(doc, key, (list, i) => {
      const copy = list.slice();
      [copy[i], copy[target]] = [copy[target], copy[i]];
      return copy;
    });
    return { doc: next, pageIndex: at.pageIndex, position: target + 1, changedPage: false };
  }
  if (at.parentKey !== null) return null;
  const pageIndex = at.pageIndex + delta;
  if (pageIndex < 0 || pageIndex >= doc.pages.length) return null;
  const pages = doc.pages.slice();
  pages[at.pageIndex] = { ...pages[at.pageIndex], elements: at.siblings.filter((n) => n.key !== key) };
  const destination = pages[pageIndex].elements;
  pages[pageIndex] = {
    ...pages[pageIndex],
    elements: delta < 0 ? [...destination, at.node] : [at.node, ...destination],
  };
  return { doc: { ...doc, pages }, pageIndex, position: delta < 0 ? destination.length + 1 : 1, changedPage: true };
}

// ── Names ──────────────────────────────────────────────────────────────────

/** `<type>_<n>` with the smallest n not used by any element. */
export function generateQuestionName(doc: BuilderDoc, type: QuestionType): string {
  const names = elementNames(doc);
  for (let n = 1; ; n++) {
    const name = `${type}_${n}`;
    if (!names.has(name)) return name;
  }
}

/** Why a name cannot be used for the element `key`, or null when it can. */
export function questionNameProblem(doc: BuilderDoc, key: string, name: string): string | null {
  if (!isStableQuestionName(name)) {
    return "名称只能用小写英文字母、数字和下划线，以字母开头，2–64 个字符，不能有连续的下划线";
  }
  let taken = false;
  walkNodes(doc, (node) => {
    if (node.key !== key && node.props.name === name) taken = true;
  });
  return taken ? `名称“${name}”已被其他问题使用` : null;
}

const CONDITION_KEY = /If$|^expression$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function referencePattern(name: string): RegExp {
  return new RegExp(`\\{\\s*${escapeRegExp(name)}\\s*(?=[}.\\[-])`, "g");
}

function mapConditions(value: JsonValue, key: string, fn: (expression: string) => string): JsonValue {
  if (typeof value === "string") return CONDITION_KEY.test(key) ? fn(value) : value;
  if (Array.isArray(value)) return value.map((v) => mapConditions(v, key, fn));
  if (value !== null && typeof value === "object") {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = mapConditions(v, k, fn);
    return out;
  }
  return value;
}

function mapAllConditions(doc: BuilderDoc, fn: (expression: string) => string): BuilderDoc {
  const mapNode = (node: BuilderNode): BuilderNode => ({
    ...node,
    props: mapConditions(node.props, "", fn) as JsonObject,
    children: node.children ? node.children.map(mapNode) : null,
  });
  return {
    ...doc,
    root: mapConditions(doc.root, "", fn) as JsonObject,
    pages: doc.pages.map((p) => ({ ...p, props: mapConditions(p.props, "", fn) as JsonObject, elements: p.elements.map(mapNode) })),
  };
}

/** Renames a question and every condition that refers to it. Check questionNameProblem first. */
export function renameQuestion(doc: BuilderDoc, key: string, name: string): BuilderDoc {
  const at = locate(doc, key);
  const old = at?.node.props.name;
  if (!at || typeof old !== "string" || old === name) return doc;
  const pattern = referencePattern(old);
  const renamed = updateProps(doc, key, { name });
  return mapAllConditions(renamed, (expression) => expression.replace(pattern, `{${name}`));
}

/** Elements and pages whose conditions mention the question (shown before removing it). */
export function referencesTo(doc: BuilderDoc, name: string): string[] {
  const pattern = referencePattern(name);
  const mentions = (value: JsonValue): boolean => {
    let found = false;
    mapConditions(value, "", (expression) => {
      pattern.lastIndex = 0;
      if (pattern.test(expression)) found = true;
      return expression;
    });
    return found;
  };
  const out: string[] = [];
  doc.pages.forEach((page, i) => {
    if (mentions(page.props)) out.push(pageTitle(doc, i));
  });
  walkNodes(doc, (node) => {
    if (node.props.name !== name && mentions(node.props)) out.push(elementTitle(node));
  });
  return out;
}

// ── Adding ─────────────────────────────────────────────────────────────────

export type AddTarget = { pageKey: string } | { afterKey: string } | { intoKey: string };

export interface AddResult {
  doc: BuilderDoc;
  key: string;
  name: string;
  pageIndex: number;
}

/** A new question at the end of a page, or right after another element (in the same container). */
export function addQuestion(doc: BuilderDoc, type: QuestionType, target: AddTarget): AddResult | null {
  const name = generateQuestionName(doc, type);
  const node: BuilderNode = { key: `n${doc.nextKey}`, props: defaultQuestion(type, name), children: null };
  const counted = { ...doc, nextKey: doc.nextKey + 1 };
  if ("intoKey" in target) {
    const at = locate(doc, target.intoKey);
    if (!at?.node.children) return null;
    const next = editContainer(counted, target.intoKey, (list, i) => {
      const copy = list.slice();
      copy[i] = { ...list[i], children: [...(list[i].children ?? []), node] };
      return copy;
    });
    return { doc: next, key: node.key, name, pageIndex: at.pageIndex };
  }
  if ("afterKey" in target) {
    const at = locate(doc, target.afterKey);
    if (!at) return null;
    const next = editContainer(counted, target.afterKey, (list, i) => [...list.slice(0, i + 1), node, ...list.slice(i + 1)]);
    return { doc: next, key: node.key, name, pageIndex: at.pageIndex };
  }
  const pageIndex = doc.pages.findIndex((p) => p.key === target.pageKey);
  if (pageIndex < 0) return null;
  const pages = counted.pages.slice();
  pages[pageIndex] = { ...pages[pageIndex], elements: [...pages[pageIndex].elements, node] };
  return { doc: { ...counted, pages }, key: node.key, name, pageIndex };
}

function uniquePageName(doc: BuilderDoc): string {
  const names = new Set(doc.pages.map((p) => p.props.name));
  for (let n = doc.pages.length + 1; ; n++) if (!names.has(`page_${n}`)) return `page_${n}`;
}

/** A new empty page after `afterKey` (or at the end). */
export function addPage(doc: BuilderDoc, title: string, afterKey?: string): { doc: BuilderDoc; key: string; index: number } {
  const page: BuilderPage = { key: `p${doc.nextKey}`, props: { name: uniquePageName(doc), title }, elements: [] };
  const after = afterKey ? doc.pages.findIndex((p) => p.key === afterKey) : -1;
  const index = after >= 0 ? after + 1 : doc.pages.length;
  const pages = [...doc.pages.slice(0, index), page, ...doc.pages.slice(index)];
  return { doc: { ...doc, pages, nextKey: doc.nextKey + 1 }, key: page.key, index };
}

/** Removes a page and its questions; the last page stays (a survey needs one). */
export function removePage(doc: BuilderDoc, key: string): BuilderDoc {
  if (doc.pages.length <= 1) return doc;
  return { ...doc, pages: doc.pages.filter((p) => p.key !== key) };
}

export function movePage(doc: BuilderDoc, key: string, delta: -1 | 1): { doc: BuilderDoc; index: number } | null {
  const i = doc.pages.findIndex((p) => p.key === key);
  const target = i + delta;
  if (i < 0 || target < 0 || target >= doc.pages.length) return null;
  const pages = doc.pages.slice();
  [pages[i], pages[target]] = [pages[target], pages[i]];
  return { doc: { ...doc, pages }, index: target };
}

export function setChoices(doc: BuilderDoc, key: string, rows: readonly ChoiceRow[]): BuilderDoc {
  return updateProps(doc, key, { choices: choicesJson(rows) });
}
