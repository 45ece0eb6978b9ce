// The worker's pieces of the 查漏补缺 list page: an item's row with its actions, the item
// form (edit or add) and the "无需补缺" form.
import { Form, Link } from "@remix-run/react";
import { type InputHTMLAttributes, type TextareaHTMLAttributes, useEffect, useState } from "react";
import {
  APPROACH_LABELS,
  APPROACHES,
  type Domain,
  DOMAIN_LABELS,
  DOMAINS,
  type FacilityFunction,
  FOUR_SYNC_LABELS,
  FOUR_SYNC_STEPS,
  FUNCTION_CATALOGUE,
  functionsOfDomain,
  FUNDING_LABELS,
  FUNDING_SOURCES,
  HUB_FORM_LABELS,
  HUB_FORMS,
  OPERATING_MODEL_LABELS,
  OPERATING_MODELS,
  PRICING_LABELS,
  PRICING_TIERS,
  REVIEW_DECISION_LABELS,
  type ReviewDecision,
  SERVICE_LEVEL_LABELS,
  SERVICE_LEVELS,
} from "../../workflows/glossary";
import type { GapItemView } from "../lib/gap-list-pages.server";
import { MAX_ITEM_AREA_M2, MAX_ITEM_NAME_LENGTH } from "../validation/gap-list";
import { CodeSelectField } from "./code-select";
import { CsrfField } from "./csrf-field";
import { ErrorSummary, FieldError, fieldProps } from "./field-error";
import { ChoiceFieldset, DecisionBadge, ItemEvidence, toWanYuan } from "./gap-list";

type Errors = Record<string, string>;

/** The list's version and (for an item's forms) the item, as hidden fields. */
function ListFields({ version, itemId }: { version: number | null; itemId?: string }) {
  return (
    <>
      <CsrfField />
      {version !== null ? <input type="hidden" name="version" value={version} /> : null}
      {itemId ? <input type="hidden" name="itemId" value={itemId} /> : null}
    </>
  );
}

function TextField({ name, label, errors, wide, hint, ...input }: { name: string; label: string; errors: Errors; wide?: boolean; hint?: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <div className={wide ? "field field--wide" : "field"}>
      <label htmlFor={name}>{label}</label>
      <input id={name} name={name} {...input} {...(hint ? { "aria-describedby": `${name}-hint` } : {})} {...fieldProps(name, errors)} />
      {hint ? (
        <p id={`${name}-hint`} className="muted">
          {hint}
        </p>
      ) : null}
      <FieldError name={name} errors={errors} />
    </div>
  );
}

function TextAreaField({ name, label, errors, wide, ...textarea }: { name: string; label: string; errors: Errors; wide?: boolean } & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <div className={wide ? "field field--wide" : "field"}>
      <label htmlFor={name}>{label}</label>
      <textarea id={name} name={name} maxLength={500} {...textarea} {...fieldProps(name, errors)} />
      <FieldError name={name} errors={errors} />
    </div>
  );
}

export function ItemRow({
  item,
  isFirst,
  isLast,
  canEdit,
  version,
  base,
  lastReview,
  changed,
  busy,
}: {
  item: GapItemView;
  isFirst: boolean;
  isLast: boolean;
  canEdit: boolean;
  version: number;
  base: string;
  lastReview: { decision: ReviewDecision; comment: string | null } | null;
  changed: boolean;
  busy: boolean;
}) {
  const n = item.position;
  return (
    <tr id={`item-${item.id}`} className={changed ? "is-changed" : undefined}>
      <td data-label="序号">{n}</td>
      <th scope="row">
        <span className="item-title">{item.title}</span>
        {item.hubForm ? <span className="badge">{HUB_FORM_LABELS[item.hubForm]}共同体</span> : null}
        {changed ? <span className="change">已修改</span> : null}
        <details>
          <summary>依据</summary>
          <ItemEvidence item={item} />
        </details>
        {item.candidateSite ? <div className="muted">候选选址：{item.candidateSite}</div> : null}
        {item.notes ? <div className="muted">备注：{item.notes}</div> : null}
      </th>
      <td className="num" data-label="面积（m²）">
        {item.targetAreaM2}
      </td>
      <td className="num" data-label="估算投资（万元）">
        {toWanYuan(item.estimatedCost)}
        <div className="muted">{item.costBasis === "manual" ? "人工填写" : "按默认单价"}</div>
      </td>
      <td data-label="服务与运营">
        {SERVICE_LEVEL_LABELS[item.serviceLevel]} · {PRICING_LABELS[item.pricing]} · {OPERATING_MODEL_LABELS[item.operatingModel]}
      </td>
      <td className="num" data-label="优先级">
        {item.priority}
      </td>
      <td data-label="审核">
        <DecisionBadge decision={item.decision} />
        {item.decision && item.decisionComment ? <p className="review-comment">{item.decisionComment}</p> : null}
        {!item.decision && lastReview ? (
          <p className="review-comment">
            上次：{REVIEW_DECISION_LABELS[lastReview.decision]}
            {lastReview.comment ? `，${lastReview.comment}` : ""}
          </p>
        ) : null}
      </td>
      {canEdit ? (
        <td data-label="操作">
          <div className="row-actions">
            <Link className="button button--secondary" to={`${base}?edit=${item.id}`} aria-label={`编辑第 ${n} 项：${item.title}`}>
              编辑
            </Link>
            <Form method="post">
              <ListFields version={version} itemId={item.id} />
              <input type="hidden" name="intent" value="move" />
              <button type="submit" name="direction" value="up" className="button button--secondary" disabled={isFirst || busy} aria-label={`上移第 ${n} 项`}>
                ↑
              </button>
              <button type="submit" name="direction" value="down" className="button button--secondary" disabled={isLast || busy} aria-label={`下移第 ${n} 项`}>
                ↓
              </button>
            </Form>
            <Form method="post">
              <ListFields version={version} itemId={item.id} />
              <button type="submit" name="intent" value="remove" className="button button--secondary" disabled={busy} aria-label={`删除第 ${n} 项`}>
                删除
              </button>
            </Form>
          </div>
        </td>
      ) : null}
    </tr>
  );
}

/** A removed item's 恢复 button. */
export function RestoreForm({ item, version, busy }: { item: GapItemView; version: number; busy: boolean }) {
  return (
    <Form method="post" className="inline-form" style={{ display: "inline-flex", marginLeft: "0.5rem" }}>
      <ListFields version={version} itemId={item.id} />
      <button type="submit" name="intent" value="restore" className="button button--secondary" aria-label={`恢复：${item.title}`} disabled={busy}>
        恢复
      </button>
    </Form>
  );
}

export function ItemForm({ item, version, errors, cancelTo, busy }: { item: GapItemView | null; version: number; errors: Errors; cancelTo: string; busy: boolean }) {
  return (
    <Form method="post" className="form-grid" noValidate>
      <ListFields version={version} itemId={item?.id} />
      <ErrorSummary errors={errors} />
      <TextField name="name" label="名称（可选）" errors={errors} maxLength={MAX_ITEM_NAME_LENGTH} defaultValue={item?.name ?? ""} hint="如“清波门老年食堂”；不填时按领域、功能和建设方式称呼。" />
      <DomainFunctionFields domain={item?.domain ?? DOMAINS[0]} fn={item?.function ?? "elderly_care"} errors={errors} />
      <CodeSelectField name="approach" label="建设方式" codes={APPROACHES} labels={APPROACH_LABELS} defaultValue={item?.approach ?? "retrofit"} errors={errors} />
      <TextField name="targetAreaM2" label="建设面积（m²）" errors={errors} inputMode="decimal" defaultValue={item ? String(item.targetAreaM2) : ""} max={MAX_ITEM_AREA_M2} />
      <TextField
        name="estimatedCost"
        label="估算投资（万元）"
        errors={errors}
        inputMode="decimal"
        defaultValue={item && item.costBasis === "manual" ? toWanYuan(item.estimatedCost) : ""}
        placeholder={item ? `留空按默认单价估算（现为 ${toWanYuan(item.estimatedCost)} 万元）` : "留空按默认单价估算"}
        hint="单位万元，保留两位小数；留空时按建设方式的单位造价（默认值）× 面积估算。"
      />
      <CodeSelectField name="serviceLevel" label="服务属性" codes={SERVICE_LEVELS} labels={SERVICE_LEVEL_LABELS} defaultValue={item?.serviceLevel ?? "basic"} />
      <CodeSelectField name="pricing" label="收费方式" codes={PRICING_TIERS} labels={PRICING_LABELS} defaultValue={item?.pricing ?? "low_cost"} />
      <CodeSelectField name="operatingModel" label="运营模式" codes={OPERATING_MODELS} labels={OPERATING_MODEL_LABELS} defaultValue={item?.operatingModel ?? "public_built_private_run"} />
      <CodeSelectField name="hubForm" label="民生幸福共同体形态" codes={HUB_FORMS} labels={HUB_FORM_LABELS} defaultValue={item?.hubForm ?? ""} emptyLabel="不纳入共同体" />
      <ChoiceFieldset
        legend="资金来源"
        name="fundingSources"
        type="checkbox"
        codes={FUNDING_SOURCES}
        labels={FUNDING_LABELS}
        checked={(f) => item?.fundingSources.includes(f) ?? false}
        errors={errors}
        className="field field--wide"
      />
      <ChoiceFieldset
        legend="四同步（仅新建事项）"
        name="fourSync"
        type="checkbox"
        codes={FOUR_SYNC_STEPS}
        labels={FOUR_SYNC_LABELS}
        checked={(s) => item?.fourSync?.[s] ?? false}
        errors={errors}
        className="field field--wide"
      />
      <TextField name="candidateSite" label="候选选址" errors={errors} wide maxLength={200} defaultValue={item?.candidateSite ?? ""} />
      <TextField name="spaceSource" label="空间来源" errors={errors} wide maxLength={200} defaultValue={item?.spaceSource ?? ""} />
      <TextAreaField name="notes" label="备注（可回应街道意见）" errors={errors} wide rows={3} defaultValue={item?.notes ?? ""} />
      <div className="form-actions field--wide">
        <button type="submit" name="intent" value={item ? "update" : "add"} className="button" disabled={busy}>
          {item ? "保存修改" : "新增事项"}
        </button>
        <Link to={cancelTo}>取消</Link>
      </div>
    </Form>
  );
}

/**
 * 领域 and 功能: once the page runs its script, 功能 offers only the chosen domain's functions;
 * without it every function is offered, grouped by domain, and the server checks the pair.
 */
function DomainFunctionFields({ domain, fn, errors }: { domain: Domain; fn: FacilityFunction; errors: Errors }) {
  const [chosen, setChosen] = useState<Domain>(domain);
  const [scripted, setScripted] = useState(false);
  const [func, setFunc] = useState<FacilityFunction>(fn);
  useEffect(() => setScripted(true), []);
  const domains = scripted ? [chosen] : DOMAINS;
  return (
    <>
      <CodeSelectField
        name="domain"
        label="领域"
        codes={DOMAINS}
        labels={DOMAIN_LABELS}
        value={chosen}
        onChange={(next) => {
          if (!next) return;
          setChosen(next);
          if (!functionsOfDomain(next).includes(func)) setFunc(functionsOfDomain(next)[0]);
        }}
        errors={errors}
      />
      <div className="field">
        <label htmlFor="function">功能</label>
        <select id="function" name="function" value={func} onChange={(event) => setFunc(event.target.value as FacilityFunction)} {...fieldProps("function", errors)}>
          {domains.map((d) => (
            <optgroup key={d} label={DOMAIN_LABELS[d]}>
              {functionsOfDomain(d).map((f) => (
                <option key={f} value={f}>
                  {FUNCTION_CATALOGUE[f].label}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <FieldError name="function" errors={errors} />
      </div>
    </>
  );
}

export function NoGapsForm({ version, errors, busy }: { version: number | null; errors: Errors; busy: boolean }) {
  return (
    <Form method="post">
      <ListFields version={version} />
      <p className="muted">清单中没有事项时，可说明理由后提交“无需补缺”，由街道审核。</p>
      <TextAreaField name="reason" label="无需补缺的理由" errors={errors} rows={3} />
      <button type="submit" name="intent" value="submitNoGaps" className="button button--secondary" disabled={busy}>
        提交“无需补缺”说明
      </button>
    </Form>
  );
}
