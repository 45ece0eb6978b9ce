// A street's or district's keywords of what residents wrote (issue 18), on its dashboard.
import type { PlaceKeywords as Keywords } from "../lib/comment-keywords.server";
import { formatNumber } from "../lib/format";
import { Table } from "./table";
import { Section } from "./section";

export function PlaceKeywords({ keywords, scopeLabel }: { keywords: Keywords; scopeLabel: string }) {
  return (
    <Section id="place-keywords-heading" title={<>{scopeLabel}居民意见关键词</>}>
      <p className="muted">汇总辖区内各社区各轮问卷的 {formatNumber(keywords.comments)} 条文字意见；数字为提到该词的意见条数。</p>
      <Table
        className=""
        caption={`${scopeLabel}居民意见关键词`}
        captionHidden
        rows={keywords.keywords}
        rowKey={(k) => k.term}
        empty="还没有可分析的文字意见。"
        columns={[
          { header: "关键词", rowHeader: true, cell: (k) => k.term },
          { header: "领域", cell: (k) => k.domainLabel ?? "—" },
          { header: "意见条数", numeric: true, cell: (k) => formatNumber(k.count) },
        ]}
      />
    </Section>
  );
}
