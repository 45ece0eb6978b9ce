// 我的账号: who I am, when I last signed in, where I am signed in (end one or all), and
// what was changed on my account.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ROLE_LABELS } from "../../workflows/glossary";
import { Facts } from "../components/account-fields";
import { AuditTrail } from "../components/audit-trail";
import { ActionMessage } from "../components/action-message";
import { CsrfField } from "../components/csrf-field";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { loadOwnAccount } from "../lib/account-pages.server";
import { revokeOwnSessions } from "../lib/accounts.server";
import { isHttps, requireActionUser, requireUser } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { done, failed, invalidForm } from "../lib/http.server";
import { clearedSessionCookie } from "../lib/session-cookie.server";
import { formToObject } from "../validation/form";
import { SessionCommandSchema } from "../validation/accounts";
import { Section } from "../components/section";

export const meta: MetaFunction = () => [{ title: "我的账号 · 社区嵌入式服务设施" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return loadOwnAccount(db, user);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requireActionUser(request, form);
  const parsed = SessionCommandSchema.safeParse({ ...formToObject(form), intent: form.get("intent") });
  if (!parsed.success) return invalidForm(parsed.error);
  const change = { actor: user, ip: context.clientIp };
  if (parsed.data.intent === "revoke-all") {
    const outcome = await revokeOwnSessions(db, change, { all: true });
    if (!outcome.ok) return failed(outcome);
    return redirect("/login", { headers: { "Set-Cookie": await clearedSessionCookie(isHttps(request)) } });
  }
  const outcome = await revokeOwnSessions(db, change, { sessionId: parsed.data.sessionId });
  if (!outcome.ok) return failed(outcome);
  if (parsed.data.sessionId === user.sessionId) return redirect("/login", { headers: { "Set-Cookie": await clearedSessionCookie(isHttps(request)) } });
  return done("已退出该设备上的登录。");
}

export default function AccountPage() {
  const { account, sessions, trail } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>我的账号</h1>
      <Section id="me-heading" title="账号信息">
        <Facts
          items={[
            ["用户名", account.username],
            ["姓名", account.displayName],
            ["角色", ROLE_LABELS[account.role]],
            ["范围", account.scopeName],
            ["上次登录", account.lastLoginAt ? formatDateTime(account.lastLoginAt) : "—"],
          ]}
        />
        <p>
          <Link to="/account/password" className="button button--secondary">
            修改密码
          </Link>
        </p>
      </Section>

      <Section id="sessions-heading" title="登录设备">
        <ActionMessage result={result} />
        <Table
          caption={`当前有效的登录（共 ${sessions.length} 处）`}
          rows={sessions}
          rowKey={(s) => s.id}
          columns={[
            {
              header: "登录时间",
              cell: (s) => (
                <>
                  {formatDateTime(s.createdAt)}
                  {s.current ? <span className="badge">本设备</span> : null}
                </>
              ),
            },
            { header: "地址", cell: (s) => s.ip ?? "—" },
            { header: "浏览器", cell: (s) => s.userAgent ?? "—" },
            { header: "到期", cell: (s) => formatDateTime(s.expiresAt) },
            {
              header: "操作",
              cell: (s) => (
                <Form method="post">
                  <CsrfField />
                  <input type="hidden" name="sessionId" value={s.id} />
                  <button type="submit" name="intent" value="revoke" className="button button--secondary">
                    退出此设备<span className="visually-hidden">（{formatDateTime(s.createdAt)} 登录）</span>
                  </button>
                </Form>
              ),
            },
          ]}
        />
        <Form method="post">
          <CsrfField />
          <button type="submit" name="intent" value="revoke-all" className="button button--danger">
            退出全部设备（包括本设备）
          </button>
        </Form>
      </Section>

      <AuditTrail entries={trail} title="账号变更记录" />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
