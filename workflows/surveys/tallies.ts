// Running totals per community × question × option × segment, updated in the submission's
// transaction, so results and the evaluation never scan raw answers.
//
// Demand index (需求指数) of a domain, per household h, in [0, 1]:
//   demand(h) = needWeight × urgencyWeight, 0 when the household needs nothing more or the
//               domain's questions were hidden from it (e.g. 儿童游憩 for a household without children)
//   needWeight    = position of the answer on the need scale: (value − lowest) ÷ (highest − lowest);
//                   the template's 0 不需要 … 3 非常需要 gives 0, ⅓, ⅔, 1
//   urgencyWeight = URGENCY_WEIGHTS[answer] [默认值]: later 0.5, soon 0.75, urgent 1;
//                   URGENCY_WEIGHT_UNKNOWN when not answered
//   demandIndex   = Σ demand(h) ÷ households that answered the survey (all of them, not only
//                   those who saw the domain's questions)
// With several need (or urgency) questions in one domain the largest weight counts.
// Satisfaction (1–5) of a domain: the mean of its satisfaction ratings, one per rating question
// or matrix row a household answered. A satisfaction matrix counts for its own domain, or, with
// none set, each row for the domain of the facility function it is named after (feedback survey).
import { DOMAINS, type Domain, FUNCTION_CATALOGUE } from "../glossary";
import type { AnswerValue, CleanAnswers } from "./answers";
import { COMMENT_SUFFIX, readQuestionSpecs, STRUCTURED_KINDS, type AnswerKind, type QuestionSpec, type QuestionType, type SurveyJson } from "./definition";
import type { Measure } from "./properties";
import { resultParts, valueRows } from "./tallies-structured";

import { SEGMENTS, type Segment } from "../glossary";

export { SEGMENTS, type Segment };
/** The plan's 一老一小 groups, shown next to all households. */
export type PrioritySegment = Exclude<Segment, "all">;
export const PRIORITY_SEGMENTS: readonly PrioritySegment[] = ["elderly", "young_children"];

export const SEGMENT_LABELS: Record<Segment, string> = {
  all: "全部家庭",
  elderly: "有60岁及以上老人的家庭",
  young_children: "有6岁以下儿童的家庭",
};

/**
 * [默认值] A household belongs to a segment when any of these answers is above 0. 一小 is
 * read as infants and pre-school children (0–6), the ages 托育 and 儿童之家 serve.
 */
export const SEGMENT_RULES: Record<PrioritySegment, readonly string[]> = {
  elderly: ["hh_members_60_plus", "hh_members_80_plus"],
  young_children: ["hh_children_0_3", "hh_children_3_6"],
};

/** [默认值] Weight of each urgency answer in the demand index. */
export const URGENCY_WEIGHTS: Readonly<Record<string, number>> = { later: 0.5, soon: 0.75, urgent: 1 };
/** [默认值] Urgency weight when the household did not say how urgent. */
export const URGENCY_WEIGHT_UNKNOWN = 0.75;

export const RESPONDENTS_KEY = "__respondents";
export function demandKey(domain: Domain): string {
  return `${domain}__demand`;
}
export function satisfactionKey(domain: Domain): string {
  return `${domain}__satisfaction`;
}

/**
 * One row to add to the stored totals (upsert count += count, sum += sum). Stored totals have
 * the same shape. Question rows exist for segment "all"; derived rows (`__respondents`,
 * `<domain>__demand`, `<domain>__satisfaction`) for every segment of the household.
 */
export interface TallyDelta {
  question: string;
  /** Chosen value as text; "" for "answered" counts, numbers and texts. */
  option: string;
  segment: Segment;
  count: number;
  sum: number;
}
/** A stored total as the database returns it. */
export interface TallyRow {
  question: string;
  option: string;
  segment: Segment;
  count: number;
  sum: number;
}

interface NeedScale {
  name: string;
  weight: (value: AnswerValue) => number;
}

/** A satisfaction rating in the answers: a question, or one row of a matrix. */
interface Rated {
  name: string;
  row?: string;
}

interface TallyPlan {
  questions: readonly QuestionSpec[];
  need: Map<Domain, NeedScale[]>;
  urgency: Map<Domain, string[]>;
  satisfaction: Map<Domain, Rated[]>;
}

function functionDomain(row: string): Domain | undefined {
  return Object.prototype.hasOwnProperty.call(FUNCTION_CATALOGUE, row) ? FUNCTION_CATALOGUE[row as keyof typeof FUNCTION_CATALOGUE].domain : undefined;
}

function needScale(q: QuestionSpec): NeedScale {
  const regular = q.choices.filter((c) => !c.special);
  const numeric = regular.length > 1 && regular.every((c) => typeof c.value === "number");
  if (numeric) {
    const values = regular.map((c) => c.value as number);
    const lo = Math.min(...values);
    const hi = Math.max(...values);
    return { name: q.name, weight: (v) => (typeof v === "number" && hi > lo ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0) };
  }
  const order = regular.map((c) => c.value);
  return {
    name: q.name,
    weight: (v) => {
      const i = order.indexOf(v as never);
      return i > 0 && order.length > 1 ? i / (order.length - 1) : 0;
    },
  };
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const plans = new WeakMap<readonly QuestionSpec[], TallyPlan>();

function planOf(questions: readonly QuestionSpec[]): TallyPlan {
  let plan = plans.get(questions);
  if (plan) return plan;
  plan = { questions, need: new Map(), urgency: new Map(), satisfaction: new Map() };
  for (const q of questions) {
    if (q.kind === "matrix" && q.measure === "satisfaction") {
      for (const row of q.rows ?? []) {
        const domain = q.domain ?? functionDomain(row.value);
        if (domain) push(plan.satisfaction, domain, { name: q.name, row: row.value });
      }
      continue;
    }
    if (!q.domain) continue;
    if (q.measure === "need" && (q.kind === "single" || q.kind === "rating")) push(plan.need, q.domain, needScale(q));
    if (q.measure === "urgency" && q.kind === "single") push(plan.urgency, q.domain, q.name);
    if (q.measure === "satisfaction" && (q.kind === "rating" || q.kind === "single" || q.kind === "number")) {
      push(plan.satisfaction, q.domain, { name: q.name });
    }
  }
  plans.set(questions, plan);
  return plan;
}

function positiveNumber(value: AnswerValue | undefined): boolean {
  return typeof value === "number" && value > 0;
}

export function segmentsOf(data: CleanAnswers): Segment[] {
  const segments: Segment[] = ["all"];
  for (const segment of PRIORITY_SEGMENTS) {
    if (SEGMENT_RULES[segment].some((name) => positiveNumber(data[name]))) segments.push(segment);
  }
  return segments;
}

function demandOf(plan: TallyPlan, domain: Domain, data: CleanAnswers): number {
  let need = 0;
  for (const scale of plan.need.get(domain) ?? []) {
    const value = data[scale.name];
    if (value !== undefined) need = Math.max(need, scale.weight(value));
  }
  if (need === 0) return 0;
  let urgency = -1;
  for (const name of plan.urgency.get(domain) ?? []) {
    const value = data[name];
    if (value !== undefined) urgency = Math.max(urgency, URGENCY_WEIGHTS[String(value)] ?? URGENCY_WEIGHT_UNKNOWN);
  }
  return need * (urgency < 0 ? URGENCY_WEIGHT_UNKNOWN : urgency);
}

/** The household's demand score per domain the survey asks about (see the formula above). */
export function householdDemand(questions: readonly QuestionSpec[], data: CleanAnswers): Partial<Record<Domain, number>> {
  const plan = planOf(questions);
  const out: Partial<Record<Domain, number>> = {};
  for (const domain of plan.need.keys()) out[domain] = demandOf(plan, domain, data);
  return out;
}

/**
 * The rows one validated answer set adds to the totals. Pass the validator's `questions`
 * (the same array each time: the plan is cached per array).
 */
export function tallyDeltas(questions: readonly QuestionSpec[], data: CleanAnswers): TallyDelta[] {
  const plan = planOf(questions);
  const rows: TallyDelta[] = [];
  for (const q of questions) {
    const value = data[q.name];
    if (value === undefined) continue;
    valueRows(q.name, q, value, (row) => rows.push({ question: row.question, option: row.option, segment: "all", count: row.count, sum: row.sum }));
  }
  const segments = segmentsOf(data);
  for (const segment of segments) rows.push({ question: RESPONDENTS_KEY, option: "", segment, count: 1, sum: 0 });
  for (const domain of plan.need.keys()) {
    const score = demandOf(plan, domain, data);
    for (const segment of segments) rows.push({ question: demandKey(domain), option: "", segment, count: 1, sum: score });
  }
  for (const [domain, names] of plan.satisfaction) {
    let count = 0;
    let sum = 0;
    for (const { name, row } of names) {
      const answer = data[name];
      const value = row === undefined ? answer : typeof answer === "object" && answer !== null && !Array.isArray(answer) ? answer[row] : undefined;
      if (typeof value === "number") {
        count++;
        sum += value;
      }
    }
    if (count) for (const segment of segments) rows.push({ question: satisfactionKey(domain), option: "", segment, count, sum });
  }
  return rows;
}

function rowKey(question: string, option: string, segment: string): string {
  return `${question}\u0000${option}\u0000${segment}`;
}

/** Adds up rows with the same question, option and segment (e.g. several communities). */
export function sumTallies(rows: Iterable<TallyRow>): TallyRow[] {
  const totals = new Map<string, TallyRow>();
  for (const row of rows) {
    const key = rowKey(row.question, row.option, row.segment);
    const total = totals.get(key);
    if (total) {
      total.count += row.count;
      total.sum += row.sum;
    } else totals.set(key, { ...row });
  }
  return [...totals.values()];
}

class Totals {
  private readonly map = new Map<string, { count: number; sum: number }>();
  constructor(rows: Iterable<TallyRow>) {
    for (const row of rows) {
      const key = rowKey(row.question, row.option, row.segment);
      const total = this.map.get(key);
      if (total) {
        total.count += row.count;
        total.sum += row.sum;
      } else this.map.set(key, { count: row.count, sum: row.sum });
    }
  }
  get(question: string, option: string, segment: string): { count: number; sum: number } {
    return this.map.get(rowKey(question, option, segment)) ?? { count: 0, sum: 0 };
  }
  options(question: string, segment: string): Map<string, { count: number; sum: number }> {
    const out = new Map<string, { count: number; sum: number }>();
    const prefix = `${question}\u0000`;
    const suffix = `\u0000${segment}`;
    for (const [key, total] of this.map) {
      if (key.startsWith(prefix) && key.endsWith(suffix)) {
        const option = key.slice(prefix.length, key.length - suffix.length);
        if (option !== "") out.set(option, total);
      }
    }
    return out;
  }
}

export interface SegmentDemand {
  /** Mean household demand in [0, 1]; null when the survey did not ask about the domain. */
  demandIndex: number | null;
  /** Mean satisfaction (1–5) of households that rated the domain; null when nobody did. */
  satisfaction: number | null;
  /** Households counted in demandIndex. */
  respondents: number;
}
export interface DomainDemand extends SegmentDemand {
  bySegment: Record<PrioritySegment, SegmentDemand>;
}
/** What the evaluation reads: `survey.domains[d].demandIndex / .satisfaction`, `survey.respondents`. */
export interface SurveyDemand {
  respondents: number;
  segmentRespondents: Record<PrioritySegment, number>;
  domains: Record<Domain, DomainDemand>;
}

export function demandFromTallies(rows: Iterable<TallyRow>): SurveyDemand {
  const totals = new Totals(rows);
  const segment = (domain: Domain, s: Segment): SegmentDemand => {
    const demand = totals.get(demandKey(domain), "", s);
    const satisfaction = totals.get(satisfactionKey(domain), "", s);
    return {
      demandIndex: demand.count > 0 ? demand.sum / demand.count : null,
      satisfaction: satisfaction.count > 0 ? satisfaction.sum / satisfaction.count : null,
      respondents: demand.count,
    };
  };
  const domains = {} as Record<Domain, DomainDemand>;
  for (const domain of DOMAINS) {
    domains[domain] = {
      ...segment(domain, "all"),
      bySegment: { elderly: segment(domain, "elderly"), young_children: segment(domain, "young_children") },
    };
  }
  return {
    respondents: totals.get(RESPONDENTS_KEY, "", "all").count,
    segmentRespondents: {
      elderly: totals.get(RESPONDENTS_KEY, "", "elderly").count,
      young_children: totals.get(RESPONDENTS_KEY, "", "young_children").count,
    },
    domains,
  };
}

export interface OptionResult {
  value: string;
  label: string;
  count: number;
  /** Share of the households that answered the question, 0–100, one decimal. */
  percent: number;
}
export interface QuestionResult {
  name: string;
  title: string;
  type: QuestionType;
  kind: AnswerKind;
  section: string;
  domain?: Domain;
  measure?: Measure;
  /** Households that answered the question. */
  answered: number;
  /** Every defined option (zero counts included), then any value no longer in the survey. */
  options: OptionResult[];
  /**
   * Mean of ratings, numbers and numeric single choices; a ranking item's mean position; rows or
   * panels per household of a dynamic table or panel; null otherwise or when unanswered.
   */
  mean: number | null;
  /** Structured questions: a matrix's rows, a ranking's items, a table's columns (split by row), items, panel questions. */
  parts?: QuestionResult[];
}

function percent(count: number, of: number): number {
  return of > 0 ? Math.round((count / of) * 1000) / 10 : 0;
}

function resultOf(key: string, q: QuestionSpec, totals: Totals, segment: Segment): QuestionResult {
  const base = {
    name: key,
    title: q.title,
    type: q.type,
    kind: q.kind,
    section: q.section,
    ...(q.domain ? { domain: q.domain } : {}),
    ...(q.measure ? { measure: q.measure } : {}),
  };
  if (STRUCTURED_KINDS.has(q.kind) || q.kind === "ranking") {
    const total = totals.get(key, "", segment);
    const parts = resultParts(key, q).map((part) => {
      if (!part.byRow) return resultOf(part.key, part.spec, totals, segment);
      const rows = part.byRow.map((r) => resultOf(r.key, r.spec, totals, segment));
      return { ...resultOf(part.key, part.spec, totals, segment), answered: rows.reduce((n, r) => n + r.answered, 0), parts: rows };
    });
    const perHousehold = (q.kind === "matrixdynamic" || q.kind === "paneldynamic") && total.count ? total.sum / total.count : null;
    return { ...base, answered: total.count, options: [], mean: perHousehold, parts };
  }
  if (q.kind === "number" || q.kind === "text" || q.kind === "comment" || q.kind === "expression") {
    const total = totals.get(key, "", segment);
    return { ...base, answered: total.count, options: [], mean: q.kind === "number" && total.count ? total.sum / total.count : null };
  }
  const byOption = totals.options(key, segment);
  const numericOptions = new Set(q.choices.filter((c) => typeof c.value === "number").map((c) => String(c.value)));
  let answered = 0;
  let numericCount = 0;
  let sum = 0;
  for (const [option, total] of byOption) {
    answered += total.count;
    if (numericOptions.has(option)) {
      numericCount += total.count;
      sum += total.sum;
    }
  }
  if (q.kind === "multiple") answered = totals.get(key, "", segment).count;
  const known = new Set(q.choices.map((c) => String(c.value)));
  const options: OptionResult[] = q.choices.map((c) => {
    const count = byOption.get(String(c.value))?.count ?? 0;
    return { value: String(c.value), label: c.label, count, percent: percent(count, answered) };
  });
  for (const [value, total] of byOption) {
    if (!known.has(value)) options.push({ value, label: value, count: total.count, percent: percent(total.count, answered) });
  }
  const regular = q.choices.filter((c) => !c.special);
  const numeric = q.kind !== "multiple" && regular.length > 0 && regular.every((c) => typeof c.value === "number");
  return { ...base, answered, options, mean: numeric && numericCount ? sum / numericCount : null };
}

/** Display data per question for the results page and charts. */
export function questionResults(
  source: SurveyJson | readonly QuestionSpec[],
  rows: Iterable<TallyRow>,
  segment: Segment = "all",
): QuestionResult[] {
  const questions: readonly QuestionSpec[] = Array.isArray(source) ? source : readQuestionSpecs(source as SurveyJson);
  const totals = new Totals(rows);
  return questions.filter((q) => q.kind !== "expression").map((q) => resultOf(q.name, q, totals, segment));
}

export interface TextAnswer {
  question: string;
  /** "other" text or comment area of a choice question, or a text/comment answer. */
  text: string;
}

// The questions that can carry free text, per question list (the same array on every submission).
const textPlans = new WeakMap<readonly QuestionSpec[], { name: string; isText: boolean; commentKey: string | null }[]>();

/** Free-text answers of one answer set, to store for the comments list at submission time. */
export function textAnswers(questions: readonly QuestionSpec[], data: CleanAnswers): TextAnswer[] {
  let plan = textPlans.get(questions);
  if (!plan) {
    plan = questions
      .map((q) => ({ name: q.name, isText: q.kind === "text" || q.kind === "comment", commentKey: q.hasComment ? q.name + COMMENT_SUFFIX : null }))
      .filter((q) => q.isText || q.commentKey !== null);
    textPlans.set(questions, plan);
  }
  const out: TextAnswer[] = [];
  for (const q of plan) {
    const value = data[q.name];
    if (q.isText && typeof value === "string") out.push({ question: q.name, text: value });
    const extra = q.commentKey === null ? undefined : data[q.commentKey];
    if (typeof extra === "string") out.push({ question: q.name, text: extra });
  }
  return out;
}
