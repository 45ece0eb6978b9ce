// Small form pieces the pages share: a labelled input with its error, and the submit row.
import type { InputHTMLAttributes, ReactNode } from "react";
import { BusyButton } from "./busy-button";
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

/** The file of a spreadsheet import (.xlsx or .csv), with its size limit in the label. */
export function SpreadsheetField({ what, maxMb, errors }: { what: string; maxMb: number; errors?: Record<string, string> }) {
  return (
    <TextField
      name="file"
      label={`${what}（.xlsx 或 .csv，不超过 ${maxMb} MB）`}
      errors={errors}
      type="file"
      accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
      required
    />
  );
}

/** An import's template in both formats it is offered in. */
export function TemplateLinks({ href }: { href: string }) {
  return (
    <>
      <a href={href}>XLSX 模板</a> · <a href={`${href}?format=csv`}>CSV 模板</a>
    </>
  );
}

/** The form's submit button, named by its intent (`name` is the field it is sent in), disabled while a form is being submitted. */
export function SubmitRow({
  intent,
  name = "intent",
  busy,
  busyLabel,
  children,
  note,
}: {
  intent: string;
  name?: string;
  busy: boolean;
  busyLabel?: string;
  children: ReactNode;
  note?: ReactNode;
}) {
  return (
    <div className="form-actions field--wide">
      <BusyButton name={name} value={intent} busy={busy} busyLabel={busyLabel}>
        {children}
      </BusyButton>
      {note ? <span className="muted">{note}</span> : null}
    </div>
  );
}
