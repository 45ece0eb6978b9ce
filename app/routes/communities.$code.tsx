import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { STAGE_LABELS } from "../../workflows/glossary";
import { Breadcrumbs } from "../components/breadcrumbs";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { loadCommunityLayout } from "../lib/place-pages.server";
import { requireCommunity } from "../lib/places.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.community.name} · 社区嵌入式服务设施` : "社区 · 社区嵌入式服务设施" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  return loadCommunityLayout(db, user, community);
}

const TABS = [
  { to: "", label: "概况与设施", end: true },
  { to: "cycle", label: "体检流程", end: false },
  { to: "surveys", label: "需求调查", end: false },
  { to: "evaluation", label: "评估", end: false },
  { to: "gaplist", label: "查漏补缺清单", end: false },
  { to: "spaces", label: "存量空间", end: false },
  { to: "projects", label: "建设项目", end: false },
  { to: "operations", label: "运营反馈", end: false },
];

export default function CommunityLayout() {
  const { community, stage, crumbs, returnedList } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{community.name}</h1>
      {stage ? (
        <p className="stage-line">
          <span className="badge badge--stage">体检阶段：{STAGE_LABELS[stage]}</span>{" "}
          <Link to={`/communities/${community.code}/cycle`}>查看体检流程</Link>
        </p>
      ) : null}
      {returnedList ? (
        <div className="notice" role="note" aria-label="街道已退回查漏补缺清单">
          <strong>街道已退回查漏补缺清单：</strong>
          <span style={{ whiteSpace: "pre-line" }}>{returnedList.comment}</span>{" "}
          <Link to={`/communities/${community.code}/gaplist`}>去修改清单</Link>
        </div>
      ) : null}
      <nav aria-label="社区页面" className="tabs">
        <ul>
          {TABS.map((tab) => (
            <li key={tab.to}>
              <NavLink to={`/communities/${community.code}${tab.to ? "/" + tab.to : ""}`} end={tab.end}>
                {tab.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
