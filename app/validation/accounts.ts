// Account forms and the account import: zod schemas shared by the browser and the server.
import { z } from "zod";
import { MAX_PASSWORD_LENGTH, roleFromText, USERNAME_PATTERN, USERNAME_RULE } from "../../workflows/accounts";
import { ROLES } from "../../workflows/glossary";
import { nameField } from "./names";

export const usernameField = z
  .string({ error: "请填写用户名" })
  .trim()
  .toLowerCase()
  .min(1, "请填写用户名")
  .regex(USERNAME_PATTERN, USERNAME_RULE);

export const displayNameField = nameField("姓名", { min: 1, max: 40 });

/** A mobile (11 digits) or a landline (0571-8xxxxxxx); blank for none. */
export const phoneField = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim().replace(/\s+/g, "")) : v),
  z
    .string()
    .regex(/^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/, "手机须为 11 位手机号，或带区号的固定电话（如 0571-87654321）")
    .nullable()
    .default(null),
);

/** Blank for a 市级管理员; the shape per role is checked with the role (workflows/accounts.ts). */
export const scopeCodeField = z.preprocess(
  (v) => (typeof v === "string" ? (v.trim() === "" ? null : v.trim()) : v),
  z.string().regex(/^\d{6}(\d{3})?(\d{3})?$/, "范围代码须为 6 位区代码、9 位街道代码或 12 位社区代码").nullable().default(null),
);

export const roleField = z.preprocess(
  (v) => (typeof v === "string" ? (roleFromText(v) ?? v) : v),
  z.enum(ROLES, { error: "角色须为 社区工作者、街道审核员、区级管理员 或 市级管理员" }),
);

const versionField = z.coerce.number({ error: "请求有误" }).int().min(1);

export const NewAccountSchema = z.object({
  username: usernameField,
  displayName: displayNameField,
  role: roleField,
  scopeCode: scopeCodeField,
  phone: phoneField,
});

export const AccountCommandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("details"), version: versionField, displayName: displayNameField, phone: phoneField }),
  z.object({ intent: z.literal("role"), version: versionField, role: roleField, scopeCode: scopeCodeField }),
  z.object({ intent: z.literal("disable"), version: versionField }),
  z.object({ intent: z.literal("enable"), version: versionField }),
  z.object({ intent: z.literal("reset"), version: versionField }),
  z.object({ intent: z.literal("unlock") }),
]);

const passwordInput = (label: string) => z.string({ error: `请填写${label}` }).min(1, `请填写${label}`).max(MAX_PASSWORD_LENGTH, `${label}不能超过 ${MAX_PASSWORD_LENGTH} 个字符`);

export const ChangePasswordSchema = z
  .object({
    currentPassword: passwordInput("当前密码"),
    newPassword: passwordInput("新密码"),
    confirmPassword: z.string({ error: "请再次输入新密码" }),
    redirectTo: z.string().optional(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "两次输入的新密码不一致" });

export const SessionCommandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke"), sessionId: z.string().regex(/^[0-9a-f]{64}$/, "请求有误") }),
  z.object({ intent: z.literal("revoke-all") }),
]);

/** Accepted headers per field: the code name, then the Chinese label of our template. */
export const ACCOUNT_IMPORT_COLUMNS = {
  username: ["username", "用户名"],
  displayName: ["name", "姓名"],
  role: ["role", "角色"],
  scopeCode: ["scope_code", "范围代码"],
  phone: ["phone", "手机"],
} as const;

export const AccountImportRowSchema = NewAccountSchema;
export type AccountImportRow = z.infer<typeof AccountImportRowSchema>;

/** Largest account file (bytes): 2,700 rows are ≈ 150 KB. */
export const MAX_ACCOUNT_IMPORT_BYTES = 2 * 1024 * 1024;
