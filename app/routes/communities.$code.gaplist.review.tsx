// The street's review of a 查漏补缺 list: each item beside its evidence, decided one by one
// (通过 / 退回修改 / 不予通过); what changed since the last review is marked; finishing
// the review approves the list or returns it with the collected comments.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { GapItemChange } from "../../workflows/gap-list";
import { REVIEW_DECISION_LABELS, REVIEW_DECISIONS, STAGE_LABELS } from "../../workflows/glossary";
import { ActionMessage } from "../components/action-message";
import { VersionedForm } from "../components/csrf-field";
import { DemoBadge } from "../components/demo-badge";
import { FieldError, fieldProps } from "../components/field-error";
import { ChangeFields, ChoiceFieldset, DecisionBadge, DiffSummary, FormulaPanel, ItemEvidence, ItemFacts, ListStatusBadge, toWanYuan } from "../components/gap-list";
import { OverrideNotice } from "../components/override-notice";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { type GapItemView, loadGapListPage } from "../lib/gap-list-pages.server";
import { decideGapItem, finishReview, returnGapList } from "../lib/gap-lists.server";
import { done, failed, invalidForm, notFound } from "../lib/http.server";
import { requireCommunity } from "../lib/places.server";
import { findOverrideFlag } from "../lib/street-attention.server";
import gapListStyles from "../styles/gap-list.css";
import { formToObject } from "../validation/form";
import { GapReviewFormSchema, intentError } from "../validation/gap-list";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: gapListStyles }];

export const meta: MetaFunction = () => [{ title: "审核查漏补缺清单 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // The page is the street reviewer's desk: others see the list on the list page.
  const { user, community } = await requireCommunity(request, params.code, "review:gaplist");
  const page = await loadGapListPage(db, user, community.code);
  if (!page.list) throw notFound("该社区本轮还没有查漏补缺清单。");
  return {
    community: { code: community.code, name: community.name, isDemoData: community.isDemoData },
    page,
    reviewing: page.can.review,
    override: await findOverrideFlag(db, community),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form });
  const parsed = GapReviewFormSchema.safeParse(formToObject(form));
  const itemId = typeof form.get("itemId") === "string" ? String(form.get("itemId")) : null;
  if (!parsed.success) return invalidForm(parsed.error, { itemId }, intentError(parsed.error));
  const input = parsed.data;
  const change = { actor: user, ip: context.clientIp };
  const at = { communityCode: community.code, expectedVersion: input.version };
  switch (input.intent) {
    case "decide": {
      const outcome = await decideGapItem(db, change, { ...at, itemId: input.itemId, decision: input.decision, comment: input.comment });
      return outcome.ok ? done(`第 ${outcome.position} 项：${REVIEW_DECISION_LABELS[input.decision]}。`, { itemId }) : failed(outcome, { itemId });
    }
    case "finish":
    case "approveRest": {
      const outcome = await finishReview(db, change, { ...at, approveUndecided: input.intent === "approveRest" });
      if (!outcome.ok) return failed(outcome, { itemId });
      return done(
        (outcome.approvedNow ? `其余 ${outcome.approvedNow} 项已全部通过。` : "") +
          (outcome.outcome === "approve" ? "审核完成：清单审核通过并锁定，进入“建设计划”阶段。" : "审核完成：清单已退回社区修改，意见已送达社区工作者。"),
        { itemId },
      );
    }
    case "returnAll": {
      const outcome = await returnGapList(db, change, { ...at, comment: input.comment });
      return outcome.ok ? done("清单已整单退回社区修改。", { itemId }) : failed(outcome, { itemId });
    }
  }
}

export default function GapListReview() {
  const { community, page, reviewing, override } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const list = page.list!;
  const changes = new Map<string, GapItemChange>((list.submissions > 1 && page.diff ? page.diff.changes : []).map((c) => [c.itemId, c]));
  const review = page.review;

  return (
    <>
      <section className="panel" aria-labelledby="review-heading">
        <div className="panel__head">
          <h2 id="review-heading">
            审核查漏补缺清单 <ListStatusBadge status={list.status} /> <DemoBadge show={community.isDemoData || list.isDemoData} />
          </h2>
          <div className="inline-form">
            <Link className="button button--secondary" to={`/communities/${community.code}/gaplist`}>
              清单页
            </Link>
            <a className="button button--secondary" href={`/communities/${community.code}/gaplist/export.xlsx`} download>
              导出 XLSX
            </a>
          </div>
        </div>
        <p>
          {page.cycle ? `${page.cycle.year} 年第 ${page.cycle.round} 轮体检，当前阶段：${STAGE_LABELS[page.cycle.stage]}。` : ""}
          第 {list.submissions} 次提交{list.submittedAt ? `（${formatDateTime(list.submittedAt)}）` : ""}，共 {review.total} 项，估算投资 {toWanYuan(page.totals.cost)} 万元；
          依据评估 {list.evaluationLabel ?? "—"}，政策版本 {list.profile.id} 第 {list.profile.version} 版。
        </p>
        {override ? <OverrideNotice override={override} /> : null}
        {list.noGapReason ? (
          <p className="notice notice--info" role="note">
            社区说明无需补缺：{list.noGapReason}
          </p>
        ) : null}
        {!reviewing ? (
          <p className="notice notice--info" role="note">
            清单当前不在审核中（{list.status === "approved" ? "已审核通过并锁定" : list.status === "returned" ? "已退回社区修改" : "社区编制中"}），以下仅供查看。
          </p>
        ) : null}
        <ActionMessage result={actionData} />
        <ul className="counts" aria-label="审核进度">
          <li>通过 {review.approved}</li>
          <li>退回修改 {review.returned}</li>
          <li>不予通过 {review.rejected}</li>
          <li>未决定 {review.undecided}</li>
        </ul>
      </section>

      {list.submissions > 1 && page.diff ? (
        <Section id="changes-heading" title="与上次审核相比">
          <p className="muted">社区重新提交后，上次通过且未改动的事项保留原决定；改动的和上次退回的事项需要重新决定。</p>
          <DiffSummary diff={page.diff} anchorPrefix="review-" />
        </Section>
      ) : null}

      {page.items.map((item) => (
        <ReviewItem
          key={item.id}
          item={item}
          change={changes.get(item.id) ?? null}
          version={list.version}
          reviewing={reviewing}
          busy={busy}
          errors={actionData && !actionData.ok && actionData.itemId === item.id ? actionData.errors : {}}
        />
      ))}

      {reviewing ? (
        <Section id="finish-heading" title="完成审核">
          <VersionedForm version={list.version}>
            <p id="finish-hint">
              {review.outcome === null
                ? `还有 ${review.undecided} 项未作决定；每一项都有决定后才能完成审核。`
                : review.outcome === "return"
                  ? `有 ${review.returned} 项退回修改：完成审核后，清单连同意见退回社区。`
                  : "所有事项均已决定且没有退回：完成审核后，清单审核通过并锁定。"}
            </p>
            {list.submissions > 1 ? <p className="muted">其余未改动事项保持上次决定。</p> : null}
            <button type="submit" name="intent" value="finish" className="button" disabled={busy || review.outcome === null} aria-describedby="finish-hint">
              完成审核
            </button>
          </VersionedForm>
          {review.undecided > 0 ? (
            <VersionedForm version={list.version} className="decision-form">
              <div className="field">
                <label className="checkbox">
                  <input type="checkbox" name="confirm" value="yes" required {...fieldProps("confirm", actionData && actionData.itemId === null ? actionData.errors : {})} />
                  我已查看，其余 {review.undecided} 项未决定的事项全部通过
                </label>
                <FieldError name="confirm" errors={actionData && actionData.itemId === null ? actionData.errors : {}} />
              </div>
              <button type="submit" name="intent" value="approveRest" className="button" disabled={busy}>
                其余事项全部通过，结束审核
              </button>
            </VersionedForm>
          ) : null}
          <VersionedForm version={list.version} className="decision-form">
            <div className="field">
              <label htmlFor="return-all">整单退回意见</label>
              <textarea id="return-all" name="comment" rows={3} maxLength={500} {...fieldProps("comment", actionData?.itemId === null ? actionData.errors : {})} />
              <FieldError name="comment" errors={actionData && actionData.itemId === null ? actionData.errors : {}} />
            </div>
            <button type="submit" name="intent" value="returnAll" className="button button--secondary" disabled={busy}>
              整单退回
            </button>
          </VersionedForm>
        </Section>
      ) : null}

      <Section id="formula-heading" title="估算口径">
        <FormulaPanel page={page} />
      </Section>
    </>
  );
}

function ReviewItem({
  item,
  change,
  version,
  reviewing,
  busy,
  errors,
}: {
  item: GapItemView;
  change: GapItemChange | null;
  version: number;
  reviewing: boolean;
  busy: boolean;
  errors: Record<string, string>;
}) {
  const headingId = `review-item-${item.id}`;
  const n = item.position;
  return (
    <article id={`review-${item.id}`} className={change ? "review-item review-item--changed" : "review-item"} aria-labelledby={headingId} tabIndex={-1}>
      <div className="review-item__head">
        <h3 id={headingId}>
          第 {n} 项 {item.title}
        </h3>
        <span>
          {change ? <span className="change">{change.kind === "changed" ? "本次修改" : change.kind === "added" ? "本次新增" : "本次恢复"}</span> : null}{" "}
          优先级 {item.priority} · <DecisionBadge decision={item.decision} />
        </span>
      </div>
      {change?.previousDecision ? (
        <p className="review-comment">
          上次决定：{change.previousDecision.label}
          {change.previousDecision.comment ? `，意见：${change.previousDecision.comment}` : ""}
        </p>
      ) : null}
      {change ? <ChangeFields change={change} /> : null}
      <div className="review-grid">
        <div>
          <h4>事项</h4>
          <ItemFacts item={item} />
        </div>
        <div>
          <h4>依据</h4>
          <ItemEvidence item={item} />
        </div>
      </div>
      {item.decision && item.decisionComment ? <p className="review-comment">审核意见：{item.decisionComment}</p> : null}
      {reviewing ? (
        <VersionedForm version={version} className="decision-form" aria-label={`第 ${n} 项的审核决定`}>
          <input type="hidden" name="itemId" value={item.id} />
          <ChoiceFieldset
            legend="审核决定"
            name="decision"
            type="radio"
            codes={REVIEW_DECISIONS}
            labels={REVIEW_DECISION_LABELS}
            checked={(d) => item.decision === d}
            errors={errors}
          />
          <div className="field">
            <label htmlFor={`comment-${item.id}`}>意见或理由（退回、不予通过时必填）</label>
            <textarea id={`comment-${item.id}`} name="comment" rows={2} maxLength={500} defaultValue={item.decisionComment ?? ""} {...fieldProps("comment", errors)} />
            <FieldError name="comment" errors={errors} />
          </div>
          <button type="submit" name="intent" value="decide" className="button button--secondary" disabled={busy}>
            保存决定
          </button>
        </VersionedForm>
      ) : null}
    </article>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
