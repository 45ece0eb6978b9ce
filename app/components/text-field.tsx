import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldError, fieldProps } from "./field-error";

/** A labelled <input> with its error (<FieldError>) and the aria wiring (fieldProps); `id` defaults to `name`. */
export function TextField({
  name,
  label,
  errors = {},
  help,
  id = name,
  ...input
}: { name: string; label: ReactNode; errors?: Record<string, string>; help?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} {...input} {...fieldProps(name, errors)} />
      {help ? <span className="muted">{help}</span> : null}
      <FieldError name={name} errors={errors} />
    </div>
  );
}
