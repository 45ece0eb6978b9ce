import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { STAGE_LABELS } from "../../workflows/glossary";
import { Breadcrumbs } from "../components/breadcrumbs";
import { RouteErrorBoundary } from "../components/route-error";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";
import { requireCommunity } from "../lib/places.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.community.name} · 社区嵌入式服务设施` : "社区 · 社区嵌入式服务设施" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const cycle = await findCurrentCycle(db, community.code);
  return {
    community: { code: community.code, name: community.name, kind: community.kind },
    stage: cycle?.stage ?? null,
    crumbs: placeCrumbs(user, { district: community.district, street: community.street, community }),
  };
}

const TABS = [
  { to: "", label: "概况与设施", end: true },
  { to: "cycle", label: "体检流程", end: false },
];

export default function CommunityLayout() {
  const { community, stage, crumbs } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{community.name}</h1>
      {stage ? (
        <p className="muted">
          体检流程：<Link to={`/communities/${community.code}/cycle`}>{STAGE_LABELS[stage]}</Link>
        </p>
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
