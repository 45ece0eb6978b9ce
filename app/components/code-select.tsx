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
