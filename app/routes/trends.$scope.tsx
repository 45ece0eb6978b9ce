// 趋势 for a community, a street or a district (/trends/<code>): one question of the needs
// survey across rounds, as a chart and a table. A GET form, so a chosen question can be shared.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { DemoBadge } from "../components/demo-badge";
import { RouteErrorBoundary } from "../components/route-error";
import { UnverifiedSwitch } from "../components/unverified-switch";
import { TrendChart, TrendTable } from "../components/trend-view";
import { requirePermission } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { notFound } from "../lib/http.server";
import { resolveSitingScope } from "../lib/siting-pages.server";
import { loadTrendPage } from "../lib/trend-pages.server";
import { trendQuery } from "../validation/trends";
import { Section } from "../components/section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `趋势 · ${data?.scope.name ?? ""} · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const scope = await resolveSitingScope(db, params.scope);
  if (!scope) throw notFound("找不到该社区、街道或区。");
  await requirePermission(request, "view:survey_results", scope.place);
  const page = await loadTrendPage(db, { level: scope.level, code: scope.code }, trendQuery(new URL(request.url).searchParams));
  return { scope: { level: scope.level, code: scope.code, name: scope.name }, page };
}

const HOME: Record<"community" | "street" | "district", string> = { community: "communities", street: "streets", district: "districts" };

export default function TrendsPage() {
  const { scope, page } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const { chosen, result, rounds } = page;
  const byYear = scope.level !== "community";
  return (
    <>
      <p>
        <Link to={`/${HOME[scope.level]}/${scope.code}`}>← 返回{scope.name}</Link>
      </p>
      <h1>
        趋势：{scope.name} <DemoBadge show={page.isDemoData} />
      </h1>
      <Section id="trend-form-heading" title="选择题目">
        <p className="muted">
          同一题目（按题目名称识别）在各{byYear ? "年" : "轮"}需求调查中的结果
          {byYear ? "，由本范围各社区的调查结果相加" : ""}。只列出至少两{byYear ? "年" : "轮"}都调查过的单选、多选、评分、是否题和矩阵题的行。
        </p>
        {page.questions.length ? null : (
          <p className="empty">{rounds.length < 2 ? `需求调查有结果的${byYear ? "年份" : "轮次"}不足两个，暂无趋势可看。` : "没有在两轮及以上都调查过的题目。"}
            {chosen.includeUnverified ? "" : "（目前只统计已核验答卷。）"}
          </p>
        )}
        <Form method="get" className="form-grid" aria-busy={navigation.state === "loading"}>
          {page.questions.length ? (
            <div className="field field--wide">
              <label htmlFor="trend-question">题目</label>
              <select id="trend-question" name="question" defaultValue={chosen.question ?? ""} required>
                <option value="">请选择题目</option>
                {page.questions.map((q) => (
                  <option key={q.name} value={q.name}>
                    {q.title}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <UnverifiedSwitch name="includeUnverified" checked={chosen.includeUnverified} />
          <button type="submit">{navigation.state === "loading" ? "正在计算…" : "查看趋势"}</button>
        </Form>
      </Section>
      <section className="panel" aria-labelledby="trend-result-heading" aria-live="polite">
        <h2 id="trend-result-heading">{result ? result.question.title : "趋势"}</h2>
        {result ? (
          <>
            <p className="muted">
              {chosen.includeUnverified ? "含未核验答卷（公开链接答卷和无户码的纸质问卷）。" : "仅统计已核验答卷（凭户码在线填写、有户码的纸质问卷、入户协助）。"}
              {result.question.kind === "rating" ? "图为各轮平均分，表中为各分值的户数和占比。" : "图为各选项占回答本题户数的百分比。"}
            </p>
            <TrendChart
              question={result.question}
              rounds={rounds}
              points={result.points}
              label={`“${result.question.title}”各${byYear ? "年" : "轮"}${result.question.kind === "rating" ? "平均分柱状图" : "各选项占比折线图"}；数据见下表`}
            />
            <TrendTable question={result.question} rounds={rounds} points={result.points} byYear={byYear} />
          </>
        ) : (
          <p className="empty">{page.questions.length ? "请选择一个题目。" : "暂无数据。"}</p>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
