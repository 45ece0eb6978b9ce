// Trends (issue 18.4): the same question across rounds, from kept totals summed per round. A
// question is followed by its stable name; one renamed between rounds is two questions. A round
// is a community's cycle, or for a street or district the year of its communities' cycles. Pure:
// the summed tally rows and the latest definition of each question are passed in.
import type { QuestionSpec } from "./definition";
import { crossTabQuestions } from "./crosstab-answers";
import { RESPONDENTS_KEY } from "./tallies";

/** One round of a scope: its respondents and how many communities' surveys it adds up. */
export interface TrendRound {
  key: string;
  label: string;
  respondents: number;
  communities: number;
}

/** Kept totals summed over one round's surveys (segment 全部家庭). */
export interface TrendTotal {
  round: string;
  question: string;
  option: string;
  count: number;
  sum: number;
}

/** A question a trend can follow: a choice, rating or yes/no question, or a row of a single-answer matrix. */
export interface TrendQuestion {
  name: string;
  title: string;
  kind: "single" | "multiple" | "rating" | "boolean";
  choices: { value: string; label: string }[];
}

export interface TrendOption {
  value: string;
  label: string;
  count: number;
  /** Share of the households that answered the question in that round, 0–100, one decimal. */
  share: number;
}

/** The question's figures in one round; `answered` 0 when the round did not ask it. */
export interface TrendPoint {
  round: string;
  answered: number;
  options: TrendOption[];
  /** A rating's mean (ratings only; null when unanswered). */
  mean: number | null;
}

/**
 * The questions of the latest definitions a trend can follow, in the definition's order. A
 * count question is left out: the tallies keep its sum, not 有 / 没有.
 */
export function trendQuestionsOf(specs: readonly QuestionSpec[]): TrendQuestion[] {
  return crossTabQuestions(specs)
    .filter((q) => q.kind !== "number")
    .map((q) => ({
      name: q.name,
      title: q.section && !q.matrixRow ? `${q.section} · ${q.title}` : q.title,
      kind: q.kind as TrendQuestion["kind"],
      choices: q.choices.map((c) => ({ value: String(c.value), label: c.label })),
    }));
}

/** Rounds with respondents, in the order given (oldest first). */
export function roundsOf(rounds: readonly Omit<TrendRound, "respondents">[], totals: readonly TrendTotal[]): TrendRound[] {
  const respondents = new Map<string, number>();
  for (const t of totals) if (t.question === RESPONDENTS_KEY && t.option === "") respondents.set(t.round, (respondents.get(t.round) ?? 0) + t.count);
  return rounds.filter((r) => (respondents.get(r.key) ?? 0) > 0).map((r) => ({ ...r, respondents: respondents.get(r.key) ?? 0 }));
}

/** How many of the rounds asked each question (someone answered it). */
export function roundsPerQuestion(totals: readonly TrendTotal[]): Map<string, number> {
  const seen = new Map<string, Set<string>>();
  for (const t of totals) {
    if (t.count <= 0) continue;
    const rounds = seen.get(t.question) ?? new Set<string>();
    rounds.add(t.round);
    seen.set(t.question, rounds);
  }
  return new Map([...seen].map(([question, rounds]) => [question, rounds.size]));
}

/** The questions asked in at least two rounds: what a trend can show. */
export function followableQuestions(questions: readonly TrendQuestion[], totals: readonly TrendTotal[]): TrendQuestion[] {
  const rounds = roundsPerQuestion(totals);
  return questions.filter((q) => (rounds.get(q.name) ?? 0) >= 2);
}

function share(count: number, of: number): number {
  return of > 0 ? Math.round((count / of) * 1000) / 10 : 0;
}

/**
 * The question's figures per round, one point for every round (answered 0 where it was not
 * asked). Options are the latest definition's, then any older value no longer offered. A
 * multiple choice's shares are of the households that answered it, so they may add up past 100.
 */
export function trendPoints(question: TrendQuestion, rounds: readonly TrendRound[], totals: readonly TrendTotal[]): TrendPoint[] {
  const byRound = new Map<string, Map<string, { count: number; sum: number }>>();
  for (const t of totals) {
    if (t.question !== question.name) continue;
    const options = byRound.get(t.round) ?? new Map<string, { count: number; sum: number }>();
    const total = options.get(t.option) ?? { count: 0, sum: 0 };
    total.count += t.count;
    total.sum += t.sum;
    options.set(t.option, total);
    byRound.set(t.round, options);
  }
  const known = new Set(question.choices.map((c) => c.value));
  const extra = new Set<string>();
  for (const options of byRound.values()) for (const option of options.keys()) if (option !== "" && !known.has(option)) extra.add(option);
  const choices = [...question.choices, ...[...extra].sort().map((value) => ({ value, label: value }))];
  return rounds.map((round) => {
    const options = byRound.get(round.key) ?? new Map<string, { count: number; sum: number }>();
    let answered = 0;
    let rated = 0;
    let sum = 0;
    for (const [option, total] of options) {
      if (option === "") continue;
      answered += total.count;
      rated += total.count;
      sum += total.sum;
    }
    if (question.kind === "multiple") answered = options.get("")?.count ?? 0;
    return {
      round: round.key,
      answered,
      options: choices.map((c) => {
        const count = options.get(c.value)?.count ?? 0;
        return { value: c.value, label: c.label, count, share: share(count, answered) };
      }),
      mean: question.kind === "rating" && rated > 0 ? Math.round((sum / rated) * 100) / 100 : null,
    };
  });
}
