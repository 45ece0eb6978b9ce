import type { AccountAuditEntry } from "../../workflows/accounts";
import { ROLE_LABELS } from "../../workflows/glossary";
import { actionLabel, changeSummary } from "../lib/account-labels";
import { formatDateTime } from "../lib/format";
import { Table } from "./table";
import { Section } from "./section";

type AuditRow = AccountAuditEntry;

const person = (name: string | null, username: string | null) => (name ? `${name}（${username}）` : (username ?? "—"));

/** Account audit rows, newest first; `withTarget` adds the account and scope columns (the audit page). */
export function AuditTable({ entries, caption, withTarget = false }: { entries: AuditRow[]; caption?: string; withTarget?: boolean }) {
  return (
    <Table
      caption={caption}
      rows={entries}
      rowKey={(e) => e.id}
      columns={[
        { header: "时间", cell: (e) => formatDateTime(e.createdAt) },
        { header: "操作", cell: (e) => actionLabel(e.action) },
        {
          header: "操作人",
          cell: (e) => (
            <>
              {person(e.actorName, e.actorUsername)}
              {withTarget && e.actorRole ? <span className="muted"> · {ROLE_LABELS[e.actorRole]}</span> : null}
            </>
          ),
        },
        withTarget && { header: "对象账号", cell: (e) => (e.targetName ? person(e.targetName, e.targetUsername) : "—") },
        withTarget && { header: "范围", cell: (e) => e.scopeCode ?? "—" },
        { header: "变更", tone: () => "audit-change", cell: (e) => changeSummary(e.before, e.after) || "—" },
        { header: "来源地址", cell: (e) => e.ip ?? "—" },
      ]}
    />
  );
}

/** Changes to one account, newest first. */
export function AuditTrail({ entries, title }: { entries: AuditRow[]; title: string }) {
  return (
    <Section id="trail-heading" title={title}>
      {entries.length === 0 ? <p className="muted">暂无记录。</p> : <AuditTable entries={entries} />}
    </Section>
  );
}
