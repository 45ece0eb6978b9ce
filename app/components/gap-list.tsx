// Pieces of the 查漏补缺 list shown on the worker's page, the street's review page and the
// printable list: the item's facts, its evidence, what changed, the trail, the formula.
import { FUNDING_LABELS, GAP_LIST_STATUS_LABELS, type GapListStatus, HUB_FORM_LABELS, OPERATING_MODEL_LABELS, PRICING_LABELS, REVIEW_DECISION_LABELS, type ReviewDecision, SERVICE_LEVEL_LABELS } from "../../workflows/glossary";
import { formatItemField, type GapItemChange, type GapListDiff } from "../../workflows/gap-list";
import type { GapItemView, GapListPage, TrailEntry } from "../lib/gap-list-pages.server";
import { formatDateTime } from "../lib/format";
import { Facts } from "./account-fields";
import { FieldError } from "./field-error";
import { SettingsTable } from "./settings-table";

/** 元 → 万元 with two decimals, as project lists are written. */
export function toWanYuan(yuan: number): string {
  return (Math.round(yuan / 100) / 100).toFixed(2);
}

/** Checkboxes (any number) or radio buttons (one) over a code list, with the field's error. */
export function ChoiceFieldset<C extends string>({
  legend,
  name,
  type,
  codes,
  labels,
  checked,
  errors,
  className,
}: {
  legend: string;
  name: string;
  type: "checkbox" | "radio";
  codes: readonly C[];
  labels: Record<C, string>;
  checked: (code: C) => boolean;
  errors: Record<string, string>;
  className?: string;
}) {
  return (
    <fieldset className={className}>
      <legend>{legend}</legend>
      <div className="checkbox-row">
        {codes.map((code) => (
          <label key={code} className="checkbox">
            <input type={type} name={name} value={code} defaultChecked={checked(code)} required={type === "radio"} />
            {labels[code]}
          </label>
        ))}
      </div>
      <FieldError name={name} errors={errors} />
    </fieldset>
  );
}

export function ListStatusBadge({ status }: { status: GapListStatus }) {
  return <span className={`list-status list-status--${status}`}>{GAP_LIST_STATUS_LABELS[status]}</span>;
}

export function DecisionBadge({ decision }: { decision: ReviewDecision | null }) {
  if (!decision) return <span className="decision decision--none">未决定</span>;
  return <span className={`decision decision--${decision}`}>{REVIEW_DECISION_LABELS[decision]}</span>;
}

/** The item's content as a definition list. */
export function ItemFacts({ item }: { item: GapItemView }) {
  const rows: [string, string][] = [
    ["建设面积", `${item.targetAreaM2} m²`],
    ["估算投资", `${toWanYuan(item.estimatedCost)} 万元（${item.costText}）`],
    ["服务属性", SERVICE_LEVEL_LABELS[item.serviceLevel]],
    ["收费方式", PRICING_LABELS[item.pricing]],
    ["运营模式", OPERATING_MODEL_LABELS[item.operatingModel]],
    ["资金来源", item.fundingSources.map((f) => FUNDING_LABELS[f]).join("、") || "（未填）"],
    ["候选选址", item.candidateSite ?? "（未填）"],
    ["空间来源", item.spaceSource ?? "（未填）"],
    ["共同体形态", item.hubForm ? HUB_FORM_LABELS[item.hubForm] : item.rationale.hubCandidate ? "建议纳入民生幸福共同体（形态未选）" : "不纳入"],
  ];
  if (item.fourSync) rows.push(["四同步", formatItemField("fourSync", item)]);
  if (item.notes) rows.push(["备注", item.notes]);
  return <Facts items={rows} className="item-facts" />;
}

/** Why the item is on the list: findings with their clauses, demand, area, priority. */
export function ItemEvidence({ item }: { item: GapItemView }) {
  const r = item.rationale;
  const p = r.priority;
  return (
    <div className="evidence">
      <p>{r.summary}</p>
      {r.findings.length ? (
        <ul className="evidence__findings">
          {r.findings.map((f) => (
            <li key={f.id}>
              <strong>
                {f.title}（{f.clause}）
              </strong>
              {f.status === "fail" ? (f.binding ? "：未达标" : "：未达标（仅供参考）") : f.status === "pass" ? "：达标" : "：不适用"}
              <br />
              <span className="muted">{f.message}</span>
            </li>
          ))}
        </ul>
      ) : null}
      <p className="evidence__figures">
        需求：
        {r.demand.demandIndex !== null
          ? `需求指数 ${r.demand.demandIndex}${r.demand.satisfaction !== null ? `，满意度 ${r.demand.satisfaction}` : ""}${r.demand.weight > 1 ? `，一老一小加权 ×${r.demand.weight}` : ""}`
          : "本轮无调查数据"}
        {r.area ? `；面积：应有 ${r.area.required} m²，现有 ${r.area.actual} m²，缺 ${r.area.gap} m²${r.area.binding ? "" : "（参照试点标准）"}` : ""}
        ；建设方式：{r.approachReason}。
      </p>
      <p className="evidence__figures">
        优先级 {p.score} = 一老一小 {p.oneOldOneYoung} · 需求 {p.demand}
        {p.demandEstimated ? "（估计）" : ""} · 缺口 {p.gap}
      </p>
    </div>
  );
}

export function ChangeFields({ change }: { change: GapItemChange }) {
  if (change.kind !== "changed") return null;
  return (
    <ul className="diff-fields">
      {change.fields.map((f) => (
        <li key={f.field}>
          {f.label}：<del>{f.before}</del> → <ins>{f.after}</ins>
        </li>
      ))}
    </ul>
  );
}

const CHANGE_LABELS: Record<GapItemChange["kind"], string> = { added: "新增", removed: "删除", restored: "恢复", changed: "修改" };

/** What changed since the street last returned the list. */
/** What changed since the last review; each line still on the list links to its item (`#${anchorPrefix}${id}`). */
export function DiffSummary({ diff, anchorPrefix }: { diff: GapListDiff; anchorPrefix: string }) {
  if (!diff.changes.length && !diff.reordered) return <p className="empty">与上次审核时相比没有改动。</p>;
  return (
    <>
      <ul className="diff-list">
        {diff.changes.map((c) => (
          <li key={c.itemId}>
            <span className={`change change--${c.kind}`}>{CHANGE_LABELS[c.kind]}</span>{" "}
            {c.position ? (
              <a href={`#${anchorPrefix}${c.itemId}`}>
                第 {c.position} 项 {c.title}
              </a>
            ) : (
              c.title
            )}
            {c.previousDecision ? (
              <span className="muted">
                （上次：{c.previousDecision.label}
                {c.previousDecision.comment ? `，意见：${c.previousDecision.comment}` : ""}）
              </span>
            ) : null}
            <ChangeFields change={c} />
          </li>
        ))}
      </ul>
      <p className="muted">
        未改动 {diff.unchanged} 项{diff.reordered ? "；事项顺序有调整" : ""}。
      </p>
    </>
  );
}

export function ApprovalTrail({ trail }: { trail: TrailEntry[] }) {
  if (!trail.length) return <p className="empty">还没有提交或审核记录。</p>;
  return (
    <ol className="history">
      {trail.map((t) => (
        <li key={t.version}>
          <time dateTime={t.at}>{formatDateTime(t.at)}</time> {t.by}：{t.label}（第 {t.version} 版）
          {t.note ? <blockquote>{t.note}</blockquote> : null}
        </li>
      ))}
    </ol>
  );
}

/** The priority formula, the approach rules and the unit costs, each marked 默认值 or 已调整. */
export function FormulaPanel({ page }: { page: Pick<GapListPage, "formula" | "approachRules" | "settings"> }) {
  return (
    <details className="formula">
      <summary>优先级和建设方式怎么定（含默认值）</summary>
      <p>
        <strong className="mono">{page.formula.expression}</strong>
      </p>
      <ul>
        {page.formula.terms.map((t) => (
          <li key={t}>{t}</li>
        ))}
      </ul>
      <p className="muted">{page.formula.note}</p>
      <h3>建设方式建议</h3>
      <ul>
        {page.approachRules.map((r) => (
          <li key={r}>{r}</li>
        ))}
      </ul>
      <SettingsTable settings={page.settings} caption="估算参数" />
    </details>
  );
}
