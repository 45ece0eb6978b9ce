// The builder's labelled fields. They are controlled and have no name: what they edit is the
// builder's document, saved as one JSON, not form fields of their own.
import type { ChangeEvent, InputHTMLAttributes, ReactNode } from "react";
import type { JsonValue } from "../../../workflows/surveys/definition";
import { textOf, withText } from "./operations";

/** A labelled <input>, with a hint under it. */
export function BuilderInput({ id, label, hint, ...input }: { id: string; label: ReactNode; hint?: ReactNode } & Omit<InputHTMLAttributes<HTMLInputElement>, "id">) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} {...input} />
      {hint ? <p className="muted builder-hint">{hint}</p> : null}
    </div>
  );
}

/**
 * A text residents read (a title, a description, a label): edits the builder's language and
 * keeps the others (withText). With `rows`, a <textarea>.
 */
export function TextProp({
  id,
  label,
  value,
  onChange,
  rows,
  placeholder,
  maxLength,
}: {
  id: string;
  label: ReactNode;
  value: JsonValue | undefined;
  onChange: (value: JsonValue | undefined) => void;
  rows?: number;
  placeholder?: string;
  maxLength?: number;
}) {
  const change = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(withText(value, e.target.value));
  if (rows === undefined) return <BuilderInput id={id} label={label} value={textOf(value)} placeholder={placeholder} maxLength={maxLength} onChange={change} />;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} rows={rows} value={textOf(value)} placeholder={placeholder} maxLength={maxLength} onChange={change} />
    </div>
  );
}
