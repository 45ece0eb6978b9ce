import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { summariseAreas } from "../../db/repositories/places";
import { AreaTable } from "../components/area-table";
import { Breadcrumbs } from "../components/breadcrumbs";
import { RouteErrorBoundary } from "../components/route-error";
import { requirePermission } from "../lib/auth.server";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";

export const meta: MetaFunction = () => [{ title: "全市 · 社区嵌入式服务设施" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "view:dashboard", {});
  return { districts: await summariseAreas(db, "district"), crumbs: placeCrumbs(user, {}) };
}

export default function CityPage() {
  const { districts, crumbs } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>杭州市区</h1>
      <AreaTable rows={districts} caption="各区社区/村概况" hrefFor={(code) => `/districts/${code}`} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
