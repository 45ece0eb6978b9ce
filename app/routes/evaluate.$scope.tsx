// Batch evaluation of a street, a district or the city, with progress (/evaluate/<code|city>).
import { failed, invalidForm, notFound } from "../lib/http.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { Breadcrumbs } from "../components/breadcrumbs";
import { CsrfField } from "../components/csrf-field";
import { RouteErrorBoundary } from "../components/route-error";
import { useRevalidateWhile } from "../components/use-revalidate-while";
import { Table } from "../components/table";
import { ActionMessage } from "../components/action-message";
import { requirePermission } from "../lib/auth.server";
import { resolveScope, resumeBatchEvaluation, runInBackground, scopeKey, startBatchEvaluation } from "../lib/batch-evaluation.server";
import { db } from "../lib/db.server";
import { loadBatchEvaluationPage } from "../lib/evaluation-pages.server";
import { formatDateTime } from "../lib/format";

import evaluationStyles from "../styles/evaluation.css";
import { formToObject } from "../validation/form";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `批量评估 · ${data?.scope.name ?? ""} · 社区嵌入式服务设施` }];

async function scopeOf(raw: string | undefined) {
  const scope = await resolveScope(db, raw);
  if (!scope) throw notFound("找不到该街道、区或范围。");
  return scope;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const scope = await scopeOf(params.scope);
  const user = await requirePermission(request, "run:evaluation", scope.place);
  return loadBatchEvaluationPage(db, user, scope);
}

const BatchSchema = z.object({ intent: z.enum(["start", "resume"], { error: "请求有误，请刷新页面后重试。" }) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const scope = await scopeOf(params.scope);
  const form = await request.formData();
  // Out of scope is refused as the page is, before the form is looked at.
  const user = await requirePermission(request, "run:evaluation", scope.place, { form, clientIp: context.clientIp });
  const parsed = BatchSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, {}, parsed.error.issues[0].message);
  const change = { actor: user, ip: context.clientIp };
  const outcome = parsed.data.intent === "start" ? await startBatchEvaluation(db, change, { scope }) : await resumeBatchEvaluation(db, change, { scope });
  if (!outcome.ok) return failed(outcome);
  runInBackground(db, outcome.jobId);
  return redirect(`/evaluate/${scopeKey(scope)}`);
}

export default function BatchEvaluationPage() {
  const { scope, counts, jobs, stalled, parts, crumbs } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const current = jobs[0];
  const running = current?.status === "running";

  useRevalidateWhile(running);

  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>批量评估 · {scope.name}</h1>
      <Section id="start-heading" title={<>评估{scope.name}的全部社区/村</>}>
        <p>
          范围内共 <strong>{counts.communities}</strong> 个社区/村，其中 <strong>{counts.evaluating}</strong> 个处于“评估”阶段。
          批量评估会为处于“评估”阶段的社区各保存一个新的评估版本；其他社区不在“评估”阶段，其评估已锁定或尚未开始，只计为“跳过”，不会保存。
        </p>
        <ActionMessage result={result} />
        <Form method="post">
          <CsrfField />
          <button type="submit" name="intent" value="start" className="button" disabled={running || navigation.state === "submitting"}>
            {running ? "正在评估…" : "开始批量评估"}
          </button>
          {stalled ? (
            <>
              {" "}
              <button type="submit" name="intent" value="resume" className="button button--secondary" disabled={navigation.state === "submitting"}>
                继续批量评估
              </button>
              <span className="muted"> 上次的批量评估停在 {current.done} / {current.total}（服务器曾重启），可从中断处继续。</span>
            </>
          ) : null}
        </Form>
        {parts.length ? (
          <details>
            <summary>{scope.type === "city" ? "只评估某个区" : "只评估某个街道/乡镇"}</summary>
            <ul className="stage-counts">
              {parts.map((p) => (
                <li key={p.code}>
                  <Link to={`/evaluate/${p.code}`}>{p.name}</Link>
                </li>
              ))}
            </ul>
          </details>
        ) : null}
      </Section>

      <Section id="progress-heading" title="进度">
        {current ? <JobProgress job={current} /> : <p className="empty">尚未运行过批量评估。</p>}
      </Section>

      {jobs.length > 1 ? (
        <Table
          caption="最近的批量评估"
          rows={jobs}
          rowKey={(j) => j.id}
          columns={[
            { header: "开始时间", rowHeader: true, cell: (j) => formatDateTime(j.createdAt) },
            { header: "发起人", cell: (j) => j.startedByName ?? "命令行" },
            { header: "状态", cell: (j) => JOB_STATUS_LABELS[j.status] },
            { header: "已处理", numeric: true, cell: (j) => `${j.done} / ${j.total}` },
            { header: "已保存", numeric: true, cell: (j) => j.saved },
            { header: "跳过", numeric: true, cell: (j) => j.skipped },
          ]}
        />
      ) : null}
    </>
  );
}

const JOB_STATUS_LABELS = { running: "进行中", done: "完成", failed: "中断" } as const;

function JobProgress({ job }: { job: { status: "running" | "done" | "failed"; done: number; total: number; saved: number; skipped: number; error: string | null; createdAt: string; finishedAt: string | null; startedByName: string | null } }) {
  const percent = job.total ? Math.round((job.done / job.total) * 100) : 100;
  return (
    <div role="status" aria-live="polite">
      <p>
        状态：<strong>{JOB_STATUS_LABELS[job.status]}</strong> · 已评估 {job.done} / {job.total} 个社区（{percent}%）
      </p>
      <progress className="batch-progress" max={job.total || 1} value={job.done} aria-label="批量评估进度">
        {percent}%
      </progress>
      <p>
        已保存评估 <strong>{job.saved}</strong> 个；不在“评估”阶段、跳过 <strong>{job.skipped}</strong> 个。
        <span className="muted">
          {" "}
          {formatDateTime(job.createdAt)} 由 {job.startedByName ?? "命令行"} 发起
          {job.finishedAt ? `，${formatDateTime(job.finishedAt)} 结束` : ""}。
        </span>
      </p>
      {job.error ? <p className="form-error">{job.error}</p> : null}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
