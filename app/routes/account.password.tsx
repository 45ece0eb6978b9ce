// 修改密码: the user's own, with the current one. After a reset or an import the one-time
// password must be replaced here before any other page opens (auth.server.ts: requireUser).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { MIN_PASSWORD_LENGTH } from "../../workflows/accounts";
import { CsrfField } from "../components/csrf-field";
import { ErrorSummary, FieldError, fieldProps } from "../components/field-error";
import { RouteErrorBoundary } from "../components/route-error";
import { BusyButton } from "../components/busy-button";
import { changeOwnPassword } from "../lib/accounts.server";
import { requireActionUser, requireUser } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { failed, invalidForm } from "../lib/http.server";
import { homePathFor } from "../lib/navigation";
import { safeRedirect } from "../lib/redirects";
import { formToObject } from "../validation/form";
import { ChangePasswordSchema } from "../validation/accounts";

export const meta: MetaFunction = () => [{ title: "修改密码 · 社区嵌入式服务设施" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { passwordChangeDue: "allow" });
  return { forced: user.mustChangePassword, username: user.username };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requireActionUser(request, form, { passwordChangeDue: "allow" });
  const parsed = ChangePasswordSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error);
  const outcome = await changeOwnPassword(
    db,
    { actor: user, ip: context.clientIp },
    { username: user.username, currentPassword: parsed.data.currentPassword, newPassword: parsed.data.newPassword, keepSessionId: user.sessionId },
  );
  if (!outcome.ok) return failed(outcome);
  return redirect(safeRedirect(parsed.data.redirectTo, homePathFor(user)));
}

export default function ChangePasswordPage() {
  const { forced, username } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const [params] = useSearchParams();
  const busy = useNavigation().state !== "idle";
  return (
    <section className="panel panel--narrow">
      <h1>{forced ? "请设置新密码" : "修改密码"}</h1>
      {forced ? (
        <p className="notice" role="status">
          您正在使用一次性密码（{username}）。设置新密码后才能继续使用本系统。
        </p>
      ) : null}
      <p className="muted">新密码至少 {MIN_PASSWORD_LENGTH} 个字符，不能包含用户名，不能是常见密码。修改后其他设备上的登录将退出。</p>
      <Form method="post" noValidate>
        <CsrfField />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <div aria-live="polite">{result && !result.ok ? <ErrorSummary errors={{ ...(result.message ? { _form: result.message } : {}), ...errors }} /> : null}</div>
        <div className="field">
          <label htmlFor="currentPassword">{forced ? "一次性密码" : "当前密码"}</label>
          <input id="currentPassword" name="currentPassword" type="password" autoComplete="current-password" required {...fieldProps("currentPassword", errors)} />
          <FieldError name="currentPassword" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="newPassword">新密码</label>
          <input id="newPassword" name="newPassword" type="password" autoComplete="new-password" minLength={MIN_PASSWORD_LENGTH} required {...fieldProps("newPassword", errors)} />
          <FieldError name="newPassword" errors={errors} />
        </div>
        <div className="field">
          <label htmlFor="confirmPassword">再次输入新密码</label>
          <input id="confirmPassword" name="confirmPassword" type="password" autoComplete="new-password" required {...fieldProps("confirmPassword", errors)} />
          <FieldError name="confirmPassword" errors={errors} />
        </div>
        <BusyButton busy={busy} busyLabel="正在保存…">
          保存新密码
        </BusyButton>
      </Form>
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
