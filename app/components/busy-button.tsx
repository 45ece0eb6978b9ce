import type { ReactNode } from "react";

/** A form's main submit button: disabled, and saying what is happening (`busyLabel`), while the form is being sent. */
export function BusyButton({ busy, busyLabel, name, value, children }: { busy: boolean; busyLabel?: string; name?: string; value?: string; children: ReactNode }) {
  return (
    <button type="submit" name={name} value={value} className="button" disabled={busy}>
      {busy && busyLabel ? busyLabel : children}
    </button>
  );
}
