import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { RouteErrorBoundary } from "../components/route-error";
import { getUser, isHttps, PASSWORD_PAGE } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { homePathFor } from "../lib/navigation";
import { safeRedirect } from "../lib/redirects";
import { login, signInRequestProblem, signInToken } from "../lib/sign-in.server";
import { fieldErrors, formToObject } from "../validation/form";

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
  if (problem) return data({ errors: { _form: problem } as Record<string, string> }, { status: 403 });
  const parsed = LoginSchema.safeParse(formToObject(form));
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error) }, { status: 400 });
  const result = await login(db, {
    username: parsed.data.username,
    password: parsed.data.password,
    ip: context.clientIp,
    https: isHttps(request),
    userAgent: request.headers.get("User-Agent"),
  });
  if (!result.ok) {
    const headers = result.status === 429 ? { "Retry-After": String(result.retryAfterSeconds) } : undefined;
    return data({ errors: { _form: result.message } as Record<string, string> }, { status: result.status, headers });
  }
  const next = safeRedirect(parsed.data.redirectTo, homePathFor(result.user));
  const to = result.mustChangePassword ? `${PASSWORD_PAGE}?redirectTo=${encodeURIComponent(next)}` : next;
  return redirect(to, { headers: { "Set-Cookie": result.cookie } });
}

export default function LoginPage() {
  const { csrf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = actionData?.errors ?? {};
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
        <div aria-live="polite">
          {errors._form ? (
            <p className="form-error" role="alert">
              {errors._form}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="username">用户名</label>
          <input
            id="username"
            name="username"
            autoComplete="username"
            required
            aria-invalid={errors.username ? true : undefined}
            aria-describedby={errors.username ? "username-error" : undefined}
          />
          {errors.username ? (
            <p id="username-error" className="field-error">
              {errors.username}
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="password">密码</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-invalid={errors.password ? true : undefined}
            aria-describedby={errors.password ? "password-error" : undefined}
          />
          {errors.password ? (
            <p id="password-error" className="field-error">
              {errors.password}
            </p>
          ) : null}
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "正在登录…" : "登录"}
        </button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
