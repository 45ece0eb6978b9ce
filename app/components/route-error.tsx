import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "请求有误（400）",
  403: "没有访问权限（403）",
  404: "找不到页面（404）",
  409: "内容已被他人更新（409）",
};

/** Every route exports this as its ErrorBoundary: the header stays, the message is in Chinese. */
export function RouteErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message =
    isRouteErrorResponse(error) && typeof error.data === "string" && error.data
      ? error.data
      : "系统遇到了意外问题。请稍后刷新页面重试；如果问题持续，请联系系统管理员。";
  return (
    <section className="panel panel--error" role="alert">
      <h1>{TITLES[status] ?? "页面出错了"}</h1>
      <p>{message}</p>
      <p>
        <Link to="/">返回首页</Link>
      </p>
    </section>
  );
}
