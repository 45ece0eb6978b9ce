// The [默认值] settings of a module (operating performance, 赛马 ranking, targets) as one
// table: each setting's value in force, and whether it is our default or has been changed.
// Used by the policy page, the 运营反馈 tab and the ranking pages alike.
import { formatSettingValue } from "../../workflows/policy/settings";
import { Table } from "./table";
import { Section } from "./section";

export interface SettingRow {
  key: string;
  label: string;
  value: number;
  defaultValue: number;
  changed: boolean;
  unit?: string;
  note?: string;
}

/** The value with its unit (shares as %, scores in 分, metres in 米). */
export function shown(s: Pick<SettingRow, "unit">, value: number): string {
  const text = formatSettingValue({ kind: "number", unit: s.unit }, value);
  return s.unit && !["share", "score", "m"].includes(s.unit) ? `${text} ${s.unit}` : text;
}

export function SettingsTable({ settings, caption }: { settings: readonly SettingRow[]; caption: string }) {
  return (
    <Table
      caption={caption}
      rows={settings}
      rowKey={(s) => s.key}
      columns={[
        {
          header: "设置",
          rowHeader: true,
          cell: (s) => (
            <>
              {s.label}
              {s.note ? <span className="muted">（{s.note}）</span> : null}
            </>
          ),
        },
        { header: "当前值", cell: (s) => shown(s, s.value) },
        {
          header: "状态",
          cell: (s) => (s.changed ? <span className="changed-mark">已调整（默认值 {shown(s, s.defaultValue)}）</span> : <span className="default-mark">默认值</span>),
        },
      ]}
    />
  );
}

/** A formula in words with the settings it uses, folded away under 设置项. */
export function FormulaPanel({ title, description, settings, caption }: { title: string; description: string; settings: readonly SettingRow[]; caption: string }) {
  return (
    <Section id="formula-heading" title={title}>
      <p>{description}</p>
      <details className="formula">
        <summary>设置项（{settings.some((s) => s.changed) ? "含已调整" : "均为默认值"}）</summary>
        <SettingsTable settings={settings} caption={caption} />
      </details>
    </Section>
  );
}
