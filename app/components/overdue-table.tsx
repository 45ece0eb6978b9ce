// Overdue milestones as a table (street and district views): most overdue first.
import { Link } from "@remix-run/react";
import type { OverdueRow } from "../lib/project-pages.server";

export function OverdueTable({ rows, caption, showStreet }: { rows: readonly OverdueRow[]; caption: string; showStreet: boolean }) {
  if (rows.length === 0) return <p className="empty">没有逾期的节点。</p>;
  return (
    <div className="table-wrap">
      <table className="stack">
        <caption>
          {caption}（{rows.length} 个）
        </caption>
        <thead>
          <tr>
            <th scope="col">项目</th>
            {showStreet ? <th scope="col">街道</th> : null}
            <th scope="col">社区</th>
            <th scope="col">节点</th>
            <th scope="col">计划日期</th>
            <th scope="col" className="num">
              逾期天数
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={`${r.projectId}-${r.label}`}>
              <th scope="row">
                <Link to={`/communities/${r.communityCode}/projects/${r.projectId}`}>{r.projectName}</Link>
              </th>
              {showStreet ? (
                <td data-label="街道">
                  <Link to={`/streets/${r.streetCode}/projects`}>{r.streetName}</Link>
                </td>
              ) : null}
              <td data-label="社区">
                <Link to={`/communities/${r.communityCode}/projects`}>{r.communityName}</Link>
              </td>
              <td data-label="节点">{r.label}</td>
              <td data-label="计划日期">{r.plannedDate}</td>
              <td className="num overdue" data-label="逾期天数">
                {r.daysOverdue}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
