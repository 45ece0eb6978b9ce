// A Gantt-style timeline as an accessible table: one row per project, planned span (light)
// over actual span (dark), a diamond per planned milestone (red when overdue), today's line.
// Each bar cell also says all of it in words for screen readers; the bars are decoration.
import { Link } from "@remix-run/react";
import { Fragment } from "react";
import { type Milestone, MILESTONE_LABELS, PROJECT_STATUS_LABELS, type ProjectStatus } from "../../workflows/glossary";
import { addDays, daysBetween } from "../../workflows/projects";

export interface GanttMilestone {
  milestone: Milestone;
  plannedDate: string | null;
  actualDate: string | null;
  overdue: boolean;
}

export interface GanttRow {
  id: string;
  label: string;
  href: string;
  status: ProjectStatus;
  progress: number;
  milestones: GanttMilestone[];
  /** Rows with the same group are listed under one heading row (the street's view). */
  group?: { key: string; label: string; href: string };
}

/** Rows for a community's projects (the shape the project loaders return). */
export function projectGanttRows(
  communityCode: string,
  projects: readonly { id: string; name: string; status: ProjectStatus; progress: number; milestones: readonly GanttMilestone[] }[],
  group?: GanttRow["group"],
): GanttRow[] {
  return projects.map((p) => ({
    id: p.id,
    label: p.name,
    href: `/communities/${communityCode}/projects/${p.id}`,
    status: p.status,
    progress: p.progress,
    milestones: p.milestones.map((m) => ({ milestone: m.milestone, plannedDate: m.plannedDate, actualDate: m.actualDate, overdue: m.overdue })),
    ...(group ? { group } : {}),
  }));
}

function describe(row: GanttRow): string {
  const planned = row.milestones.filter((m) => m.plannedDate).map((m) => `${MILESTONE_LABELS[m.milestone]} ${m.plannedDate}`);
  const actual = row.milestones.filter((m) => m.actualDate).map((m) => `${MILESTONE_LABELS[m.milestone]} ${m.actualDate}`);
  const overdue = row.milestones.filter((m) => m.overdue).map((m) => `${MILESTONE_LABELS[m.milestone]}（计划 ${m.plannedDate}）`);
  return [
    `计划：${planned.join("，") || "未填写"}`,
    `实际：${actual.join("，") || "尚未开始"}`,
    overdue.length ? `逾期：${overdue.join("，")}` : "",
  ]
    .filter(Boolean)
    .join("；");
}

export function Gantt({ rows, today, caption }: { rows: readonly GanttRow[]; today: string; caption: string }) {
  const dates = rows.flatMap((r) => r.milestones.flatMap((m) => [m.plannedDate, m.actualDate])).filter((d): d is string => d !== null);
  if (rows.length === 0) return <p className="empty">还没有项目。</p>;
  const first = [...dates, today].sort()[0];
  const last = [...dates, today].sort().at(-1)!;
  const start = addDays(first, -7);
  const end = addDays(last, 7);
  const span = Math.max(1, daysBetween(start, end));
  const at = (date: string) => `${(100 * daysBetween(start, date)) / span}%`;
  const width = (from: string, to: string) => `${Math.max(0.5, (100 * daysBetween(from, to)) / span)}%`;
  const middle = addDays(start, Math.round(span / 2));
  let group = "";
  return (
    <>
      <ul className="gantt__legend" aria-hidden="true">
        <li>
          <span aria-hidden="true" style={{ background: "#bfdbfe", border: "1px solid #60a5fa" }} />
          计划
        </li>
        <li>
          <span aria-hidden="true" style={{ background: "var(--brand)" }} />
          实际
        </li>
        <li>
          <span aria-hidden="true" style={{ background: "var(--bad)", width: "0.7rem" }} />
          逾期节点
        </li>
        <li>
          <span aria-hidden="true" style={{ background: "var(--accent)", width: "2px" }} />
          今天（{today}）
        </li>
      </ul>
      <div className="table-wrap">
        <table className="gantt">
          <caption>{caption}</caption>
          <colgroup>
            <col className="gantt__name" />
            <col className="gantt__progress" />
            <col />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">项目</th>
              <th scope="col" className="num">
                进度
              </th>
              <th scope="col">
                <span className="visually-hidden">时间轴</span>
                <span className="gantt__axis" aria-hidden="true">
                  <span>{start}</span>
                  <span>{middle}</span>
                  <span>{end}</span>
                </span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => {
              const planned = row.milestones.map((m) => m.plannedDate).filter((d): d is string => d !== null);
              const actual = row.milestones.map((m) => m.actualDate).filter((d): d is string => d !== null);
              const open = row.status !== "operating" && row.status !== "failed" && row.status !== "cancelled";
              const actualEnd = actual.length ? (open ? today : actual[actual.length - 1]) : null;
              const heading = row.group && row.group.key !== group ? row.group : null;
              if (row.group) group = row.group.key;
              return (
                <Fragment key={row.id}>
                  {heading ? (
                    <tr className="gantt__group">
                      <th scope="rowgroup" colSpan={3}>
                        <Link to={heading.href}>{heading.label}</Link>
                      </th>
                    </tr>
                  ) : null}
                  <tr>
                    <th scope="row">
                      <Link to={row.href}>{row.label}</Link>{" "}
                      <span className={`project-status project-status--${row.status}`}>{PROJECT_STATUS_LABELS[row.status]}</span>
                    </th>
                    <td className="num">{row.progress}%</td>
                    <td>
                      <span className="visually-hidden">{describe(row)}</span>
                      <div className="gantt__track" aria-hidden="true">
                        {planned.length ? (
                          <span className="gantt__bar gantt__bar--planned" style={{ left: at(planned[0]), width: width(planned[0], planned[planned.length - 1]) }} />
                        ) : null}
                        {actual.length && actualEnd ? (
                          <span className="gantt__bar gantt__bar--actual" style={{ left: at(actual[0]), width: width(actual[0], actualEnd) }} />
                        ) : null}
                        {row.milestones
                          .filter((m) => m.plannedDate)
                          .map((m) => (
                            <span
                              key={m.milestone}
                              className={m.overdue ? "gantt__marker gantt__marker--overdue" : "gantt__marker"}
                              style={{ left: at(m.plannedDate!) }}
                              title={`${MILESTONE_LABELS[m.milestone]}：计划 ${m.plannedDate}${m.actualDate ? `，实际 ${m.actualDate}` : m.overdue ? "，已逾期" : ""}`}
                            />
                          ))}
                        <span className="gantt__today" style={{ left: at(today) }} />
                      </div>
                    </td>
                  </tr>
                </Fragment>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
