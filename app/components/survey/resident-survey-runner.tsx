// The interactive survey for residents. Loaded only after the first tap or key press on the
// survey page (see routes/s.$token._index.tsx), so the first page shows without any of this code.
import { useEffect, useRef, useState } from "react";
import type { CompletingEvent, Model, SurveyModel } from "survey-core";
import { Survey } from "survey-react-ui";
import { nowIso } from "../../../db/clock";
import { createResidentModel } from "./model";
import { pageProgress, progressText } from "./page-progress";
import { type Progress, adoptDeviceId, clearProgress, deviceId, forgetDeviceId, newKey, readProgress, saveProgress } from "./progress";

export interface RunnerProps {
  token: string;
  definition: object;
  /** Values typed into the static first page before this code arrived. */
  carried: Record<string, unknown>;
  /** Read at submission time: the household code box lives outside the survey. */
  householdCode: () => string;
  codeRequired: boolean;
  /** Codes were handed out for this survey: submitting without one is asked about first. */
  hasCodes: boolean;
  onCodeProblem: (message: string) => void;
  onDone: (receipt: string, verified: boolean) => void;
  /** "第 4 页 / 共 10 页 · 预计还需约 6 分钟", on start and on every page change. */
  onProgress: (text: string) => void;
}

type Status =
  | { kind: "idle" }
  | { kind: "submitting" }
  | { kind: "confirm_no_code" }
  | { kind: "error"; message: string; retry: boolean }
  | { kind: "closed"; message: string };

interface SubmitReply {
  ok: boolean;
  receipt?: string;
  verified?: boolean;
  code?: string;
  message?: string;
}

export default function ResidentSurveyRunner(props: RunnerProps) {
  const [model] = useState<Model>(() => {
    const m = createResidentModel(props.definition);
    const saved = readProgress(props.token);
    if (saved) {
      m.data = saved.data;
      if (saved.page > 0 && saved.page < m.visiblePageCount) m.currentPageNo = saved.page;
    }
    for (const [name, value] of Object.entries(props.carried)) m.setValue(name, value);
    return m;
  });
  const [status, setStatus] = useState<Status>({ kind: "idle" });
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    const persist = (sender: SurveyModel) => {
      const previous = readProgress(latest.current.token);
      const progress: Progress = {
        data: sender.data as Record<string, unknown>,
        page: sender.currentPageNo,
        pendingKey: previous?.pendingKey ?? null,
        savedAt: nowIso(),
        householdCode: latest.current.householdCode(),
      };
      saveProgress(latest.current.token, progress);
    };
    const report = (sender: SurveyModel) => latest.current.onProgress(progressText(pageProgress(sender)));
    const onCompleting = (sender: SurveyModel, options: CompletingEvent) => {
      options.allow = false;
      void submit(sender);
    };
    model.onValueChanged.add(persist);
    model.onCurrentPageChanged.add(persist);
    model.onCurrentPageChanged.add(report);
    model.onCompleting.add(onCompleting);
    persist(model);
    report(model);
    return () => {
      model.onValueChanged.remove(persist);
      model.onCurrentPageChanged.remove(persist);
      model.onCurrentPageChanged.remove(report);
      model.onCompleting.remove(onCompleting);
    };
    // The model lives as long as the component.
     
  }, [model]);

  async function submit(sender: SurveyModel, withoutCode = false, deviceRenewed = false) {
    const { token, householdCode, codeRequired, hasCodes, onCodeProblem, onDone } = latest.current;
    const code = householdCode().trim();
    if (codeRequired && !code) {
      onCodeProblem("请先在页面上方填写社区发放的户码，再提交。");
      return;
    }
    if (!code && hasCodes && !withoutCode) {
      setStatus({ kind: "confirm_no_code" });
      return;
    }
    // The same key for every retry of this answer set: the server counts it once.
    const progress = readProgress(token);
    const key = progress?.pendingKey ?? newKey();
    saveProgress(token, { data: sender.data as Record<string, unknown>, page: sender.currentPageNo, pendingKey: key, savedAt: nowIso(), householdCode: code });
    setStatus({ kind: "submitting" });
    let reply: SubmitReply;
    let httpStatus: number;
    try {
      const response = await fetch(`/api/s/${token}/responses`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ idempotencyKey: key, householdCode: code || undefined, deviceId: deviceId() || undefined, answers: sender.data }),
      });
      httpStatus = response.status;
      reply = (await response.json()) as SubmitReply;
    } catch {
      setStatus({ kind: "error", message: "网络连接不稳定，答卷没有送达。您填写的内容已保存在本机，请稍后点“再次提交”。", retry: true });
      return;
    }
    if (reply.ok && reply.receipt) {
      clearProgress(token);
      onDone(reply.receipt, reply.verified === true);
      return;
    }
    const message = reply.message ?? "提交没有成功，请稍后再试。";
    if (reply.code === "device_invalid" && !deviceRenewed) {
      // A device id the server did not sign: ask for one and send the same answers again.
      forgetDeviceId();
      const renewed = await fetch(`/s/${token}/definition`, { cache: "reload" }).catch(() => null);
      adoptDeviceId(renewed?.headers.get("X-Device-Id") ?? null);
      if (deviceId()) return submit(sender, withoutCode, true);
    }
    if (reply.code?.startsWith("household_code")) {
      setStatus({ kind: "idle" });
      onCodeProblem(message);
    } else if (httpStatus === 410 || httpStatus === 403) {
      setStatus({ kind: "closed", message });
    } else {
      // Too many answers from this address (429): the answers stay here; the resident retries later.
      setStatus({ kind: "error", message, retry: httpStatus >= 500 || httpStatus === 429 });
    }
  }

  return (
    <div className="resident-runner">
      <div aria-live="polite" className="resident-status">
        {status.kind === "submitting" ? <p className="resident-note">正在提交，请稍候…</p> : null}
        {status.kind === "confirm_no_code" ? (
          <div className="resident-alert" role="alert">
            <p>您没有填写户码。社区给每户发了户码纸条：填写户码的答卷记为“已核验”，计入本社区的统计；没有户码的答卷记为“未核验”，单独统计。</p>
            <div className="resident-actions">
              <button
                type="button"
                className="resident-button"
                onClick={() => {
                  setStatus({ kind: "idle" });
                  latest.current.onCodeProblem("请填写纸条上的 8 位户码，然后再点“提交问卷”。");
                }}
              >
                我有户码，去填写
              </button>
              <button type="button" className="resident-button resident-button--secondary" onClick={() => void submit(model, true)}>
                没有户码，仍然提交（未核验）
              </button>
            </div>
          </div>
        ) : null}
        {status.kind === "error" || status.kind === "closed" ? (
          <div className="resident-alert" role="alert">
            <p>{status.message}</p>
            {status.kind === "error" && status.retry ? (
              <button type="button" className="resident-button" onClick={() => void submit(model)}>
                再次提交
              </button>
            ) : null}
          </div>
        ) : null}
      </div>
      <Survey model={model} />
    </div>
  );
}
