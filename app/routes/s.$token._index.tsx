// The resident survey page: no login, phone first. The first page arrives as static HTML;
// the survey code loads on the first tap or key press and takes over without a jump.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { type ComponentType, useCallback, useEffect, useRef, useState } from "react";
import { RouteErrorBoundary } from "../components/route-error";
import { formatTypedCode, HOUSEHOLD_CODE_INPUT } from "../components/household-code-input";
import type { RunnerProps } from "../components/survey/resident-survey-runner";
import { adoptDeviceId, readLargeText, readProgress, saveHouseholdCode, saveLargeText } from "../components/survey/progress";
import { useCodeCheck } from "../components/survey/use-code-check";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { notFound } from "../lib/http.server";
import { loadResidentSurveyPage } from "../lib/survey-pages.server";
import residentStyles from "../styles/resident.css";
import surveyStyles from "survey-core/survey-core.fontless.min.css";

export const handle = { resident: true };

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/survey-theme.css" },
  { rel: "stylesheet", href: surveyStyles },
  { rel: "stylesheet", href: residentStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} · ${data.communityName}` : "居民需求调查" },
  { name: "description", content: "社区服务设施居民问卷，每户填写一份。" },
];

export async function loader({ params, request }: LoaderFunctionArgs) {
  const mobile = /Mobi|Android|iPhone|iPad/i.test(request.headers.get("User-Agent") ?? "");
  const page = params.token ? await loadResidentSurveyPage(db, params.token, mobile) : null;
  if (!page) throw notFound("找不到这份问卷，请核对链接或二维码。");
  return page;
}

type Runner = ComponentType<RunnerProps>;

/** What the resident typed into the static first page, keyed by question name. */
function valuesTyped(container: HTMLElement, questionIds: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  const questionOf = (element: HTMLInputElement) => {
    const id = element.type === "radio" ? element.name.slice(element.name.lastIndexOf("_sq_") + 1) : element.id.replace(/i$/, "");
    return questionIds[id];
  };
  for (const input of Array.from(container.querySelectorAll<HTMLInputElement>("input"))) {
    // A matrix cell: id "<question id>i_<row>_<column index>", the column's value as its value.
    const cell = input.type === "radio" ? /^(sq_\d+)i_(.+)_\d+$/.exec(input.id) : null;
    if (cell && questionIds[cell[1]]) {
      if (!input.checked) continue;
      const name = questionIds[cell[1]];
      const row = (values[name] ?? {}) as Record<string, unknown>;
      values[name] = { ...row, [cell[2]]: /^-?\d+(\.\d+)?$/.test(input.value) ? Number(input.value) : input.value };
      continue;
    }
    const name = questionOf(input);
    if (!name) continue;
    if (input.type === "radio") {
      if (input.checked) values[name] = input.value === "true" ? true : input.value === "false" ? false : input.value;
    } else if (input.type === "number" && input.value !== "") {
      values[name] = Number(input.value);
    } else if (input.type === "text" && input.value !== "" && !input.classList.contains("sd-dropdown__filter-string-input")) {
      values[name] = input.value;
    }
  }
  return values;
}

export default function ResidentSurveyPage() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [code, setCode] = useState(() => formatTypedCode(params.get("code") ?? ""));
  const codeRef = useRef(code);
  codeRef.current = code;
  const [codeMessage, setCodeMessage] = useState<string | null>(null);
  const [largeText, setLargeText] = useState(false);
  const [resumable, setResumable] = useState(false);
  const [runner, setRunner] = useState<{ Component: Runner; definition: object; carried: Record<string, unknown> } | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [progress, setProgress] = useState(data.progress);
  const loading = useRef(false);
  const staticContainer = useRef<HTMLDivElement>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const codeCheck = useCodeCheck(data.token, code);

  useEffect(() => {
    setLargeText(readLargeText());
    const progress = readProgress(data.token);
    setResumable(progress !== null);
    // A slip's QR code carries the code in the fragment (never sent to the server); once read,
    // it is taken out of the address bar so a shared link does not pass it on.
    const fromSlip = /(?:^#|&)code=([^&]+)/.exec(window.location.hash)?.[1];
    if (fromSlip) {
      setCode(formatTypedCode(decodeURIComponent(fromSlip)));
      window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
    } else if (progress?.householdCode) {
      setCode((typed) => typed || formatTypedCode(progress.householdCode ?? ""));
    }
  }, [data.token]);

  const startSurvey = useCallback(() => {
    if (loading.current || data.availability !== "open") return;
    loading.current = true;
    Promise.all([
      import("../components/survey/resident-survey-runner"),
      fetch(`/s/${data.token}/definition`).then((r) => {
        if (!r.ok) throw new Error(String(r.status));
        adoptDeviceId(r.headers.get("X-Device-Id"));
        return r.json() as Promise<object>;
      }),
    ])
      .then(([module, definition]) => {
        const carried = staticContainer.current ? valuesTyped(staticContainer.current, data.questionIds) : {};
        setRunner({ Component: module.default, definition, carried });
      })
      .catch(() => {
        loading.current = false;
        setLoadFailed(true);
      });
  }, [data.availability, data.token, data.questionIds]);

  if (data.availability !== "open") {
    return (
      <main className="resident" id="main">
        <header className="resident-header">
          <p className="resident-community">{data.communityName}</p>
          <h1>{data.title}</h1>
        </header>
        <section className="resident-card" role="status">
          {data.availability === "not_yet_open" ? (
            <p>问卷还没有开始。开始时间：{data.opensAt ? formatDateTime(data.opensAt) : "待定"}，届时欢迎再来填写。</p>
          ) : data.availability === "closed" ? (
            <p>这份问卷已经结束，感谢您的关注。社区正在整理大家的意见。</p>
          ) : (
            <p>这份问卷还没有发布。</p>
          )}
        </section>
      </main>
    );
  }

  const onCodeProblem = (message: string) => {
    setCodeMessage(message);
    codeInput.current?.focus();
    codeInput.current?.scrollIntoView({ block: "center" });
  };

  return (
    <main
      className={largeText ? "resident resident--large" : "resident"}
      id="main"
      onPointerDownCapture={startSurvey}
      onKeyDownCapture={startSurvey}
      onFocusCapture={startSurvey}
    >
      <header className="resident-header">
        <p className="resident-community">{data.communityName}</p>
        <h1>{data.title}</h1>
        <div className="resident-tools">
          <button
            type="button"
            className="resident-toggle"
            aria-pressed={largeText}
            onClick={() => {
              setLargeText(!largeText);
              saveLargeText(!largeText);
            }}
          >
            {largeText ? "大字模式：开" : "大字模式：关"}
          </button>
          {data.closesAt ? <span className="resident-deadline">截止：{formatDateTime(data.closesAt)}</span> : null}
        </div>
      </header>

      <section className="resident-card resident-code" aria-labelledby="code-label">
        <label id="code-label" htmlFor="household-code">
          户码{data.codeRequired ? "" : "（选填）"}
        </label>
        <p id="code-help" className="resident-help">
          {data.codeRequired
            ? "请输入社区发放的纸条上的 8 位户码，每户一码，只能提交一次。"
            : "有户码请填写；没有户码也可以填写，结果会单独统计为“未核验”。"}
        </p>
        <input
          ref={codeInput}
          {...HOUSEHOLD_CODE_INPUT}
          inputMode="text"
          value={code}
          aria-describedby={codeMessage ? "code-help code-error" : codeCheck.kind === "idle" ? "code-help" : "code-help code-check"}
          aria-invalid={codeMessage || codeCheck.kind === "refused" ? true : undefined}
          onChange={(e) => {
            const typed = formatTypedCode(e.target.value);
            setCode(typed);
            saveHouseholdCode(data.token, typed);
            setCodeMessage(null);
          }}
        />
        {codeMessage ? (
          <p id="code-error" className="resident-error" role="alert">
            {codeMessage}
          </p>
        ) : null}
        {/* Checked as soon as all 8 characters are typed, before page 1 (issue 20). */}
        <div id="code-check" aria-live="polite">
          {codeCheck.kind === "checking" ? <p className="resident-help">正在核对户码…</p> : null}
          {codeCheck.kind === "accepted" ? <p className="resident-note">{codeCheck.message}</p> : null}
          {codeCheck.kind === "refused" && !codeMessage ? (
            <div className="resident-error" role="alert">
              <p>{codeCheck.message}</p>
              <p>
                户码由{data.communityName}居委会发放：请带上纸条到居委会，或打电话给发放纸条的社区工作人员，请他们核对户码或补发一张。
                {data.codeRequired ? "" : "也可以不填户码直接填写问卷，结果记为“未核验”。"}
              </p>
            </div>
          ) : null}
        </div>
      </section>

      {resumable && !runner ? (
        <p className="resident-note" role="status">
          您上次还没填完，点一下问卷即可从上次的位置继续。
        </p>
      ) : null}
      {loadFailed ? (
        <p className="resident-error" role="alert">
          问卷加载失败，请检查网络后刷新页面。
        </p>
      ) : null}

      {progress ? (
        // One live region from the first paint: page changes in the running survey are read out politely.
        <p className="resident-progress" role="status">
          {progress}
        </p>
      ) : null}
      {runner ? (
        <runner.Component
          token={data.token}
          definition={runner.definition}
          carried={runner.carried}
          householdCode={() => codeRef.current}
          codeRequired={data.codeRequired}
          hasCodes={data.hasCodes}
          onCodeProblem={onCodeProblem}
          onProgress={setProgress}
          onDone={(receipt, verified) => navigate(`/s/${data.token}/done?r=${encodeURIComponent(receipt)}&v=${verified ? 1 : 0}`, { replace: true })}
        />
      ) : (
        // Static until the first interaction; React leaves this markup as the server sent it.
        <div ref={staticContainer} className="resident-static" dangerouslySetInnerHTML={{ __html: data.staticHtml }} />
      )}
    </main>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
