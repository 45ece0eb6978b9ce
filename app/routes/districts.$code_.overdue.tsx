// A district's overdue project milestones (四(三) 跟踪监测), by street, most overdue first.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { PlacePageHead } from "../components/place-page-head";
import { DemoBadge } from "../components/demo-badge";
import { OverdueTable } from "../components/overdue-table";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { placeCrumbs } from "../lib/crumbs";
import { todayInHangzhou } from "../../db/clock";
import { db } from "../lib/db.server";
import { requireDistrict } from "../lib/places.server";
import { loadDistrictOverdue } from "../lib/project-pages.server";
import projectStyles from "../styles/projects.css";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.district.name ?? "区"} 逾期节点 · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, district } = await requireDistrict(request, params.code, "view:place");
  const today = todayInHangzhou();
  const { rows, streets } = await loadDistrictOverdue(db, district.code, today);
  return {
    district,
    today,
    rows,
    streets,
    crumbs: placeCrumbs(user, { district }, [{ label: "逾期节点" }]),
  };
}

export default function DistrictOverduePage() {
  const { district, today, rows, streets, crumbs } = useLoaderData<typeof loader>();
  return (
    <>
      <PlacePageHead crumbs={crumbs} title={`${district.name} · 逾期节点`} page={{ level: "district", code: district.code, path: "/overdue" }} />
      <Section id="streets-heading" title={<>各街道逾期情况 <DemoBadge show={rows.some((r) => r.isDemoData)} /></>}>
        <Table
          caption={`截至 ${today}，按逾期节点数排列`}
          rows={streets}
          rowKey={(s) => s.code}
          empty="本区没有逾期的节点。"
          columns={[
            { header: "街道", rowHeader: true, cell: (s) => <Link to={`/streets/${s.code}/projects`}>{s.name}</Link> },
            { header: "逾期节点", numeric: true, tone: () => "overdue", cell: (s) => s.milestones },
            { header: "涉及项目", numeric: true, cell: (s) => s.projects },
          ]}
        />
      </Section>
      <Section id="list-heading" title="逾期节点明细">
        <OverdueTable rows={rows} showStreet caption={`${district.name}：计划日期已过、尚未完成的节点，逾期最久的在前`} />
      </Section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
