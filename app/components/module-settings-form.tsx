// A module's [默认值] settings on the policy page: each value in force beside its default; for the
// 市级管理员 an input per setting, 保存 and 恢复默认值 (the form names its module in `_module`).
import { Form } from "@remix-run/react";
import { CsrfField } from "./csrf-field";
import { formatSettingValue } from "../../workflows/policy/settings";
import type { SettingValue } from "../../workflows/setting-overrides";
import { type SettingRow, shown } from "./settings-table";

/**
 * A setting's number input with its error, wired for screen readers (the policy profile's form and
 * each module's). A share is shown and typed as a percentage (10%), as the tables show it.
 */
export function SettingInput({ id, name, unit, value, error }: { id: string; name: string; unit?: string; value: SettingValue; error: string | undefined }) {
  const defaultValue = unit === "share" ? formatSettingValue({ kind: "number", unit }, value) : String(value);
  return (
    <>
      <input id={id} name={name} inputMode="decimal" defaultValue={defaultValue} aria-invalid={error ? true : undefined} aria-describedby={error ? `${id}-error` : undefined} />
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </>
  );
}

export function ModuleSettingsForm({
  id,
  title,
  settings,
  canEdit,
  errors,
  busy,
}: {
  id: string;
  title: string;
  settings: readonly SettingRow[];
  canEdit: boolean;
  errors: Record<string, string>;
  busy: boolean;
}) {
  const inputId = (key: string) => `setting-${key.replace(/\./g, "-")}`;
  return (
    <Form method="post" aria-label={`${title}的设置`}>
      <CsrfField />
      <input type="hidden" name="_module" value={id} />
      <div className="table-wrap">
        <table>
          <caption>{title}：以下数字均为本系统的默认值，方案未作规定</caption>
          <thead>
            <tr>
              <th scope="col">设置</th>
              <th scope="col">默认值</th>
              <th scope="col">当前值</th>
              <th scope="col">状态</th>
            </tr>
          </thead>
          <tbody>
            {settings.map((s) => (
              <tr key={s.key}>
                <th scope="row">{canEdit ? <label htmlFor={inputId(s.key)}>{s.label}</label> : s.label}</th>
                <td>{shown(s, s.defaultValue)}</td>
                <td>
                  {canEdit ? (
                    <SettingInput id={inputId(s.key)} name={s.key} unit={s.unit} value={s.value} error={errors[s.key]} />
                  ) : (
                    shown(s, s.value)
                  )}
                </td>
                <td>
                  {s.changed ? <span className="changed-mark">已调整</span> : <span className="default-mark">默认值</span>}
                  {canEdit && s.changed ? (
                    <button type="submit" name="reset" value={s.key} className="button button--secondary" disabled={busy} aria-label={`${s.label}恢复默认值`}>
                      恢复默认值
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {canEdit ? (
        <button type="submit" className="button" disabled={busy}>
          保存{title}的设置
        </button>
      ) : null}
    </Form>
  );
}
