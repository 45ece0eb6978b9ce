// 交叉分析: any choice, rating or yes/no question of a survey by any other, with counts, row
// percentages, the chi-square test and a chart; XLSX export. Verified answers by default.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useNavigation } from "@remix-run/react";
import { ChiSquareSummary, CrossTabChart, CrossTabTables } from "../components/crosstab-view";
import { RouteErrorBoundary } from "../components/route-error";
import { UnverifiedSwitch } from "../components/unverified-switch";
import { loadCrossTabPage } from "../lib/crosstab-pages.server";
import { db } from "../lib/db.server";
import { requireCommunitySurvey } from "../lib/survey-access.server";
import toolStyles from "../styles/survey-tools.css";
import { crossTabQuery } from "../validation/crosstab";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: toolStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `交叉分析 · ${data?.survey.title ?? "问卷"} · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, survey } = await requireCommunitySurvey(request, params, "view:survey_results");
  const chosen = crossTabQuery(new URL(request.url).searchParams);
  return {
    community: { code: community.code },
    survey: { id: survey.id, title: survey.title },
    page: await loadCrossTabPage(db, survey, chosen),
  };
}

export default function CrossTabPage() {
  const { community, survey, page } = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const base = `/communities/${community.code}/surveys/${survey.id}`;
  const { chosen, result } = page;
  const query = new URLSearchParams({ row: chosen.row ?? "", column: chosen.column ?? "", ...(chosen.includeOpenLink ? { includeOpenLink: "1" } : {}) });
  const sameQuestion = chosen.row !== null && chosen.row === chosen.column;
  return (
    <>
      <p>
        <Link to={`${base}/results`}>← 返回调查结果</Link>
      </p>
      <Section id="crosstab-heading" title={<>交叉分析 · {survey.title}</>}>
        <p className="muted">选两个题目（单选、多选、评分、是否题，或矩阵题的一行），看一个题的回答在另一个题的各选项中如何分布，例如“有 80 岁以上老人的家庭”对“助餐”的需要。</p>
        <Form method="get" className="form-grid" aria-busy={navigation.state === "loading"}>
          <QuestionSelect label="行（分组）" name="row" chosen={chosen.row} questions={page.questions} />
          <QuestionSelect label="列（比较）" name="column" chosen={chosen.column} questions={page.questions} />
          <UnverifiedSwitch name="includeOpenLink" checked={chosen.includeOpenLink} />
          <button type="submit">{navigation.state === "loading" ? "正在计算…" : "生成交叉表"}</button>
        </Form>
        {sameQuestion ? (
          <p className="form-error" role="alert">
            行和列请选择两个不同的题目。
          </p>
        ) : null}
      </Section>
      <section className="panel" aria-labelledby="crosstab-result-heading" aria-live="polite">
        <h2 id="crosstab-result-heading">交叉表</h2>
        {result ? (
          <>
            <p className="muted">
              {chosen.includeOpenLink ? "含未核验答卷（公开链接答卷和无户码的纸质问卷）。" : "仅统计已核验答卷（凭户码在线填写、有户码的纸质问卷、入户协助）。"}
              {result.truncated ? "答卷过多，只统计了前 20,000 份。" : ""}
            </p>
            <p className="link-row">
              <a href={`${base}/crosstab.xlsx?${query.toString()}`} download>
                导出交叉表（XLSX）
              </a>
            </p>
            <ChiSquareSummary table={result.table} />
            <CrossTabChart table={result.table} label={`“${result.rowTitle}”各组中“${result.columnTitle}”的占比堆叠条形图；数据见表格`} />
            <CrossTabTables table={result.table} rowTitle={result.rowTitle} columnTitle={result.columnTitle} />
          </>
        ) : (
          <p className="empty">请选择行和列两个题目。</p>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;

/** One of the two questions to cross (the row's and the column's lists are the same). */
function QuestionSelect({ label, name, chosen, questions }: { label: string; name: string; chosen: string | undefined | null; questions: readonly { name: string; title: string; multiple: boolean }[] }) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={chosen ?? ""} required>
        <option value="">请选择题目</option>
        {questions.map((q) => (
          <option key={q.name} value={q.name}>
            {q.title}
            {q.multiple ? "（多选）" : ""}
          </option>
        ))}
      </select>
    </label>
  );
}
