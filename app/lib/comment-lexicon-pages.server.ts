// Read model of the policy page's 居民意见词典 section: the lexicon's lists beside their
// defaults (what was added, moved to another domain or removed, by whom), and the progress of
// the re-analysis a change started.
import type { Kysely } from "kysely";
import { listItemChanges } from "../../db/repositories/setting-lists";
import type { Database } from "../../db/schema";
import { COMMENT_LEXICON_MODULE, defaultLexiconLists, LEXICON_LIST_LABELS, LEXICON_LISTS, TERM_GROUPS, termGroupLabel, type LexiconList } from "../../workflows/comments/lexicon-lists";
import { listViews, type ListItemStatus } from "../../workflows/setting-lists";
import { isReanalysisStalled, latestReanalysis } from "./comment-reanalysis.server";

export interface LexiconChangeView {
  word: string;
  status: Exclude<ListItemStatus, "default">;
  /** Domain now / by default (terms only). */
  group: string | null;
  defaultGroup: string | null;
  by: string | null;
  at: string;
}

export interface LexiconListView {
  list: LexiconList;
  label: string;
  /** Words in force, grouped (terms by domain; stop words in one group). */
  groups: { label: string; words: string[] }[];
  count: number;
  changes: LexiconChangeView[];
}

export interface ReanalysisView {
  status: "running" | "done" | "failed";
  total: number;
  done: number;
  stalled: boolean;
  error: string | null;
  finishedAt: string | null;
}

export interface CommentLexiconSection {
  lists: LexiconListView[];
  groups: { value: string; label: string }[];
  reanalysis: ReanalysisView | null;
}

export async function loadCommentLexiconSection(db: Kysely<Database>): Promise<CommentLexiconSection> {
  const [changes, job] = await Promise.all([listItemChanges(db, COMMENT_LEXICON_MODULE), latestReanalysis(db)]);
  const defaults = defaultLexiconLists();
  const stored = new Map(changes.map((c) => [`${c.list}\u0000${c.item}`, c]));
  const lists = LEXICON_LISTS.map((list): LexiconListView => {
    const views = listViews(defaults[list], changes, list);
    const inForce = views.filter((v) => v.status !== "removed");
    const groups =
      list === "terms"
        ? TERM_GROUPS.map((g) => ({ label: termGroupLabel(g), words: inForce.filter((v) => v.value === g).map((v) => v.item) })).filter((g) => g.words.length)
        : [{ label: LEXICON_LIST_LABELS[list], words: inForce.map((v) => v.item) }];
    return {
      list,
      label: LEXICON_LIST_LABELS[list],
      groups,
      count: inForce.length,
      changes: views.flatMap((v) => {
        if (v.status === "default") return [];
        const row = stored.get(`${list}\u0000${v.item}`);
        return [
          {
            word: v.item,
            status: v.status,
            group: list === "terms" && v.status !== "removed" ? termGroupLabel(v.value) : null,
            defaultGroup: list === "terms" && v.defaultValue ? termGroupLabel(v.defaultValue) : null,
            by: row?.updatedByName ?? null,
            at: row?.updatedAt ?? "",
          },
        ];
      }),
    };
  });
  return {
    lists,
    groups: TERM_GROUPS.map((g) => ({ value: g, label: termGroupLabel(g) })),
    reanalysis: job
      ? { status: job.status, total: job.total, done: Math.min(job.done, job.total), stalled: isReanalysisStalled(job), error: job.error, finishedAt: job.finishedAt }
      : null,
  };
}
