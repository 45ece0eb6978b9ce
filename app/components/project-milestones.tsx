// A project's milestones 立项 → 开放运营: planned and actual dates, progress, spending and
// notes, each row with its form — the worker reports progress, the street's reviewer notes.
import type { Milestone } from "../../workflows/glossary";
import { PROGRESS_FORMULA } from "../../workflows/projects";
import { formatNumber } from "../lib/format";
import type { ProjectPage } from "../lib/project-pages.server";
import { VersionedForm } from "./csrf-field";
import { TextField } from "./form-fields";

export function ProjectMilestones({
  version,
  milestones,
  rights,
  today,
  errorsOf,
  busy,
}: {
  version: number;
  milestones: ProjectPage["summary"]["milestones"];
  rights: Pick<ProjectPage["rights"], "progress" | "note">;
  today: string;
  /** The errors of the last submission of this milestone's form. */
  errorsOf: (milestone: Milestone) => Record<string, string>;
  busy: boolean;
}) {
  return (
    <section className="panel milestones" aria-labelledby="milestones-heading">
      <h2 id="milestones-heading">节点进度</h2>
      <p className="muted">{PROGRESS_FORMULA}实际完成日期须按节点顺序填写，不能晚于今天。</p>
      <div className="table-wrap">
        <table className="stack">
          <caption>立项 → 设计 → 开工 → 竣工 → 验收 → 开放运营</caption>
          <thead>
            <tr>
              <th scope="col">节点</th>
              <th scope="col">计划日期</th>
              <th scope="col">实际完成</th>
              <th scope="col" className="num">
                进度
              </th>
              <th scope="col" className="num">
                本节点支出（元）
              </th>
              <th scope="col">备注</th>
              {rights.progress || rights.note ? <th scope="col">操作</th> : null}
            </tr>
          </thead>
          <tbody>
            {milestones.map((m) => {
              const errors = errorsOf(m.milestone);
              return (
                <tr key={m.milestone} id={`milestone-${m.milestone}`}>
                  <th scope="row">
                    {m.label}
                    {m.overdue ? <span className="overdue">（逾期 {m.daysOverdue} 天）</span> : null}
                  </th>
                  <td data-label="计划日期">{m.plannedDate ?? "—"}</td>
                  <td data-label="实际完成">{m.actualDate ?? "—"}</td>
                  <td className="num" data-label="进度">
                    {m.actualDate ? 100 : m.progressPct}%
                  </td>
                  <td className="num" data-label="本节点支出（元）">
                    {formatNumber(Math.round(m.spent))}
                  </td>
                  <td data-label="备注">{m.note ?? ""}</td>
                  {rights.progress || rights.note ? (
                    <td data-label="操作">
                      <details open={Object.keys(errors).length > 0} className="milestone-action">
                        <summary className="button button--secondary">{rights.progress ? `填报${m.label}` : `备注${m.label}`}</summary>
                        <VersionedForm version={version} className="milestone-form" aria-label={`${m.label}进度`}>
                          <input type="hidden" name="milestone" value={m.milestone} />
                          {rights.progress ? (
                            <>
                              <p className="muted">计划日期：{m.plannedDate ?? "未定"}（在“项目计划”中修改）</p>
                              <TextField id={`actual-${m.milestone}`} name="actualDate" label={`${m.label}实际完成日期`} errors={errors} type="date" max={today} defaultValue={m.actualDate ?? ""} />
                              <TextField
                                id={`pct-${m.milestone}`}
                                name="progressPct"
                                label={`${m.label}进度（%）`}
                                errors={errors}
                                inputMode="numeric"
                                defaultValue={String(m.actualDate ? 100 : m.progressPct)}
                              />
                              <TextField id={`spent-${m.milestone}`} name="spent" label={`${m.label}支出（元）`} errors={errors} inputMode="decimal" defaultValue={m.spent ? String(m.spent) : ""} />
                            </>
                          ) : null}
                          <TextField id={`note-${m.milestone}`} name="note" label={`${m.label}备注`} errors={errors} defaultValue={m.note ?? ""} maxLength={500} />
                          <button type="submit" name="intent" value={rights.progress ? "progress" : "note"} className="button" disabled={busy}>
                            保存{m.label}
                          </button>
                        </VersionedForm>
                      </details>
                    </td>
                  ) : null}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}
