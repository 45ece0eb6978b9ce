// The evaluation as people read it: radar of the seven domain scores, a status card per
// domain (status in words, not only colour), the findings with clause references, and what
// changed since the version before. Used by the evaluation tab and the printable report.
import { useMemo } from "react";
import type { DomainResult, EvaluationResult, Finding, FindingStatus, FindingUnit } from "../../workflows/evaluation";
import { DOMAINS, DOMAIN_LABELS, type Domain, type DomainStatus } from "../../workflows/glossary";
import { domainCard } from "../lib/evaluation-cards";
import type { EvaluationDiff } from "../lib/evaluation-diff";
import { Chart } from "./chart";

export const FINDING_STATUS_LABELS: Record<FindingStatus, string> = { pass: "达标", fail: "未达标", not_applicable: "不适用" };
const DOMAIN_STATUS_MARKS: Record<DomainStatus, string> = { 满足: "✓", 不足: "!", 缺失: "✕" };
const DOMAIN_STATUS_CLASS: Record<DomainStatus, string> = { 满足: "ok", 不足: "warn", 缺失: "bad" };

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const percent = (share: number) => `${round(share * 100, 1)}%`;

export function formatFigure(value: number | null, unit: FindingUnit): string {
  if (value === null) return "—";
  switch (unit) {
    case "m2":
      return `${value.toLocaleString("zh-CN")} m²`;
    case "share":
      return percent(value);
    case "count":
      return `${value} 项`;
    case "score":
      return `${value} 分`;
  }
}

/** Tally measure keys in evidence, in words. */
function evidenceQuestion(key: string): string {
  const match = /^([a-z_]+)__(demand|satisfaction)$/.exec(key);
  if (!match || !(match[1] in DOMAIN_LABELS)) return "需求调查汇总";
  return `${DOMAIN_LABELS[match[1] as Domain]}${match[2] === "demand" ? "需求指数" : "满意度"}（调查汇总）`;
}

export function DomainRadar({ result, previous, label }: { result: EvaluationResult; previous?: EvaluationResult | null; label: string }) {
  const option = useMemo(
    () => ({
      tooltip: {},
      legend: previous ? { bottom: 0, data: ["本版", "上一版"] } : undefined,
      radar: {
        radius: "62%",
        indicator: DOMAINS.map((d) => ({ name: DOMAIN_LABELS[d], max: 100 })),
      },
      series: [
        {
          type: "radar",
          data: [
            { name: "本版", value: DOMAINS.map((d) => result.domains[d].score), areaStyle: { opacity: 0.2 } },
            ...(previous ? [{ name: "上一版", value: DOMAINS.map((d) => previous.domains[d].score), lineStyle: { type: "dashed" } }] : []),
          ],
        },
      ],
    }),
    [result, previous],
  );
  return <Chart option={option} label={label} height={340} />;
}

export function DomainCards({ result, headingLevel = 3 }: { result: EvaluationResult; headingLevel?: 3 | 4 }) {
  const Heading = `h${headingLevel}` as const;
  return (
    <ul className="domain-cards">
      {DOMAINS.map((domain) => {
        const d: DomainResult = result.domains[domain];
        const card = domainCard(result, domain);
        return (
          <li key={domain} className={`domain-card domain-card--${DOMAIN_STATUS_CLASS[d.status]}`}>
            <Heading className="domain-card__title">{d.label}</Heading>
            <p className="domain-card__status">
              <span aria-hidden="true">{DOMAIN_STATUS_MARKS[d.status]}</span> <strong>{card.statusText}</strong>
              <span className="domain-card__score">{d.score} 分</span>
            </p>
            <p className="domain-card__meta">
              步行范围覆盖 {percent(d.coverageShare)} 住户 · 本社区设施 {d.ownFacilities} 处
              {d.sharedFacilities ? ` · 邻近社区共享 ${d.sharedFacilities} 处` : ""}
              {d.demandIndex !== undefined ? ` · 需求指数 ${d.demandIndex}` : ""}
              {d.satisfaction !== undefined ? ` · 满意度 ${d.satisfaction}` : ""}
            </p>
            {card.failingNorms.length ? <p className="domain-card__norms">仍未达标的约束性规则：{card.failingNorms.join("；")}</p> : null}
          </li>
        );
      })}
    </ul>
  );
}

type DomainKeywords = Partial<Record<string, { term: string; count: number }[]>>;

function Evidence({ finding, names, keywords }: { finding: Finding; names: Record<string, string>; keywords?: DomainKeywords }) {
  const e = finding.evidence;
  const parts: string[] = [];
  const said = finding.rule === "DEMAND_PRIORITY" && finding.domain ? keywords?.[finding.domain] : undefined;
  if (e.facilities?.length) {
    const list = e.facilities.map((ref) => names[ref] ?? ref);
    parts.push(`计入：${list.length > 6 ? `${list.slice(0, 6).join("、")} 等 ${list.length} 处` : list.join("、")}`);
  }
  if (e.notCounted?.length) parts.push(`未计入：${e.notCounted.map((ref) => names[ref] ?? ref).join("、")}`);
  if (e.questions?.length) parts.push(`调查：${e.questions.map(evidenceQuestion).join("、")}`);
  if (said?.length) parts.push(`居民意见关键词：${said.map((k) => `${k.term}（${k.count}）`).join("、")}`);
  return parts.length ? <>{parts.join("；")}</> : <span className="muted">—</span>;
}

export function FindingsTable({
  result,
  names,
  caption,
  keywords,
}: {
  result: EvaluationResult;
  names: Record<string, string>;
  caption: string;
  keywords?: DomainKeywords;
}) {
  const applicable = result.findings.filter((f) => f.status !== "not_applicable");
  const notApplicable = result.findings.filter((f) => f.status === "not_applicable");
  return (
    <>
      <div className="table-wrap">
        <table className="findings">
          <caption>{caption}</caption>
          <thead>
            <tr>
              <th scope="col">规则</th>
              <th scope="col">条款</th>
              <th scope="col">结论</th>
              <th scope="col" className="num">要求</th>
              <th scope="col" className="num">现状</th>
              <th scope="col" className="num">差距</th>
              <th scope="col">说明</th>
              <th scope="col">依据</th>
            </tr>
          </thead>
          <tbody>
            {applicable.map((f) => (
              <tr key={f.id} className={`finding finding--${f.status}`}>
                <th scope="row">
                  {f.title}
                  {f.domain ? <span className="finding__domain">（{DOMAIN_LABELS[f.domain]}）</span> : null}
                  <span className="finding__meta">
                    {f.binding ? "约束性" : <span className="badge">参照</span>}
                  </span>
                </th>
                <td data-label="条款" className="finding__clause">
                  {f.clause}
                </td>
                <td data-label="结论">
                  <span className={`verdict verdict--${f.status}`}>{FINDING_STATUS_LABELS[f.status]}</span>
                </td>
                <td data-label="要求" className="num">
                  {formatFigure(f.required, f.unit)}
                </td>
                <td data-label="现状" className="num">
                  {formatFigure(f.actual, f.unit)}
                </td>
                <td data-label="差距" className="num">
                  {formatFigure(f.gap, f.unit)}
                </td>
                <td data-label="说明" className="finding__message">
                  {f.message}
                </td>
                <td data-label="依据" className="finding__evidence">
                  <Evidence finding={f} names={names} keywords={keywords} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {notApplicable.length ? (
        <details className="not-applicable" open>
          <summary>不适用的规则（{notApplicable.length} 项）</summary>
          <ul>
            {notApplicable.map((f) => (
              <li key={f.id}>
                {f.title}
                {f.domain ? `（${DOMAIN_LABELS[f.domain]}）` : ""} <span className="muted">{f.clause}</span>：{f.message}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

export function DiffList({ diff, previousLabel }: { diff: EvaluationDiff; previousLabel: string }) {
  if (diff.unchanged) return <p className="muted">与{previousLabel}相比没有变化。</p>;
  const status = (s: FindingStatus | null) => (s ? FINDING_STATUS_LABELS[s] : "（无此项）");
  return (
    <ul className="diff-list">
      {diff.policy ? (
        <li>
          政策版本：{diff.policy.from} → {diff.policy.to}
        </li>
      ) : null}
      {diff.scoreFrom !== diff.scoreTo ? (
        <li>
          综合得分：{diff.scoreFrom} → <strong>{diff.scoreTo}</strong>
        </li>
      ) : null}
      {diff.domains.map((d) => (
        <li key={d.domain}>
          {d.label}：{d.from === d.to ? d.to : `${d.from} → `}
          {d.from === d.to ? "" : <strong>{d.to}</strong>}（得分 {d.scoreFrom} → {d.scoreTo}）
        </li>
      ))}
      {diff.findings.map((f) => (
        <li key={f.id}>
          {f.title}
          {f.domain ? `（${DOMAIN_LABELS[f.domain]}）` : ""} {f.clause}：
          {f.from === f.to ? FINDING_STATUS_LABELS[f.to ?? "not_applicable"] : `${status(f.from)} → ${status(f.to)}`}
          {f.actualFrom !== f.actualTo ? `；现状 ${formatFigure(f.actualFrom, f.unit)} → ${formatFigure(f.actualTo, f.unit)}` : ""}
          {f.gapFrom !== f.gapTo ? `；差距 ${formatFigure(f.gapFrom, f.unit)} → ${formatFigure(f.gapTo, f.unit)}` : ""}
        </li>
      ))}
    </ul>
  );
}

export function SummaryFacts({ result, respondents }: { result: EvaluationResult; respondents: number | null }) {
  const s = result.summary;
  return (
    <dl className="facts">
      <div>
        <dt>综合得分</dt>
        <dd>{s.score} 分（七大领域平均）</dd>
      </div>
      <div>
        <dt>七大领域</dt>
        <dd>
          满足 {s.domains.满足} · 不足 {s.domains.不足} · 缺失 {s.domains.缺失}
        </dd>
      </div>
      <div>
        <dt>约束性规则未达标</dt>
        <dd>{s.findings.bindingFailures} 项</dd>
      </div>
      <div>
        <dt>运营中设施面积</dt>
        <dd>
          {s.areaM2.toLocaleString("zh-CN")} m²（办公 {s.officeAreaM2.toLocaleString("zh-CN")} m²）
        </dd>
      </div>
      <div>
        <dt>设施</dt>
        <dd>
          运营中 {s.facilities.operating} · 规划中 {s.facilities.planned} · 已关闭 {s.facilities.closed} · 邻近共享 {s.facilities.shared}
        </dd>
      </div>
      <div>
        <dt>住户与步行距离</dt>
        <dd>
          {s.households.toLocaleString("zh-CN")} 户 · {s.walkingDistanceM} 米（{s.coverageBasis === "neighbourhoods" ? "按小区计" : "按社区中心点计"}）
        </dd>
      </div>
      <div>
        <dt>需求调查</dt>
        <dd>{respondents ? `${respondents.toLocaleString("zh-CN")} 户答卷` : "未纳入（尚无调查结果）"}</dd>
      </div>
    </dl>
  );
}
