import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ActionMessage } from "../components/action-message";
import { TextField } from "../components/form-fields";
import { RouteErrorBoundary } from "../components/route-error";
import { BusyButton } from "../components/busy-button";
import { getUser, isHttps, PASSWORD_PAGE } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { invalidForm } from "../lib/http.server";
import { homePathFor } from "../lib/navigation";
import { type FieldErrors, formToObject } from "../validation/form";
import { safeRedirect } from "../lib/redirects";
import { login, signInRequestProblem, signInToken } from "../lib/sign-in.server";

export const meta: MetaFunction = () => [{ title: "登录 · 社区嵌入式服务设施" }];

const LoginSchema = z.object({
  username: z.string({ error: "请填写用户名" }).trim().min(1, "请填写用户名").max(64),
  password: z.string({ error: "请填写密码" }).min(1, "请填写密码").max(256),
  redirectTo: z.string().optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  if (user) throw redirect(user.mustChangePassword ? PASSWORD_PAGE : homePathFor(user));
  const { token, setCookie } = await signInToken(request, isHttps(request));
  return data({ csrf: token }, setCookie ? { headers: { "Set-Cookie": setCookie } } : undefined);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const problem = await signInRequestProblem(request, form);
  if (problem) return data({ ok: false as const, message: problem, errors: {} as FieldErrors }, { status: 403 });
  const parsed = LoginSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error);
  const result = await login(db, {
    username: parsed.data.username,
    password: parsed.data.password,
    ip: context.clientIp,
    https: isHttps(request),
    userAgent: request.headers.get("User-Agent"),
  });
  // 400 wrong credentials, 429 too many failures: authentication's own answers, not a use case's.
  if (!result.ok) {
    const headers = result.status === 429 ? { "Retry-After": String(result.retryAfterSeconds) } : undefined;
    return data({ ok: false as const, message: result.message, errors: {} as FieldErrors }, { status: result.status, headers });
  }
  const next = safeRedirect(parsed.data.redirectTo, homePathFor(result.user));
  const to = result.mustChangePassword ? `${PASSWORD_PAGE}?redirectTo=${encodeURIComponent(next)}` : next;
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

export default function LoginPage() {
  const { csrf } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors = result?.errors ?? {};
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state !== "idle";
  return (
    <section className="panel panel--narrow">
      <h1>登录</h1>
      <p className="muted">供社区工作者、街道审核员和区、市管理员使用。居民填写问卷无需登录，请扫描社区张贴的二维码。</p>
      <Form method="post" noValidate>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
        <ActionMessage result={result} />
        <TextField name="username" label="用户名" errors={errors} autoComplete="username" required />
        <TextField name="password" label="密码" errors={errors} type="password" autoComplete="current-password" required />
        <BusyButton busy={busy} busyLabel="正在登录…">
          登录
        </BusyButton>
      </Form>
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
