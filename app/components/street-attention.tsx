// What needs the street official, first on the street page (issue 20, point 14): lists waiting
// for review, overdue milestones, lowered minimum participation. Each says where to act; an
// empty one is one line saying why.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { STAGE_LABELS } from "../../workflows/glossary";
import type { StreetAttention } from "../lib/street-attention.server";
import { DemoBadge } from "./demo-badge";
import { OverdueTable } from "./overdue-table";
import { overrideSummary } from "./override-notice";
import { Table } from "./table";
import { Section } from "./section";

const OVERDUE_SHOWN = 10;

function Part({ id, title, count, empty, children }: { id: string; title: string; count: number; empty: string; children: ReactNode }) {
  return (
    <div className="attention__part" aria-labelledby={id} role="group">
      <h3 id={id}>
        {title}（{count}）
      </h3>
      {count === 0 ? <p className="empty">{empty}</p> : children}
    </div>
  );
}

export function StreetAttentionPanel({ streetCode, attention, isReviewer }: { streetCode: string; attention: StreetAttention; isReviewer: boolean }) {
  const { reviews, overdue, overrides } = attention;
  const demo = [...reviews, ...overdue, ...overrides].some((r) => r.isDemoData);
  return (
    <Section id="attention-heading" title={<>{isReviewer ? "需要您处理" : "需要街道处理"} <DemoBadge show={demo} /></>}>
      <Part id="attention-reviews" title="等待审核的清单" count={reviews.length} empty="没有等待审核的清单：本街道目前没有社区处于“街道审核”阶段。">
        <ul>
          {reviews.map((r) => (
            <li key={r.communityCode}>
              <Link to={`/communities/${r.communityCode}/gaplist/review`}>审核{r.communityName}的清单</Link>（已等待 {r.waitingDays} 天）
            </li>
          ))}
        </ul>
      </Part>
      <Part id="attention-overdue" title="逾期节点" count={overdue.length} empty="没有逾期的节点：计划日期已过的节点都已填报实际日期。">
        <OverdueTable rows={overdue.slice(0, OVERDUE_SHOWN)} showStreet={false} caption="计划日期已过、尚未完成的节点，逾期最久的在前" />
        <p>
          <Link to={`/streets/${streetCode}/projects`}>{overdue.length > OVERDUE_SHOWN ? `查看全部 ${overdue.length} 个逾期节点` : "查看本街道建设项目"}</Link>
        </p>
      </Part>
      <Part id="attention-overrides" title="放宽最低参与率" count={overrides.length} empty="本轮没有社区放宽最低参与率。">
        <Table
          caption="本轮放宽了最低参与率的社区，等待街道批准的在前"
          captionHidden
          rows={overrides}
          rowKey={(o) => o.communityCode}
          columns={[
            { header: "社区", rowHeader: true, cell: (o) => <Link to={`/communities/${o.communityCode}/cycle`}>{o.communityName}</Link> },
            { header: "状态", cell: (o) => (o.waiting ? <strong>{o.status}</strong> : o.status) },
            { header: "说明", cell: (o) => overrideSummary(o) },
            { header: "当前阶段", cell: (o) => STAGE_LABELS[o.stage] },
          ]}
        />
      </Part>
    </Section>
  );
}
