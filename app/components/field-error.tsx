/** aria wiring for an input whose error is rendered by <FieldError name=… />. */
export function fieldProps(name: string, errors: Record<string, string>) {
  return errors[name] ? { "aria-invalid": true as const, "aria-describedby": `${name}-error` } : {};
}

export function FieldError({ name, errors }: { name: string; errors: Record<string, string> }) {
  if (!errors[name]) return null;
  return (
    <p id={`${name}-error`} className="field-error">
      {errors[name]}
    </p>
  );
}

/** Announced to screen readers when a submission comes back with errors. */
export function ErrorSummary({ errors }: { errors: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div className="form-error field--wide" role="alert">
      {errors._form ? <p>{errors._form}</p> : <p>请修正以下 {entries.length} 处问题后再提交：</p>}
      {entries.filter(([k]) => k !== "_form").length ? (
        <ul>
          {entries
            .filter(([k]) => k !== "_form")
            .map(([name, message]) => (
              <li key={name}>
                <a href={`#${name}`}>{message}</a>
              </li>
            ))}
        </ul>
      ) : null}
    </div>
  );
}
