// The account audit page for 区级 and 市级管理员: filters (who, what, when, scope), pages of 50,
// and the same rows as XLSX. A 区级管理员 sees only events about (or by) accounts of their district.
import { loadExcelJS } from "./lazy-modules.server";
import type { Kysely } from "kysely";
import { type AccountAuditFilter, listAccountAudit } from "../../db/repositories/account-audit";
import { writeAudit } from "../../db/repositories/audit";
import type { Database } from "../../db/schema";
import { ROLE_LABELS } from "../../workflows/glossary";
import { type Actor, scopeFilter } from "../../workflows/permissions";
import type { AuditFilterInput } from "../validation/audit";
import { actionLabel, changeSummary } from "./account-labels";
import { formatDateTime } from "./format";
import { authorize, type Change, type Outcome, runUseCase } from "./use-case.server";

export const AUDIT_PAGE_SIZE = 50;
const EXPORT_LIMIT = 50_000;

/** A day in Hangzhou (UTC+8) as the instant it starts. */
const startOfDay = (day: string, plusDays = 0) => new Date(Date.parse(`${day}T00:00:00+08:00`) + plusDays * 86_400_000).toISOString();

/** The actor's own scope always bounds the filter: a district admin's `scope` can only narrow it. */
function repositoryFilter(actor: Actor, input: AuditFilterInput): AccountAuditFilter {
  const own = actor.role === "city_admin" ? undefined : (actor.scopeCode ?? "-");
  const scopePrefix = input.scope && (!own || input.scope.startsWith(own)) ? input.scope : own;
  const valid = (d: string | undefined) => (d && !Number.isNaN(Date.parse(`${d}T00:00:00+08:00`)) ? d : undefined);
  const from = valid(input.from);
  const to = valid(input.to);
  return { who: input.who, what: input.what, from: from ? startOfDay(from) : undefined, to: to ? startOfDay(to, 1) : undefined, scopePrefix };
}

export async function loadAuditPage(db: Kysely<Database>, actor: Actor, input: AuditFilterInput) {
  const { entries, total } = await listAccountAudit(db, repositoryFilter(actor, input), { offset: (input.page - 1) * AUDIT_PAGE_SIZE, limit: AUDIT_PAGE_SIZE });
  return { entries, total, page: input.page, pageCount: Math.max(1, Math.ceil(total / AUDIT_PAGE_SIZE)) };
}

/** The filtered rows as XLSX. Taking the log away is itself recorded (who, which filter, how many rows). */
export function exportAccountAudit(db: Kysely<Database>, change: Change, input: AuditFilterInput): Promise<Outcome<{ body: Buffer; rows: number }>> {
  return runUseCase(db, change, async (trx) => {
    authorize(change, "view:accounts", scopeFilter(change.actor));
    const exported = await auditXlsx(trx, change.actor, input);
    await writeAudit(trx, {
      actor: change.actor,
      action: "user.audit_export",
      entityType: "user",
      entityId: change.actor.id,
      after: { filter: { ...input, page: undefined }, rows: exported.rows },
      ip: change.ip,
    });
    return exported;
  });
}

async function auditXlsx(db: Kysely<Database>, actor: Actor, input: AuditFilterInput): Promise<{ body: Buffer; rows: number }> {
  const { entries } = await listAccountAudit(db, repositoryFilter(actor, input), { offset: 0, limit: EXPORT_LIMIT });
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet("账号审计日志");
  sheet.addRow(["时间", "操作", "操作人", "操作人角色", "对象账号", "范围代码", "变更", "来源地址"]).font = { bold: true };
  for (const e of entries) {
    sheet.addRow([
      formatDateTime(e.createdAt),
      actionLabel(e.action),
      e.actorName ? `${e.actorName}（${e.actorUsername}）` : (e.actorUsername ?? "—"),
      e.actorRole ? ROLE_LABELS[e.actorRole] : "",
      e.targetName ? `${e.targetName}（${e.targetUsername}）` : "",
      e.scopeCode ?? "",
      changeSummary(e.before, e.after),
      e.ip ?? "",
    ]);
  }
  [18, 22, 24, 12, 24, 14, 60, 16].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.getColumn(6).numFmt = "@";
  return { body: Buffer.from(await workbook.xlsx.writeBuffer()), rows: entries.length };
}
