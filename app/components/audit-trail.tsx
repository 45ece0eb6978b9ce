import type { AccountAuditEntry } from "../../workflows/accounts";
import { ROLE_LABELS } from "../../workflows/glossary";
import { actionLabel, changeSummary } from "../lib/account-labels";
import { formatDateTime } from "../lib/format";

type AuditRow = AccountAuditEntry;

const person = (name: string | null, username: string | null) => (name ? `${name}（${username}）` : (username ?? "—"));

/** Account audit rows, newest first; `withTarget` adds the account and scope columns (the audit page). */
export function AuditTable({ entries, caption, withTarget = false }: { entries: AuditRow[]; caption?: string; withTarget?: boolean }) {
  return (
    <div className="table-wrap">
      <table>
        {caption ? <caption>{caption}</caption> : null}
        <thead>
          <tr>
            <th scope="col">时间</th>
            <th scope="col">操作</th>
            <th scope="col">操作人</th>
            {withTarget ? <th scope="col">对象账号</th> : null}
            {withTarget ? <th scope="col">范围</th> : null}
            <th scope="col">变更</th>
            <th scope="col">来源地址</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id}>
              <td>{formatDateTime(e.createdAt)}</td>
              <td>{actionLabel(e.action)}</td>
              <td>
                {person(e.actorName, e.actorUsername)}
                {withTarget && e.actorRole ? <span className="muted"> · {ROLE_LABELS[e.actorRole]}</span> : null}
              </td>
              {withTarget ? <td>{e.targetName ? person(e.targetName, e.targetUsername) : "—"}</td> : null}
              {withTarget ? <td>{e.scopeCode ?? "—"}</td> : null}
              <td className="audit-change">{changeSummary(e.before, e.after) || "—"}</td>
              <td>{e.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Changes to one account, newest first. */
export function AuditTrail({ entries, title }: { entries: AuditRow[]; title: string }) {
  return (
    <section className="panel" aria-labelledby="trail-heading">
      <h2 id="trail-heading">{title}</h2>
      {entries.length === 0 ? <p className="muted">暂无记录。</p> : <AuditTable entries={entries} />}
    </section>
  );
}
