// 验收 against the approved items (四(三)): the decisions so far with their checks, the
// facilities an accepted project added, and the street reviewer's form.
import { Link } from "@remix-run/react";
import { functionShortLabel } from "../../workflows/gap-list";
import { ACCEPTANCE_LABELS, ACCEPTANCE_RESULTS, DOMAIN_LABELS } from "../../workflows/glossary";
import type { AcceptanceCheck } from "../../workflows/projects";
import { formatDateTime, formatNumber } from "../lib/format";
import type { ProjectPage } from "../lib/project-pages.server";
import { VersionedForm } from "./csrf-field";
import { ErrorSummary, FieldError, fieldProps } from "./field-error";
import { SubmitRow, TextField } from "./form-fields";
import { Section } from "./section";

function Checks({ checks, label }: { checks: readonly AcceptanceCheck[]; label?: string }) {
  return (
    <ul className="checks" aria-label={label}>
      {checks.map((c) => (
        <li key={c.key}>
          <span className={c.passed ? "ok-mark" : "bad-mark"}>{c.passed ? "✓" : "✗"}</span> {c.label}：{c.detail}
        </li>
      ))}
    </ul>
  );
}

export function ProjectAcceptance({
  communityHref,
  page,
  errors,
  busy,
}: {
  /** /communities/<code> */
  communityHref: string;
  page: Pick<ProjectPage, "project" | "acceptances" | "facilities" | "acceptBlockedBecause" | "checkPreview" | "suggested"> & { rights: Pick<ProjectPage["rights"], "accept"> };
  errors: Record<string, string>;
  busy: boolean;
}) {
  const { project } = page;
  return (
    <Section id="acceptance-heading" title="验收（对照通过的清单事项）">
      {page.acceptances.length ? (
        <ol className="history">
          {page.acceptances.map((a, i) => (
            <li key={i}>
              <time dateTime={a.at}>{formatDateTime(a.at)}</time> {a.byName ?? "—"}：<span className={`result result--${a.result}`}>{ACCEPTANCE_LABELS[a.result]}</span>
              ，实际面积 {formatNumber(a.actualAreaM2)} m²
              <Checks checks={a.checks} />
              {a.remarks ? <blockquote>验收意见：{a.remarks}</blockquote> : null}
            </li>
          ))}
        </ol>
      ) : (
        <p className="empty">尚未验收。</p>
      )}
      {page.facilities.length ? (
        <p>
          已加入设施清单：
          {page.facilities.map((f, i) => (
            <span key={f.id}>
              {i > 0 ? "、" : ""}
              <Link to={`${communityHref}/facilities/${f.id}`}>{f.name}</Link>（{formatNumber(f.areaM2)} m²）
            </span>
          ))}
        </p>
      ) : null}
      {page.acceptBlockedBecause ? <p className="muted">暂不能验收：{page.acceptBlockedBecause}</p> : null}
      {page.rights.accept ? (
        <VersionedForm version={project.version} className="form-grid" aria-label="验收">
          <ErrorSummary errors={errors} />
          <div className="field field--wide">
            <p id="checks-help" className="muted">
              系统按填写的实际面积和到位功能逐项检查：建设面积达到计划、计划功能全部到位、收费方式和运营模式已确定、运营主体已落实。全部达标才能“通过”；
              有未达标项可“有条件通过”并写明整改要求，或“不通过”。通过（含有条件通过）后，到位的功能自动加入本社区设施清单。
            </p>
            <Checks checks={page.checkPreview} label="按计划全部到位时的检查" />
          </div>
          <TextField name="actualAreaM2" label="实际建设面积（m²）" errors={errors} inputMode="decimal" defaultValue={String(project.plannedAreaM2)} />
          <fieldset className="field">
            <legend>到位的功能</legend>
            {project.functions.map((f) => (
              <label className="checkbox" key={f.function}>
                <input type="checkbox" name="functionsPresent" value={f.function} defaultChecked />
                {functionShortLabel(f.function)}（{DOMAIN_LABELS[f.domain]}）
              </label>
            ))}
          </fieldset>
          <fieldset className="field field--wide" {...fieldProps("result", errors)}>
            <legend>验收结论</legend>
            <div className="checkbox-row">
              {ACCEPTANCE_RESULTS.map((r) => (
                <label className="checkbox" key={r}>
                  <input type="radio" name="result" value={r} defaultChecked={r === page.suggested} />
                  {ACCEPTANCE_LABELS[r]}
                </label>
              ))}
            </div>
            <FieldError name="result" errors={errors} />
          </fieldset>
          <div className="field field--wide">
            <label htmlFor="remarks">验收意见（有条件通过、不通过时必填，写明整改要求）</label>
            <textarea id="remarks" name="remarks" rows={3} maxLength={500} {...fieldProps("remarks", errors)} />
            <FieldError name="remarks" errors={errors} />
          </div>
          <SubmitRow intent="accept" busy={busy}>
            提交验收结论
          </SubmitRow>
        </VersionedForm>
      ) : null}
    </Section>
  );
}
