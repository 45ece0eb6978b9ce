import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useParams } from "@remix-run/react";
import { type CycleAction, type CycleCommand, restoreCycle } from "../../workflows/community-cycle";
import { overrideDoneMessage, overrideStatusText } from "../../workflows/participation-override";
import { overrideSummary } from "../components/override-notice";
import { ROLE_LABELS, STAGE_LABELS } from "../../workflows/glossary";
import { CsrfField } from "../components/csrf-field";
import { CycleStepper } from "../components/cycle-stepper";
import { DemoBadge } from "../components/demo-badge";
import { RouteErrorBoundary } from "../components/route-error";
import { loadCyclePage } from "../lib/cycle-pages.server";
import { sendCycleEventWithList } from "../lib/gap-lists.server";
import { db } from "../lib/db.server";
import { formatDateTime, daysSince } from "../lib/format";
import { requireCommunity } from "../lib/places.server";
import { CycleCommandFormSchema } from "../validation/cycle";
import { formToObject } from "../validation/form";
import { done, failed, invalidForm, notFound } from "../lib/http.server";
import { ActionMessage } from "../components/action-message";
import { Section } from "../components/section";

export const meta: MetaFunction = () => [{ title: "体检流程 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const page = await loadCyclePage(db, user, community.code);
  if (!page) throw notFound("该社区还没有体检周期。");
  return page;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form });
  const parsed = CycleCommandFormSchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error);
  const input = parsed.data;
  const command: CycleCommand =
    input.event === "SET_MIN_RESPONSE"
      ? { type: input.event, rate: input.ratePercent / 100 }
      : input.event === "OVERRIDE_MIN_RESPONSE" || input.event === "SUBMIT_NO_GAPS"
        ? { type: input.event, reason: input.reason }
        : input.event === "RETURN" || input.event === "REFUSE_OVERRIDE"
          ? { type: input.event, comment: input.comment }
          : { type: input.event };
  // Submitting, approving and returning go through the gap list so list and cycle stay in step.
  const outcome = await sendCycleEventWithList(db, { actor: user, ip: context.clientIp }, { communityCode: community.code, expectedVersion: input.version, command });
  if (!outcome.ok) return failed(outcome);
  if (outcome.nextCycle) return done(`本轮已结束，第 ${outcome.nextCycle.round} 轮已在“准备”阶段开启。`);
  const override = restoreCycle({ machineVersion: outcome.cycle.machineVersion, snapshot: outcome.cycle.snapshot }).context.responseOverride;
  if (command.type === "OVERRIDE_MIN_RESPONSE" && override) return done(overrideDoneMessage(override));
  if (command.type === "APPROVE_OVERRIDE") return done("已批准放宽最低参与率，社区现在可以结束调查。");
  if (command.type === "REFUSE_OVERRIDE") return done("已不批准放宽最低参与率，意见已告知社区。");
  return done(`已完成：现在处于“${STAGE_LABELS[outcome.cycle.stage]}”阶段。`);
}

export default function CyclePage() {
  const { cycle, context, responseRate, actions, history } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Section id="cycle-heading" title={<>{cycle.year} 年第 {cycle.round} 轮体检 <DemoBadge show={cycle.isDemoData} /></>}>
        <CycleStepper stage={cycle.stage} />
        <p>
          当前阶段：<strong>{STAGE_LABELS[cycle.stage]}</strong>，已 {daysSince(cycle.stageEnteredAt)} 天（自 {formatDateTime(cycle.stageEnteredAt)}）。
        </p>
        {cycle.stage === "surveying" || cycle.stage === "preparing" ? (
          <p>
            最低参与率 {Math.round(context.minResponseRate * 100)}%（默认值 30%）；当前参与率 {(responseRate * 100).toFixed(1)}%。
          </p>
        ) : null}
        {context.responseOverride ? (
          <div className="notice" role="note">
            <strong>已放宽最低参与率</strong>（{overrideSummary(context.responseOverride)}）：{overrideStatusText(context.responseOverride)}
            {context.responseOverride.decision?.comment ? `，意见：${context.responseOverride.decision.comment}` : ""}
          </div>
        ) : null}
        {context.reviewComment && cycle.stage === "drafting" ? (
          <div className="notice" role="note">
            <strong>街道退回意见：</strong>
            {context.reviewComment}
          </div>
        ) : null}
        {context.noGapReason && cycle.stage === "street_review" ? (
          <div className="notice notice--info" role="note">
            <strong>社区说明无需补缺：</strong>
            {context.noGapReason}
          </div>
        ) : null}
        {context.carriedOver.length ? (
          <div className="notice notice--info">
            <strong>上一轮转入：</strong>
            <ul>
              {context.carriedOver.map((item, i) => (
                <li key={i}>
                  {item.title}（{item.reason}）
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </Section>

      <Section id="actions-heading" title="现在可以做什么">
        <ActionMessage result={result} />
        {actions.length === 0 ? <p className="empty">本轮已完成。</p> : null}
        {cycle.stage === "operation_feedback" ? (
          <p>
            结束本轮前，请先查看<Link to="summary">本轮总结</Link>：发现了什么、通过和建成了什么、居民评价如何，以及将转入下一轮的事项。
          </p>
        ) : null}
        <div className="actions">
          {actions.map((a) => (
            <ActionForm key={a.type} action={a} version={cycle.version} minResponseRate={context.minResponseRate} errors={result?.errors ?? {}} />
          ))}
        </div>
      </Section>

      <Section id="history-heading" title="本轮记录">
        {history.length === 0 ? (
          <p className="empty">本轮还没有操作记录。</p>
        ) : (
          <ol className="history">
            {history.map((h) => (
              <li key={h.id}>
                <time dateTime={h.createdAt}>{formatDateTime(h.createdAt)}</time>{" "}
                {h.actorName ?? "系统"}
                {h.actorRole ? `（${ROLE_LABELS[h.actorRole] ?? h.actorRole}）` : ""}：
                {h.fromStage === h.toStage ? `在“${STAGE_LABELS[h.fromStage]}”阶段` : `“${STAGE_LABELS[h.fromStage]}” → “${STAGE_LABELS[h.toStage]}”`}
                {h.comment ? <blockquote>{h.comment}</blockquote> : null}
              </li>
            ))}
          </ol>
        )}
      </Section>
    </>
  );
}

function ActionForm({
  action,
  version,
  minResponseRate,
  errors,
}: {
  action: CycleAction;
  version: number;
  minResponseRate: number;
  errors: Record<string, string>;
}) {
  const navigation = useNavigation();
  const { code } = useParams();
  const busy = navigation.state === "submitting" && navigation.formData?.get("event") === action.type;
  const available = action.unavailableBecause === null;
  const inputId = `${action.type}-${action.input}`;
  const label = { comment: action.type === "REFUSE_OVERRIDE" ? "不批准的理由" : "退回意见", reason: "理由", rate: "最低参与率（%）" };
  return (
    <Form method="post" className={available ? "action" : "action action--unavailable"}>
      <CsrfField />
      <input type="hidden" name="event" value={action.type} />
      <input type="hidden" name="version" value={version} />
      {available && action.input ? (
        <div className="field">
          <label htmlFor={inputId}>{label[action.input]}</label>
          {action.input === "rate" ? (
            <input id={inputId} name="ratePercent" inputMode="decimal" defaultValue={Math.round(minResponseRate * 100)} required />
          ) : (
            <textarea id={inputId} name={action.input} rows={3} maxLength={500} required />
          )}
          {errors[action.input === "rate" ? "ratePercent" : action.input] ? (
            <p className="field-error">{errors[action.input === "rate" ? "ratePercent" : action.input]}</p>
          ) : null}
        </div>
      ) : null}
      <button
        type="submit"
        className={action.type === "RETURN" || action.type === "REFUSE_OVERRIDE" ? "button button--secondary" : "button"}
        disabled={!available || busy}
        aria-describedby={available ? undefined : `${action.type}-why`}
      >
        {busy ? "正在提交…" : action.label}
      </button>
      {!available ? (
        <p id={`${action.type}-why`} className="action__why">
          暂不可用：{action.unavailableBecause}
        </p>
      ) : null}
      {action.warning ? (
        <p className="action__warning" role="note">
          注意：{action.warning}
        </p>
      ) : null}
      {action.fixAt === "projects" ? (
        <p>
          <Link to={`/communities/${code}/projects#items-heading`}>去建设项目：编入项目、验收，或写明理由撤销事项</Link>
        </p>
      ) : null}
    </Form>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
