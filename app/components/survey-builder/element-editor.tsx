import { useEffect, useState } from "react";
import { DOMAIN_LABELS, DOMAINS } from "../../../workflows/glossary";
import { TEXT_INPUT_TYPES, type JsonValue, type TextInputType } from "../../../workflows/surveys/definition";
import { MEASURE_LABELS, MEASURES } from "../../../workflows/surveys/properties";
import { FieldError, fieldProps } from "../field-error";
import { CodeSelectField } from "../code-select";
import { BuilderInput, TextProp } from "./builder-fields";
import { ChoicesEditor } from "./choices-editor";
import { ConditionEditor } from "./condition-editor";
import { StructureEditor } from "./structure-editor";
import { conditionSubjects } from "./question-refs";
import {
  isQuestionType,
  questionNameProblem,
  renameQuestion,
  textOf,
  updateProps,
  type BuilderDoc,
  type BuilderNode,
} from "./operations";
import { choiceRows, choicesJson } from "./choice-rows";

const INPUT_TYPE_LABELS: Record<TextInputType, string> = {
  text: "文字",
  number: "数字",
  tel: "电话号码",
  email: "电子邮箱",
  date: "日期",
  time: "时间",
  "datetime-local": "日期和时间",
  month: "年月",
  week: "周",
  url: "网址",
  color: "颜色",
  range: "滑块（数字）",
};

export interface EditorContext {
  doc: BuilderDoc;
  onChange: (doc: BuilderDoc) => void;
  announce: (message: string) => void;
  focus: (id: string) => void;
  /** Names that earlier rounds or the templates use: shown read-only. */
  lockedNames: ReadonlySet<string>;
  /** Choice values a locked question had when the editor opened. */
  lockedValues: (name: string) => ReadonlySet<string>;
}

function numberOrUndefined(text: string): number | undefined {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

/** The form for one element: texts, name, required, type-specific settings, condition, tags. */
export function ElementEditor({ node, context }: { node: BuilderNode; context: EditorContext }) {
  const { doc, onChange } = context;
  const p = node.props;
  const id = `q-${node.key}`;
  const set = (changes: Record<string, JsonValue | undefined>) => onChange(updateProps(doc, node.key, changes));
  const question = isQuestionType(p.type);
  const name = typeof p.name === "string" ? p.name : "";
  const locked = question && context.lockedNames.has(name);
  const others = conditionSubjects(doc).filter((q) => q.key !== node.key);

  return (
    <div className="builder-editor" id={`${id}-editor`} role="group" aria-label={`编辑“${textOf(p.title) || name}”`}>
      {p.type === "html" ? (
        <TextProp id={`${id}-html`} label="说明文字内容" rows={3} value={p.html} onChange={(html) => set({ html })} />
      ) : (
        <TextProp id={`${id}-title`} label={p.type === "panel" ? "分组标题" : "题目"} maxLength={500} value={p.title} onChange={(title) => set({ title })} />
      )}
      {p.type !== "html" ? <TextProp id={`${id}-description`} label="说明（选填）" rows={2} value={p.description} onChange={(description) => set({ description })} /> : null}

      {question ? (
        <NameField key={name} id={id} node={node} name={name} locked={locked} context={context} />
      ) : null}

      {question ? (
        <label className="checkbox">
          <input type="checkbox" checked={p.isRequired === true} onChange={(e) => set({ isRequired: e.target.checked ? true : undefined })} />
          必答
        </label>
      ) : null}

      {p.type === "text" ? (
        <div className="form-grid">
          <CodeSelectField
            id={`${id}-input-type`}
            label="填写内容"
            codes={TEXT_INPUT_TYPES}
            labels={INPUT_TYPE_LABELS}
            value={typeof p.inputType === "string" ? p.inputType : "text"}
            onChange={(inputType) => set(inputType === "number" ? { inputType } : { inputType: inputType === "text" || !inputType ? undefined : inputType, min: undefined, max: undefined, step: undefined })}
          />
          {p.inputType === "number" ? (
            <>
              <NumberField id={`${id}-min`} label="最小值" value={p.min} onChange={(v) => set({ min: v })} />
              <NumberField id={`${id}-max`} label="最大值" value={p.max} onChange={(v) => set({ max: v })} />
              <label className="checkbox">
                <input type="checkbox" checked={p.step === 1} onChange={(e) => set({ step: e.target.checked ? 1 : undefined })} />
                只能填整数
              </label>
            </>
          ) : null}
        </div>
      ) : null}

      {p.type === "rating" ? (
        Array.isArray(p.rateValues) && p.rateValues.length ? (
          <p className="muted builder-hint">这道题使用自定义评分档位（{p.rateValues.length} 档），请在 JSON 中修改。</p>
        ) : (
          <div className="form-grid">
            <NumberField id={`${id}-rate-min`} label="最低分" value={p.rateMin ?? 1} onChange={(v) => set({ rateMin: v })} />
            <NumberField id={`${id}-rate-max`} label="最高分" value={p.rateMax ?? 5} onChange={(v) => set({ rateMax: v })} />
            <TextProp id={`${id}-rate-min-text`} label="最低分说明" placeholder="如：很不满意" value={p.minRateDescription} onChange={(minRateDescription) => set({ minRateDescription })} />
            <TextProp id={`${id}-rate-max-text`} label="最高分说明" placeholder="如：很满意" value={p.maxRateDescription} onChange={(maxRateDescription) => set({ maxRateDescription })} />
          </div>
        )
      ) : null}

      {p.type === "boolean" ? (
        <div className="form-grid">
          <TextProp id={`${id}-true`} label="“是”显示为" placeholder="是" value={p.labelTrue} onChange={(labelTrue) => set({ labelTrue })} />
          <TextProp id={`${id}-false`} label="“否”显示为" placeholder="否" value={p.labelFalse} onChange={(labelFalse) => set({ labelFalse })} />
        </div>
      ) : null}

      <StructureEditor node={node} context={context} locked={locked} />

      {p.type === "radiogroup" || p.type === "checkbox" || p.type === "dropdown" || p.type === "tagbox" || p.type === "ranking" ? (
        <>
          <ChoicesEditor
            idPrefix={`${id}-choice`}
            rows={choiceRows(p)}
            lockedValues={locked ? context.lockedValues(name) : new Set()}
            onChange={(rows) => set({ choices: choicesJson(rows) })}
            announce={context.announce}
            focus={context.focus}
          />
          {p.type === "ranking" ? null : (
          <label className="checkbox">
            <input
              type="checkbox"
              checked={p.showOtherItem === true}
              disabled={p.showCommentArea === true}
              onChange={(e) => set({ showOtherItem: e.target.checked ? true : undefined })}
            />
            显示“其他（请注明）”选项
          </label>
          )}
        </>
      ) : null}

      <ConditionEditor
        idPrefix={`${id}-visible`}
        expression={typeof p.visibleIf === "string" ? p.visibleIf : undefined}
        questions={others}
        onChange={(visibleIf) => set({ visibleIf })}
        subject={p.type === "panel" ? "本组" : p.type === "html" ? "本说明" : "本题"}
      />

      {question ? (
        <fieldset className="builder-tags">
          <legend>评估标记</legend>
          <p className="muted builder-hint">需求指数和满意度按这两个标记汇总；不参与评估的问题留空。</p>
          <div className="form-grid">
            <TagSelect id={`${id}-domain`} label="服务领域" codes={DOMAINS} labels={DOMAIN_LABELS} emptyLabel="（不参与评估）" value={p.domain} onChange={(domain) => set({ domain })} />
            <TagSelect id={`${id}-measure`} label="指标" codes={MEASURES} labels={MEASURE_LABELS} emptyLabel="（无）" value={p.measure} onChange={(measure) => set({ measure })} />
          </div>
        </fieldset>
      ) : null}
    </div>
  );
}

/** An evaluation tag: one of the codes, or none (the property is then left out). */
function TagSelect<C extends string>({
  id,
  label,
  codes,
  labels,
  emptyLabel,
  value,
  onChange,
}: {
  id: string;
  label: string;
  codes: readonly C[];
  labels: Record<C, string>;
  emptyLabel: string;
  value: JsonValue | undefined;
  onChange: (code: C | undefined) => void;
}) {
  return (
    <CodeSelectField id={id} label={label} codes={codes} labels={labels} emptyLabel={emptyLabel} value={typeof value === "string" ? value : ""} onChange={(code) => onChange(code || undefined)} />
  );
}

function NumberField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: JsonValue | undefined;
  onChange: (value: number | undefined) => void;
}) {
  const [draft, setDraft] = useState(typeof value === "number" ? String(value) : "");
  return (
    <BuilderInput
      id={id}
      label={label}
      inputMode="decimal"
      value={draft}
      onChange={(e) => {
        setDraft(e.target.value);
        const n = numberOrUndefined(e.target.value);
        if (n !== undefined || e.target.value.trim() === "") onChange(n);
      }}
    />
  );
}

/**
 * The stable name. A locked name is read-only; a new one is edited as a draft and applied when
 * it is valid (renaming also updates the conditions that mention it).
 */
function NameField({ id, node, name, locked, context }: { id: string; node: BuilderNode; name: string; locked: boolean; context: EditorContext }) {
  const [draft, setDraft] = useState(name);
  useEffect(() => setDraft(name), [name]);
  const problem = draft === name ? null : questionNameProblem(context.doc, node.key, draft);
  const errors = problem ? { [`${id}-name`]: problem } : {};
  const apply = () => {
    if (draft !== name && !problem) {
      context.onChange(renameQuestion(context.doc, node.key, draft));
      context.announce(`名称已改为 ${draft}`);
    }
  };
  if (locked) {
    return (
      <div className="field">
        <label htmlFor={`${id}-name`}>名称</label>
        <input id={`${id}-name`} value={name} readOnly className="mono" aria-describedby={`${id}-name-note`} />
        <p id={`${id}-name-note`} className="muted builder-hint">
          名称用于跨轮次对比，请勿修改
        </p>
      </div>
    );
  }
  return (
    <div className="field">
      <label htmlFor={`${id}-name`}>名称（英文，用于统计）</label>
      <input
        id={`${id}-name`}
        className="mono"
        value={draft}
        spellCheck={false}
        autoCapitalize="off"
        maxLength={64}
        aria-describedby={`${id}-name-help`}
        {...fieldProps(`${id}-name`, errors)}
        onChange={(e) => setDraft(e.target.value.trim())}
        onBlur={apply}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            apply();
          }
        }}
      />
      <FieldError name={`${id}-name`} errors={errors} />
      {problem ? null : (
        <p id={`${id}-name-help`} className="muted builder-hint">
          小写英文字母、数字和下划线；发布后不能再改。
        </p>
      )}
    </div>
  );
}
