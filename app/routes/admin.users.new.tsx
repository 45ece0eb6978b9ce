// 新建账号: one account, its one-time password shown once in the answer.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { grantableRoles } from "../../workflows/accounts";
import { RoleScopeFields } from "../components/account-fields";
import { ActionMessage } from "../components/action-message";
import { CsrfField } from "../components/csrf-field";
import { FieldError, fieldProps } from "../components/field-error";
import { RouteErrorBoundary } from "../components/route-error";
import { createAccount } from "../lib/accounts.server";
import { requireAccountAdmin } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { done, failed, invalidForm } from "../lib/http.server";
import { publicBaseUrl } from "../lib/production-check.server";
import { formToObject } from "../validation/form";
import { NewAccountSchema } from "../validation/accounts";

export const meta: MetaFunction = () => [{ title: "新建账号 · 社区嵌入式服务设施" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccountAdmin(request);
  return { roles: grantableRoles(user), defaultScope: user.role === "district_admin" ? (user.scopeCode ?? "") : "" };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requireAccountAdmin(request, { form });
  const parsed = NewAccountSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, { created: null });
  const outcome = await createAccount(db, { actor: user, ip: context.clientIp }, parsed.data);
  if (!outcome.ok) return failed(outcome, { created: null });
  return done(`已创建账号 ${parsed.data.username}。`, {
    created: { id: outcome.userId, username: parsed.data.username, oneTimePassword: outcome.oneTimePassword, signInAddress: `${publicBaseUrl(request)}/login` },
  });
}

export default function NewAccountPage() {
  const { roles, defaultScope } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const busy = useNavigation().state !== "idle";
  const created = result?.created;
  return (
    <section className="panel">
      <h1>新建账号</h1>
      <ActionMessage result={result} />
      {created ? (
        <div className="notice" role="status">
          <p>
            一次性密码（只显示这一次，请告知本人）：<strong className="one-time-password">{created.oneTimePassword}</strong>
          </p>
          <p>
            登录地址：{created.signInAddress}。首次登录后须设置新密码。<Link to={`/admin/users/${created.id}`}>查看账号 {created.username}</Link>
          </p>
        </div>
      ) : null}
      <Form method="post" noValidate className="form-grid">
        <CsrfField />
        <div className="field">
          <label htmlFor="username">用户名</label>
          <input id="username" name="username" autoComplete="off" required {...fieldProps("username", errors)} />
          <FieldError name="username" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="displayName">姓名</label>
          <input id="displayName" name="displayName" required {...fieldProps("displayName", errors)} />
          <FieldError name="displayName" errors={errors} />
        </div>
        <RoleScopeFields roles={roles} scopeCode={defaultScope} errors={errors} />
        <div className="field">
          <label htmlFor="phone">手机（选填）</label>
          <input id="phone" name="phone" type="tel" inputMode="tel" {...fieldProps("phone", errors)} />
          <FieldError name="phone" errors={errors} />
        </div>
        <div className="field field--wide">
          <button type="submit" className="button" disabled={busy}>
            {busy ? "正在创建…" : "创建账号"}
          </button>{" "}
          <Link to="/admin/users">返回账号列表</Link>
        </div>
      </Form>
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
