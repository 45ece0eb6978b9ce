// Issue 20.2: a household code is checked as soon as its 8 characters are typed (or refilled
// from the slip or the saved progress), so the resident learns before page 1 that it cannot
// be used and whom to ask, not after answering every page.
import { useEffect, useState } from "react";
import { normaliseHouseholdCode } from "../../../workflows/surveys/household-codes";

export type CodeCheck = { kind: "idle" } | { kind: "checking" } | { kind: "accepted"; message: string } | { kind: "refused"; message: string };

const HOUSEHOLD_CODE_LENGTH = 8;

export function useCodeCheck(token: string, typed: string): CodeCheck {
  const [check, setCheck] = useState<CodeCheck>({ kind: "idle" });
  const code = normaliseHouseholdCode(typed);
  useEffect(() => {
    if (code.length !== HOUSEHOLD_CODE_LENGTH) {
      setCheck({ kind: "idle" });
      return;
    }
    let current = true;
    setCheck({ kind: "checking" });
    fetch(`/api/s/${token}/code-check`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ householdCode: code }) })
      .then(async (response) => {
        const reply = (await response.json()) as { ok?: boolean; message?: string };
        if (!current) return;
        const message = reply.message ?? "暂时无法核对户码，提交时会再核对一次。";
        setCheck(reply.ok ? { kind: "accepted", message } : response.status >= 500 ? { kind: "idle" } : { kind: "refused", message });
      })
      // Offline: the code is checked again when the answers are submitted.
      .catch(() => current && setCheck({ kind: "idle" }));
    return () => {
      current = false;
    };
  }, [token, code]);
  return check;
}
