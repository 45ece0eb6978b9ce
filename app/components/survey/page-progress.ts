// The line above the resident's survey: "第 4 页 / 共 10 页 · 预计还需约 6 分钟" (issue 20). Shared
// by the server-rendered first page and the running survey, so the swap does not change it.
import type { Question, SurveyModel } from "survey-core";
import { minutesLeft, type QuestionToAnswer } from "../../../workflows/surveys/time-left";

export interface PageProgress {
  page: number;
  pages: number;
  minutes: number;
}

function toAnswer(question: Question): QuestionToAnswer {
  const rows = (question as Question & { visibleRows?: unknown[]; items?: unknown[] }).visibleRows ?? (question as Question & { items?: unknown[] }).items;
  return { type: question.getType(), rows: Array.isArray(rows) ? rows.length : undefined };
}

/**
 * The estimate counts the questions now shown on this page and the pages after it that have
 * no answer yet: a follow-up counts once the answer that asks it is given.
 */
export function pageProgress(model: SurveyModel): PageProgress {
  const pages = model.visiblePages;
  const current = Math.max(0, pages.indexOf(model.currentPage));
  const remaining = pages
    .slice(current)
    .flatMap((page) => page.questions)
    .filter((q) => q.isVisible && q.isEmpty())
    .map(toAnswer);
  return { page: current + 1, pages: pages.length, minutes: minutesLeft(remaining) };
}

export function progressText(progress: PageProgress): string {
  const where = `第 ${progress.page} 页 / 共 ${progress.pages} 页`;
  return progress.minutes > 0 ? `${where} · 预计还需约 ${progress.minutes} 分钟` : `${where} · 都答完了，可以提交`;
}
