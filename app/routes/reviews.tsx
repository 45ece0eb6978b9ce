import { forbidden } from "../lib/http.server";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumbs } from "../components/breadcrumbs";
import { DemoBadge } from "../components/demo-badge";
import { RouteErrorBoundary } from "../components/route-error";
import { requireUser } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { formatDate } from "../lib/format";
import { loadReviewQueuePage } from "../lib/place-pages.server";

export const meta: MetaFunction = () => [{ title: "待我审核 · 社区嵌入式服务设施" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  if (user.role !== "street_reviewer" || !user.scopeCode) throw forbidden("只有街道审核员有审核队列。");
  return loadReviewQueuePage(db, { ...user, scopeCode: user.scopeCode });
}

export default function ReviewQueue() {
  const { queue, crumbs } = useLoaderData<typeof loader>();
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>
        待我审核 <span className="count-badge">{queue.length}</span>
      </h1>
      {queue.length === 0 ? (
        <p className="empty">目前没有等待审核的清单。</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption>等待街道审核的社区（等待最久的在前）</caption>
            <thead>
              <tr>
                <th scope="col">社区</th>
                <th scope="col">轮次</th>
                <th scope="col">清单事项</th>
                <th scope="col">提交日期</th>
                <th scope="col" className="num">已等待（天）</th>
              </tr>
            </thead>
            <tbody>
              {queue.map((q) => (
                <tr key={q.communityCode}>
                  <th scope="row">
                    <Link to={q.list && !q.list.noGapReason ? `/communities/${q.communityCode}/gaplist/review` : `/communities/${q.communityCode}/cycle`}>
                      {q.communityName}
                    </Link>{" "}
                    <DemoBadge show={q.isDemoData} />
                  </th>
                  <td>第 {q.round} 轮</td>
                  <td>
                    {q.list
                      ? q.list.noGapReason
                        ? "无需补缺说明"
                        : `${q.list.items} 项，待决定 ${q.list.undecided} 项${q.list.submissions > 1 ? `（第 ${q.list.submissions} 次提交）` : ""}`
                      : "—"}
                  </td>
                  <td>{formatDate(q.stageEnteredAt)}</td>
                  <td className={q.waitingDays > 14 ? "num overdue" : "num"}>{q.waitingDays}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
