import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "../components/breadcrumbs";
import { RouteErrorBoundary } from "../components/route-error";
import { placeCrumbs } from "../lib/crumbs";
import { requireCommunity } from "../lib/places.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.community.name} · 社区嵌入式服务设施` : "社区 · 社区嵌入式服务设施" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  return {
    community: { code: community.code, name: community.name, kind: community.kind },
    crumbs: placeCrumbs(user, community),
  };
}

const TABS = [{ to: "", label: "概况与设施", end: true }];

export default function CommunityLayout() {
  const { community, crumbs } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{community.name}</h1>
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
