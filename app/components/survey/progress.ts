// A half-finished survey stays on the resident's phone (localStorage) so they can come back.
// Nothing here leaves the device until they press 提交问卷.

export interface Progress {
  data: Record<string, unknown>;
  page: number;
  /** The idempotency key of a submission that has been attempted, reused on retry. */
  pendingKey: string | null;
  savedAt: string;
  /** The household code typed with these answers: refilled on return (issue 20). */
  householdCode?: string;
}

const keyOf = (token: string) => `hz-survey:${token}`;

export function readProgress(token: string): Progress | null {
  try {
    const raw = window.localStorage.getItem(keyOf(token));
    return raw ? (JSON.parse(raw) as Progress) : null;
  } catch {
    return null;
  }
}

export function saveProgress(token: string, progress: Progress): void {
  try {
    window.localStorage.setItem(keyOf(token), JSON.stringify(progress));
  } catch {
    // Private mode or a full quota: the survey still works, it just cannot be resumed.
  }
}

/** Keeps a newly typed household code with answers already on the phone. */
export function saveHouseholdCode(token: string, householdCode: string): void {
  const progress = readProgress(token);
  if (progress) saveProgress(token, { ...progress, householdCode });
}

export function clearProgress(token: string): void {
  try {
    window.localStorage.removeItem(keyOf(token));
  } catch {
    /* see saveProgress */
  }
}

export function newKey(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** A random id for this browser: the open link counts one answer per device. */
export function deviceId(): string {
  try {
    let id = window.localStorage.getItem("hz-device-id");
    if (!id) {
      id = newKey();
      window.localStorage.setItem("hz-device-id", id);
    }
    return id;
  } catch {
    return newKey();
  }
}

const LARGE_TEXT_KEY = "hz-large-text";
export function readLargeText(): boolean {
  try {
    return window.localStorage.getItem(LARGE_TEXT_KEY) === "1";
  } catch {
    return false;
  }
}
export function saveLargeText(on: boolean): void {
  try {
    window.localStorage.setItem(LARGE_TEXT_KEY, on ? "1" : "0");
  } catch {
    /* see saveProgress */
  }
}
