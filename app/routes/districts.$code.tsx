import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "../components/breadcrumbs";
import { PlaceDashboard } from "../components/place-dashboard";
import { RouteErrorBoundary } from "../components/route-error";
import { placeCrumbs } from "../lib/crumbs";
import { buildDashboard, cycleYears, yearFrom } from "../lib/dashboard.server";
import { db } from "../lib/db.server";
import { keywordsOfPlace } from "../lib/comment-keywords.server";
import { requireDistrict } from "../lib/places.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.district.name ?? "区"}驾驶舱 · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, district } = await requireDistrict(request, params.code, "view:dashboard");
  const year = yearFrom(new URL(request.url));
  const [dashboard, years, keywords] = await Promise.all([
    buildDashboard(db, { level: "district", code: district.code }, year),
    cycleYears(db),
    keywordsOfPlace(db, { level: "district", code: district.code }),
  ]);
  return { district, dashboard, years, keywords, crumbs: placeCrumbs(user, { district }) };
}

export default function DistrictDashboard() {
  const { district, dashboard, years, keywords, crumbs } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <div className="panel__head">
        <h1>{district.name} · 数字驾驶舱</h1>
        <p className="link-row">
          <Link to={`/map?district=${district.code}`}>治理地图</Link> <Link to={`/trends/${district.code}`}>调查趋势</Link>
        </p>
      </div>
      <PlaceDashboard scope={`district:${district.code}`} dashboard={dashboard} years={years} keywords={{ keywords, scopeLabel: "全区" }} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
