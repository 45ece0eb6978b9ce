// The policy page's 居民意见关键词词典 section: the lexicon's terms (with their domain) and stop
// words as [默认值] lists — changes beside the defaults, each with 恢复默认值 — and the progress
// of the re-analysis a change starts (polled by the page while it runs).
import { Form } from "@remix-run/react";
import type { CommentLexiconSection, LexiconListView, ReanalysisView } from "../lib/comment-lexicon-pages.server";
import { formatDateTime } from "../lib/format";
import { ActionMessage } from "./action-message";
import { CsrfField } from "./csrf-field";
import { Table } from "./table";
import { Section } from "./section";

const STATUS_LABELS = { added: "已添加", changed: "已改领域", removed: "已删除" } as const;

export interface LexiconFormResult {
  ok: boolean;
  message?: string | null;
  errors?: Record<string, string>;
  lexiconForm?: string;
}

export function ReanalysisProgress({ job, canEdit, busy }: { job: ReanalysisView | null; canEdit: boolean; busy: boolean }) {
  if (!job) return <p className="muted">词典未改动过，所有意见都按默认词典分析。</p>;
  const percent = job.total ? Math.floor((job.done / job.total) * 100) : 100;
  return (
    <div>
      {job.status === "running" ? (
        <progress className="batch-progress" max={Math.max(1, job.total)} value={job.done} aria-label="重新分析进度" />
      ) : null}
      <p role="status" aria-live="polite">
        {job.status === "running"
          ? job.stalled
            ? `重新分析停在 ${job.done.toLocaleString()} / ${job.total.toLocaleString()} 条意见（服务器曾重启），可从中断处继续。`
            : `正在按新词典重新分析居民意见：${job.done.toLocaleString()} / ${job.total.toLocaleString()} 条（${percent}%）。页面上的关键词在完成后全部更新。`
          : job.status === "done"
            ? `已按当前词典重新分析全部 ${job.total.toLocaleString()} 条意见${job.finishedAt ? `（${formatDateTime(job.finishedAt)} 完成）` : ""}。`
            : (job.error ?? "重新分析中断。")}
      </p>
      {canEdit && (job.stalled || job.status === "failed") ? (
        <Form method="post">
          <CsrfField />
          <button type="submit" name="intent" value="reanalysis" className="button button--secondary" disabled={busy}>
            继续重新分析
          </button>
        </Form>
      ) : null}
    </div>
  );
}

function WordForm({ list, op, groups, result, busy }: { list: LexiconListView; op: "add" | "remove"; groups: CommentLexiconSection["groups"]; result?: LexiconFormResult; busy: boolean }) {
  const id = `lexicon-${list.list}-${op}`;
  const error = result?.lexiconForm === id ? (result.errors?.word ?? result.errors?.group) : undefined;
  return (
    <Form method="post" className="inline-form">
      <CsrfField />
      <input type="hidden" name="intent" value="lexicon" />
      <input type="hidden" name="list" value={list.list} />
      <input type="hidden" name="op" value={op} />
      <label htmlFor={`${id}-word`}>{op === "add" ? `添加到${list.label}的词语` : `从${list.label}删除的词语`}</label>
      <input id={`${id}-word`} name="word" maxLength={20} required aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {op === "add" && list.list === "terms" ? (
        <>
          <label htmlFor={`${id}-group`}>所属领域</label>
          <select id={`${id}-group`} name="group" required defaultValue="">
            <option value="" disabled>
              请选择
            </option>
            {groups.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </>
      ) : null}
      <button type="submit" className={op === "add" ? "button" : "button button--secondary"} disabled={busy}>
        {op === "add" ? "添加" : "删除"}
      </button>
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </Form>
  );
}

function LexiconList({ list, groups, canEdit, result, busy }: { list: LexiconListView; groups: CommentLexiconSection["groups"]; canEdit: boolean; result?: LexiconFormResult; busy: boolean }) {
  return (
    <section aria-labelledby={`lexicon-${list.list}-heading`}>
      <h3 id={`lexicon-${list.list}-heading`}>
        {list.label}（{list.count} 个词，{list.changes.length ? `${list.changes.length} 处已调整` : "均为默认值"}）
      </h3>
      {canEdit ? (
        <>
          <WordForm list={list} op="add" groups={groups} result={result} busy={busy} />
          <WordForm list={list} op="remove" groups={groups} result={result} busy={busy} />
        </>
      ) : null}
      {list.changes.length ? (
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="intent" value="lexicon" />
          <input type="hidden" name="list" value={list.list} />
          <Table
            className=""
            caption={`${list.label}的调整（与默认值不同之处）`}
            rows={list.changes}
            rowKey={(c) => c.word}
            columns={[
              { header: "词语", rowHeader: true, cell: (c) => c.word },
              { header: "状态", cell: (c) => <span className="changed-mark">{STATUS_LABELS[c.status]}</span> },
              list.list === "terms" && { header: "领域（默认值 → 当前）", cell: (c) => `${c.defaultGroup ?? "（默认词典中没有）"} → ${c.group ?? "（已删除）"}` },
              { header: "修改人", cell: (c) => `${c.by ?? "—"} ${c.at ? formatDateTime(c.at) : ""}` },
              canEdit && {
                header: "操作",
                cell: (c) => (
                  <button type="submit" name="reset" value={c.word} className="button button--secondary" aria-label={`“${c.word}”恢复默认值`} disabled={busy}>
                    恢复默认值
                  </button>
                ),
              },
            ]}
          />
          {canEdit ? (
            <button type="submit" name="op" value="resetList" className="button button--secondary" disabled={busy}>
              {list.label}全部恢复默认值
            </button>
          ) : null}
        </Form>
      ) : null}
      <details>
        <summary>查看当前{list.label}的全部 {list.count} 个词</summary>
        {list.groups.map((g) => (
          <p key={g.label}>
            <strong>{g.label}：</strong>
            {g.words.join("、")}
          </p>
        ))}
      </details>
    </section>
  );
}

export function CommentLexiconSettings({ section, canEdit, result, busy }: { section: CommentLexiconSection; canEdit: boolean; result?: LexiconFormResult; busy: boolean }) {
  return (
    <Section id="lexicon-heading" title="居民意见关键词词典（默认值）">
      <p>
        领域词典决定哪些词保持完整、归入哪个领域；停用词不会成为关键词。两份列表都是本系统的默认值{canEdit ? "，市级管理员可以逐词调整" : "，由市级管理员调整"}
        。改动停用词或增删领域词后，全部居民意见会在后台按新词典重新分析；只改领域不需要重新分析。
      </p>
      <ActionMessage result={result} />
      <ReanalysisProgress job={section.reanalysis} canEdit={canEdit} busy={busy} />
      {section.lists.map((list) => (
        <LexiconList key={list.list} list={list} groups={section.groups} canEdit={canEdit} result={result} busy={busy} />
      ))}
    </Section>
  );
}
