// The 市级管理员 edits the comment lexicon's lists — terms with their domain, stop words — as
// [默认值] lists (workflows/setting-lists.ts): one word at a time, each change a stored row,
// audited, undone by 恢复默认值. A change that alters how comments are cut (not a domain move)
// records a re-analysis job in the same transaction; the route starts it.
import type { Kysely } from "kysely";
import { writeAudit } from "../../db/repositories/audit";
import { deleteListItemChanges, listItemChanges, upsertListItemChange } from "../../db/repositories/setting-lists";
import type { Database } from "../../db/schema";
import { compileLexicon, LexiconWordSchema } from "../../workflows/comments/dictionary";
import { COMMENT_LEXICON_MODULE, defaultLexiconLists, LEXICON_LIST_LABELS, lexiconWithChanges, type LexiconList, type TermGroup } from "../../workflows/comments/lexicon-lists";
import { changeFor, listInForce, type ListChange } from "../../workflows/setting-lists";
import { requireReanalysis } from "./comment-reanalysis.server";
import { authorize, type Change, type Outcome, refuse, runUseCase } from "./use-case.server";

export type LexiconEdit =
  | { op: "add"; list: LexiconList; word: string; group?: TermGroup | null }
  | { op: "remove" | "reset"; list: LexiconList; word: string }
  | { op: "resetList"; list: LexiconList };

export function changeCommentLexicon(db: Kysely<Database>, change: Change, input: LexiconEdit): Promise<Outcome<{ message: string; jobId: string | null }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "edit:policy", {});
    const changes = await listItemChanges(trx, COMMENT_LEXICON_MODULE);
    const defaults = defaultLexiconLists()[input.list];
    const listName = LEXICON_LIST_LABELS[input.list];
    let word: string | null = null;
    if (input.op !== "resetList") {
      const parsed = LexiconWordSchema.safeParse(input.word);
      if (!parsed.success) refuse(400, "请输入一个词语（不超过 20 个字，不含空格）。", { word: "请输入一个词语（不超过 20 个字，不含空格）。" });
      word = parsed.data;
    }
    const others = changes.filter((c) => c.list !== input.list || (word !== null && c.item !== word));
    const inForce = listInForce(defaults, changes, input.list);
    let row: ListChange | null = null;
    if (input.op === "add" && word !== null) {
      if (input.list === "terms" && !input.group) refuse(400, "请为领域词选择所属领域。", { group: "请选择所属领域。" });
      const value = input.list === "terms" ? (input.group ?? null) : null;
      if (inForce.some((i) => i.item === word && i.value === value)) refuse(400, `“${word}”已在${listName}中。`, { word: `“${word}”已在${listName}中。` });
      row = changeFor(defaults, input.list, word, { value });
    } else if (input.op === "remove" && word !== null) {
      if (!inForce.some((i) => i.item === word)) refuse(400, `“${word}”不在${listName}中。`, { word: `“${word}”不在${listName}中。` });
      row = changeFor(defaults, input.list, word, null);
    } else if (input.op === "reset" && word !== null) {
      if (others.length === changes.length) refuse(409, `“${word}”已是默认值，请刷新页面。`);
    } else if (input.op === "resetList" && others.length === changes.length) {
      refuse(409, `${listName}已是默认值，请刷新页面。`);
    }
    const next = row ? [...others, row] : others;
    const before = lexiconWithChanges(changes);
    const after = lexiconWithChanges(next);
    if (!after.ok) refuse(400, after.message, word ? { word: after.message } : undefined);

    if (input.op === "resetList") await deleteListItemChanges(trx, COMMENT_LEXICON_MODULE, input.list, null);
    else if (word !== null) {
      await deleteListItemChanges(trx, COMMENT_LEXICON_MODULE, input.list, word);
      if (row) await upsertListItemChange(trx, { module: COMMENT_LEXICON_MODULE, ...row, updatedBy: change.actor.id });
    }
    const recut = !before.ok || compileLexicon(before.lexicon).fingerprint !== compileLexicon(after.lexicon).fingerprint;
    const jobId = recut ? await requireReanalysis(trx, change) : null;
    await writeAudit(trx, {
      actor: change.actor,
      action: "comment_lexicon.update",
      entityType: "comment_lexicon",
      entityId: input.list,
      before: { changes: changes.filter((c) => c.list === input.list && (word === null || c.item === word)).map((c) => ({ item: c.item, action: c.action, value: c.value })) },
      after: { op: input.op, word, change: row, reanalysis: jobId },
      ip: change.ip,
    });
    const what =
      input.op === "add" ? `已把“${word}”加入${listName}` : input.op === "remove" ? `已从${listName}删除“${word}”` : input.op === "reset" ? `“${word}”已恢复默认值` : `${listName}已全部恢复默认值`;
    return { message: `${what}${jobId ? "；全部居民意见正在按新词典重新分析，进度见下方。" : "。"}`, jobId };
  });
}
