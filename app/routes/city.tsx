import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "../components/breadcrumbs";
import { PlaceDashboard } from "../components/place-dashboard";
import { RouteErrorBoundary } from "../components/route-error";
import { requirePermission } from "../lib/auth.server";
import { placeCrumbs } from "../lib/crumbs";
import { buildDashboard, cycleYears, yearFrom } from "../lib/dashboard.server";
import { db } from "../lib/db.server";

export const meta: MetaFunction = () => [{ title: "全市驾驶舱 · 社区嵌入式服务设施" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "view:dashboard", {});
  const year = yearFrom(new URL(request.url));
  const [dashboard, years] = await Promise.all([buildDashboard(db, { level: "city" }, year), cycleYears(db)]);
  return { dashboard, years, crumbs: placeCrumbs(user, {}) };
}

export default function CityDashboard() {
  const { dashboard, years, crumbs } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <div className="panel__head">
        <h1>杭州市区 · 数字驾驶舱</h1>
        <Link to="/map">公共服务空间治理地图</Link>
      </div>
      <PlaceDashboard scope="city" dashboard={dashboard} years={years} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
