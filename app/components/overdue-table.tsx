// Overdue milestones as a table (street and district views): most overdue first.
import { Link } from "@remix-run/react";
import type { OverdueRow } from "../lib/project-pages.server";
import { Table } from "./table";

export function OverdueTable({ rows, caption, showStreet }: { rows: readonly OverdueRow[]; caption: string; showStreet: boolean }) {
  return (
    <Table
      caption={`${caption}（${rows.length} 个）`}
      rows={rows}
      rowKey={(r) => `${r.projectId}-${r.label}`}
      empty="没有逾期的节点。"
      columns={[
        { header: "项目", rowHeader: true, cell: (r) => <Link to={`/communities/${r.communityCode}/projects/${r.projectId}`}>{r.projectName}</Link> },
        showStreet && { header: "街道", cell: (r) => <Link to={`/streets/${r.streetCode}/projects`}>{r.streetName}</Link> },
        { header: "社区", cell: (r) => <Link to={`/communities/${r.communityCode}/projects`}>{r.communityName}</Link> },
        { header: "节点", cell: (r) => r.label },
        { header: "计划日期", cell: (r) => r.plannedDate },
        { header: "逾期天数", numeric: true, tone: () => "overdue", cell: (r) => r.daysOverdue },
      ]}
    />
  );
}
