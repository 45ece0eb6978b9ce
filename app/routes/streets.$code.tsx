import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listCommunities } from "../../db/repositories/places";
import { DEVELOPMENT_TYPE_LABELS } from "../../workflows/glossary";
import { Breadcrumbs } from "../components/breadcrumbs";
import { RouteErrorBoundary } from "../components/route-error";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";
import { requireStreet } from "../lib/places.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.street.name ?? "街道"} · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, street } = await requireStreet(request, params.code, "view:place");
  const { rows } = await listCommunities(db, { streetCode: street.code, page: 1, pageSize: 500 });
  return { street, communities: rows, crumbs: placeCrumbs(user, { district: street.district, street }) };
}

export default function StreetPage() {
  const { street, communities, crumbs } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>{street.name}</h1>
      <div className="table-wrap">
        <table>
          <caption>本街道的社区/村（{communities.length} 个）</caption>
          <thead>
            <tr>
              <th scope="col">名称</th>
              <th scope="col" className="num">户数</th>
              <th scope="col">类型</th>
              <th scope="col">试点</th>
              <th scope="col">共同体</th>
            </tr>
          </thead>
          <tbody>
            {communities.map((c) => (
              <tr key={c.code}>
                <th scope="row">
                  <Link to={`/communities/${c.code}`}>{c.name}</Link>
                </th>
                <td className="num">{c.households.toLocaleString("zh-CN")}</td>
                <td>{DEVELOPMENT_TYPE_LABELS[c.developmentType === "new" ? "new" : "existing"]}</td>
                <td>{c.isPilot ? "试点" : "—"}</td>
                <td>{c.hasHub ? "有" : "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
