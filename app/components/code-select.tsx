import { FieldError, fieldProps } from "./field-error";

/** A labelled <select> over one of the glossary's code lists, showing the Chinese names. */
export function CodeSelectField<C extends string>({
  name,
  label,
  codes,
  labels,
  defaultValue,
  emptyLabel,
  errors,
}: {
  name: string;
  label: string;
  codes: readonly C[];
  labels: Record<C, string>;
  defaultValue: string | null | undefined;
  /** Offers "" (not decided yet) first, with this text. */
  emptyLabel?: string;
  errors?: Record<string, string>;
}) {
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} defaultValue={defaultValue ?? ""} {...fieldProps(name, errors ?? {})}>
        {emptyLabel !== undefined ? <option value="">{emptyLabel}</option> : null}
        {codes.map((code) => (
          <option key={code} value={code}>
            {labels[code]}
          </option>
        ))}
      </select>
      {errors ? <FieldError name={name} errors={errors} /> : null}
    </div>
  );
}
