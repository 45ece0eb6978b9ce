// 账号审计日志: account changes, sign-ins and refused attempts, filtered by who, what, when and
// scope; a 区级管理员 sees their district's accounts only. Exported as XLSX with the same filters.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { AuditTable } from "../components/audit-trail";
import { OptionSelectField } from "../components/option-select";
import { Pagination } from "../components/pagination";
import { FilterButton } from "../components/account-fields";
import { RouteErrorBoundary } from "../components/route-error";
import { ACCOUNT_ACTION_FILTERS } from "../lib/account-labels";
import { loadAuditPage } from "../lib/audit-pages.server";
import { requireAccountAdmin } from "../lib/auth.server";
import { db } from "../lib/db.server";
import accountStyles from "../styles/accounts.css";
import { AuditFilterSchema } from "../validation/audit";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];
export const meta: MetaFunction = () => [{ title: "账号审计日志 · 社区嵌入式服务设施" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireAccountAdmin(request);
  const filter = AuditFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { ...(await loadAuditPage(db, user, filter)), filter, ownScope: user.scopeCode };
}

export default function AuditPage() {
  const { entries, total, page, pageCount, filter, ownScope } = useLoaderData<typeof loader>();
  const location = useLocation();
  const exportParams = new URLSearchParams(location.search);
  exportParams.delete("page");
  return (
    <>
      <h1>账号审计日志</h1>
      <Form method="get" className="panel form-grid" role="search" aria-label="筛选审计日志">
        <div className="field">
          <label htmlFor="who">操作人（用户名或姓名）</label>
          <input id="who" name="who" defaultValue={filter.who ?? ""} />
        </div>
        <OptionSelectField name="what" label="操作" options={ACCOUNT_ACTION_FILTERS} emptyLabel="全部" defaultValue={filter.what} />
        <div className="field">
          <label htmlFor="from">起始日期</label>
          <input id="from" name="from" type="date" defaultValue={filter.from ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="to">截止日期</label>
          <input id="to" name="to" type="date" defaultValue={filter.to ?? ""} />
        </div>
        <div className="field">
          <label htmlFor="scope">范围代码</label>
          <input id="scope" name="scope" inputMode="numeric" defaultValue={filter.scope ?? ""} placeholder={ownScope ?? "全市"} aria-describedby="scope-hint" />
          <p id="scope-hint" className="muted">
            区、街道或社区代码；{ownScope ? `只能在 ${ownScope} 之内` : "留空为全市"}
          </p>
        </div>
        <FilterButton />
      </Form>
      <p>
        <a href={`/admin/audit/export.xlsx?${exportParams.toString()}`} className="button button--secondary">
          导出 XLSX（按当前筛选）
        </a>
      </p>
      <AuditTable entries={entries} caption={`共 ${total} 条记录`} withTarget />
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
