// The builder's settings of structured questions: a matrix's rows and columns (矩阵单选/量表),
// a table's rows, columns and cell types (matrixdropdown, matrixdynamic), multipletext items,
// how many rows or panels a resident may add, an expression. Buttons and labelled fields only,
// so every change can be made by keyboard and is announced.
import { CELL_TYPES, type CellType, isStableQuestionName, type JsonValue, SURVEY_LIMITS } from "../../../workflows/surveys/definition";
import { CodeSelectField } from "../code-select";
import { BuilderInput, TextProp } from "./builder-fields";
import { ChoicesEditor } from "./choices-editor";
import { choiceRows, choicesJson } from "./choice-rows";
import { AddRowButton, RowButtons } from "./row-buttons";
import type { EditorContext } from "./element-editor";
import { defaultOptions } from "./question-defaults";
import { textOf, updateProps, type BuilderNode, type JsonObject } from "./operations";

export const CELL_TYPE_LABELS: Record<CellType, string> = {
  dropdown: "下拉单选",
  radiogroup: "单选",
  checkbox: "多选",
  tagbox: "下拉多选",
  text: "填空",
  comment: "多行文字",
  boolean: "是/否",
  rating: "评分",
  expression: "计算结果",
};
const CHOICE_CELLS = new Set<string>(["dropdown", "radiogroup", "checkbox", "tagbox"]);

/** A matrix's rows and its columns are both value/text lists, edited alike. */
const MATRIX_AXES = {
  rows: { idSuffix: "row", noun: "行", legend: "行（每一行是一个小题）", hint: "“值”用于统计和跨轮次对比，“显示文字”是居民看到的每一行的题目。" },
  columns: { idSuffix: "column", noun: "列", legend: "列（每一行都从这些答案中选）", hint: "量表请用数字作值（如 1–5），结果页会算出每一行的平均分。" },
} as const;

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function CountField({ id, label, value, max, onChange }: { id: string; label: string; value: JsonValue | undefined; max: number; onChange: (n: number | undefined) => void }) {
  return (
    <BuilderInput
      id={id}
      label={label}
      type="number"
      inputMode="numeric"
      min={0}
      max={max}
      value={typeof value === "number" ? value : ""}
      onChange={(e) => {
        const n = e.target.value === "" ? undefined : Math.max(0, Math.min(max, Math.floor(Number(e.target.value))));
        onChange(n === undefined || Number.isNaN(n) ? undefined : n);
      }}
    />
  );
}

interface PartsProps {
  id: string;
  node: BuilderNode;
  context: EditorContext;
  kind: "column" | "item";
}

/** A table's columns (title, name, cell type, required, choices) or a multipletext's items. */
function PartsEditor({ id, node, context, kind }: PartsProps) {
  const key = kind === "column" ? "columns" : "items";
  const noun = kind === "column" ? "列" : "项";
  const list = (Array.isArray(node.props[key]) ? node.props[key] : []).filter(isObject);
  const set = (parts: JsonObject[]) => apply(context, node, { [key]: parts });
  const update = (i: number, changes: Record<string, JsonValue | undefined>) =>
    set(list.map((part, j) => (j === i ? withChanges(part, changes) : part)));
  const labelOf = (part: JsonObject, i: number) => textOf(part.title) || (typeof part.name === "string" ? part.name : `第 ${i + 1} ${noun}`);
  const move = (i: number, delta: -1 | 1) => {
    const target = i + delta;
    if (target < 0 || target >= list.length) return context.announce(delta < 0 ? `已经是第一${noun}` : `已经是最后一${noun}`);
    const copy = list.slice();
    [copy[i], copy[target]] = [copy[target], copy[i]];
    set(copy);
    context.announce(`已将“${labelOf(list[i], i)}”移到第 ${target + 1} ${noun}`);
    context.focus(`${id}-${delta < 0 ? "up" : "down"}-${target}`);
  };
  const matrixCellType = typeof node.props.cellType === "string" ? node.props.cellType : "dropdown";
  const sharedChoices = kind === "column" && list.some((c) => CHOICE_CELLS.has(String(c.cellType ?? matrixCellType)) && !Array.isArray(c.choices));
  return (
    <fieldset className="builder-choices">
      <legend>{kind === "column" ? "列（每一列是一个小题）" : "填空项"}</legend>
      <ol className="builder-choice-list">
        {list.map((part, i) => {
          const name = typeof part.name === "string" ? part.name : "";
          const cellType = kind === "column" ? String(part.cellType ?? matrixCellType) : "text";
          const nameProblem = isStableQuestionName(name) ? (list.some((p, j) => j !== i && p.name === name) ? `名称“${name}”重复` : null) : "名称只能用小写英文字母、数字和下划线，以字母开头";
          return (
            <li key={i} className="builder-choice builder-part">
              <TextProp id={`${id}-title-${i}`} label={`第 ${i + 1} ${noun}标题`} maxLength={200} value={part.title} onChange={(title) => update(i, { title })} />
              <div className="field builder-choice__value">
                <label htmlFor={`${id}-name-${i}`}>第 {i + 1} {noun}名称（英文）</label>
                <input
                  id={`${id}-name-${i}`}
                  className="mono"
                  value={name}
                  maxLength={64}
                  spellCheck={false}
                  autoCapitalize="off"
                  aria-invalid={nameProblem ? true : undefined}
                  aria-describedby={nameProblem ? `${id}-name-${i}-error` : undefined}
                  onChange={(e) => update(i, { name: e.target.value.trim() })}
                />
                {nameProblem ? (
                  <p id={`${id}-name-${i}-error`} className="field-error">
                    {nameProblem}
                  </p>
                ) : null}
              </div>
              {kind === "column" ? (
                <CodeSelectField
                  id={`${id}-type-${i}`}
                  label={`第 ${i + 1} 列的题型`}
                  codes={CELL_TYPES}
                  labels={CELL_TYPE_LABELS}
                  value={cellType}
                  onChange={(type) => update(i, { cellType: type, ...(CHOICE_CELLS.has(type) && !Array.isArray(part.choices) ? { choices: defaultOptions(2) } : {}) })}
                />
              ) : null}
              {cellType === "text" ? (
                <div className="field">
                  <label htmlFor={`${id}-input-${i}`}>第 {i + 1} {noun}填写内容</label>
                  <select id={`${id}-input-${i}`} value={part.inputType === "number" ? "number" : "text"} onChange={(e) => update(i, { inputType: e.target.value === "number" ? "number" : undefined })}>
                    <option value="text">文字</option>
                    <option value="number">数字</option>
                  </select>
                </div>
              ) : null}
              <label className="checkbox">
                <input type="checkbox" checked={part.isRequired === true} onChange={(e) => update(i, { isRequired: e.target.checked ? true : undefined })} />
                第 {i + 1} {noun}必填
              </label>
              {kind === "column" && CHOICE_CELLS.has(cellType) && Array.isArray(part.choices) ? (
                <ChoicesEditor
                  idPrefix={`${id}-${i}-choice`}
                  legend={`第 ${i + 1} 列的选项`}
                  rows={choiceRows(part)}
                  lockedValues={new Set()}
                  onChange={(rows) => update(i, { choices: choicesJson(rows) })}
                  announce={context.announce}
                  focus={context.focus}
                />
              ) : null}
              <RowButtons
                idPrefix={id}
                index={i}
                subject={`“${labelOf(part, i)}”`}
                onMove={(delta) => move(i, delta)}
                onRemove={() => {
                  set(list.filter((_, j) => j !== i));
                  context.announce(`已删除“${labelOf(part, i)}”`);
                  context.focus(list.length > 1 ? `${id}-title-${Math.max(0, i - 1)}` : `${id}-add`);
                }}
              />
            </li>
          );
        })}
      </ol>
      {sharedChoices ? (
        <ChoicesEditor
          idPrefix={`${id}-shared-choice`}
          legend="统一的选项（没有单独设置选项的列都用这些）"
          rows={choiceRows(node.props)}
          lockedValues={new Set()}
          onChange={(rows) => apply(context, node, { choices: choicesJson(rows) })}
          announce={context.announce}
          focus={context.focus}
        />
      ) : null}
      <AddRowButton
        idPrefix={id}
        onAdd={() => {
          const taken = new Set(list.map((p) => p.name));
          let n = list.length + 1;
          while (taken.has(`${kind === "column" ? "col" : "item"}_${n}`)) n++;
          const part: JsonObject = { name: `${kind === "column" ? "col" : "item"}_${n}`, title: `第${list.length + 1}${noun}`, ...(kind === "column" ? { cellType: "text" } : {}) };
          set([...list, part]);
          context.announce(`已添加第 ${list.length + 1} ${noun}`);
          context.focus(`${id}-title-${list.length}`);
        }}
      >
        添加一{noun}
      </AddRowButton>
    </fieldset>
  );
}

function withChanges(part: JsonObject, changes: Record<string, JsonValue | undefined>): JsonObject {
  const next = { ...part };
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return next;
}

function apply(context: EditorContext, node: BuilderNode, changes: Record<string, JsonValue | undefined>): void {
  context.onChange(updateProps(context.doc, node.key, changes));
}

/** The settings of a structured question; nothing for other types. */
export function StructureEditor({ node, context, locked }: { node: BuilderNode; context: EditorContext; locked: boolean }) {
  const p = node.props;
  const id = `q-${node.key}`;
  const name = typeof p.name === "string" ? p.name : "";
  const set = (changes: Record<string, JsonValue | undefined>) => apply(context, node, changes);
  const lockedValues = locked ? context.lockedValues(name) : new Set<string>();
  const axisEditor = (axis: keyof typeof MATRIX_AXES) => {
    const { idSuffix, noun, legend, hint } = MATRIX_AXES[axis];
    return (
      <ChoicesEditor
        idPrefix={`${id}-${idSuffix}`}
        noun={noun}
        legend={legend}
        hint={hint}
        rows={choiceRows(p, axis)}
        lockedValues={lockedValues}
        onChange={(rows) => set({ [axis]: choicesJson(rows) })}
        announce={context.announce}
        focus={context.focus}
      />
    );
  };
  const rowsEditor = axisEditor("rows");
  const max = SURVEY_LIMITS.maxDynamicCount;
  switch (p.type) {
    case "matrix":
      return (
        <>
          {rowsEditor}
          {axisEditor("columns")}
          <label className="checkbox">
            <input type="checkbox" checked={p.eachRowRequired === true} onChange={(e) => set({ eachRowRequired: e.target.checked ? true : undefined })} />
            每一行都必须回答
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={p.cellType === "checkbox"} onChange={(e) => set({ cellType: e.target.checked ? "checkbox" : undefined })} />
            每一行可以选多项（矩阵多选）
          </label>
        </>
      );
    case "matrixdropdown":
      return (
        <>
          {rowsEditor}
          <PartsEditor id={`${id}-col`} node={node} context={context} kind="column" />
        </>
      );
    case "matrixdynamic":
      return (
        <>
          <PartsEditor id={`${id}-col`} node={node} context={context} kind="column" />
          <div className="form-grid">
            <CountField id={`${id}-rows`} label="开始时有几行" value={p.rowCount} max={max} onChange={(n) => set({ rowCount: n })} />
            <CountField id={`${id}-max-rows`} label={`最多几行（不超过 ${max}）`} value={p.maxRowCount} max={max} onChange={(n) => set({ maxRowCount: n })} />
          </div>
        </>
      );
    case "multipletext":
      return <PartsEditor id={`${id}-item`} node={node} context={context} kind="item" />;
    case "paneldynamic":
      return (
        <>
          <TextProp id={`${id}-template-title`} label="每一项的标题" placeholder="如：第 {panelIndex} 位家庭成员" value={p.templateTitle} onChange={(templateTitle) => set({ templateTitle })} />
          <div className="form-grid">
            <CountField id={`${id}-panels`} label="开始时有几项" value={p.panelCount} max={max} onChange={(n) => set({ panelCount: n })} />
            <CountField id={`${id}-max-panels`} label={`最多几项（不超过 ${max}）`} value={p.maxPanelCount} max={max} onChange={(n) => set({ maxPanelCount: n })} />
          </div>
          <p className="muted builder-hint">每一项里的问题在下方列表中添加和编辑；居民可以按“添加”为每位家庭成员各填一组。</p>
        </>
      );
    case "expression":
      return (
        <BuilderInput
          id={`${id}-expression`}
          label="计算公式"
          hint="只显示计算结果，不保存到答卷；保存时会检查公式里的问题名称。"
          className="mono"
          value={typeof p.expression === "string" ? p.expression : ""}
          placeholder="如：{hh_members_60_plus} + {hh_children_0_3}"
          spellCheck={false}
          onChange={(e) => set({ expression: e.target.value })}
        />
      );
    default:
      return null;
  }
}
