// The keywords of what residents wrote, and the comments behind the chosen one (issue 18).
// Keywords are links (?keyword=…), so the panel works without JavaScript and by keyboard;
// the comments are text with the keyword in <mark>, never HTML.
import { Form, Link, useLocation, useNavigation } from "@remix-run/react";
import type { KeywordPanel as Panel } from "../lib/comment-keywords.server";
import { formatDateTime, formatNumber } from "../lib/format";
import { CsrfField } from "./csrf-field";
import { Section } from "./section";

function hrefWith(pathname: string, search: string, changes: Record<string, string | null>): string {
  const params = new URLSearchParams(search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  return `${pathname}${query ? `?${query}` : ""}#keywords-heading`;
}

export function KeywordPanel({ panel, canFlag }: { panel: Panel; canFlag: boolean }) {
  const location = useLocation();
  const navigation = useNavigation();
  const { selected } = panel;
  return (
    <Section id="keywords-heading" title="居民意见关键词">
      <p className="muted">
        从 {formatNumber(panel.comments)} 条文字意见中提取（中文分词 + 领域词典，按 TF-IDF 排序；数字为提到该词的意见条数）。点击关键词查看相关意见。
      </p>
      {panel.keywords.length === 0 ? (
        <p className="empty">还没有可分析的文字意见。</p>
      ) : (
        <ul className="keywords" aria-label="关键词">
          {panel.keywords.map((k) => (
            <li key={k.term}>
              <Link
                to={hrefWith(location.pathname, location.search, { keyword: k.term, kpage: null })}
                aria-current={selected?.term === k.term ? "true" : undefined}
                preventScrollReset
              >
                {k.term}
                <span className="keywords__count">（{k.count}）</span>
              </Link>
              {k.domainLabel ? <span className="keywords__domain">{k.domainLabel}</span> : null}
            </li>
          ))}
        </ul>
      )}
      <div aria-live="polite">
        {selected ? (
          <section aria-labelledby="keyword-comments-heading">
            <h3 id="keyword-comments-heading">
              提到“{selected.term}”的意见（{selected.total} 条）
            </h3>
            {selected.related.length ? <p className="muted">包括含有该词的：{selected.related.join("、")}</p> : null}
            <ol className="comments">
              {selected.rows.map((c) => (
                <li key={c.id} className={c.flagged ? "comment--flagged" : undefined}>
                  <span className="muted">
                    {c.flagged ? <strong>已标记 · </strong> : null}
                    {c.questionTitle} · {formatDateTime(c.createdAt)}
                    {c.verified ? "" : " · 公开链接（未核验）"}
                  </span>
                  <blockquote>
                    {c.parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
                  </blockquote>
                  {canFlag ? (
                    <Form method="post" preventScrollReset className="inline-form">
                      <CsrfField />
                      <input type="hidden" name="intent" value="flag" />
                      <input type="hidden" name="commentId" value={c.id} />
                      <input type="hidden" name="flagged" value={c.flagged ? "0" : "1"} />
                      <button type="submit" className="button--small" disabled={navigation.state !== "idle" && navigation.formData?.get("commentId") === c.id}>
                        {c.flagged ? "取消标记" : "标记这条意见"}
                      </button>
                    </Form>
                  ) : null}
                </li>
              ))}
            </ol>
            {selected.pageCount > 1 ? (
              <nav aria-label="关键词意见分页" className="pagination">
                {selected.page > 1 ? <Link to={hrefWith(location.pathname, location.search, { kpage: String(selected.page - 1) })}>上一页</Link> : null}
                <span>
                  第 {selected.page} / {selected.pageCount} 页
                </span>
                {selected.page < selected.pageCount ? (
                  <Link to={hrefWith(location.pathname, location.search, { kpage: String(selected.page + 1) })}>下一页</Link>
                ) : null}
              </nav>
            ) : null}
            <p>
              <Link to={hrefWith(location.pathname, location.search, { keyword: null, kpage: null })} preventScrollReset>
                收起
              </Link>
            </p>
          </section>
        ) : null}
      </div>
    </Section>
  );
}
