import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { z } from "zod";
import { DEVELOPMENT_TYPE_LABELS, DOMAIN_LABELS, DOMAINS, STAGE_LABELS, STAGES } from "../../workflows/glossary";
import { Breadcrumbs } from "../components/breadcrumbs";
import { DemoBadge } from "../components/demo-badge";
import { Pagination } from "../components/pagination";
import { OptionSelectField, placeOptions } from "../components/option-select";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { requireUser } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { loadCommunityListPage } from "../lib/place-pages.server";

export const meta: MetaFunction = () => [{ title: "社区列表 · 社区嵌入式服务设施" }];

const FilterSchema = z.object({
  q: z.string().trim().max(40).optional().catch(undefined),
  district: z.string().regex(/^\d{6}$/).optional().catch(undefined),
  street: z.string().regex(/^\d{9}$/).optional().catch(undefined),
  pilot: z.enum(["1", "0"]).optional().catch(undefined),
  type: z.enum(["new", "existing"]).optional().catch(undefined),
  stage: z.enum(STAGES).optional().catch(undefined),
  overdue: z.literal("1").optional().catch(undefined),
  gap: z.enum(DOMAINS).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const filters = FilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return loadCommunityListPage(db, user, filters);
}

export default function CommunityList() {
  const { filters, rows, total, page, pageCount, districts, streets, crumbs } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const submit = useSubmit();
  const searching = navigation.state === "loading" && navigation.location.pathname === "/communities";
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>社区列表</h1>
      <Form method="get" className="filters" role="search" aria-label="筛选社区" onChange={(e) => submit(e.currentTarget)}>
        <div className="field">
          <label htmlFor="q">搜索</label>
          <input id="q" name="q" type="search" defaultValue={filters.q ?? ""} placeholder="社区名称、代码或街道" />
        </div>
        {districts.length ? <OptionSelectField name="district" label="区" options={placeOptions(districts)} emptyLabel="全部区" defaultValue={filters.district} /> : null}
        {streets.length ? <OptionSelectField name="street" label="街道/乡镇" options={placeOptions(streets)} emptyLabel="全部街道/乡镇" defaultValue={filters.street} /> : null}
        <div className="field">
          <label htmlFor="pilot">试点</label>
          <select id="pilot" name="pilot" defaultValue={filters.pilot ?? ""}>
            <option value="">全部</option>
            <option value="1">试点社区</option>
            <option value="0">非试点</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="type">类型</label>
          <select id="type" name="type" defaultValue={filters.type ?? ""}>
            <option value="">全部</option>
            <option value="existing">既有</option>
            <option value="new">新建</option>
          </select>
        </div>
        {filters.stage ? <input type="hidden" name="stage" value={filters.stage} /> : null}
        {filters.overdue ? <input type="hidden" name="overdue" value="1" /> : null}
        {filters.gap ? <input type="hidden" name="gap" value={filters.gap} /> : null}
        <button type="submit" className="button">
          筛选
        </button>
      </Form>
      {filters.stage || filters.gap ? (
        <p className="filter-chips">
          {filters.stage ? <span className="badge">阶段：{STAGE_LABELS[filters.stage]}{filters.overdue ? "（超期）" : ""}</span> : null}
          {filters.gap ? <span className="badge">短板：{DOMAIN_LABELS[filters.gap]}（缺失或不足）</span> : null}
          <Link to="/communities">清除这些条件</Link>
        </p>
      ) : null}
      <p aria-live="polite" className="muted">
        {searching ? "正在查询…" : `共 ${total} 个社区/村`}
      </p>
      <Table
        caption="社区/村列表"
        captionHidden
        rows={rows}
        rowKey={(row) => row.code}
        columns={[
          { header: "名称", rowHeader: true, cell: (row) => <Link to={`/communities/${row.code}`}>{row.name}</Link> },
          { header: "代码", tone: () => "mono", cell: (row) => row.code },
          { header: "区 · 街道", cell: (row) => `${row.districtName} · ${row.streetName}` },
          {
            header: "户数",
            numeric: true,
            cell: (row) => (
              <>
                {row.households.toLocaleString("zh-CN")}
                {row.isDemoData ? <span className="demo-mark" title="演示数据">*</span> : null}
              </>
            ),
          },
          { header: "类型", cell: (row) => DEVELOPMENT_TYPE_LABELS[row.developmentType === "new" ? "new" : "existing"] },
          { header: "试点", cell: (row) => (row.isPilot ? "试点" : "—") },
          { header: "共同体", cell: (row) => (row.hasHub ? "有" : "—") },
        ]}
      />
      {rows.some((r) => r.isDemoData) ? (
        <p className="muted">
          <span className="demo-mark">*</span> 户数为 <DemoBadge />，导入真实数据后替换。
        </p>
      ) : null}
      <Pagination page={page} pageCount={pageCount} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
