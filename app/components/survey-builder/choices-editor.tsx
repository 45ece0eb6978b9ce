import { useEffect, useState } from "react";
import {
  addChoiceRow,
  choiceProblems,
  moveChoiceRow,
  parseChoiceValue,
  removeChoiceRow,
  updateChoiceRow,
  type ChoiceRow,
} from "./choice-rows";
import { AddRowButton, RowButtons } from "./row-buttons";

/**
 * Value/text rows of a choice question. Values are what the tallies count and what later
 * rounds are compared on: values that came with a locked (template or earlier-round) question
 * stay read-only, only their texts change.
 */
export function ChoicesEditor({
  idPrefix,
  rows,
  lockedValues,
  onChange,
  announce,
  focus,
  noun = "选项",
  legend,
  hint = "“值”用于统计和跨轮次对比，“显示文字”是居民看到的内容。",
}: {
  /** What one row is called: 选项, 行 (a matrix row), 列 (a matrix column). */
  noun?: string;
  legend?: string;
  hint?: string;
  idPrefix: string;
  rows: ChoiceRow[];
  lockedValues: ReadonlySet<string>;
  onChange: (rows: ChoiceRow[]) => void;
  announce: (message: string) => void;
  focus: (id: string) => void;
}) {
  const problems = choiceProblems(rows);
  const labelOf = (row: ChoiceRow, i: number) => row.text || String(row.value) || `第 ${i + 1} 个${noun}`;
  const move = (i: number, delta: -1 | 1) => {
    const target = i + delta;
    if (target < 0 || target >= rows.length) return announce(delta < 0 ? `已经是第一个${noun}` : `已经是最后一个${noun}`);
    onChange(moveChoiceRow(rows, i, delta));
    announce(`已将${noun}“${labelOf(rows[i], i)}”${delta < 0 ? "上移" : "下移"}到第 ${target + 1} 位`);
    focus(`${idPrefix}-${delta < 0 ? "up" : "down"}-${target}`);
  };
  const remove = (i: number) => {
    onChange(removeChoiceRow(rows, i));
    announce(`已删除${noun}“${labelOf(rows[i], i)}”`);
    focus(rows.length > 1 ? `${idPrefix}-text-${Math.max(0, i - 1)}` : `${idPrefix}-add`);
  };
  return (
    <fieldset className="builder-choices">
      <legend>{legend ?? noun}</legend>
      <p className="muted builder-hint">{hint}</p>
      <ol className="builder-choice-list">
        {rows.map((row, i) => {
          const locked = lockedValues.has(String(row.value));
          return (
            <li key={i} className="builder-choice">
              <div className="field">
                <label htmlFor={`${idPrefix}-text-${i}`}>{noun} {i + 1} 显示文字</label>
                <input
                  id={`${idPrefix}-text-${i}`}
                  value={row.text}
                  maxLength={200}
                  onChange={(e) => onChange(updateChoiceRow(rows, i, { text: e.target.value }))}
                />
              </div>
              <div className="field builder-choice__value">
                <label htmlFor={`${idPrefix}-value-${i}`}>{noun} {i + 1} 的值</label>
                {locked ? (
                  <input id={`${idPrefix}-value-${i}`} value={String(row.value)} readOnly aria-describedby={`${idPrefix}-locked`} />
                ) : (
                  <ChoiceValueInput
                    id={`${idPrefix}-value-${i}`}
                    value={row.value}
                    numeric={typeof row.value === "number" || (rows.length > 1 && rows.every((r, j) => j === i || typeof r.value === "number"))}
                    onChange={(value) => onChange(updateChoiceRow(rows, i, { value }))}
                  />
                )}
              </div>
              <RowButtons idPrefix={idPrefix} index={i} subject={`${noun}“${labelOf(row, i)}”`} onMove={(delta) => move(i, delta)} onRemove={() => remove(i)} />
            </li>
          );
        })}
      </ol>
      {lockedValues.size ? (
        <p id={`${idPrefix}-locked`} className="muted builder-hint">
          原有{noun}的值用于跨轮次对比，不能修改；可以修改显示文字。
        </p>
      ) : null}
      {problems.length ? (
        <ul className="field-error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <AddRowButton
        idPrefix={idPrefix}
        onAdd={() => {
          onChange(addChoiceRow(rows, noun));
          announce(`已添加第 ${rows.length + 1} 个${noun}`);
          focus(`${idPrefix}-text-${rows.length}`);
        }}
      >
        添加{noun}
      </AddRowButton>
    </fieldset>
  );
}

/** Keeps what is typed while it is typed; a numeric scale stays numeric (see parseChoiceValue). */
function ChoiceValueInput({
  id,
  value,
  numeric,
  onChange,
}: {
  id: string;
  value: string | number;
  numeric: boolean;
  onChange: (value: string | number) => void;
}) {
  const [draft, setDraft] = useState(String(value));
  const parse = (text: string) => parseChoiceValue(text, numeric ? 0 : "");
  // A row moved or removed above this one: show the value now in this place.
  useEffect(() => {
    if (parse(draft) !== value) setDraft(String(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  return (
    <input
      id={id}
      value={draft}
      maxLength={100}
      spellCheck={false}
      autoCapitalize="off"
      onChange={(e) => {
        setDraft(e.target.value);
        onChange(parse(e.target.value));
      }}
    />
  );
}
