// Paper entry: a 社区工作者 keys in paper questionnaires with the residents' own form, keyboard
// only (Tab or Enter to move on, arrows, space; Ctrl+Enter saves and opens the next empty form). Each answer set goes
// through submitResponse as 纸质录入 or 协助填写, with the slip's household code when it had one.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { type ComponentType, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Model } from "survey-core";
import surveyStyles from "survey-core/survey-core.fontless.min.css";
import { z } from "zod";
import { SURVEY_CHANNEL_LABELS } from "../../workflows/glossary";
import { ANSWERS_TOO_LARGE_MESSAGE, MAX_ANSWER_BYTES } from "../../workflows/surveys/answers";
import { plainText } from "../../workflows/surveys/definition";
import { CodeRadioGroup } from "../components/code-select";
import { CsrfField } from "../components/csrf-field";
import { RouteErrorBoundary } from "../components/route-error";
import { formatTypedCode, HOUSEHOLD_CODE_INPUT } from "../components/household-code-input";
import { SurveyBackLink } from "../components/survey-back-link";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { done, failed, invalid, invalidForm } from "../lib/http.server";
import { requireCommunitySurvey } from "../lib/survey-access.server";
import { loadPaperEntryPage } from "../lib/survey-pages.server";
import { enterPaperForm } from "../lib/survey-paper-entry.server";
import toolStyles from "../styles/survey-tools.css";
import { Section } from "../components/section";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/survey-theme.css" },
  { rel: "stylesheet", href: surveyStyles },
  { rel: "stylesheet", href: toolStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `纸质问卷录入 · ${data?.survey.title ?? "问卷"} · 社区嵌入式服务设施` }];

const KEYED_CHANNELS = ["paper", "assisted"] as const;
type KeyedChannel = (typeof KEYED_CHANNELS)[number];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community, survey } = await requireCommunitySurvey(request, params, "manage:survey");
  return loadPaperEntryPage(db, user, community, survey);
}

const PaperEntrySchema = z.object({
  idempotencyKey: z.string({ error: "提交编号缺失，请刷新页面。" }).regex(/^[A-Za-z0-9_-]{8,64}$/, "提交编号格式不正确，请刷新页面。"),
  channel: z.enum(KEYED_CHANNELS, { error: "请选择录入方式（纸质录入或协助填写）。" }),
  householdCode: z.string().trim().max(32, "户码过长，请核对。").optional(),
  answers: z.string({ error: "没有收到答卷内容。" }).max(MAX_ANSWER_BYTES, ANSWERS_TOO_LARGE_MESSAGE),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, survey } = await requireCommunitySurvey(request, params, "view:place", { form, clientIp: context.clientIp });
  const parsed = PaperEntrySchema.safeParse({
    idempotencyKey: form.get("idempotencyKey"),
    channel: form.get("channel"),
    householdCode: form.get("householdCode") ?? undefined,
    answers: form.get("answers"),
  });
  const key = typeof form.get("idempotencyKey") === "string" ? String(form.get("idempotencyKey")) : null;
  if (!parsed.success) return invalidForm(parsed.error, { key }, parsed.error.issues[0].message);
  let answers: unknown;
  try {
    answers = JSON.parse(parsed.data.answers);
  } catch {
    return invalid({}, { key }, "答卷内容格式不正确，请刷新页面后重新录入。");
  }
  const { answers: _json, ...entry } = parsed.data;
  const outcome = await enterPaperForm(db, { actor: user, ip: context.clientIp }, { surveyId: survey.id, ...entry, answers });
  if (!outcome.ok) return failed(outcome, { key });
  return done(null, { key: parsed.data.idempotencyKey, receipt: outcome.receipt, duplicate: outcome.duplicate, keyedIn: outcome.keyedIn });
}

interface EntryLibrary {
  Survey: ComponentType<{ model: Model }>;
  createModel: (definition: object) => Model;
}

function newKey(): string {
  return `paper-${globalThis.crypto.randomUUID()}`;
}

export default function PaperEntryPage() {
  const loaded = useLoaderData<typeof loader>();
  return (
    <>
      <SurveyBackLink communityCode={loaded.community.code} surveyId={loaded.survey.id} />
      <Section id="paper-heading" title={<>纸质问卷录入 · {loaded.survey.title}</>}>
        {loaded.open && loaded.definition ? (
          <PaperEntry definition={loaded.definition} keyedIn={loaded.keyedIn} enteredToday={loaded.enteredToday} closesAt={loaded.survey.closesAt} />
        ) : (
          <p className="notice">
            {loaded.survey.status === "draft"
              ? "问卷还没有发布，发布后才能录入纸质问卷。"
              : loaded.survey.status === "closed"
                ? "问卷已结束，不能再录入。"
                : `问卷还没有开始${loaded.survey.opensAt ? `（开始时间 ${formatDateTime(loaded.survey.opensAt)}）` : ""}，开始后才能录入。`}
          </p>
        )}
      </Section>
    </>
  );
}

/** Where Enter keeps its own meaning (a newline, a button, a dropdown's list). */
const ENTER_KEEPS_ITS_MEANING = "textarea, button, a, select, [role=combobox], [contenteditable=true]";
const FIELDS = "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])";

/**
 * Enter moves to the next field of the slip and the questions, as Tab would (over a radio group
 * at once, into one at its chosen answer); after the last field it moves to the save button, so
 * Enter never saves by surprise. True when it moved.
 */
function moveOnEnter(event: KeyboardEvent): boolean {
  const from = event.target;
  if (event.ctrlKey || event.metaKey || event.altKey || event.shiftKey || event.isComposing) return false;
  if (!(from instanceof HTMLInputElement) || from.closest(ENTER_KEEPS_ITS_MEANING) || !from.closest("#paper-form, .paper-survey")) return false;
  const fields = Array.from(document.querySelectorAll<HTMLElement>(`#paper-form :is(${FIELDS}), .paper-survey :is(${FIELDS})`)).filter(
    (f) => f.tabIndex >= 0 && f.getClientRects().length > 0,
  );
  const radios = (name: string) => fields.filter((f): f is HTMLInputElement => f instanceof HTMLInputElement && f.type === "radio" && f.name === name);
  const next = fields.slice(fields.indexOf(from) + 1).find((f) => !(from.type === "radio" && radios(from.name).includes(f as HTMLInputElement)));
  const target = next instanceof HTMLInputElement && next.type === "radio" ? (radios(next.name).find((r) => r.checked) ?? next) : next;
  (target ?? document.getElementById("paper-save"))?.focus();
  return true;
}

function PaperEntry({ definition, keyedIn, enteredToday, closesAt }: { definition: object; keyedIn: number; enteredToday: number; closesAt: string | null }) {
  const fetcher = useFetcher<typeof action>({ key: "paper-entry" });
  const [library, setLibrary] = useState<EntryLibrary | null>(null);
  const [loadFailed, setLoadFailed] = useState(false);
  const [formNumber, setFormNumber] = useState(1);
  const [key, setKey] = useState(newKey);
  const [code, setCode] = useState("");
  const [channel, setChannel] = useState<KeyedChannel>("paper");
  const [done, setDone] = useState<{ n: number; receipt: string; duplicate: boolean } | null>(null);
  const [problem, setProblem] = useState<{ message: string; errors: { question: string; title: string; message: string }[]; code: boolean } | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const handled = useRef<typeof fetcher.data>(undefined);

  useEffect(() => {
    let cancelled = false;
    let restore: (() => void) | null = null;
    Promise.all([import("survey-react-ui"), import("../components/survey/model")])
      .then(([ui, m]) => {
        if (cancelled) return;
        // A question shown or hidden by an answer must be there (or gone) for the very next Tab,
        // not after SurveyJS's expand/collapse animation.
        const animated = ui.settings.animationEnabled;
        ui.settings.animationEnabled = false;
        restore = () => {
          ui.settings.animationEnabled = animated;
        };
        setLibrary({ Survey: ui.Survey as unknown as ComponentType<{ model: Model }>, createModel: m.createPaperEntryModel });
      })
      .catch(() => !cancelled && setLoadFailed(true));
    return () => {
      cancelled = true;
      restore?.();
    };
  }, []);

  // The published definition does not change; loader data does get re-read after every save, and
  // a new object must not replace the form being keyed in.
  const [published] = useState(definition);
  // A fresh, empty model for every form keyed in.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const model = useMemo(() => (library ? library.createModel(published) : null), [library, published, formNumber]);
  useEffect(() => () => model?.dispose(), [model]);

  useEffect(() => {
    if (model) codeRef.current?.focus();
  }, [model]);

  const submitting = fetcher.state !== "idle";

  const submit = useCallback(() => {
    if (!model || submitting) return;
    // A text box being typed in holds its value until it loses focus in some browsers.
    if (document.activeElement instanceof HTMLElement && document.activeElement.closest(".paper-survey")) document.activeElement.blur();
    if (Object.keys(model.data as object).length === 0 && !code.trim()) {
      // e.g. a second Ctrl+Enter right after a save: the new form is still blank.
      setProblem({ message: "这是一份新的空白问卷，填写后再保存。", errors: [], code: false });
      return;
    }
    if (!model.validate(true, true)) {
      setProblem({ message: "还有题目没有填写或填写有误，请检查标红的题目。", errors: [], code: false });
      return;
    }
    const form = formRef.current;
    if (!form) return;
    const body = new FormData(form);
    body.set("answers", JSON.stringify(model.data));
    setProblem(null);
    fetcher.submit(body, { method: "post" });
  }, [model, submitting, fetcher, code]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Enter") return;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        submit();
      } else if (moveOnEnter(event)) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("keydown", onKey, true);
    return () => window.removeEventListener("keydown", onKey, true);
  }, [submit]);

  useEffect(() => {
    const reply = fetcher.data;
    if (fetcher.state !== "idle" || !reply || handled.current === reply) return;
    handled.current = reply;
    if (reply.key !== null && reply.key !== key) return; // an answer to a form already saved
    if (reply.ok) {
      setDone({ n: reply.keyedIn, receipt: reply.receipt, duplicate: reply.duplicate });
      setKey(newKey());
      setCode("");
      setFormNumber((n) => n + 1);
      return;
    }
    const codeProblem = reply.errors.householdCode !== undefined;
    setProblem({
      message: reply.message ?? "",
      code: codeProblem,
      // The answers' errors by question name ("_form": the answer set as a whole); the form's own fields are in the message.
      errors: Object.entries(reply.errors).flatMap(([name, message]) => {
        if (name === "_form") return [{ question: "", title: "", message }];
        const question = model?.getQuestionByName(name);
        return question ? [{ question: name, title: plainText(question.title), message }] : [];
      }),
    });
    if (codeProblem) codeRef.current?.focus();
  }, [fetcher.state, fetcher.data, key, model]);

  const total = done?.n ?? keyedIn;
  return (
    <>
      <p className="muted">
        用 <kbd>Tab</kbd> 或 <kbd>Enter</kbd> 移到下一题，方向键选择单选项，<kbd>空格</kbd> 勾选多选项；填完按 <kbd>Ctrl</kbd>+<kbd>Enter</kbd>{" "}
        保存并录入下一份。本问卷已录入纸质/协助问卷 {total} 份。
        {closesAt ? ` 截止后仍可录入截止前收回的纸质问卷，直到问卷结束。` : ""}
      </p>
      <div aria-live="polite" role="status">
        {done ? (
          <p className="paper-done">
            {done.duplicate ? "这份问卷已经录入过，" : ""}已录入第 {done.n} 份（回执号 <span className="mono">{done.receipt}</span>）。下面是新的空白问卷。
          </p>
        ) : null}
      </div>
      <div aria-live="assertive">
        {problem ? (
          <div className="form-error" role="alert">
            <p>{problem.message}</p>
            {problem.errors.length ? (
              <ul>
                {problem.errors.map((e, i) => (
                  <li key={i}>
                    {e.title ? (
                      <button type="button" className="link-button" onClick={() => model?.getQuestionByName(e.question)?.focus()}>
                        {e.title}
                      </button>
                    ) : null}
                    {e.title ? "：" : ""}
                    {e.message}
                  </li>
                ))}
              </ul>
            ) : null}
            <p>已填写的内容都还在，修改后再保存即可。</p>
          </div>
        ) : null}
      </div>
      <fetcher.Form
        ref={formRef}
        id="paper-form"
        method="post"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <CsrfField />
        <input type="hidden" name="idempotencyKey" value={key} />
        <div className="paper-head">
          <div className="field">
            <label htmlFor="household-code">户码（纸条上有才填）</label>
            <input
              ref={codeRef}
              {...HOUSEHOLD_CODE_INPUT}
              className="paper-code"
              value={code}
              aria-invalid={problem?.code ? true : undefined}
              onChange={(e) => {
                setCode(formatTypedCode(e.target.value));
                if (problem?.code) setProblem(null);
              }}
            />
          </div>
          <CodeRadioGroup className="paper-channel" legend="录入方式" name="channel" codes={KEYED_CHANNELS} labels={SURVEY_CHANNEL_LABELS} value={channel} onChange={setChannel} />
        </div>
      </fetcher.Form>
      {loadFailed ? (
        <p className="form-error" role="alert">
          问卷加载失败，请检查网络后刷新页面。
        </p>
      ) : !library || !model ? (
        <p className="muted">正在加载问卷…</p>
      ) : (
        <div className="paper-survey" aria-label={`第 ${total + 1} 份问卷`} role="group">
          <library.Survey key={formNumber} model={model} />
        </div>
      )}
      {/* A form is 9,000–11,000 px long: the save button and today's count stay on screen. */}
      <div className="paper-actions" role="region" aria-label="保存录入">
        <button id="paper-save" type="submit" form="paper-form" className="button" disabled={!model || submitting}>
          {submitting ? "正在保存…" : "保存并录入下一份"}
        </button>
        <span>
          今天您已录入 <strong>{enteredToday}</strong> 份
        </span>
        <span className="muted">
          快捷键 <kbd>Ctrl</kbd>+<kbd>Enter</kbd>
        </span>
      </div>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
