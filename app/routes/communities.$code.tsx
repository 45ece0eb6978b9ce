import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { STAGE_LABELS } from "../../workflows/glossary";
import { Breadcrumbs } from "../components/breadcrumbs";
import { RouteErrorBoundary } from "../components/route-error";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";
import { returnedListNotice } from "../lib/gap-list-pages.server";
import { can } from "../../workflows/permissions";
import { requireCommunity } from "../lib/places.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.community.name} · 社区嵌入式服务设施` : "社区 · 社区嵌入式服务设施" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const cycle = await findCurrentCycle(db, community.code);
  // The worker sees the street's returned comments on arrival, on every tab.
  const isWorker = can(user, "edit:gaplist", { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code });
  return {
    community: { code: community.code, name: community.name, kind: community.kind },
    stage: cycle?.stage ?? null,
    returnedList: isWorker ? await returnedListNotice(db, community.code) : null,
    crumbs: placeCrumbs(user, { district: community.district, street: community.street, community }),
  };
}

const TABS = [
  { to: "", label: "概况与设施", end: true },
  { to: "cycle", label: "体检流程", end: false },
  { to: "surveys", label: "需求调查", end: false },
  { to: "evaluation", label: "评估", end: false },
  { to: "gaplist", label: "查漏补缺清单", end: false },
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
        <p className="muted">
          体检流程：<Link to={`/communities/${community.code}/cycle`}>{STAGE_LABELS[stage]}</Link>
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
