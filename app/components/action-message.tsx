/** The outcome of the last form action, announced to screen-reader users as it appears. */
export function ActionMessage({ result }: { result: { ok: boolean; message?: string | null } | null | undefined }) {
  return (
    <div aria-live="polite">
      {result?.message ? (
        <p className={result.ok ? "notice notice--info" : "form-error"} role={result.ok ? "status" : "alert"}>
          {result.message}
        </p>
      ) : null}
    </div>
  );
}
