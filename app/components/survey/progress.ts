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

const DEVICE_KEY = "hz-device-id";
// The id the server signed (44 characters); older phones kept one they made themselves.
const SIGNED_DEVICE_ID = /^[A-Za-z0-9_-]{44}$/;
let deviceInMemory = "";

/** This browser's id, issued and signed by the server: the open link counts one answer per device. */
export function deviceId(): string {
  try {
    return window.localStorage.getItem(DEVICE_KEY) ?? deviceInMemory;
  } catch {
    return deviceInMemory;
  }
}

/** Keeps the id the server issued with the definition, unless this phone already has a signed one. */
export function adoptDeviceId(issued: string | null): void {
  if (!issued || !SIGNED_DEVICE_ID.test(issued) || SIGNED_DEVICE_ID.test(deviceId())) return;
  deviceInMemory = issued;
  try {
    window.localStorage.setItem(DEVICE_KEY, issued);
  } catch {
    /* see saveProgress */
  }
}

/** The server refused the id (made up, or signed under an old secret): the next one issued replaces it. */
export function forgetDeviceId(): void {
  deviceInMemory = "";
  try {
    window.localStorage.removeItem(DEVICE_KEY);
  } catch {
    /* see saveProgress */
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
