// The worker's plan of a project: name, 共同体 form, approach, site, areas per function,
// budget and funding (四(二)2), operation, 四同步 and the planned date of each milestone.
import { functionShortLabel } from "../../workflows/gap-list";
import {
  APPROACH_LABELS,
  APPROACHES,
  FOUR_SYNC_LABELS,
  FOUR_SYNC_STEPS,
  FUNDING_LABELS,
  FUNDING_SOURCES,
  HUB_FORM_LABELS,
  HUB_FORMS,
  OPERATING_MODEL_LABELS,
  OPERATING_MODELS,
  PRICING_LABELS,
  PRICING_TIERS,
  SERVICE_LEVEL_LABELS,
  SERVICE_LEVELS,
} from "../../workflows/glossary";
import type { ProjectPage } from "../lib/project-pages.server";
import { CodeSelectField } from "./code-select";
import { VersionedForm } from "./csrf-field";
import { ErrorSummary, FieldError, fieldProps } from "./field-error";
import { SubmitRow, TextField } from "./form-fields";

export function ProjectPlanForm({
  project,
  milestones,
  showsFourSync,
  errors,
  busy,
}: {
  project: ProjectPage["project"];
  milestones: ProjectPage["summary"]["milestones"];
  showsFourSync: boolean;
  errors: Record<string, string>;
  busy: boolean;
}) {
  const noPlannedDates = milestones.every((m) => m.plannedDate === null);
  return (
    <section className="panel" aria-labelledby="plan-heading">
      <details open={noPlannedDates || Object.keys(errors).length > 0}>
        <summary>
          <h2 id="plan-heading" style={{ display: "inline" }}>
            编辑项目计划
          </h2>
        </summary>
        <VersionedForm version={project.version} className="form-grid" noValidate>
          <ErrorSummary errors={errors} />
          <TextField name="name" label="项目名称" errors={errors} defaultValue={project.name} required maxLength={60} />
          {project.kind === "hub" ? (
            <CodeSelectField name="hubForm" label="共同体形态" codes={HUB_FORMS} labels={HUB_FORM_LABELS} defaultValue={project.hubForm ?? ""} errors={errors} />
          ) : null}
          <CodeSelectField name="approach" label="建设方式" codes={APPROACHES} labels={APPROACH_LABELS} defaultValue={project.approach} />
          <TextField name="site" label="选址" errors={errors} defaultValue={project.site ?? ""} maxLength={200} />
          <TextField name="spaceSource" label="空间来源" defaultValue={project.spaceSource ?? ""} maxLength={200} />
          {project.functions.map((f) => (
            <TextField
              key={f.function}
              name={`areas.${f.function}`}
              label={`${functionShortLabel(f.function)}计划面积（m²）`}
              errors={errors}
              inputMode="decimal"
              defaultValue={String(f.areaM2)}
            />
          ))}
          <TextField name="budgetTotal" label="总投资（元）" errors={errors} inputMode="decimal" defaultValue={String(Math.round(project.budgetTotal))} />
          <fieldset className="field field--wide" aria-describedby="funding-help" {...fieldProps("funding", errors)}>
            <legend>资金来源（元，合计须等于总投资）</legend>
            <p id="funding-help" className="muted">
              四(二)2：中央预算内资金、地方政府专项债、市区两级财政预算、社会力量等。
            </p>
            <div className="form-grid">
              {FUNDING_SOURCES.map((s) => (
                <TextField key={s} name={`funding.${s}`} label={FUNDING_LABELS[s]} errors={errors} inputMode="decimal" defaultValue={project.funding[s] ? String(project.funding[s]) : ""} />
              ))}
            </div>
            <FieldError name="funding" errors={errors} />
          </fieldset>
          <TextField name="operator" label="运营主体" errors={errors} defaultValue={project.operator ?? ""} maxLength={60} />
          <CodeSelectField name="operatingModel" label="运营模式" codes={OPERATING_MODELS} labels={OPERATING_MODEL_LABELS} defaultValue={project.operatingModel ?? ""} emptyLabel="（未确定）" />
          <CodeSelectField name="pricing" label="收费方式" codes={PRICING_TIERS} labels={PRICING_LABELS} defaultValue={project.pricing ?? ""} emptyLabel="（未确定）" />
          <CodeSelectField name="serviceLevel" label="服务属性" codes={SERVICE_LEVELS} labels={SERVICE_LEVEL_LABELS} defaultValue={project.serviceLevel} />
          {showsFourSync ? (
            <fieldset className="field field--wide">
              <legend>四同步（新建社区：与住宅项目同步）</legend>
              <div className="checkbox-row">
                {FOUR_SYNC_STEPS.map((s) => (
                  <label className="checkbox" key={s}>
                    <input type="checkbox" name="fourSync" value={s} defaultChecked={project.fourSync?.[s] ?? false} />
                    {FOUR_SYNC_LABELS[s]}
                  </label>
                ))}
              </div>
            </fieldset>
          ) : null}
          <fieldset className="field field--wide">
            <legend>各节点计划日期</legend>
            <div className="form-grid">
              {milestones.map((m) => (
                <TextField key={m.milestone} name={`planned.${m.milestone}`} label={`${m.label}计划日期`} errors={errors} type="date" defaultValue={m.plannedDate ?? ""} />
              ))}
            </div>
          </fieldset>
          <SubmitRow intent="plan" busy={busy}>
            保存项目计划
          </SubmitRow>
        </VersionedForm>
      </details>
    </section>
  );
}
