import type { ReactNode } from "react";
import { FieldError, fieldProps } from "./field-error";

type Choice<C extends string> =
  /** A form field: the browser sends the choice with the form. */
  | { name: string; defaultValue: string | null | undefined; value?: never; onChange?: never }
  /** A controlled select: the page keeps the choice (the builder, filters that redraw at once). */
  | { name?: string; value: string; onChange: (code: C | "") => void; defaultValue?: never };

/**
 * A labelled <select> over a list of codes (the glossary's, a builder's), showing their Chinese
 * names; `id` defaults to `name`. With `errors`, the field's error and its aria wiring.
 */
export function CodeSelectField<C extends string>({
  id,
  label,
  codes,
  labels,
  emptyLabel,
  errors,
  help,
  required,
  ...choice
}: {
  id?: string;
  label: ReactNode;
  codes: readonly C[];
  labels: Record<C, string>;
  /** Offers "" (not decided yet) first, with this text. */
  emptyLabel?: string;
  errors?: Record<string, string>;
  help?: ReactNode;
  required?: boolean;
} & Choice<C>) {
  const name = choice.name;
  const selectId = id ?? name;
  const state =
    choice.onChange !== undefined
      ? { value: choice.value, onChange: (e: { target: { value: string } }) => choice.onChange(e.target.value as C | "") }
      : { defaultValue: choice.defaultValue ?? "" };
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select id={selectId} name={name} required={required} {...state} {...(name && errors ? fieldProps(name, errors) : {})}>
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {codes.map((code) => (
          <option key={code} value={code}>
            {labels[code]}
          </option>
        ))}
      </select>
      {help ? <p className="muted">{help}</p> : null}
      {name && errors ? <FieldError name={name} errors={errors} /> : null}
    </div>
  );
}

/** Radio buttons over a list of codes that the page keeps (the preview's width, the paper entry's channel): a choice takes effect at once. */
export function CodeRadioGroup<C extends string>({
  legend,
  legendHidden = false,
  name,
  codes,
  labels,
  value,
  onChange,
  className,
}: {
  legend: string;
  /** A heading nearby already says what the choice is for. */
  legendHidden?: boolean;
  name: string;
  codes: readonly C[];
  labels: Record<C, string>;
  value: C;
  onChange: (code: C) => void;
  className?: string;
}) {
  return (
    <fieldset className={className}>
      <legend className={legendHidden ? "visually-hidden" : undefined}>{legend}</legend>
      {codes.map((code) => (
        <label key={code} className="checkbox">
          <input type="radio" name={name} value={code} checked={value === code} onChange={() => onChange(code)} />
          {labels[code]}
        </label>
      ))}
    </fieldset>
  );
}
