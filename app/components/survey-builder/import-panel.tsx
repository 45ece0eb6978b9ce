// The builder's imports: a SurveyJS JSON file, or a questionnaire from Word/WPS (pasted text, or
// a .txt/.docx file). Either becomes a draft in the editor — saved only when the worker saves —
// with a report: what was guessed, fixed, dropped and renamed, or every problem, grouped.
import { useFetcher } from "@remix-run/react";
import { type FormEvent, useEffect, useRef, useState } from "react";
import type { SurveyJson } from "../../../workflows/surveys/definition";
import type { IssueGroupView } from "../../../workflows/surveys/import-issues";
import type { ImportReport as ImportReportView } from "../../lib/survey-imports.server";
import { CsrfField } from "../csrf-field";

export type ImportReply =
  | { ok: true; intent: "import"; message: string | null; importId: string; definition: SurveyJson; report: ImportReportView }
  | { ok: false; intent: "import"; message: string | null; errors: Record<string, string>; problems: IssueGroupView[]; report: ImportReportView | null };

export interface ImportLimits {
  jsonFileBytes: number;
  documentFileBytes: number;
  pastedChars: number;
}

function Lines({ items }: { items: readonly string[] }) {
  return (
    <ul>
      {items.map((m, i) => (
        <li key={i}>{m}</li>
      ))}
    </ul>
  );
}

function Groups({ groups, heading }: { groups: IssueGroupView[]; heading: string }) {
  if (!groups.length) return null;
  return (
    <>
      <h4>{heading}</h4>
      {groups.map((g) => (
        <section key={g.label} aria-label={g.label} className="import-group">
          <h5>{g.label}</h5>
          <Lines items={g.messages} />
        </section>
      ))}
    </>
  );
}

/** What an import did, shown under the import forms. */
export function ImportReport({ report }: { report: ImportReportView }) {
  const renamed = Object.entries(report.renamed);
  return (
    <div className="import-report">
      {report.guesses.length ? (
        <details open>
          <summary>识别时的推测（{report.guesses.length} 条），请在编辑器里核对</summary>
          <Lines items={report.guesses} />
        </details>
      ) : null}
      {report.unread.length ? (
        <div className="notice" role="note">
          <p>以下内容没能识别，请在编辑器里补上：</p>
          <Lines items={report.unread} />
        </div>
      ) : null}
      {renamed.length ? (
        <div className="table-wrap">
          <table>
            <caption>名称已改为统一格式（小写英文、数字和下划线），条件中的引用已一并修改</caption>
            <thead>
              <tr>
                <th scope="col">原名称</th>
                <th scope="col">新名称</th>
              </tr>
            </thead>
            <tbody>
              {renamed.map(([from, to]) => (
                <tr key={from}>
                  <td>{from}</td>
                  <td className="mono">{to}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Groups groups={report.warnings} heading="已自动处理" />
    </div>
  );
}

export function ImportPanel({
  dirty,
  limits,
  onImported,
}: {
  dirty: boolean;
  limits: ImportLimits;
  onImported: (definition: SurveyJson) => void;
}) {
  const upload = useFetcher<ImportReply>({ key: "survey-builder-import" });
  const [fileProblem, setFileProblem] = useState<string | null>(null);
  // An import result is applied once; the one showing when this editor mounted is old.
  const applied = useRef(upload.data?.ok ? upload.data.importId : null);
  const [shown, setShown] = useState<ImportReply | null>(null);

  useEffect(() => {
    const reply = upload.data;
    if (upload.state !== "idle" || !reply) return;
    if (reply.ok && applied.current !== reply.importId) {
      applied.current = reply.importId;
      onImported(reply.definition);
    }
    setShown(reply);
  }, [upload.data, upload.state, onImported]);

  const busy = upload.state !== "idle";
  const before = (event: FormEvent<HTMLFormElement>, maxBytes: number) => {
    const input = event.currentTarget.elements.namedItem("file");
    const file = input instanceof HTMLInputElement ? input.files?.[0] : undefined;
    if (file && file.size > maxBytes) {
      event.preventDefault();
      setFileProblem(`文件不能超过 ${Math.round(maxBytes / 1024)} KB（这个文件 ${Math.ceil(file.size / 1024)} KB）。`);
      return;
    }
    if (dirty && !window.confirm("导入的问卷会替换编辑器中未保存的修改，继续吗？")) {
      event.preventDefault();
      return;
    }
    setFileProblem(null);
    setShown(null);
  };

  return (
    <>
      <upload.Form method="post" encType="multipart/form-data" className="import-form" aria-labelledby="text-import-heading" onSubmit={(e) => before(e, limits.documentFileBytes)}>
        <h3 id="text-import-heading">从 Word / WPS 问卷导入（文本导入）</h3>
        <CsrfField />
        <input type="hidden" name="intent" value="text-import" />
        <div className="field">
          <label htmlFor="import-text">粘贴问卷文字</label>
          <textarea
            id="import-text"
            name="text"
            rows={8}
            maxLength={limits.pastedChars}
            aria-describedby="import-text-help"
            placeholder={"例如：\n社区服务满意度调查\n一、基本情况\n1. 您的年龄段[单选]\nA. 60岁以下  B. 60-79岁  C. 80岁及以上"}
          />
          <p id="import-text-help" className="muted builder-hint">
            从 Word/WPS 复制整份问卷粘贴在这里，或选择 .txt / .docx 文件（选了文件就按文件导入）。能识别题号、A/B/C 选项、[单选] [多选] [填空] [评分] [矩阵量表题] [排序] 等标记，以及表格形式的矩阵题。
          </p>
        </div>
        <div className="field">
          <label htmlFor="import-document">或选择文件（.txt 或 .docx）</label>
          <input id="import-document" type="file" name="file" accept=".txt,.docx,text/plain,application/vnd.openxmlformats-officedocument.wordprocessingml.document" />
        </div>
        <button type="submit" className="button" disabled={busy}>
          {busy ? "正在识别…" : "识别并导入"}
        </button>
      </upload.Form>

      <upload.Form method="post" encType="multipart/form-data" className="import-form" aria-labelledby="json-import-heading" onSubmit={(e) => before(e, limits.jsonFileBytes)}>
        <h3 id="json-import-heading">导入 SurveyJS JSON</h3>
        <CsrfField />
        <input type="hidden" name="intent" value="import" />
        <div className="field">
          <label htmlFor="import-file">SurveyJS JSON 文件（.json）</label>
          <input id="import-file" type="file" name="file" accept=".json,application/json" required aria-describedby="import-help" />
          <p id="import-help" className="muted builder-hint">
            导入后先在编辑器里检查，点“保存”才会生效。名称会改成统一格式并列出对照表；不支持的设置会去掉并说明；文件上传、签名、外部图片、自定义控件和从网址加载选项无法导入。
          </p>
        </div>
        <button type="submit" className="button button--secondary" disabled={busy}>
          {busy ? "正在校验…" : "校验并导入"}
        </button>
      </upload.Form>

      <div aria-live="polite">
        {fileProblem ? (
          <p className="form-error" role="alert">
            {fileProblem}
          </p>
        ) : null}
        {shown && !busy ? (
          shown.ok ? (
            <div className="notice notice--info" role="status">
              <p>{shown.message}</p>
              <ImportReport report={shown.report} />
            </div>
          ) : (
            <div className="form-error" role="alert">
              <p>{shown.message}</p>
              <Groups groups={shown.problems} heading="需要修改的问题" />
              {shown.report ? <ImportReport report={shown.report} /> : null}
            </div>
          )
        ) : null}
      </div>
    </>
  );
}
