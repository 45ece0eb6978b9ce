// What changed between two evaluations of a community ("与上一版相比"). Pure and client-safe.
import type { EvaluationResult, FindingStatus, FindingUnit } from "../../workflows/evaluation";
import { DOMAINS, type Domain, type DomainStatus } from "../../workflows/glossary";

export interface DomainChange {
  domain: Domain;
  label: string;
  from: DomainStatus;
  to: DomainStatus;
  scoreFrom: number;
  scoreTo: number;
}

export interface FindingChange {
  id: string;
  title: string;
  domain?: Domain;
  clause: string;
  from: FindingStatus | null;
  to: FindingStatus | null;
  actualFrom: number | null;
  actualTo: number | null;
  gapFrom: number | null;
  gapTo: number | null;
  unit: FindingUnit;
}

export interface EvaluationDiff {
  /** Domains whose status or score changed. */
  domains: DomainChange[];
  /** Findings whose status, measured value or gap changed; from/to null when a rule was added or dropped. */
  findings: FindingChange[];
  scoreFrom: number;
  scoreTo: number;
  /** Set when the two versions used different policy profiles. */
  policy: { from: string; to: string } | null;
  unchanged: boolean;
}

const label = (r: EvaluationResult) => `${r.policy} 第 ${r.policyVersion} 版`;

export function diffEvaluations(previous: EvaluationResult, next: EvaluationResult): EvaluationDiff {
  const domains: DomainChange[] = [];
  for (const domain of DOMAINS) {
    const a = previous.domains[domain];
    const b = next.domains[domain];
    if (!a || !b) continue;
    if (a.status !== b.status || a.score !== b.score) {
      domains.push({ domain, label: b.label, from: a.status, to: b.status, scoreFrom: a.score, scoreTo: b.score });
    }
  }

  const before = new Map(previous.findings.map((f) => [f.id, f]));
  const findings: FindingChange[] = [];
  for (const f of next.findings) {
    const p = before.get(f.id);
    before.delete(f.id);
    if (p && p.status === f.status && p.actual === f.actual && p.gap === f.gap) continue;
    findings.push({
      id: f.id,
      title: f.title,
      ...(f.domain ? { domain: f.domain } : {}),
      clause: f.clause,
      from: p?.status ?? null,
      to: f.status,
      actualFrom: p?.actual ?? null,
      actualTo: f.actual,
      gapFrom: p?.gap ?? null,
      gapTo: f.gap,
      unit: f.unit,
    });
  }
  for (const p of before.values()) {
    findings.push({
      id: p.id,
      title: p.title,
      ...(p.domain ? { domain: p.domain } : {}),
      clause: p.clause,
      from: p.status,
      to: null,
      actualFrom: p.actual,
      actualTo: null,
      gapFrom: p.gap,
      gapTo: null,
      unit: p.unit,
    });
  }
  const policy = label(previous) === label(next) ? null : { from: label(previous), to: label(next) };
  const scoreFrom = previous.summary.score;
  const scoreTo = next.summary.score;
  return {
    domains,
    findings,
    scoreFrom,
    scoreTo,
    policy,
    unchanged: !domains.length && !findings.length && !policy && scoreFrom === scoreTo,
  };
}
