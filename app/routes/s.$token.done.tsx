import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { notFound } from "../lib/http.server";
import { loadSurveyDonePage } from "../lib/survey-pages.server";
import residentStyles from "../styles/resident.css";

export const handle = { resident: true };
export const links: LinksFunction = () => [{ rel: "stylesheet", href: residentStyles }];
export const meta: MetaFunction = () => [{ title: "提交成功 · 居民需求调查" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const page = params.token ? await loadSurveyDonePage(db, params.token) : null;
  if (!page) throw notFound("找不到这份问卷。");
  return page;
}

export default function SurveyDone() {
  const { title, communityName, kind } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const receipt = params.get("r");
  const verified = params.get("v");
  return (
    <main className="resident" id="main">
      <header className="resident-header">
        <p className="resident-community">{communityName}</p>
        <h1>提交成功，谢谢您！</h1>
      </header>
      <section className="resident-card" aria-labelledby="receipt-heading">
        <h2 id="receipt-heading">您的回执</h2>
        <p>问卷：{title}</p>
        {receipt ? (
          <p>
            回执号：<strong className="resident-receipt">{receipt}</strong>
          </p>
        ) : null}
        {verified !== null ? (
          <p>
            核验：<strong>{verified === "1" ? "已核验（凭户码，计入本社区统计）" : "未核验（没有户码，单独统计）"}</strong>
          </p>
        ) : null}
        <p className="resident-help">如对提交有疑问，可凭回执号向社区询问。回执号与您的户码无关，社区看不到谁填了什么。</p>
      </section>
      <section className="resident-card" aria-labelledby="next-heading">
        <h2 id="next-heading">接下来会发生什么</h2>
        {kind === "needs" ? (
          <ol className="resident-loop">
            <li>
              <strong>调查</strong>：社区汇总全体居民的意见，统计各类服务的需求。
            </li>
            <li>
              <strong>评估</strong>：对照杭州市的建设标准，查找本社区养老托育、助餐、家政、健康、健身、文化、儿童游憩等设施的短板。
            </li>
            <li>
              <strong>提升</strong>：形成“查漏补缺”设施清单，报街道审核后纳入建设计划，优先解决老人和幼儿的急需。
            </li>
            <li>
              <strong>反馈</strong>：设施建成开放后，社区会再请您评价，好的坚持，不好的调整。
            </li>
          </ol>
        ) : (
          <p>您的评价会用于设施的运营评估：使用少、评价差的服务会被调整。</p>
        )}
      </section>
    </main>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
