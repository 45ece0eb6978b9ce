import { actionLabel, changeSummary } from "../lib/account-labels";
import { formatDateTime } from "../lib/format";

export interface TrailEntry {
  id: string;
  createdAt: string;
  action: string;
  actorUsername: string | null;
  actorName: string | null;
  before: string | null;
  after: string | null;
  ip: string | null;
}

/** Changes to one account, newest first. */
export function AuditTrail({ entries, title }: { entries: TrailEntry[]; title: string }) {
  return (
    <section className="panel" aria-labelledby="trail-heading">
      <h2 id="trail-heading">{title}</h2>
      {entries.length === 0 ? (
        <p className="muted">暂无记录。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">时间</th>
                <th scope="col">操作</th>
                <th scope="col">操作人</th>
                <th scope="col">变更</th>
                <th scope="col">来源地址</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.createdAt)}</td>
                  <td>{actionLabel(e.action)}</td>
                  <td>{e.actorName ? `${e.actorName}（${e.actorUsername}）` : (e.actorUsername ?? "—")}</td>
                  <td className="audit-change">{changeSummary(e.before, e.after) || "—"}</td>
                  <td>{e.ip ?? "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
