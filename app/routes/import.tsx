// Data in: community figures (区级/市级管理员, their district or the city) and facilities
// (also a 社区工作者, their own community) from CSV or XLSX, checked row by row.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { ImportErrorTable as ErrorTable } from "../components/import-error-table";
import { RouteErrorBoundary } from "../components/route-error";
import { requirePermission, requireUser, type SignedInUser } from "../lib/auth.server";
import { importCommunityFigures } from "../lib/community-import.server";
import { db } from "../lib/db.server";
import { importFacilities } from "../lib/facility-import.server";
import { uploadProblem } from "../lib/import-rows.server";
import { type Action, can, type Place } from "../../workflows/permissions";
import { readSheet, SheetReadError } from "../lib/spreadsheet.server";
import evaluationStyles from "../styles/evaluation.css";
import { fieldErrors, formToObject } from "../validation/form";
import {
  type ImportError,
  type ImportKind,
  IMPORT_KIND_LABELS,
  IMPORT_MODE_LABELS,
  IMPORT_MODES,
  ImportFormSchema,
  MAX_IMPORT_BYTES,
} from "../validation/import";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationStyles }];

export const meta: MetaFunction = () => [{ title: "数据导入 · 社区嵌入式服务设施" }];

/** What the user may import, the permission it needs and the place it is checked at. */
function importRights(user: SignedInUser): { kinds: ImportKind[]; scope: string; check: Record<ImportKind, { action: Action; place: Place }> } {
  const scopePlace: Place =
    user.role === "district_admin" ? { districtCode: user.scopeCode ?? "" } : user.role === "community_worker" ? { communityCode: user.scopeCode ?? "" } : {};
  const check: Record<ImportKind, { action: Action; place: Place }> = {
    communities: { action: "import:data", place: scopePlace },
    facilities: { action: user.role === "community_worker" ? "edit:facility" : "import:data", place: scopePlace },
  };
  const kinds = (["communities", "facilities"] as const).filter((k) => can(user, check[k].action, check[k].place));
  const scope = user.role === "city_admin" ? "全市" : user.role === "district_admin" ? "本区" : "本社区";
  return { kinds, scope, check };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const rights = importRights(user);
  if (!rights.kinds.length) throw new Response("您的角色不能导入数据。", { status: 403 });
  return { kinds: rights.kinds, scope: rights.scope, home: user.role === "community_worker" ? `/communities/${user.scopeCode}` : null };
}

type ActionResult =
  | { status: "invalid"; message: string; fields: Record<string, string> }
  | { status: "errors"; message: string; errors: ImportError[] }
  | { status: "checked" | "imported"; message: string; errors: ImportError[] };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) {
      return data<ActionResult>({ status: "invalid", message: "文件超过 5 MB，请拆分后分批导入。", fields: {} }, { status: 400 });
    }
    throw error;
  }
  const parsed = ImportFormSchema.safeParse(formToObject(form));
  if (!parsed.success) return data<ActionResult>({ status: "invalid", message: "请检查表单中标出的项目。", fields: fieldErrors(parsed.error) }, { status: 400 });
  const { kind, mode, intent } = parsed.data;
  const rights = importRights(user);
  await requirePermission(request, rights.check[kind].action, rights.check[kind].place, { form, clientIp: context.clientIp });

  const file = form.get("file");
  if (!(file instanceof File) || !file.name) {
    return data<ActionResult>({ status: "invalid", message: "请选择要上传的文件。", fields: { file: "请选择要上传的 .xlsx 或 .csv 文件" } }, { status: 400 });
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  const problem = uploadProblem(file.name, bytes, MAX_IMPORT_BYTES);
  if (problem) return data<ActionResult>({ status: "invalid", message: problem, fields: { file: problem } }, { status: 400 });
  let sheet;
  try {
    sheet = await readSheet(Buffer.from(bytes), file.name);
  } catch (error) {
    if (error instanceof SheetReadError) return data<ActionResult>({ status: "invalid", message: error.message, fields: { file: error.message } }, { status: 400 });
    throw error;
  }

  const importer = kind === "communities" ? importCommunityFigures : importFacilities;
  const result = await importer(db, sheet, {
    actor: user,
    ip: context.clientIp,
    source: file.name,
    mode,
    dryRun: intent === "check",
    allowed: (place) => can(user, rights.check[kind].action, place),
  });
  const what = kind === "communities" ? "个社区/村" : "处设施";
  if (!result.ok) {
    return data<ActionResult>(
      { status: "errors", message: `${intent === "check" ? "检查发现" : "导入失败，未写入任何数据。发现"} ${result.errors.length} 处问题：`, errors: result.errors },
      { status: 400 },
    );
  }
  const skipped = result.skipped ?? [];
  const skippedRows = new Set(skipped.map((e) => e.row)).size;
  const message =
    intent === "check"
      ? `检查完成：${result.updated} 行可以导入${skippedRows ? `，${skippedRows} 行有问题将被跳过` : ""}。尚未写入，确认后请点“导入”。`
      : `已导入 ${result.updated} ${what}${skippedRows ? `；${skippedRows} 行有问题，已跳过` : ""}。`;
  return { status: intent === "check" ? ("checked" as const) : ("imported" as const), message, errors: skipped } satisfies ActionResult;
}

export default function ImportPage() {
  const { kinds, scope, home } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const fields = result?.status === "invalid" ? result.fields : {};
  const errors = result && result.status !== "invalid" ? result.errors : [];
  return (
    <>
      <h1>数据导入</h1>
      <section className="panel" aria-labelledby="templates-heading">
        <h2 id="templates-heading">下载模板</h2>
        <p>请使用模板填写；第 1 行为列名，“填写说明”工作表列出每列可填的值。可导入范围：{scope}。</p>
        <ul>
          {kinds.map((k) => (
            <li key={k}>
              {IMPORT_KIND_LABELS[k]}：<a href={`/import/template/${k}`}>XLSX 模板</a> · <a href={`/import/template/${k}?format=csv`}>CSV 模板</a>
            </li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="upload-heading">
        <h2 id="upload-heading">上传文件</h2>
        <Form method="post" encType="multipart/form-data">
          <CsrfField />
          <div className="form-grid">
            <div className="field">
              <label htmlFor="kind">数据类型</label>
              <select id="kind" name="kind" defaultValue={kinds[kinds.length - 1]} aria-invalid={fields.kind ? true : undefined}>
                {kinds.map((k) => (
                  <option key={k} value={k}>
                    {IMPORT_KIND_LABELS[k]}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="file">文件（.xlsx 或 .csv，不超过 5 MB）</label>
              <input
                id="file"
                name="file"
                type="file"
                accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
                required
                aria-invalid={fields.file ? true : undefined}
                aria-describedby={fields.file ? "file-error" : undefined}
              />
              {fields.file ? (
                <p id="file-error" className="field-error">
                  {fields.file}
                </p>
              ) : null}
            </div>
          </div>
          <fieldset className="field">
            <legend>有问题的行怎么处理</legend>
            {IMPORT_MODES.map((m) => (
              <label key={m} className="checkbox">
                <input type="radio" name="mode" value={m} defaultChecked={m === "all_or_nothing"} /> {IMPORT_MODE_LABELS[m]}
                <span className="muted">{m === "all_or_nothing" ? "（任何一行有问题就不写入）" : "（写入无误的行，列出跳过的行）"}</span>
              </label>
            ))}
          </fieldset>
          <div className="form-actions">
            <button type="submit" name="intent" value="check" className="button button--secondary" disabled={busy !== null}>
              {busy === "check" ? "正在检查…" : "检查文件（不写入）"}
            </button>
            <button type="submit" name="intent" value="import" className="button" disabled={busy !== null}>
              {busy === "import" ? "正在导入…" : "导入"}
            </button>
          </div>
        </Form>
        <div aria-live="polite">
          {result ? (
            <div className={result.status === "checked" || result.status === "imported" ? "notice notice--info" : "form-error"} role={result.status === "imported" || result.status === "checked" ? "status" : "alert"}>
              <p>{result.message}</p>
            </div>
          ) : null}
        </div>
        {errors.length ? <ErrorTable errors={errors} /> : null}
        {home && result?.status === "imported" ? (
          <p>
            <Link to={home}>查看本社区的设施</Link>
          </p>
        ) : null}
      </section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
