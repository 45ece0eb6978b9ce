// The trends page (趋势, issue 18.4): for a community, a street or a district, the questions
// asked in at least two rounds and, for the chosen one, its figures per round. Kept totals
// summed in one grouped query; a question's title and options come from the newest round's
// survey that has it. Verified answers by default, as on the cross-tab.
import type { Kysely } from "kysely";
import { listTrendSurveys, readSurveyDefinitions, sumTalliesByRound, type TrendScope, type TrendSurvey } from "../../db/repositories/trends";
import type { Database } from "../../db/schema";
import { readQuestionSpecs, type SurveyJson } from "../../workflows/surveys/definition";
import {
  followableQuestions,
  roundsOf,
  trendPoints,
  trendQuestionsOf,
  type TrendPoint,
  type TrendQuestion,
  type TrendRound,
  type TrendTotal,
} from "../../workflows/surveys/trends";

export interface TrendChoice {
  question: string | null;
  includeUnverified: boolean;
}

export interface TrendPage {
  chosen: TrendChoice;
  rounds: TrendRound[];
  questions: { name: string; title: string }[];
  result: null | { question: TrendQuestion; points: TrendPoint[] };
  isDemoData: boolean;
}

// Reading a definition builds a survey-core model (tens of ms, more under load): a page reads
// the newest survey of each round only, and keeps what it read. Published and closed surveys'
// definitions are frozen; the key names the version.
const CACHE_SIZE = 200;
const questionCache = new Map<string, TrendQuestion[]>();

function roundKey(year: number, round: number): string {
  return round > 0 ? `${year}-${round}` : String(year);
}

function roundLabel(scope: TrendScope, year: number, round: number): string {
  return scope.level === "community" ? `${year} 年第 ${round} 轮` : `${year} 年`;
}

/** The trend questions of the newest survey of each round, newest round first: a question keeps its newest title. */
async function latestQuestions(db: Kysely<Database>, scope: TrendScope): Promise<TrendQuestion[]> {
  const newest = new Map<string, TrendSurvey>();
  for (const s of await listTrendSurveys(db, scope)) {
    const key = roundKey(s.year, scope.level === "community" ? s.round : 0);
    if (!newest.has(key)) newest.set(key, s);
  }
  const surveys = [...newest.values()];
  const keyOf = (s: TrendSurvey) => `${s.id}:${s.definitionVersion}`;
  const definitions = await readSurveyDefinitions(db, surveys.filter((s) => !questionCache.has(keyOf(s))).map((s) => s.id));
  const found = new Map<string, TrendQuestion>();
  for (const s of surveys) {
    let questions = questionCache.get(keyOf(s));
    if (!questions) {
      questions = trendQuestionsOf(readQuestionSpecs(JSON.parse(definitions.get(s.id) ?? "{}") as SurveyJson));
      if (questionCache.size >= CACHE_SIZE) questionCache.delete(questionCache.keys().next().value!);
      questionCache.set(keyOf(s), questions);
    }
    for (const q of questions) if (!found.has(q.name)) found.set(q.name, q);
  }
  return [...found.values()];
}

export async function loadTrendPage(db: Kysely<Database>, scope: TrendScope, chosen: TrendChoice): Promise<TrendPage> {
  const rows = await sumTalliesByRound(db, scope, { verifiedOnly: !chosen.includeUnverified });
  const roundInfo = new Map<string, { key: string; label: string; communities: number }>();
  const totals: TrendTotal[] = [];
  for (const r of rows) {
    const key = roundKey(r.year, r.round);
    if (!roundInfo.has(key)) roundInfo.set(key, { key, label: roundLabel(scope, r.year, r.round), communities: 0 });
    const info = roundInfo.get(key)!;
    info.communities = Math.max(info.communities, r.communities);
    totals.push({ round: key, question: r.question, option: r.option, count: r.count, sum: r.sum });
  }
  const ordered = [...roundInfo.values()].sort((a, b) => a.key.localeCompare(b.key, "en", { numeric: true }));
  const rounds = roundsOf(ordered, totals);
  const inRounds = new Set(rounds.map((r) => r.key));
  const kept = totals.filter((t) => inRounds.has(t.round));
  const questions = rounds.length >= 2 ? followableQuestions(await latestQuestions(db, scope), kept) : [];
  const question = questions.find((q) => q.name === chosen.question) ?? null;
  return {
    chosen,
    rounds,
    questions: questions.map((q) => ({ name: q.name, title: q.title })),
    result: question ? { question, points: trendPoints(question, rounds, kept) } : null,
    isDemoData: rows.some((r) => r.isDemoData),
  };
}
