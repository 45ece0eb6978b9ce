// What a domain card says: the status in words, whether it rests only on a neighbour's
// facilities, and the binding norms about the domain that still fail (so a 满足 card never
// contradicts a failing rule such as the pilot's seven functions).
import type { EvaluationResult } from "../../workflows/evaluation";
import type { Domain } from "../../workflows/glossary";

export interface DomainCardView {
  statusText: string;
  /** Titles of the binding findings behind this domain that fail (Chinese titles, never rule codes). */
  failingNorms: string[];
}

export function domainCard(result: EvaluationResult, domain: Domain): DomainCardView {
  const d = result.domains[domain];
  const onlyShared = d.status === "满足" && d.ownFacilities === 0 && d.sharedFacilities > 0;
  const failingNorms = result.findings
    .filter((f) => d.findings.includes(f.id) && f.status === "fail" && f.binding)
    .map((f) => `${f.title}（${f.clause}）`);
  return { statusText: onlyShared ? "满足（靠邻近共享）" : d.status, failingNorms };
}
