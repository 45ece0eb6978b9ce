// Bulk import of accounts (a district's or the city's roll-out) from XLSX or CSV: every row is
// checked, nothing is written unless every row is right, and each new account gets a one-time
// password that comes back once (for the 账号开通单) and is stored only as its hash.
import type { Kysely } from "kysely";
import { nowIso } from "../../db/clock";
import { writeAudit } from "../../db/repositories/audit";
import { listScopes, type ScopeEntry } from "../../db/repositories/scopes";
import { insertAccounts, takenUsernames } from "../../db/repositories/users";
import type { Database } from "../../db/schema";
import { accountAction, scopePlace, scopeShapeProblem } from "../../workflows/accounts";
import { ROLE_LABELS } from "../../workflows/glossary";
import { type Action, can, type Place } from "../../workflows/permissions";
import { ACCOUNT_IMPORT_COLUMNS, type AccountImportRow, AccountImportRowSchema } from "../validation/accounts";
import type { ImportError } from "../validation/import";
import { newUserRow } from "./accounts.server";
import { importColumns } from "./import-rows.server";
import { hashPasswords, newOneTimePassword } from "./passwords.server";
import type { Sheet } from "./spreadsheet.server";
import { type Change, type Failure, type Outcome, Refusal, runUseCase } from "./use-case.server";

const columns = importColumns(ACCOUNT_IMPORT_COLUMNS, ["phone"]);

export interface AccountRow {
  rowNumber: number;
  account: AccountImportRow;
}

/** What a 账号开通单 shows: the one-time password exists only here. */
export interface AccountSlip {
  username: string;
  displayName: string;
  roleLabel: string;
  scopeName: string;
  oneTimePassword: string;
}

/** The rows of a sheet as accounts, and the problems of those that are not (row · column · reason). */
export function readAccountSheet(sheet: Sheet): { rows: AccountRow[]; errors: ImportError[] } {
  const headerErrors = columns.missingColumns(sheet);
  if (headerErrors.length) return { rows: [], errors: headerErrors };
  if (sheet.rows.length === 0) return { rows: [], errors: [{ row: 2, column: "", reason: "文件中没有数据行" }] };
  const rows: AccountRow[] = [];
  const errors: ImportError[] = [];
  const seen = new Map<string, number>();
  for (const { rowNumber, values } of sheet.rows) {
    const parsed = AccountImportRowSchema.safeParse(columns.valuesOf(sheet, values));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        errors.push({ row: rowNumber, column: columns.columnFor(String(issue.path[0] ?? ""), sheet.header), reason: issue.message });
      }
      continue;
    }
    const earlier = seen.get(parsed.data.username);
    if (earlier) {
      errors.push({ row: rowNumber, column: columns.columnFor("username", sheet.header), reason: `用户名与第 ${earlier} 行重复` });
      continue;
    }
    seen.set(parsed.data.username, rowNumber);
    const shape = scopeShapeProblem(parsed.data.role, parsed.data.scopeCode);
    if (shape) errors.push({ row: rowNumber, column: columns.columnFor("scopeCode", sheet.header), reason: shape });
    else rows.push({ rowNumber, account: parsed.data });
  }
  return { rows, errors: errors.sort((a, b) => a.row - b.row) };
}

// Row problems travel in Failure.errors as "row|column" → reason (the one result type).
const errorKey = (e: ImportError) => `${e.row}|${e.column}`;

export function importErrorsOf(failure: Failure): ImportError[] {
  return Object.entries(failure.errors ?? {}).map(([key, reason]) => {
    const [row, ...column] = key.split("|");
    return { row: Number(row), column: column.join("|"), reason };
  });
}

export function importFailure(errors: ImportError[], message = `导入失败，未写入任何账号。共 ${errors.length} 处问题：`): Failure {
  const record: Record<string, string> = {};
  for (const e of [...errors].sort((a, b) => a.row - b.row)) record[errorKey(e)] ??= e.reason;
  return { ok: false, status: 400, message, errors: record };
}

/** Every row checked against the database and the actor's rights; throws the refusal (a denied row is audited). */
async function checkRows(trx: Kysely<Database>, change: Change, rows: AccountRow[]): Promise<Map<string, ScopeEntry>> {
  const scopes = await listScopes(trx);
  const taken = await takenUsernames(trx, rows.map((r) => r.account.username));
  const errors: ImportError[] = [];
  let denied: { action: Action; place: Place } | undefined;
  for (const { rowNumber, account } of rows) {
    const action = accountAction(account.role);
    const place = scopePlace(account.scopeCode);
    if (!can(change.actor, action, place)) {
      denied ??= { action, place };
      errors.push({
        row: rowNumber,
        column: action === "manage:admins" ? ACCOUNT_IMPORT_COLUMNS.role[1] : ACCOUNT_IMPORT_COLUMNS.scopeCode[1],
        reason: action === "manage:admins" ? `您不能创建“${ROLE_LABELS[account.role]}”账号` : "范围不在您管理的区域之内",
      });
    } else if (account.scopeCode && !scopes.has(account.scopeCode)) {
      errors.push({ row: rowNumber, column: ACCOUNT_IMPORT_COLUMNS.scopeCode[1], reason: `找不到代码为 ${account.scopeCode} 的区、街道或社区` });
    }
    if (taken.has(account.username)) errors.push({ row: rowNumber, column: ACCOUNT_IMPORT_COLUMNS.username[1], reason: "该用户名已有账号" });
  }
  if (errors.length) throw new Refusal(importFailure(errors), denied);
  return scopes;
}

/**
 * Creates every account or none. Checked once before hashing (seconds for thousands of
 * accounts, on every core) and again in the writing transaction, which stays short.
 */
export async function importAccounts(
  db: Kysely<Database>,
  change: Change,
  input: { rows: AccountRow[]; source: string },
  onHashed?: (done: number, total: number) => void,
): Promise<Outcome<{ slips: AccountSlip[] }>> {
  if (input.rows.length === 0) return importFailure([{ row: 2, column: "", reason: "文件中没有数据行" }]);
  const precheck = await runUseCase(db, change, async (trx) => (await checkRows(trx, change, input.rows), {}));
  if (!precheck.ok) return precheck;

  const passwords = input.rows.map(() => newOneTimePassword());
  const hashes = await hashPasswords(passwords, (done) => onHashed?.(done, passwords.length));
  return runUseCase(db, change, async (trx) => {
    const scopes = await checkRows(trx, change, input.rows);
    const at = nowIso();
    const users = input.rows.map(({ account }, i) => newUserRow(account, hashes[i], at, true));
    await insertAccounts(trx, users);
    for (const [i, user] of users.entries()) {
      const { account } = input.rows[i];
      await writeAudit(trx, {
        actor: change.actor,
        action: "user.import",
        entityType: "user",
        entityId: user.id,
        after: { username: account.username, displayName: account.displayName, role: account.role, scopeCode: account.scopeCode, phone: account.phone, source: input.source },
        ip: change.ip,
      });
    }
    const slips = input.rows.map(({ account }, i) => ({
      username: account.username,
      displayName: account.displayName,
      roleLabel: ROLE_LABELS[account.role],
      scopeName: account.scopeCode ? (scopes.get(account.scopeCode)?.name ?? account.scopeCode) : "杭州市",
      oneTimePassword: passwords[i],
    }));
    return { slips };
  });
}
