// 批量导入账号: a district's or the city's accounts from XLSX or CSV, all or nothing. The
// answer carries the one-time passwords once: printable 账号开通单 (A4, one per person) and a
// CSV of the same; nothing of them is kept on the server but the hashes.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useNavigation } from "@remix-run/react";
import { CsrfField } from "../components/csrf-field";
import { SpreadsheetField, TemplateLinks } from "../components/form-fields";
import { ImportErrorTable } from "../components/import-error-table";
import { RouteErrorBoundary } from "../components/route-error";
import { BusyButton } from "../components/busy-button";
import { slipsCsv } from "../lib/account-files.server";
import { type AccountSlip, importAccounts, importErrorsOf, readAccountSheet } from "../lib/account-import.server";
import { requireAccountAdmin } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { isMultipart } from "../lib/http.server";
import { uploadProblem } from "../lib/import-rows.server";
import { publicBaseUrl } from "../lib/production-check.server";
import { readSheet, SheetReadError } from "../lib/spreadsheet.server";
import accountStyles from "../styles/accounts.css";
import { MAX_ACCOUNT_IMPORT_BYTES } from "../validation/accounts";
import type { ImportError } from "../validation/import";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: accountStyles }];
export const meta: MetaFunction = () => [{ title: "批量导入账号 · 社区嵌入式服务设施" }];

type ActionResult =
  | { ok: false; message: string; errors: ImportError[] }
  | { ok: true; message: string; slips: AccountSlip[]; signInAddress: string; csv: string };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAccountAdmin(request);
  return null;
}

const refused = (message: string, errors: ImportError[] = []) => data<ActionResult>({ ok: false, message, errors }, { status: 400 });

export async function action({ request, context }: ActionFunctionArgs) {
  // Signed in as an account administrator before the file is read.
  await requireAccountAdmin(request);
  if (!isMultipart(request)) return refused("请选择要上传的 .xlsx 或 .csv 文件。");
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_ACCOUNT_IMPORT_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return refused("文件超过 2 MB，请拆分后分批导入。");
    throw error;
  }
  const user = await requireAccountAdmin(request, { form });
  const file = form.get("file");
  if (!(file instanceof File) || !file.name) return refused("请选择要上传的 .xlsx 或 .csv 文件。");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const problem = uploadProblem(file.name, bytes, MAX_ACCOUNT_IMPORT_BYTES);
  if (problem) return refused(problem);
  let sheet;
  try {
    sheet = await readSheet(Buffer.from(bytes), file.name);
  } catch (error) {
    if (error instanceof SheetReadError) return refused(error.message);
    throw error;
  }
  const { rows, errors } = readAccountSheet(sheet);
  if (errors.length) return refused(`导入失败，未创建任何账号。共 ${errors.length} 处问题：`, errors);
  const outcome = await importAccounts(db, { actor: user, ip: context.clientIp }, { rows, source: file.name });
  if (!outcome.ok) return data<ActionResult>({ ok: false, message: outcome.message, errors: importErrorsOf(outcome) }, { status: outcome.status });
  return {
    ok: true,
    message: `已创建 ${outcome.slips.length} 个账号。一次性密码只在下面的开通单中显示这一次：请打印或下载后分发，首次登录须设置新密码。`,
    slips: outcome.slips,
    signInAddress: `${publicBaseUrl(request)}/login`,
    csv: slipsCsv(outcome.slips),
  } satisfies ActionResult;
}

export default function ImportAccountsPage() {
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  if (result?.ok) return <Slips result={result} />;
  return (
    <>
      <h1>批量导入账号</h1>
      <Section id="template-heading" title="下载模板">
        <p>
          列：用户名、姓名、角色、范围代码、手机（选填）。角色填中文名称（如“社区工作者”）或英文代码；范围代码为区（6 位）、街道（9 位）或社区（12 位）的统计用区划代码。
        </p>
        <p>
          <TemplateLinks href="/admin/users/template" />
        </p>
      </Section>
      <Section id="upload-heading" title="上传文件">
        <Form method="post" encType="multipart/form-data">
          <CsrfField />
          <SpreadsheetField what="账号文件" maxMb={2} />
          <p className="muted">任何一行有问题都不会创建账号；问题按“行 · 列 · 原因”列出。</p>
          <BusyButton busy={busy} busyLabel="正在导入并生成一次性密码…">
            导入
          </BusyButton>
        </Form>
        <div aria-live="polite">
          {result && !result.ok ? (
            <div className="form-error" role="alert">
              <p>{result.message}</p>
            </div>
          ) : null}
        </div>
        {result && !result.ok && result.errors.length ? <ImportErrorTable errors={result.errors} /> : null}
      </Section>
    </>
  );
}

function Slips({ result }: { result: Extract<ActionResult, { ok: true }> }) {
  const href = `data:text/csv;charset=utf-8,${encodeURIComponent(result.csv)}`;
  return (
    <>
      <div className="no-print">
        <h1>账号开通单</h1>
        <p className="notice" role="status">
          {result.message}
        </p>
        <p className="form-actions">
          <button type="button" className="button" onClick={() => window.print()}>
            打印开通单
          </button>
          <a className="button button--secondary" href={href} download="账号开通单.csv">
            下载开通单（CSV）
          </a>
          <Link to="/admin/users">返回账号列表</Link>
        </p>
      </div>
      <ol className="account-slips" aria-label="账号开通单">
        {result.slips.map((slip) => (
          <li key={slip.username} className="account-slip">
            <h2>账号开通单 · {slip.displayName}</h2>
            <dl>
              <dt>登录地址</dt>
              <dd>{result.signInAddress}</dd>
              <dt>用户名</dt>
              <dd>{slip.username}</dd>
              <dt>初始密码</dt>
              <dd className="one-time-password">{slip.oneTimePassword}</dd>
              <dt>角色</dt>
              <dd>{slip.roleLabel}</dd>
              <dt>范围</dt>
              <dd>{slip.scopeName}</dd>
            </dl>
            <p className="account-slip__help">初始密码只能使用一次：首次登录后须设置新密码（至少 10 个字符）。请勿转借账号；遗失请联系管理员重置。</p>
          </li>
        ))}
      </ol>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
