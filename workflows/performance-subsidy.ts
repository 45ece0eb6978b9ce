// The operating subsidy suggested by a performance score (“将基本公共服务运营补贴与绩效考核挂钩”,
// 三(四)2): only basic public services qualify; the base is the facility's area × its
// domain's rate, capped, and the score's band sets the share granted. Pure.
import type { Domain, ServiceLevel } from "./glossary";
import type { PerformanceSettings } from "./performance-settings";

// The same rounding as the review's texts (performance.ts), so both print a factor alike.
const percent = (value: number) => `${Math.round(value * 100 * 10) / 10}%`;
const yuan = (value: number) => `${Math.round(value).toLocaleString("en-US")} 元`;

export interface SuggestedSubsidy {
  /** false for 非基本公共服务: the plan ties the basic-service subsidy to performance. */
  eligible: boolean;
  /** 元 per year; null when not eligible or not rated. */
  amount: number | null;
  /** Base before the score factor: min(cap, area × rate). */
  base: number | null;
  factor: number | null;
  /** e.g. "≥ 85 分", "70–85 分". */
  band: string | null;
  /** Mean monthly subsidy actually received × 12, for comparison. */
  currentAnnual: number;
  note: string;
}

function subsidyBand(score: number, s: PerformanceSettings): { factor: number; band: string; rectify: boolean } {
  const b = s.subsidy.bands;
  if (score >= b.full.minScore.value) return { factor: b.full.factor.value, band: `≥ ${b.full.minScore.value} 分`, rectify: false };
  if (score >= b.reduced.minScore.value) {
    return { factor: b.reduced.factor.value, band: `${b.reduced.minScore.value}–${b.full.minScore.value} 分`, rectify: false };
  }
  if (score >= b.minimal.minScore.value) {
    return { factor: b.minimal.factor.value, band: `${b.minimal.minScore.value}–${b.reduced.minScore.value} 分`, rectify: false };
  }
  return { factor: b.belowFactor.value, band: `< ${b.minimal.minScore.value} 分`, rectify: true };
}

/** The basic-service operating subsidy the score earns: min(cap, area × rate) × the score band's factor. */
export function suggestSubsidy(
  subject: { domain: Domain; serviceLevel: ServiceLevel; areaM2: number },
  score: number | null,
  currentAnnual: number,
  s: PerformanceSettings,
): SuggestedSubsidy {
  const none = { amount: null, factor: null, band: null, currentAnnual };
  if (subject.serviceLevel !== "basic") {
    return { ...none, eligible: false, base: null, note: "非基本公共服务，不列入与绩效挂钩的基本公共服务运营补贴" };
  }
  const rate = s.subsidy.ratePerM2ByDomain[subject.domain].value;
  const base = Math.round(Math.min(s.subsidy.capPerFacility.value, subject.areaM2 * rate));
  if (score === null) return { ...none, eligible: true, base, note: "数据不足，暂不评定，暂不提出补贴建议" };
  const { factor, band, rectify } = subsidyBand(score, s);
  const amount = Math.round(base * factor);
  const granted = `按补贴基数 ${yuan(base)} 的 ${percent(factor)} 核定：${yuan(amount)}/年`;
  const note = !rectify
    ? `综合得分 ${score} 分（${band}），${granted}`
    : `综合得分 ${score} 分（${band}），建议整改；${factor > 0 ? granted : "整改前不予补贴"}`;
  return { eligible: true, amount, base, factor, band, currentAnnual, note };
}
