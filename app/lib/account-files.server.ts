// Files of the account import: the template to fill in, and the slips file with the
// one-time passwords (`用户名, 姓名, 角色, 范围, 初始密码`), made once and never stored.
import { loadExcelJS } from "./lazy-modules.server";
import { ROLE_LABELS } from "../../workflows/glossary";
import { ACCOUNT_IMPORT_COLUMNS } from "../validation/accounts";
import type { AccountSlip } from "./account-import.server";
import { buildTemplateCsv, buildTemplateXlsx, type TemplateColumn } from "./import-templates.server";

const TEMPLATE: { columns: TemplateColumn[] } = {
  columns: [
    { header: ACCOUNT_IMPORT_COLUMNS.username[1], required: true, explain: "3–32 位小写字母、数字或 . _ -，以字母或数字开头；登录时使用", example: "zhang.wei" },
    { header: ACCOUNT_IMPORT_COLUMNS.displayName[1], required: true, explain: "不超过 40 个字", example: "张伟" },
    { header: ACCOUNT_IMPORT_COLUMNS.role[1], required: true, explain: `${Object.values(ROLE_LABELS).join("、")}（或其英文代码）`, example: ROLE_LABELS.community_worker },
    {
      header: ACCOUNT_IMPORT_COLUMNS.scopeCode[1],
      required: true,
      explain: "社区工作者填 12 位社区代码，街道审核员填 9 位街道代码，区级管理员填 6 位区代码，市级管理员留空",
      example: "330102001051",
    },
    { header: ACCOUNT_IMPORT_COLUMNS.phone[1], required: false, explain: "11 位手机号或带区号的固定电话，可留空", example: "13800000000" },
  ],
};

export const ACCOUNT_TEMPLATE_NAME = "账号导入模板";

export function accountTemplateXlsx(): Promise<Buffer> {
  return buildTemplateXlsx(TEMPLATE);
}

export function accountTemplateCsv(): Buffer {
  return buildTemplateCsv(TEMPLATE);
}

const SLIP_HEADER = ["用户名", "姓名", "角色", "范围", "初始密码"];
const slipRow = (s: AccountSlip) => [s.username, s.displayName, s.roleLabel, s.scopeName, s.oneTimePassword];

/** CSV with a BOM, so Excel opens the Chinese columns correctly. */
export function slipsCsv(slips: readonly AccountSlip[]): string {
  const cell = (value: string) => {
    // A leading = + - @ would make Excel read the cell as a formula.
    const text = /^[=+\-@]/.test(value) ? `'${value}` : value;
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return "\uFEFF" + [SLIP_HEADER, ...slips.map(slipRow)].map((row) => row.map(cell).join(",")).join("\r\n") + "\r\n";
}

export async function slipsXlsx(slips: readonly AccountSlip[], signInAddress: string): Promise<Buffer> {
  const workbook = new (await loadExcelJS()).Workbook();
  const sheet = workbook.addWorksheet("账号开通单");
  sheet.addRow(SLIP_HEADER).font = { bold: true };
  for (const slip of slips) sheet.addRow(slipRow(slip));
  [18, 12, 12, 36, 18].forEach((width, i) => (sheet.getColumn(i + 1).width = width));
  sheet.addRow([]);
  sheet.addRow([`登录地址：${signInAddress}。初始密码仅可使用一次，首次登录后须设置新密码。请妥善保管本文件，分发后删除。`]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
