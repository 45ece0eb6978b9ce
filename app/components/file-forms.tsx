// The two forms of a list of uploaded files (a project's attachments, a space's photos): the
// file field of the upload form, and the delete button beside each file.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { CsrfField } from "./csrf-field";
import { FieldError, fieldProps } from "./field-error";
import { SubmitRow } from "./form-fields";

interface FileInputProps {
  id: string;
  label: string;
  accept: string;
  allowedText: string;
  errors: Record<string, string>;
}

/** The upload form: the file, any further fields (`children`), and the submit button named by `intent`. */
export function UploadForm({ intent, submitLabel, busy, children, ...file }: FileInputProps & { intent: string; submitLabel: string; busy: boolean; children?: ReactNode }) {
  return (
    <Form method="post" encType="multipart/form-data" className="form-grid">
      <CsrfField />
      <FileInputField {...file} />
      {children}
      <SubmitRow intent={intent} busy={busy}>
        {submitLabel}
      </SubmitRow>
    </Form>
  );
}

/** The upload form's `file` input with what it accepts said under it; `id` names the input and its help (`<id>-help`). */
function FileInputField({ id, label, accept, allowedText, errors }: FileInputProps) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name="file" type="file" accept={accept} required aria-describedby={`${id}-help`} {...fieldProps("file", errors)} />
      <p id={`${id}-help`} className="muted">
        {allowedText}。
      </p>
      <FieldError name="file" errors={errors} />
    </div>
  );
}

/** A one-button form that posts `intent` with the file's id under `idName`; `label` is what a screen reader hears. */
export function DeleteFileForm({ idName, id, intent, label, busy }: { idName: string; id: string; intent: string; label: string; busy: boolean }) {
  return (
    <Form method="post">
      <CsrfField />
      <input type="hidden" name={idName} value={id} />
      <button type="submit" name="intent" value={intent} className="button button--secondary" disabled={busy} aria-label={label}>
        删除
      </button>
    </Form>
  );
}
