import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useNavigation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { ROLE_LABELS } from "../workflows/glossary";
import { CsrfField } from "./components/csrf-field";
import { useNonce } from "./components/nonce";
import { getUser } from "./lib/auth.server";
import { db } from "./lib/db.server";
import { navigationFor } from "./lib/navigation";
import { countPendingReviews } from "./lib/place-pages.server";
import appStyles from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "社区嵌入式服务设施 体检与需求调查" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getUser(request);
  const pendingReviews = await countPendingReviews(db, user);
  return {
    user: user && {
      displayName: user.displayName,
      role: user.role,
      scopeCode: user.scopeCode,
      csrfToken: user.csrfToken,
    },
    pendingReviews,
  };
}

export type RootLoaderData = Awaited<ReturnType<typeof loader>>;
export const useRootData = () => useRouteLoaderData<typeof loader>("root");

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function AppHeader() {
  const data = useRootData();
  const user = data?.user;
  const navigation = useNavigation();
  return (
    <header className="app-header">
      <a className="skip-link" href="#main">
        跳到正文
      </a>
      <div className="app-header__bar">
        <Link to="/" className="app-title">
          社区嵌入式服务设施 · 体检与需求调查
        </Link>
        {user ? (
          <div className="app-user">
            <Link to="/account" className="app-user__name" aria-label={`我的账号：${user.displayName}（${ROLE_LABELS[user.role]}）`}>
              {user.displayName}
              <span className="muted">（{ROLE_LABELS[user.role]}）</span>
            </Link>
            <Form method="post" action="/logout">
              <CsrfField />
              <button type="submit" className="button button--quiet">
                退出登录
              </button>
            </Form>
          </div>
        ) : null}
      </div>
      {user ? (
        <nav aria-label="主导航" className="app-nav">
          <ul>
            {navigationFor(user).map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                  {item.to === "/reviews" && data?.pendingReviews ? (
                    <span className="count-badge" aria-label={`${data.pendingReviews} 项待审核`}>
                      {data.pendingReviews}
                    </span>
                  ) : null}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      ) : null}
      <div className={navigation.state === "idle" ? "progress" : "progress progress--active"} aria-hidden="true" />
    </header>
  );
}

export default function App() {
  // Resident pages (survey, receipt) bring their own simple layout and no staff navigation.
  const resident = useMatches().some((m) => (m.handle as { resident?: boolean } | undefined)?.resident);
  if (resident) return <Outlet />;
  return (
    <>
      <AppHeader />
      <main id="main" className="app-main">
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  let title = "页面出错了";
  let detail = "系统遇到了意外问题。您填写的内容没有丢失的话，请稍后刷新页面重试；如果问题持续，请联系系统管理员。";
  if (isRouteErrorResponse(error)) {
    if (error.status === 403) {
      title = "没有访问权限（403）";
      detail = typeof error.data === "string" && error.data ? error.data : "您没有权限访问此页面。";
    } else if (error.status === 404) {
      title = "找不到页面（404）";
      detail = typeof error.data === "string" && error.data ? error.data : "您要找的页面不存在或已被删除。";
    } else if (error.status === 503) {
      title = "系统暂时繁忙（503）";
      detail = typeof error.data === "string" && error.data ? error.data : "请稍后再试。";
    } else if (error.status === 409) {
      title = "内容已被他人更新（409）";
      detail = typeof error.data === "string" ? error.data : "请刷新页面后重试。";
    }
  }
  return (
    <>
      <AppHeader />
      <main id="main" className="app-main">
        <ErrorPanel title={title} detail={detail} />
      </main>
    </>
  );
}

export function ErrorPanel({ title, detail }: { title: string; detail: string }) {
  return (
    <section className="panel panel--error" role="alert">
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <Link to="/">返回首页</Link>
      </p>
    </section>
  );
}
