// A street's construction projects (四(三) 项目清单跟踪监测): every open round's projects on one
// timeline, by community, and the milestones overdue.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { STAGE_LABELS } from "../../workflows/glossary";
import { PlacePageHead } from "../components/place-page-head";
import { DemoBadge } from "../components/demo-badge";
import { Gantt, projectGanttRows } from "../components/gantt";
import { OverdueTable } from "../components/overdue-table";
import { RouteErrorBoundary } from "../components/route-error";
import { placeCrumbs } from "../lib/crumbs";
import { todayInHangzhou } from "../../db/clock";
import { db } from "../lib/db.server";
import { requireStreet } from "../lib/places.server";
import { listOverdueMilestones, loadStreetProjects } from "../lib/project-pages.server";
import projectStyles from "../styles/projects.css";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.street.name ?? "街道"} 建设项目 · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, street } = await requireStreet(request, params.code, "view:place");
  const today = todayInHangzhou();
  const [communities, overdue] = await Promise.all([loadStreetProjects(db, street.code, today), listOverdueMilestones(db, { level: "street", code: street.code }, today)]);
  return {
    street,
    today,
    communities,
    overdue,
    crumbs: placeCrumbs(user, { district: street.district, street }, [{ label: "建设项目" }]),
  };
}

export default function StreetProjectsPage() {
  const { street, today, communities, overdue, crumbs } = useLoaderData<typeof loader>();
  const rows = communities.flatMap((c) =>
    projectGanttRows(c.code, c.projects, { key: c.code, label: `${c.name}（${STAGE_LABELS[c.stage]}）`, href: `/communities/${c.code}/projects` }),
  );
  const projects = communities.reduce((sum, c) => sum + c.projects.length, 0);
  const demo = communities.some((c) => c.projects.some((p) => p.isDemoData));
  return (
    <>
      <PlacePageHead crumbs={crumbs} title={`${street.name} · 建设项目`} page={{ level: "street", code: street.code, path: "/projects" }} />
      <ul className="counts" aria-label="概况">
        <li>有在建项目的社区 {communities.length} 个</li>
        <li>项目 {projects} 个</li>
        <li className={overdue.length ? "overdue" : undefined}>逾期节点 {overdue.length} 个</li>
      </ul>
      <Section id="overdue-heading" title={<>逾期节点 <DemoBadge show={overdue.some((o) => o.isDemoData)} /></>}>
        <OverdueTable rows={overdue} showStreet={false} caption={`${street.name}：计划日期已过、尚未完成的节点（截至 ${today}）`} />
      </Section>
      <Section id="timeline-heading" title={<>进度时间轴 <DemoBadge show={demo} /></>}>
        {rows.length ? <Gantt rows={rows} today={today} caption={`${street.name}：各社区本轮建设项目（计划与实际）`} /> : <p className="empty">本街道目前没有在建项目。</p>}
      </Section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
