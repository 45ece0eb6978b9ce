import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { summariseAreas } from "../../db/repositories/places";
import { AreaTable } from "../components/area-table";
import { Breadcrumbs } from "../components/breadcrumbs";
import { RouteErrorBoundary } from "../components/route-error";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";
import { requireDistrict } from "../lib/places.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.district.name ?? "区"} · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, district } = await requireDistrict(request, params.code, "view:place");
  return {
    district,
    streets: await summariseAreas(db, "street", district.code),
    crumbs: placeCrumbs(user, { district }),
  };
}

export default function DistrictPage() {
  const { district, streets, crumbs } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{district.name}</h1>
      <AreaTable rows={streets} caption="各街道/乡镇概况" hrefFor={(code) => `/streets/${code}`} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
