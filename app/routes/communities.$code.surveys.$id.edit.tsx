// The question builder: edit a draft survey (from a template or an earlier round), preview it as
// residents will see it, import/export SurveyJS JSON. Published surveys are shown read-only.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { type ReactNode, useCallback, useEffect, useMemo, useState } from "react";
import { z } from "zod";
import surveyStyles from "survey-core/survey-core.fontless.min.css";
import type { SurveyJson } from "../../workflows/surveys/definition";
import { flatten } from "../../workflows/surveys/import-issues";
import { CsrfField } from "../components/csrf-field";
import { ImportPanel } from "../components/survey-builder/import-panel";
import { TextField } from "../components/form-fields";
import { RouteErrorBoundary } from "../components/route-error";
import { SurveyBackLink } from "../components/survey-back-link";
import { ProblemList } from "../components/survey/problem-list";
import { fromSurveyJson, listQuestions, locate, toSurveyJson, type BuilderDoc } from "../components/survey-builder/operations";
import { itemValuesByQuestion } from "../components/survey-builder/question-refs";
import { SurveyBuilder, SurveyOutline } from "../components/survey-builder/survey-builder";
import { SurveyPreview } from "../components/survey-builder/survey-preview";
import { db } from "../lib/db.server";
import { done, failed, invalid, invalidForm } from "../lib/http.server";
import { requireCommunitySurvey, stableQuestionNames } from "../lib/survey-access.server";
import { canManageSurveys } from "../lib/survey-pages.server";
import { checkSurveyJson, importQuestionnaire, type ImportOutcome } from "../lib/survey-imports.server";
import { createSurvey, saveSurveyDefinition } from "../lib/surveys.server";
import { definitionProblems, fieldErrorsOf, IMPORT_LIMITS, problemsOf, surveyTitleField, TextImportSchema } from "../validation/survey";
import toolStyles from "../styles/survey-tools.css";
import { Section } from "../components/section";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/survey-theme.css" },
  { rel: "stylesheet", href: surveyStyles },
  { rel: "stylesheet", href: toolStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `编辑问卷 · ${data?.survey.title ?? "问卷"} · 社区嵌入式服务设施` }];

// The saved definition travels form-encoded; a .docx of up to 5 MB comes as multipart.
const MAX_REQUEST_BYTES = IMPORT_LIMITS.documentFileBytes + 1024 * 1024;

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Street and district users in scope see the questions read-only; the community's worker edits.
  const { user, community, survey } = await requireCommunitySurvey(request, params, "view:survey_results");
  return {
    community: { code: community.code, name: community.name },
    canManage: canManageSurveys(user, community),
    survey: { id: survey.id, title: survey.title, status: survey.status, version: survey.version, definitionVersion: survey.definitionVersion },
    definition: survey.definition as SurveyJson,
    stableNames: await stableQuestionNames(db, community.code, survey.id),
    importLimits: IMPORT_LIMITS,
  };
}

const SaveSchema = z.object({
  title: surveyTitleField,
  version: z.coerce.number({ error: "请求有误，请刷新页面后重试。" }).int().positive(),
  definition: z.string({ error: "缺少问卷内容" }).min(2, "缺少问卷内容"),
});

/** An import's reply: the draft for the editor, or every problem, grouped; the report either way. */
function importReply(outcome: ImportOutcome, what: string) {
  if (!outcome.ok) {
    return invalid(definitionProblems(flatten(outcome.problems)), { intent: "import" as const, problems: outcome.problems, report: outcome.report }, outcome.reason);
  }
  const fixes = outcome.report.warnings.reduce((n, g) => n + g.messages.length, 0) + Object.keys(outcome.report.renamed).length;
  return done(`已导入${what}（${outcome.questionCount} 个问题${fixes ? `，${fixes} 处已自动处理，见下方说明` : ""}）。检查无误后请点“保存”，导入的内容才会生效。`, {
    intent: "import" as const,
    importId: globalThis.crypto.randomUUID(),
    definition: outcome.definition,
    report: outcome.report,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_REQUEST_BYTES) {
    return invalid({ file: `文件不能超过 ${IMPORT_LIMITS.documentFileBytes / 1024 / 1024} MB。` }, { intent: "import" as const, problems: [], report: null }, "文件过大。");
  }
  const form = await request.formData();
  const { user, community, survey } = await requireCommunitySurvey(request, params, "view:place", { form, clientIp: context.clientIp });
  const change = { actor: user, ip: context.clientIp };
  const intent = form.get("intent");

  if (intent === "copy") {
    const copied = await createSurvey(db, change, { communityCode: community.code, source: { copyOf: survey.id } });
    if (!copied.ok) return failed(copied, { intent: "save" as const });
    return redirect(`/communities/${community.code}/surveys/${copied.survey.id}/edit`);
  }

  if (intent === "import") {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) return invalid({ file: "请选择一个 .json 文件。" }, { intent: "import" as const, problems: [], report: null }, "没有收到文件。");
    if (file.size > IMPORT_LIMITS.jsonFileBytes) {
      return invalid({ file: `文件不能超过 ${IMPORT_LIMITS.jsonFileBytes / 1024 / 1024} MB。` }, { intent: "import" as const, problems: [], report: null }, "文件过大。");
    }
    return importReply(checkSurveyJson(await file.text()), `“${file.name}”`);
  }

  if (intent === "text-import") {
    const file = form.get("file");
    const parsed = TextImportSchema.safeParse({ text: form.get("text") ?? undefined });
    if (!parsed.success) return invalidForm(parsed.error, { intent: "import" as const, problems: [], report: null }, parsed.error.issues[0].message);
    if (file instanceof File && file.size > 0) return importReply(await importQuestionnaire({ file }), `“${file.name}”`);
    if (!parsed.data.text?.trim()) return invalid({ text: "请粘贴问卷文字，或选择 .txt / .docx 文件。" }, { intent: "import" as const, problems: [], report: null }, "没有收到问卷内容。");
    return importReply(await importQuestionnaire({ text: parsed.data.text }), "粘贴的问卷");
  }

  if (intent === "save") {
    const parsed = SaveSchema.safeParse({ title: form.get("title"), version: form.get("version"), definition: form.get("definition") });
    if (!parsed.success) return invalidForm(parsed.error, { intent: "save" as const }, "未保存。");
    const saved = await saveSurveyDefinition(db, change, {
      surveyId: survey.id,
      expectedVersion: parsed.data.version,
      title: parsed.data.title,
      definition: parsed.data.definition,
    });
    if (!saved.ok) return failed(saved, { intent: "save" as const });
    return done(`已保存（第 ${saved.survey.definitionVersion} 版）。`, { intent: "save" as const, version: saved.survey.version });
  }
  return invalid({}, { intent: "save" as const }, "未知的操作。");
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function SurveyEditPage() {
  const loaded = useLoaderData<typeof loader>();
  return (
    <>
      <SurveyBackLink communityCode={loaded.community.code} surveyId={loaded.survey.id} />
      {loaded.survey.status === "draft" && loaded.canManage ? <DraftEditor loaded={loaded} /> : <ReadOnlySurvey loaded={loaded} />}
    </>
  );
}

function DraftEditor({ loaded }: { loaded: LoaderData }) {
  const save = useFetcher<typeof action>({ key: "survey-builder-save" });
  // The stored survey the editor started from; its version goes back with the save (409 when stale).
  const [base, setBase] = useState(() => ({ version: loaded.survey.version, title: loaded.survey.title, definition: loaded.definition }));
  const [doc, setDoc] = useState<BuilderDoc>(() => fromSurveyJson(loaded.definition));
  const [title, setTitle] = useState(loaded.survey.title);
  const [selected, setSelected] = useState<string | null>(null);
  const stored = useMemo(() => JSON.stringify(toSurveyJson(fromSurveyJson(base.definition))), [base.definition]);
  const json = useMemo(() => toSurveyJson(doc), [doc]);
  const serialised = useMemo(() => JSON.stringify(json), [json]);
  const dirty = serialised !== stored || title !== base.title;

  // After our own save the server's cleaned copy (sanitised, 小区 filled in) replaces the editor's,
  // keeping the open question. Someone else's newer version never overwrites unsaved edits: saving
  // them answers 409.
  if (loaded.survey.version !== base.version) {
    const reply = save.data;
    const ours = save.state === "idle" && reply?.intent === "save" && reply.ok && reply.version === loaded.survey.version;
    if (ours || !dirty) {
      const next = fromSurveyJson(loaded.definition);
      const open = selected ? locate(doc, selected)?.node.props.name : undefined;
      setBase({ version: loaded.survey.version, title: loaded.survey.title, definition: loaded.definition });
      setDoc(next);
      setTitle(loaded.survey.title);
      setSelected(typeof open === "string" ? (listQuestions(next).find((q) => q.name === open)?.key ?? null) : null);
    }
  }
  const lockedNames = useMemo(() => new Set(loaded.stableNames), [loaded.stableNames]);
  const lockedValues = useMemo(() => {
    const byName = itemValuesByQuestion(fromSurveyJson(base.definition));
    return (name: string): ReadonlySet<string> => byName.get(name) ?? new Set<string>();
  }, [base.definition]);
  const onImported = useCallback((definition: SurveyJson) => {
    setDoc(fromSurveyJson(definition));
    setSelected(null);
    const imported = typeof definition.title === "string" ? definition.title.trim() : "";
    if (imported.length >= 2 && imported.length <= 60) setTitle(imported);
  }, []);

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const saveReply = save.data?.intent === "save" ? save.data : null;
  const previewPage = selected ? (locate(doc, selected)?.pageIndex ?? null) : null;
  const exportHref = `/communities/${loaded.community.code}/surveys/${loaded.survey.id}/export.json`;
  const saving = save.state !== "idle";
  const formErrors = saveReply && !saving ? fieldErrorsOf(saveReply.errors) : {};

  return (
    <BuilderLayout json={json} pageIndex={previewPage}>
      <Section id="builder-heading" title="编辑问卷">
        <save.Form method="post" className="builder-save">
          <CsrfField />
          <input type="hidden" name="intent" value="save" />
          <input type="hidden" name="version" value={base.version} />
          <input type="hidden" name="definition" value={serialised} />
          <TextField id="survey-title" name="title" label="问卷名称" value={title} maxLength={60} required onChange={(e) => setTitle(e.target.value)} errors={formErrors} />
          <div className="form-actions">
            <button type="submit" className="button" disabled={saving}>
              {saving ? "正在保存…" : "保存"}
            </button>
            <span className="muted" aria-live="polite">
              {dirty ? "有未保存的修改" : "所有修改已保存"}
            </span>
          </div>
        </save.Form>
        <div aria-live="polite">
          {saveReply && !saving ? (
            saveReply.ok && !dirty ? (
              <p className="notice notice--info" role="status">
                {saveReply.message}
              </p>
            ) : !saveReply.ok ? (
              <div className="form-error" role="alert">
                <p>{saveReply.message}</p>
                <ProblemList problems={[...problemsOf(saveReply.errors), ...Object.entries(formErrors).flatMap(([name, e]) => (name === "title" ? [] : [e]))]} />
                {dirty ? <p>您的修改仍在编辑器中；如需刷新页面，可先“下载当前编辑内容”，刷新后再导入。</p> : null}
              </div>
            ) : null
          ) : null}
        </div>
      </Section>

      <Section id="questions-heading" title="页面和问题">
        <SurveyBuilder doc={doc} onChange={setDoc} lockedNames={lockedNames} lockedValues={lockedValues} selected={selected} onSelect={setSelected} />
      </Section>

      <Section id="json-heading" title="导入问卷（Word/WPS 文字或 SurveyJS JSON）和导出">
        <ImportPanel dirty={dirty} limits={loaded.importLimits} onImported={onImported} />
        <p className="link-row">
          <a href={exportHref} download>
            导出已保存的 JSON
          </a>
          {dirty ? <DownloadCurrent json={serialised} fileName={`${title || "问卷"}（未保存）.json`} /> : null}
        </p>
      </Section>
    </BuilderLayout>
  );
}

/** The builder's two columns: the page's panels, and beside them the survey as residents see it. */
function BuilderLayout({ json, pageIndex, children }: { json: SurveyJson; pageIndex: number | null; children: ReactNode }) {
  return (
    <div className="builder-layout">
      <div className="builder-layout__main">{children}</div>
      <div className="builder-layout__preview">
        <SurveyPreview json={json} pageIndex={pageIndex} />
      </div>
    </div>
  );
}

function DownloadCurrent({ json, fileName }: { json: string; fileName: string }) {
  return (
    <button
      type="button"
      className="button button--secondary button--small"
      onClick={() => {
        const url = URL.createObjectURL(new Blob([json], { type: "application/json" }));
        const a = document.createElement("a");
        a.href = url;
        a.download = fileName;
        a.click();
        setTimeout(() => URL.revokeObjectURL(url), 1000);
      }}
    >
      下载当前编辑内容
    </button>
  );
}

function ReadOnlySurvey({ loaded }: { loaded: LoaderData }) {
  const navigation = useNavigation();
  const doc = useMemo(() => fromSurveyJson(loaded.definition), [loaded.definition]);
  const json = useMemo(() => toSurveyJson(doc), [doc]);
  const copying = navigation.state === "submitting" && navigation.formData?.get("intent") === "copy";
  return (
    <BuilderLayout json={json} pageIndex={null}>
      <Section id="readonly-heading" title={loaded.survey.title}>
        <p className="notice">
          {loaded.survey.status === "draft"
            ? "问卷还是草稿，由本社区的社区工作者编辑。"
            : `问卷${loaded.survey.status === "closed" ? "已结束" : "已发布"}，题目不能再修改，以保证所有答卷按同一份问卷统计。${loaded.canManage ? "如需调整，请复制为新问卷后编辑。" : ""}`}
        </p>
        <Form method="post" className="form-actions">
          <CsrfField />
          {loaded.canManage ? (
            <button type="submit" name="intent" value="copy" className="button" disabled={copying}>
              {copying ? "正在复制…" : "复制为新问卷"}
            </button>
          ) : null}
          <a href={`/communities/${loaded.community.code}/surveys/${loaded.survey.id}/export.json`} download>
            导出 JSON
          </a>
        </Form>
      </Section>
      <Section id="outline-heading" title="页面和问题">
        <SurveyOutline doc={doc} />
      </Section>
    </BuilderLayout>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
