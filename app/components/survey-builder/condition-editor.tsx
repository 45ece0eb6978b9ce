import type { ChoiceValue } from "../../../workflows/surveys/definition";
import { CodeSelectField } from "../code-select";
import {
  type QuestionRef,
} from "./operations";
import {
  buildCondition,
  CONDITION_OPERATOR_LABELS,
  CONDITION_OPERATORS,
  parseCondition,
  type ConditionOperator,
  type SimpleCondition,
} from "./simple-conditions";

interface ValueOption {
  value: ChoiceValue;
  label: string;
}

function valueOptions(q: QuestionRef | undefined): ValueOption[] | null {
  if (!q) return null;
  if (q.type === "boolean") {
    return [
      { value: true, label: "是" },
      { value: false, label: "否" },
    ];
  }
  if (q.choices.length) return q.choices.map((c) => ({ value: c.value, label: c.text || String(c.value) }));
  return null;
}

function isNumeric(q: QuestionRef | undefined): boolean {
  return q?.type === "rating" || (q?.type === "text" && q.inputType === "number");
}

function defaultCondition(q: QuestionRef): SimpleCondition {
  const options = valueOptions(q);
  const operator: ConditionOperator = q.type === "checkbox" || q.type === "tagbox" ? "contains" : "=";
  return { question: q.name, operator, value: options?.[0]?.value ?? (isNumeric(q) ? 0 : "") };
}

/**
 * A visibleIf as "question · operator · value". Expressions this form cannot show (anyof, and/or,
 * functions) are displayed read-only; they can be cleared, or edited in the JSON and imported.
 */
export function ConditionEditor({
  idPrefix,
  expression,
  questions,
  onChange,
  subject = "本题",
}: {
  idPrefix: string;
  expression: string | undefined;
  /** Questions the condition may refer to (not the element itself). */
  questions: QuestionRef[];
  onChange: (expression: string | undefined) => void;
  subject?: string;
}) {
  const current = expression?.trim() ? expression.trim() : undefined;
  const simple = current ? parseCondition(current) : null;
  const legend = `${subject}的显示条件`;

  if (current && !simple) {
    return (
      <fieldset className="builder-condition">
        <legend>{legend}</legend>
        <p>
          复杂条件（只读）：<code className="mono">{current}</code>
        </p>
        <p className="muted builder-hint">这个条件无法用简单方式编辑。可以清除后重新设置，或导出 JSON 修改后再导入。</p>
        <button type="button" className="button button--secondary" onClick={() => onChange(undefined)}>
          清除条件
        </button>
      </fieldset>
    );
  }

  const selected = simple ? questions.find((q) => q.name === simple.question) : undefined;
  const options = valueOptions(selected);
  const set = (patch: Partial<SimpleCondition>) => simple && onChange(buildCondition({ ...simple, ...patch }));

  return (
    <fieldset className="builder-condition">
      <legend>{legend}</legend>
      <label className="checkbox">
        <input
          type="checkbox"
          checked={Boolean(simple)}
          disabled={!simple && questions.length === 0}
          onChange={(e) => onChange(e.target.checked && questions[0] ? buildCondition(defaultCondition(questions[0])) : undefined)}
        />
        仅在满足条件时显示
      </label>
      {!simple && questions.length === 0 ? <p className="muted builder-hint">前面还没有可以引用的问题。</p> : null}
      {simple ? (
        <div className="builder-condition__row">
          <div className="field">
            <label htmlFor={`${idPrefix}-question`}>当问题</label>
            <select
              id={`${idPrefix}-question`}
              value={simple.question}
              onChange={(e) => {
                const q = questions.find((x) => x.name === e.target.value);
                if (q) onChange(buildCondition(defaultCondition(q)));
              }}
            >
              {selected ? null : <option value={simple.question}>{simple.question}（不存在）</option>}
              {questions.map((q) => (
                <option key={q.key} value={q.name}>
                  {q.title}（{q.name}）
                </option>
              ))}
            </select>
          </div>
          <CodeSelectField
            id={`${idPrefix}-operator`}
            label="条件"
            codes={CONDITION_OPERATORS}
            labels={CONDITION_OPERATOR_LABELS}
            value={simple.operator}
            onChange={(operator) => operator && set({ operator })}
          />
          <div className="field">
            <label htmlFor={`${idPrefix}-value`}>值</label>
            {options ? (
              <select
                id={`${idPrefix}-value`}
                value={String(simple.value)}
                onChange={(e) => {
                  const option = options.find((o) => String(o.value) === e.target.value);
                  if (option) set({ value: option.value });
                }}
              >
                {options.some((o) => String(o.value) === String(simple.value)) ? null : (
                  <option value={String(simple.value)}>{String(simple.value)}</option>
                )}
                {options.map((o) => (
                  <option key={String(o.value)} value={String(o.value)}>
                    {o.label}
                  </option>
                ))}
              </select>
            ) : (
              <input
                id={`${idPrefix}-value`}
                inputMode={isNumeric(selected) ? "decimal" : undefined}
                value={String(simple.value)}
                onChange={(e) => {
                  const text = e.target.value;
                  const n = Number(text);
                  set({ value: isNumeric(selected) && text.trim() !== "" && Number.isFinite(n) ? n : text });
                }}
              />
            )}
          </div>
        </div>
      ) : null}
      {simple ? (
        <p className="muted builder-hint">
          条件表达式：<code className="mono">{current}</code>
        </p>
      ) : null}
    </fieldset>
  );
}
