// Re-analysing every comment after a lexicon change (issue 18, ADR 0011): survey by survey, in
// one transaction each (answers keep arriving; a survey's totals are swapped at once), reading
// its comments a page at a time so memory stays bounded by a page and one survey's terms.
import type { Kysely } from "kysely";
import { addCommentTotals, clearCommentTotals, indexCommentTerms, listSurveysWithComments, readCommentPage } from "../../db/repositories/comment-keywords";
import type { Database } from "../../db/schema";
import type { Vocabulary } from "../../workflows/comments/dictionary";
import { emptyTotals, tallyComment, termsOfComment } from "../../workflows/comments/keywords";
import { segmenterFor } from "./segmenter.server";

const PAGE = 2_000;

export interface ReanalysisProgress {
  surveysDone: number;
  surveys: number;
  comments: number;
}

export async function reanalyseComments(
  db: Kysely<Database>,
  vocabulary: Vocabulary,
  onProgress: (progress: ReanalysisProgress) => void = () => {},
): Promise<ReanalysisProgress> {
  const segment = segmenterFor(vocabulary);
  const surveys = await listSurveysWithComments(db);
  const progress: ReanalysisProgress = { surveysDone: 0, surveys: surveys.length, comments: 0 };
  for (const surveyId of surveys) {
    await db.transaction().execute(async (trx) => {
      // Answers stored meanwhile wait for this transaction (SQLite: one writer; PostgreSQL:
      // their upserts wait for the rows deleted here), so none is counted twice or lost.
      await clearCommentTotals(trx, surveyId);
      const totals = emptyTotals();
      let after = "";
      for (;;) {
        const page = await readCommentPage(trx, surveyId, after, PAGE);
        if (page.length === 0) break;
        const rows: { surveyId: string; term: string; textAnswerId: string }[] = [];
        for (const comment of page) {
          const terms = termsOfComment(comment.text, segment, vocabulary);
          tallyComment(totals, terms);
          for (const term of terms) rows.push({ surveyId, term, textAnswerId: comment.id });
        }
        await indexCommentTerms(trx, rows);
        progress.comments += page.length;
        after = page[page.length - 1].id;
        onProgress({ ...progress });
      }
      await addCommentTotals(trx, surveyId, totals, vocabulary.fingerprint);
    });
    progress.surveysDone++;
    onProgress({ ...progress });
  }
  return progress;
}
