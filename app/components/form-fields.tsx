// Small form pieces the pages share: a labelled input with its error, and the submit row.
import type { InputHTMLAttributes, ReactNode } from "react";
import { FieldError, fieldProps } from "./field-error";

/** A labelled <input> with its error (<FieldError>) and the aria wiring (fieldProps); `id` defaults to `name`. */
export function TextField({
  name,
  label,
  errors = {},
  help,
  id = name,
  wide = false,
  ...input
}: { name: string; label: ReactNode; errors?: Record<string, string>; help?: ReactNode; wide?: boolean } & Omit<InputHTMLAttributes<HTMLInputElement>, "name">) {
  return (
    <div className={wide ? "field field--wide" : "field"}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} {...input} {...fieldProps(name, errors)} />
      {help ? <span className="muted">{help}</span> : null}
      <FieldError name={name} errors={errors} />
    </div>
  );
}

/** The form's submit button, named by its intent, disabled while a form is being submitted. */
export function SubmitRow({ intent, busy, children, note }: { intent: string; busy: boolean; children: ReactNode; note?: ReactNode }) {
  return (
    <div className="form-actions field--wide">
      <button type="submit" name="intent" value={intent} className="button" disabled={busy}>
        {children}
      </button>
      {note ? <span className="muted">{note}</span> : null}
    </div>
  );
}
