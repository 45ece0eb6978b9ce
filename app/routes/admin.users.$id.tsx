// One account for its 区级/市级管理员: edit name and phone, change role and scope, disable or
// enable (sessions end at once), reset the password (one-time password shown once), unlock.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ROLE_LABELS } from "../../workflows/glossary";
import { Facts, RoleScopeFields } from "../components/account-fields";
import { ActionMessage } from "../components/action-message";
import { AuditTrail } from "../components/audit-trail";
import { VersionedForm } from "../components/csrf-field";
import { FieldError, fieldProps } from "../components/field-error";
import { RouteErrorBoundary } from "../components/route-error";
import { loadAccountDetail } from "../lib/account-pages.server";
import { changeAccountRole, resetAccountPassword, setAccountActive, unlockAccount, updateAccountDetails } from "../lib/accounts.server";
import { requireAccountAdmin } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { done, failed, invalidForm } from "../lib/http.server";
import { formToObject } from "../validation/form";
import { AccountCommandSchema } from "../validation/accounts";
import { Section } from "../components/section";

export const meta: MetaFunction = () => [{ title: "账号 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireAccountAdmin(request);
  return loadAccountDetail(db, user, params.id ?? "");
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requireAccountAdmin(request, { form });
  await loadAccountDetail(db, user, params.id ?? ""); // 404 outside the admin's district
  const parsed = AccountCommandSchema.safeParse({ ...formToObject(form), intent: form.get("intent") });
  if (!parsed.success) return invalidForm(parsed.error, { oneTimePassword: null });
  const change = { actor: user, ip: context.clientIp };
  const userId = params.id ?? "";
  const command = parsed.data;
  switch (command.intent) {
    case "details": {
      const outcome = await updateAccountDetails(db, change, { userId, expectedVersion: command.version, displayName: command.displayName, phone: command.phone });
      return outcome.ok ? done("已保存姓名和手机。", { oneTimePassword: null }) : failed(outcome, { oneTimePassword: null });
    }
    case "role": {
      const outcome = await changeAccountRole(db, change, { userId, expectedVersion: command.version, role: command.role, scopeCode: command.scopeCode });
      return outcome.ok ? done("已修改角色和范围；该账号需重新登录。", { oneTimePassword: null }) : failed(outcome, { oneTimePassword: null });
    }
    case "disable":
    case "enable": {
      const outcome = await setAccountActive(db, change, { userId, expectedVersion: command.version, active: command.intent === "enable" });
      if (!outcome.ok) return failed(outcome, { oneTimePassword: null });
      return done(command.intent === "enable" ? "已启用该账号。" : `已停用该账号，已退出其 ${outcome.endedSessions} 处登录。`, { oneTimePassword: null });
    }
    case "reset": {
      const outcome = await resetAccountPassword(db, change, { userId, expectedVersion: command.version });
      if (!outcome.ok) return failed(outcome, { oneTimePassword: null });
      return done(`已重置 ${outcome.username} 的密码；其所有登录已退出。`, { oneTimePassword: outcome.oneTimePassword });
    }
    case "unlock": {
      const outcome = await unlockAccount(db, change, { userId });
      return outcome.ok ? done(outcome.cleared ? "已解除登录限制。" : "该账号没有登录限制。", { oneTimePassword: null }) : failed(outcome, { oneTimePassword: null });
    }
  }
}

function Intent({ intent, label, version, danger, busy }: { intent: string; label: string; version: number; danger?: boolean; busy: boolean }) {
  return (
    <VersionedForm version={version} className="inline-form">
      <button type="submit" name="intent" value={intent} className={danger ? "button button--danger" : "button button--secondary"} disabled={busy}>
        {label}
      </button>
    </VersionedForm>
  );
}

export default function AccountDetailPage() {
  const { account, manageable, isSelf, grantableRoles, throttledAddresses, trail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  return (
    <>
      <p>
        <Link to="/admin/users">← 账号列表</Link>
      </p>
      <h1>
        {account.displayName}（{account.username}）
      </h1>
      <ActionMessage result={result} />
      {result?.oneTimePassword ? (
        <p className="notice" role="status">
          新的一次性密码（只显示这一次，请告知本人）：<strong className="one-time-password">{result.oneTimePassword}</strong>
        </p>
      ) : null}
      <Section id="status-heading" title="状态">
        <Facts
          items={[
            ["角色", ROLE_LABELS[account.role]],
            ["范围", account.scopeName],
            ["状态", account.active ? "启用" : "已停用"],
            ["上次登录", account.lastLoginAt ? formatDateTime(account.lastLoginAt) : "从未登录"],
            ["登录限制", throttledAddresses ? `${throttledAddresses} 个地址需等待` : "无"],
          ]}
        />
        {!manageable ? (
          <p className="muted">{isSelf ? "这是您自己的账号：请在“我的账号”中修改密码；角色、范围和状态由上级管理员修改。" : "您可以查看该账号，但不能修改它。"}</p>
        ) : (
          <div className="form-actions">
            {account.active ? (
              <Intent intent="disable" label="停用账号" version={account.version} danger busy={busy} />
            ) : (
              <Intent intent="enable" label="启用账号" version={account.version} busy={busy} />
            )}
            <Intent intent="reset" label="重置密码" version={account.version} busy={busy} />
            <Intent intent="unlock" label="解除登录限制" version={account.version} busy={busy} />
          </div>
        )}
      </Section>
      {manageable ? (
        <>
          <Section id="details-heading" title="姓名和手机">
            <VersionedForm version={account.version} className="form-grid" noValidate>
              <div className="field">
                <label htmlFor="displayName">姓名</label>
                <input id="displayName" name="displayName" defaultValue={account.displayName} required {...fieldProps("displayName", errors)} />
                <FieldError name="displayName" errors={errors} />
              </div>
              <div className="field">
                <label htmlFor="phone">手机</label>
                <input id="phone" name="phone" type="tel" defaultValue={account.phone ?? ""} {...fieldProps("phone", errors)} />
                <FieldError name="phone" errors={errors} />
              </div>
              <div className="field field--wide">
                <button type="submit" name="intent" value="details" className="button" disabled={busy}>
                  保存
                </button>
              </div>
            </VersionedForm>
          </Section>
          <Section id="role-heading" title="角色和范围">
            <VersionedForm version={account.version} className="form-grid" noValidate>
              <RoleScopeFields roles={grantableRoles} role={account.role} scopeCode={account.scopeCode ?? ""} errors={errors} />
              <div className="field field--wide">
                <button type="submit" name="intent" value="role" className="button" disabled={busy}>
                  修改角色和范围
                </button>
              </div>
            </VersionedForm>
          </Section>
        </>
      ) : null}
      <AuditTrail entries={trail} title="该账号的变更记录" />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
