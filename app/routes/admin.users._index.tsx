// 账号管理: the accounts a 区级管理员 (their district) or the 市级管理员 (everyone) may see.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ACCOUNT_STATUS_LABELS, ACCOUNT_STATUSES } from "../../workflows/accounts";
import { ROLE_LABELS, ROLES } from "../../workflows/glossary";
import { Pagination } from "../components/pagination";
import { FilterButton } from "../components/account-fields";
import { CodeSelectField } from "../components/code-select";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { loadAccountsPage } from "../lib/account-pages.server";
import { requireAccountAdmin } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";

export const meta: MetaFunction = () => [{ title: "账号管理 · 社区嵌入式服务设施" }];

const QuerySchema = z.object({
  q: z.string().trim().max(40).optional().catch(undefined),
  role: z.enum(ROLES).optional().catch(undefined),
  status: z.enum(ACCOUNT_STATUSES).optional().catch(undefined),
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
        <CodeSelectField name="role" label="角色" codes={ROLES} labels={ROLE_LABELS} defaultValue={query.role} emptyLabel="全部角色" />
        <CodeSelectField name="status" label="状态" codes={ACCOUNT_STATUSES} labels={ACCOUNT_STATUS_LABELS} defaultValue={query.status} emptyLabel="全部" />
        <FilterButton />
      </Form>
      <Table
        caption={`共 ${total} 个账号`}
        rows={accounts}
        rowKey={(a) => a.id}
        columns={[
          { header: "用户名", rowHeader: true, cell: (a) => <Link to={`/admin/users/${a.id}`}>{a.username}</Link> },
          { header: "姓名", cell: (a) => a.displayName },
          { header: "角色", cell: (a) => ROLE_LABELS[a.role] },
          { header: "范围", cell: (a) => a.scopeName },
          {
            header: "状态",
            cell: (a) => (
              <>
                {ACCOUNT_STATUS_LABELS[a.active ? "active" : "disabled"]}
                {a.mustChangePassword ? <span className="badge">待改密码</span> : null}
              </>
            ),
          },
          { header: "上次登录", cell: (a) => (a.lastLoginAt ? formatDateTime(a.lastLoginAt) : "从未登录") },
        ]}
      />
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
