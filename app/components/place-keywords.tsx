// A street's or district's keywords of what residents wrote (issue 18), on its dashboard.
import type { PlaceKeywords as Keywords } from "../lib/comment-keywords.server";
import { formatNumber } from "../lib/format";

export function PlaceKeywords({ keywords, scopeLabel }: { keywords: Keywords; scopeLabel: string }) {
  return (
    <section className="panel" aria-labelledby="place-keywords-heading">
      <h2 id="place-keywords-heading">{scopeLabel}居民意见关键词</h2>
      <p className="muted">汇总辖区内各社区各轮问卷的 {formatNumber(keywords.comments)} 条文字意见；数字为提到该词的意见条数。</p>
      {keywords.keywords.length === 0 ? (
        <p className="empty">还没有可分析的文字意见。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">{scopeLabel}居民意见关键词</caption>
            <thead>
              <tr>
                <th scope="col">关键词</th>
                <th scope="col">领域</th>
                <th scope="col" className="num">
                  意见条数
                </th>
              </tr>
            </thead>
            <tbody>
              {keywords.keywords.map((k) => (
                <tr key={k.term}>
                  <th scope="row">{k.term}</th>
                  <td>{k.domainLabel ?? "—"}</td>
                  <td className="num">{formatNumber(k.count)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
