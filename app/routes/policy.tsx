// The policy profile new evaluations use: the plan's rules with their clauses, and the
// [默认值] settings — shown as 默认值 or 已调整; a 市级管理员 may change them.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { CsrfField } from "../components/csrf-field";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { useRevalidateWhile } from "../components/use-revalidate-while";
import { requireActionUser, requireUser } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { done, failed, invalid, invalidForm } from "../lib/http.server";
import { findEditableModule, loadEditableModules } from "../lib/setting-modules.server";
import { loadPolicySettingsPage } from "../lib/policy-pages.server";
import { updatePolicySettings } from "../lib/policy.server";
import evaluationStyles from "../styles/evaluation.css";
import { formToObject } from "../validation/form";
import { ActionMessage } from "../components/action-message";
import { Facts } from "../components/account-fields";
import { ModuleSettingsForm, SettingInput } from "../components/module-settings-form";
import { CommentLexiconSettings, type LexiconFormResult } from "../components/comment-lexicon-settings";
import { loadCommentLexiconSection } from "../lib/comment-lexicon-pages.server";
import { changeCommentLexicon } from "../lib/comment-lexicon-settings.server";
import { resumeCommentReanalysis, runReanalysisInBackground } from "../lib/comment-reanalysis.server";
import { LEXICON_LISTS, TERM_GROUPS } from "../../workflows/comments/lexicon-lists";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationStyles }];

export const meta: MetaFunction = () => [{ title: "政策参数 · 社区嵌入式服务设施" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [page, editableModules, lexicon] = await Promise.all([loadPolicySettingsPage(db, user), loadEditableModules(db), loadCommentLexiconSection(db)]);
  // Every module's [默认值] beside the profile's, each with its own form (setting-modules.server.ts).
  return { ...page, editableModules, lexicon };
}

const SettingsFormSchema = z.record(z.string(), z.string({ error: "请求有误" }));

const LexiconFormSchema = z.object({
  list: z.enum(LEXICON_LISTS, { error: "请求有误" }),
  op: z.enum(["add", "remove", "resetList"], { error: "请求有误" }).optional(),
  word: z.string().max(100, { error: "词语过长" }).optional(),
  reset: z.string().max(100).optional(),
  group: z.enum(TERM_GROUPS as [string, ...string[]], { error: "请选择所属领域。" }).optional(),
});

async function lexiconAction(form: FormData, change: Parameters<typeof changeCommentLexicon>[1]) {
  const parsed = LexiconFormSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, {}, "请求有误，请刷新页面后重试。");
  const { list, op, word, reset, group } = parsed.data;
  const lexiconForm = `lexicon-${list}-${op ?? "reset"}`;
  const outcome = await changeCommentLexicon(
    db,
    change,
    reset !== undefined
      ? { op: "reset", list, word: reset }
      : op === "resetList"
        ? { op: "resetList", list }
        : { op: op ?? "add", list, word: word ?? "", group: (group as (typeof TERM_GROUPS)[number] | undefined) ?? null },
  );
  if (!outcome.ok) return failed(outcome, { lexiconForm });
  if (outcome.jobId) runReanalysisInBackground(db, outcome.jobId);
  return done(outcome.message, { lexiconForm });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requireActionUser(request, form);
  const intent = form.get("intent");
  if (intent === "lexicon") return lexiconAction(form, { actor: user, ip: context.clientIp });
  if (intent === "reanalysis") {
    const outcome = await resumeCommentReanalysis(db, { actor: user, ip: context.clientIp });
    if (!outcome.ok) return failed(outcome, { lexiconForm: "reanalysis" });
    runReanalysisInBackground(db, outcome.jobId);
    return done("重新分析已继续，进度见下方。", { lexiconForm: "reanalysis" });
  }
  const parsed = SettingsFormSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, { module: null as string | null }, "请求有误，请刷新页面后重试。");
  const { reset, ...values } = parsed.data;
  const change = { actor: user, ip: context.clientIp };
  if (form.has("_module")) {
    const module = findEditableModule(form.get("_module"));
    if (!module) return invalid({}, { module: null as string | null }, "请求有误，请刷新页面后重试。");
    const saved = await module.save(db, change, { values, resetKey: reset ?? null });
    if (!saved.ok) return failed(saved, { module: module.id as string | null });
    return done(saved.changed.length ? `已保存“${module.title}”的 ${saved.changed.length} 项设置。` : "没有改动。", { module: module.id as string | null });
  }
  const outcome = await updatePolicySettings(db, change, { values, resetKey: reset ?? null });
  if (!outcome.ok) return failed(outcome, { module: null as string | null });
  return done(outcome.changed.length ? `已保存 ${outcome.changed.length} 项设置；之后运行的评估按新设置计算，已保存的评估不变。` : "没有改动。", { module: null as string | null });
}

export default function PolicyPage() {
  const { canEdit, profile, domainRules, settings, versions, editableModules, lexicon } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const resultOf = (module: string | null) => (actionData && !("lexiconForm" in actionData) && ("module" in actionData ? actionData.module : null) === module ? actionData : undefined);
  const result = resultOf(null);
  const navigation = useNavigation();
  // The lexicon's forms answer in their own section; the settings form's message stays above.
  const lexiconResult: LexiconFormResult | undefined =
    actionData && "lexiconForm" in actionData && typeof actionData.lexiconForm === "string" ? { ok: actionData.ok, message: actionData.message, errors: actionData.errors, lexiconForm: actionData.lexiconForm } : undefined;
  const reanalysing = lexicon.reanalysis?.status === "running" && !lexicon.reanalysis.stalled;
  useRevalidateWhile(reanalysing);
  const errors = result?.errors ?? {};
  const inputId = (key: string) => `setting-${key.replace(/\./g, "-")}`;
  return (
    <>
      <h1>政策参数</h1>
      <Section id="profile-heading" title={profile.document.title}>
        <p>
          {profile.document.number}，{profile.document.effectiveFrom} 起施行。评估使用政策版本 <span className="mono">{profile.id}</span> 第 {profile.version} 版；
          每个保存的评估都记录它使用的版本和调整过的默认值。新的政策版本由管理员用命令 <span className="mono">npm run cli -- import-profile 文件.json</span> 导入，无需改代码。
        </p>
        {versions.length > 1 ? (
          <p className="muted">
            已有版本：{versions.map((v) => `${v.id} 第 ${v.version} 版${v.isActive ? "（当前）" : ""}`).join("；")}
          </p>
        ) : null}
      </Section>

      <Section id="settings-heading" title="可调整的设置（默认值）">
        <p>
          标为“默认值”的数字不是方案原文规定的，而是本系统的默认设置{canEdit ? "，市级管理员可以调整" : "，由市级管理员调整"}。方案规定的标准（如每百户 60 平方米）不能在这里修改。
        </p>
        <ActionMessage result={lexiconResult ? undefined : result} />
        <Form method="post">
          <CsrfField />
          {canEdit ? (
            // First in the form, so pressing Enter in a field saves rather than resets a row.
            <p>
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                保存设置
              </button>
            </p>
          ) : null}
          <Table
            caption="设置项"
            rows={settings}
            rowKey={(s) => s.key}
            columns={[
              {
                header: "设置",
                rowHeader: true,
                cell: (s) => (
                  <>
                    {canEdit && s.editable ? <label htmlFor={inputId(s.key)}>{s.label}</label> : s.label}
                    {s.note ? <span className="finding__meta">{s.note}</span> : null}
                  </>
                ),
              },
              { header: "所属规则", cell: (s) => (s.rule ? `${s.rule.title}（${s.rule.clause}）` : "评分与加权") },
              { header: "默认值", cell: (s) => s.shownDefault },
              {
                header: "当前值",
                cell: (s) =>
                  canEdit && s.editable ? (
                    <>
                      {s.kind === "boolean" ? (
                        <select id={inputId(s.key)} name={s.key} defaultValue={String(s.value)} aria-invalid={errors[s.key] ? true : undefined}>
                          <option value="true">是</option>
                          <option value="false">否</option>
                        </select>
                      ) : (
                        <SettingInput id={inputId(s.key)} name={s.key} unit={s.unit} value={s.value} error={errors[s.key]} />
                      )}
                      {s.kind === "boolean" && errors[s.key] ? (
                        <p id={`${inputId(s.key)}-error`} className="field-error">
                          {errors[s.key]}
                        </p>
                      ) : null}
                    </>
                  ) : (
                    s.shownValue
                  ),
              },
              {
                header: "状态",
                cell: (s) =>
                  !s.editable ? (
                    <span className="default-mark">方案规定</span>
                  ) : s.changed ? (
                    <>
                      <span className="changed-mark">已调整</span>
                      <span className="finding__meta">
                        {s.changedBy ?? "—"} {s.changedAt ? formatDateTime(s.changedAt) : ""}
                      </span>
                      {canEdit ? (
                        <button type="submit" name="reset" value={s.key} className="button button--secondary">
                          恢复默认值
                        </button>
                      ) : null}
                    </>
                  ) : (
                    <span className="default-mark">默认值</span>
                  ),
              },
            ]}
          />
          {canEdit ? (
            <button type="submit" className="button" disabled={navigation.state === "submitting"}>
              保存设置
            </button>
          ) : null}
        </Form>
      </Section>

      {editableModules.map((group) => (
        <section key={group.id} className="panel" aria-labelledby={`${group.id}-settings-heading`}>
          <h2 id={`${group.id}-settings-heading`}>{group.title}的设置（默认值）</h2>
          <ActionMessage result={resultOf(group.id)} />
          <ModuleSettingsForm id={group.id} title={group.title} settings={group.settings} canEdit={canEdit} errors={resultOf(group.id)?.errors ?? {}} busy={navigation.state === "submitting"} />
        </section>
      ))}

      <CommentLexiconSettings
        section={lexicon}
        canEdit={canEdit}
        result={lexiconResult}
        busy={navigation.state === "submitting"}
      />

      <Section id="rules-heading" title="规则">
        <Table
          caption="评估规则与方案条款"
          rows={profile.rules}
          rowKey={(r) => r.id}
          columns={[
            { header: "规则", rowHeader: true, cell: (r) => r.title },
            { header: "条款", cell: (r) => r.clause },
            { header: "方案原文", cell: (r) => r.wording },
            { header: "本系统的衡量方法", cell: (r) => r.measure },
            { header: "性质", cell: (r) => (r.binding ? "约束性" : "参照") },
          ]}
        />
        <h3>领域状态</h3>
        <Facts items={(["缺失", "不足", "满足"] as const).map((k) => [k, domainRules.statusRules[k]])} />
        <p className="muted">{domainRules.scoreFormula.description}</p>
      </Section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
