// Data in: community figures (区级/市级管理员, their district or the city), 小区 and facilities
// (also a 社区工作者, their own community) and idle spaces (also the street) from CSV or XLSX,
// checked row by row; positions in a stated 坐标系, stored as WGS-84.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "../components/action-message";
import { CodeSelectField } from "../components/code-select";
import { CsrfField } from "../components/csrf-field";
import { FieldError } from "../components/field-error";
import { SpreadsheetField, TemplateLinks } from "../components/form-fields";
import { ImportErrorTable as ErrorTable } from "../components/import-error-table";
import { RouteErrorBoundary } from "../components/route-error";
import { requireActionUser, requireUser } from "../lib/auth.server";
import { importCommunityFigures } from "../lib/community-import.server";
import { db } from "../lib/db.server";
import { importFacilities } from "../lib/facility-import.server";
import { importIdleSpaces } from "../lib/idle-spaces.server";
import { importNeighbourhoods } from "../lib/neighbourhood-import.server";
import { done, failed, forbidden, invalid, invalidForm, isMultipart } from "../lib/http.server";
import { uploadProblem } from "../lib/import-rows.server";
import { COORDINATE_SYSTEM_LABELS, COORDINATE_SYSTEMS } from "../../workflows/coordinates";
import { can, importPermission, scopeFilter } from "../../workflows/permissions";
import { readSheet, SheetReadError } from "../lib/spreadsheet.server";
import evaluationStyles from "../styles/evaluation.css";
import { formToObject } from "../validation/form";
import {
  type ImportError,
  IMPORT_KIND_LABELS,
  IMPORT_KINDS,
  IMPORT_MODE_LABELS,
  IMPORT_MODES,
  ImportFormSchema,
  importProblems,
  MAX_IMPORT_BYTES,
} from "../validation/import";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: evaluationStyles }];

export const meta: MetaFunction = () => [{ title: "数据导入 · 社区嵌入式服务设施" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const kinds = IMPORT_KINDS.filter((kind) => can(user, importPermission(kind, user), scopeFilter(user)));
  if (!kinds.length) throw forbidden("您的角色不能导入数据。");
  const scope = user.role === "city_admin" ? "全市" : user.role === "district_admin" ? "本区" : "本社区";
  return { kinds, scope, home: user.role === "community_worker" ? `/communities/${user.scopeCode}` : null };
}

const IMPORTERS = { communities: importCommunityFigures, neighbourhoods: importNeighbourhoods, facilities: importFacilities, spaces: importIdleSpaces };

type Extra = { imported: boolean; problems: ImportError[] };
const nothing: Extra = { imported: false, problems: [] };

export async function action({ request, context }: ActionFunctionArgs) {
  await requireUser(request);
  if (!isMultipart(request)) return invalid({ file: "请选择要上传的文件。" }, nothing, "请选择要上传的文件。");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_IMPORT_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return invalid({}, nothing, "文件超过 5 MB，请拆分后分批导入。");
    throw error;
  }
  const user = await requireActionUser(request, form);
  const parsed = ImportFormSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, nothing, "请检查表单中标出的项目。");
  const { kind, mode, intent, system } = parsed.data;

  const file = form.get("file");
  if (!(file instanceof File) || !file.name) return invalid({ file: "请选择要上传的 .xlsx 或 .csv 文件" }, nothing, "请选择要上传的文件。");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const problem = uploadProblem(file.name, bytes, MAX_IMPORT_BYTES);
  if (problem) return invalid({ file: problem }, nothing, problem);
  let sheet;
  try {
    sheet = await readSheet(Buffer.from(bytes), file.name);
  } catch (error) {
    if (error instanceof SheetReadError) return invalid({ file: error.message }, nothing, error.message);
    throw error;
  }

  const importer = IMPORTERS[kind];
  const outcome = await importer(db, { actor: user, ip: context.clientIp }, { sheet, source: file.name, mode, dryRun: intent === "check", defaultSystem: system });
  if (!outcome.ok) {
    const problems = importProblems(outcome.errors ?? {});
    const message = problems.length ? `${intent === "check" ? "检查发现" : "导入失败，未写入任何数据。发现"} ${problems.length} 处问题：` : outcome.message;
    return failed({ ...outcome, message, errors: {} }, { imported: false, problems });
  }
  const skippedRows = new Set((outcome.skipped ?? []).map((e) => e.row)).size;
  const what = { communities: "个社区/村", neighbourhoods: "个小区", facilities: "处设施", spaces: "处存量空间" }[kind];
  return done(
    intent === "check"
      ? `检查完成：${outcome.updated} 行可以导入${skippedRows ? `，${skippedRows} 行有问题将被跳过` : ""}。尚未写入，确认后请点“导入”。`
      : `已导入 ${outcome.updated} ${what}${skippedRows ? `；${skippedRows} 行有问题，已跳过` : ""}。`,
    { imported: intent === "import", problems: outcome.skipped ?? [] },
  );
}

export default function ImportPage() {
  const { kinds, scope, home } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" ? navigation.formData?.get("intent") : null;
  const fields = result?.errors ?? {};
  const problems = result?.problems ?? [];
  return (
    <>
      <h1>数据导入</h1>
      <Section id="templates-heading" title="下载模板">
        <p>请使用模板填写；第 1 行为列名，“填写说明”工作表列出每列可填的值。可导入范围：{scope}。</p>
        <ul>
          {kinds.map((k) => (
            <li key={k}>
              {IMPORT_KIND_LABELS[k]}：<TemplateLinks href={`/import/template/${k}`} />
            </li>
          ))}
        </ul>
      </Section>

      <Section id="upload-heading" title="上传文件">
        <Form method="post" encType="multipart/form-data">
          <CsrfField />
          <div className="form-grid">
            <CodeSelectField name="kind" label="数据类型" codes={kinds} labels={IMPORT_KIND_LABELS} defaultValue={kinds[kinds.length - 1]} errors={fields} />
            <SpreadsheetField what="文件" maxMb={5} errors={fields} />
            <div className="field">
              <label htmlFor="import-system">坐标系（文件没有“坐标系”列或该列留空时）</label>
              <select id="import-system" name="system" defaultValue="" aria-describedby="import-system-hint">
                <option value="">未指定（经纬度须在“坐标系”列注明）</option>
                {COORDINATE_SYSTEMS.map((c) => (
                  <option key={c} value={c}>
                    {COORDINATE_SYSTEM_LABELS[c]}
                  </option>
                ))}
              </select>
              <p id="import-system-hint" className="muted">
                从高德、腾讯地图复制的坐标为 GCJ-02，百度地图为 BD-09；系统统一换算为 WGS-84 保存。
              </p>
              <FieldError name="system" errors={fields} />
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
        <ActionMessage result={result} />
        {problems.length ? <ErrorTable errors={problems} /> : null}
        {home && result?.imported ? (
          <p>
            <Link to={home}>查看本社区的设施</Link>
          </p>
        ) : null}
      </Section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
