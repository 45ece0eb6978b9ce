// 账号管理: the accounts a 区级管理员 (their district) or the 市级管理员 (everyone) may see.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ROLE_LABELS, ROLES } from "../../workflows/glossary";
import { Pagination } from "../components/pagination";
import { FilterButton } from "../components/account-fields";
import { RouteErrorBoundary } from "../components/route-error";
import { loadAccountsPage } from "../lib/account-pages.server";
import { requireAccountAdmin } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "账号管理 · 社区嵌入式服务设施" }];

const QuerySchema = z.object({
  q: z.string().trim().max(40).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(["active", "disabled"]).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccountAdmin(request);
  const query = QuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await loadAccountsPage(db, user, { text: query.q || undefined, role: query.role, status: query.status, page: query.page })), query };
}

export default function AccountsPage() {
  const { accounts, total, page, pageCount, scopeName, grantableRoles, query } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="panel__head">
        <h1>账号管理 · {scopeName}</h1>
        {grantableRoles.length ? (
          <p>
            <Link to="/admin/users/new" className="button">
              新建账号
            </Link>{" "}
            <Link to="/admin/users/import" className="button button--secondary">
              批量导入
            </Link>{" "}
            <Link to="/admin/audit" className="button button--secondary">
              审计日志
            </Link>
          </p>
        ) : null}
      </div>
      <Form method="get" className="panel form-grid" role="search" aria-label="筛选账号">
        <div className="field">
          <label htmlFor="q">用户名或姓名</label>
          <input id="q" name="q" defaultValue={query.q ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="role">角色</label>
          <select id="role" name="role" defaultValue={query.role ?? ""}>
            <option value="">全部角色</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">状态</label>
          <select id="status" name="status" defaultValue={query.status ?? ""}>
            <option value="">全部</option>
            <option value="active">启用</option>
            <option value="disabled">已停用</option>
          </select>
        </div>
        <FilterButton />
      </Form>
      <div className="table-wrap">
        <table>
          <caption>共 {total} 个账号</caption>
          <thead>
            <tr>
              <th scope="col">用户名</th>
              <th scope="col">姓名</th>
              <th scope="col">角色</th>
              <th scope="col">范围</th>
              <th scope="col">状态</th>
              <th scope="col">上次登录</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <Link to={`/admin/users/${a.id}`}>{a.username}</Link>
                </th>
                <td>{a.displayName}</td>
                <td>{ROLE_LABELS[a.role]}</td>
                <td>{a.scopeName}</td>
                <td>
                  {a.active ? "启用" : "已停用"}
                  {a.mustChangePassword ? <span className="badge">待改密码</span> : null}
                </td>
                <td>{a.lastLoginAt ? formatDateTime(a.lastLoginAt) : "从未登录"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
