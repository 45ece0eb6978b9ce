import { done, failed, invalidForm, notFound } from "../lib/http.server";
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { STAGE_LABELS } from "../../workflows/glossary";
import { CsrfField } from "../components/csrf-field";
import { DemoBadge } from "../components/demo-badge";
import { DiffList, DomainCards, DomainRadar, FindingsTable, SummaryFacts } from "../components/evaluation-report";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { facilityNames, loadEvaluationTab } from "../lib/evaluation-pages.server";
import { previewEvaluation, runEvaluation } from "../lib/evaluations.server";
import { formatDateTime } from "../lib/format";
import { requireCommunity } from "../lib/places.server";
import evaluationStyles from "../styles/evaluation.css";
import { formToObject } from "../validation/form";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationStyles }];

export const meta: MetaFunction = () => [{ title: "评估 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const tab = await loadEvaluationTab(db, user, community, new URL(request.url).searchParams.get("v"));
  if (!tab) throw notFound("找不到该评估版本。");
  return tab;
}

const ActionSchema = z
  .object({
    intent: z.enum(["run", "preview"], { error: "请求有误，请刷新页面后重试。" }),
    includeUnverified: z.literal("on").optional(),
    unverifiedReason: z.string().trim().max(200, "原因请控制在 200 字以内").optional(),
  })
  .refine((f) => !f.includeUnverified || f.intent !== "run" || (f.unverifiedReason ?? "").length >= 4, {
    path: ["unverifiedReason"],
    message: "计入未核验答卷需要写明原因（至少 4 个字），原因会记入操作日志并印在评估报告上。",
  });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form });
  const parsed = ActionSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, { preview: null }, parsed.error.issues[0].message);

  if (parsed.data.intent === "preview") {
    const prepared = await previewEvaluation(db, community.code);
    if (!prepared) throw notFound("找不到该社区/村。");
    return done("试算完成（结果未保存）。", {
      preview: { result: prepared.result, names: facilityNames(prepared.input), respondents: prepared.input.survey?.respondents ?? null, isDemoData: prepared.isDemoData },
    });
  }
  const unverifiedReason = parsed.data.includeUnverified ? (parsed.data.unverifiedReason ?? null) : null;
  const outcome = await runEvaluation(db, { actor: user, ip: context.clientIp }, { communityCode: community.code, unverifiedReason });
  if (!outcome.ok) return failed(outcome, { preview: null });
  return redirect(`/communities/${community.code}/evaluation?v=${outcome.evaluationId}&saved=1`);
}

export default function EvaluationPage() {
  const { community, cycle, canRun, refusal, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const selected = page.selected;
  const preview = actionData?.preview ?? null;
  const justSaved = params.get("saved") === "1" && selected && !actionData;
  const inCurrentCycle = selected && cycle && selected.cycleId === cycle.id;

  return (
    <>
      <section className="panel" aria-labelledby="run-heading">
        <div className="panel__head">
          <h2 id="run-heading">
            对照政策评估 <DemoBadge show={community.isDemoData || Boolean(selected?.isDemoData)} />
          </h2>
          {selected ? (
            <Link className="button button--secondary" to={`/communities/${community.code}/evaluation/print?v=${selected.id}`}>
              打印报告（A4）
            </Link>
          ) : null}
        </div>
        {cycle ? (
          <p>
            {cycle.year} 年第 {cycle.round} 轮体检，当前阶段：<strong>{STAGE_LABELS[cycle.stage]}</strong>。
            {refusal ? ` ${refusal}` : " 每次运行都会保存为新版本，并列出与上一版相比的变化。"}
          </p>
        ) : null}
        <div aria-live="polite">
          {justSaved ? (
            <p className="notice notice--info" role="status">
              已保存{selected.label}。
            </p>
          ) : null}
          {actionData?.message ? (
            <p className={actionData.ok ? "notice notice--info" : "form-error"} role={actionData.ok ? "status" : "alert"}>
              {actionData.message}
            </p>
          ) : null}
        </div>
        {!refusal && inCurrentCycle ? (
          <p>
            本轮评估已保存。确认无误后，请到<Link to={`/communities/${community.code}/cycle`}>体检流程</Link>完成评估，进入清单编制。
          </p>
        ) : null}
        {canRun ? (
          <Form method="post" className="inline-form">
            <CsrfField />
            {!refusal ? (
              <details className="unverified-choice">
                <summary>默认只用已核验答卷（凭户码）；需要计入未核验答卷？</summary>
                <div className="field">
                  <label>
                    <input type="checkbox" name="includeUnverified" /> 同时计入未核验答卷（公开链接、无户码纸质录入）
                  </label>
                </div>
                <div className="field">
                  <label htmlFor="unverifiedReason">原因（必填，记入操作日志并印在报告上）</label>
                  <input id="unverifiedReason" name="unverifiedReason" maxLength={200} aria-describedby="unverifiedReason-error" />
                  {actionData && !actionData.ok && "errors" in actionData && actionData.errors?.unverifiedReason ? (
                    <p id="unverifiedReason-error" className="form-error">
                      {actionData.errors.unverifiedReason}
                    </p>
                  ) : null}
                </div>
              </details>
            ) : null}
            {!refusal ? (
              <button type="submit" name="intent" value="run" className="button" disabled={busy !== null}>
                {busy === "run" ? "正在评估…" : selected && inCurrentCycle ? "重新评估并保存新版本" : "运行评估"}
              </button>
            ) : null}
            <button type="submit" name="intent" value="preview" className="button button--secondary" disabled={busy !== null}>
              {busy === "preview" ? "正在试算…" : "试算（不保存）"}
            </button>
          </Form>
        ) : null}
      </section>

      {preview ? (
        <Section id="preview-heading" title={<>试算结果（未保存） <DemoBadge show={preview.isDemoData} /></>}>
          <Report result={preview.result} previous={null} names={preview.names} respondents={preview.respondents} headingPrefix="preview" />
        </Section>
      ) : null}

      {selected ? (
        <>
          <Section id="version-heading" title={selected.label}>
            <p className="muted">
              {formatDateTime(selected.createdAt)} 由 {selected.createdByName ?? "系统"} 保存
              {selected.policy ? ` · 依据 ${selected.policy.number}（政策版本 ${selected.policy.id} 第 ${selected.policy.version} 版）` : ""}
              {selected.settings.length ? ` · 调整过的默认值：${selected.settings.map((s) => `${s.label} ${s.value}`).join("、")}` : ""}
            </p>
            <p>{selected.answersUsed}</p>
            {page.versions.length > 1 ? (
              <Form method="get" className="inline-form">
                <div className="field">
                  <label htmlFor="version">查看其他版本</label>
                  <select id="version" name="v" defaultValue={selected.id}>
                    {page.versions.map((v) => (
                      <option key={v.id} value={v.id}>
                        {v.label}（{formatDateTime(v.createdAt)}）
                      </option>
                    ))}
                  </select>
                </div>
                <button type="submit" className="button button--secondary">
                  查看
                </button>
              </Form>
            ) : null}
          </Section>

          <Section id="changes-heading" title="与上一版相比">
            {selected.diff && selected.previousLabel ? (
              <>
                <p className="muted">上一版：{selected.previousLabel}</p>
                <DiffList diff={selected.diff} previousLabel={selected.previousLabel} />
              </>
            ) : (
              <p className="muted">这是本社区的第一个评估版本。</p>
            )}
          </Section>

          <Section id="result-heading" title="评估结果">
            <Report result={selected.result} previous={selected.previousResult} names={selected.names} respondents={selected.respondents} keywords={selected.keywords} headingPrefix="saved" />
          </Section>
        </>
      ) : !preview ? (
        <section className="panel">
          <h2>尚无评估</h2>
          <p className="empty">本社区还没有保存的评估。{refusal ? "可以先试算查看差距。" : "点击“运行评估”开始。"}</p>
        </section>
      ) : null}
    </>
  );
}

function Report({
  result,
  previous,
  names,
  respondents,
  headingPrefix,
  keywords,
}: {
  result: Parameters<typeof DomainCards>[0]["result"];
  previous: Parameters<typeof DomainCards>[0]["result"] | null;
  names: Record<string, string>;
  respondents: number | null;
  headingPrefix: string;
  keywords?: Parameters<typeof FindingsTable>[0]["keywords"];
}) {
  return (
    <>
      <SummaryFacts result={result} respondents={respondents} />
      <div className="evaluation-grid">
        <section aria-labelledby={`${headingPrefix}-radar`}>
          <h3 id={`${headingPrefix}-radar`}>七大领域得分</h3>
          <DomainRadar result={result} previous={previous} label="七大领域得分雷达图（各领域得分见右侧卡片）" />
        </section>
        <section aria-labelledby={`${headingPrefix}-domains`}>
          <h3 id={`${headingPrefix}-domains`}>各领域状态</h3>
          <DomainCards result={result} headingLevel={4} />
        </section>
      </div>
      <h3>逐条对照</h3>
      <FindingsTable result={result} names={names} keywords={keywords} caption="对照杭政办函〔2024〕11号 的各项规则（“参照”为不作约束的提示）" />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
