// A 选址推演 run: the method and its optimality gap, households newly covered (weighted and raw,
// 一老一小 separately), the chosen sites with one click into the gap list, the coverage curve
// and the map before and after.
import { useFetcher } from "@remix-run/react";
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import { haversineM } from "../../workflows/geo";
import type { Domain } from "../../workflows/glossary";
import { SPACE_ROUTE_LABELS } from "../../workflows/glossary";
import { escapeChartText as escapeHtml } from "../lib/chart-text";
import type { WhatIfResult } from "../lib/siting-pages.server";
import { ActionMessage } from "./action-message";
import { Chart } from "./chart";
import { CsrfField } from "./csrf-field";
import { PointMap } from "./point-map";
import { Section } from "./section";

const FALLBACK_TEXT: Record<string, string> = {
  "model-too-large": "模型过大，未调用精确求解器",
  "time-limit": "精确求解器在时限内未能改进",
  "solver-error": "精确求解器出错",
};

const n = (v: number) => Math.round(v).toLocaleString("zh-CN");

export function methodText(answer: WhatIfResult["answer"]): string {
  const method = answer.method === "exact" ? "精确求解（混合整数规划，HiGHS）" : `贪心算法${answer.fallback ? `（${FALLBACK_TEXT[answer.fallback]}，改用贪心）` : ""}`;
  return `${method}；${answer.optimal ? "已证明最优（最优性差距 0%）" : `最优性差距不超过 ${(answer.gap * 100).toFixed(1)}%`}`;
}

export function SitingResult({ result, radiusM, domain, gapListVersion }: { result: WhatIfResult; radiusM: number; domain: Domain; gapListVersion: number | null }) {
  const { answer, figures, chosen, curve } = result;
  const curveOption = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      grid: { left: 60, right: 20, top: 30, bottom: 40 },
      tooltip: { trigger: "axis", formatter: (p: { name: string; value: number }[]) => `${escapeHtml(p[0].name)} 处新址：覆盖加权户数 ${n(p[0].value)}` },
      xAxis: { type: "category", name: "新址数", data: curve.map((c) => String(c.sites)) },
      yAxis: { type: "value", name: "覆盖加权户数" },
      series: [{ type: "line", name: "覆盖加权户数", data: curve.map((c) => Math.round(c.coveredWeight)) }],
    }),
    [curve],
  );
  const layers = [
    { name: "小区（推演前已覆盖）", colour: "#16a34a", points: result.demand.filter((d) => coveredBy(d, result.existing, radiusM)).map((d) => ({ ...d, info: `${d.households} 户` })) },
    { name: "小区（新增覆盖）", colour: "#2563eb", points: result.demand.filter((d) => !coveredBy(d, result.existing, radiusM) && coveredBy(d, chosen, radiusM)).map((d) => ({ ...d, info: `${d.households} 户` })) },
    { name: "小区（仍未覆盖）", colour: "#dc2626", points: result.demand.filter((d) => !coveredBy(d, result.existing, radiusM) && !coveredBy(d, chosen, radiusM)).map((d) => ({ ...d, info: `${d.households} 户` })) },
    { name: "现有设施", colour: "#64748b", symbol: "rect" as const, size: 8, points: result.existing, circleM: radiusM },
    { name: "候选点", colour: "#b45309", symbol: "diamond" as const, size: 9, hollow: true, points: result.candidates },
    { name: "选中新址", colour: "#7c3aed", symbol: "pin" as const, size: 24, points: chosen, circleM: radiusM },
  ];
  return (
    <Section id="result-heading" title="推演结果">
      <p>
        求解方法：{methodText(answer)}。需求点 {result.counts.demand} 个小区，现有设施 {result.counts.existing} 处，候选点 {result.counts.candidates} 个。
      </p>
      <div className="table-wrap">
        <table className="stack">
          <caption>覆盖户数（推演前 → 新增）</caption>
          <thead>
            <tr>
              <th scope="col">口径</th>
              <th scope="col" className="num">总数</th>
              <th scope="col" className="num">推演前已覆盖</th>
              <th scope="col" className="num">新增覆盖</th>
            </tr>
          </thead>
          <tbody>
            {([
              ["加权户数（一老一小加权）", "weighted"],
              ["户数", "households"],
              ["其中：老年人户（按 60 岁以上占比）", "elderlyHouseholds"],
              ["其中：儿童户（按 0–12 岁占比）", "childHouseholds"],
            ] as const).map(([label, key]) => (
              <tr key={key}>
                <th scope="row">{label}</th>
                <td className="num">{n(figures.total[key])}</td>
                <td className="num">{n(figures.before[key])}</td>
                <td className="num">{n(figures.added[key])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>选中的新址</h3>
      {chosen.length ? (
        <ol className="siting-sites">
          {chosen.map((site) => (
            <li key={site.id}>
              <ChosenSite site={site} domain={domain} gapListVersion={gapListVersion} />
            </li>
          ))}
        </ol>
      ) : (
        <p>没有能增加覆盖的候选点：候选点所及的小区已被现有设施覆盖，或不在步行半径内。</p>
      )}
      <h3>覆盖曲线（1…{curve.length} 处新址）</h3>
      {curve.length ? <Chart option={curveOption} label={`覆盖曲线：${curve.map((c) => `${c.sites} 处 ${n(c.coveredWeight)}`).join("，")}`} height={260} /> : null}
      <h3>推演前后对比</h3>
      <PointMap layers={layers} label={`推演前后：新增覆盖 ${n(figures.added.households)} 户`} height={420} />
    </Section>
  );
}

function coveredBy(p: { lat: number; lng: number }, sites: readonly { lat: number; lng: number }[], radiusM: number): boolean {
  return sites.some((s) => haversineM(p.lat, p.lng, s.lat, s.lng) <= radiusM);
}

function ChosenSite({ site, domain, gapListVersion }: { site: WhatIfResult["chosen"][number]; domain: Domain; gapListVersion: number | null }) {
  const canEditGapList = gapListVersion !== null;
  const fetcher = useFetcher<{ ok: boolean; message: string | null }>();
  return (
    <div>
      <strong>{site.name}</strong>
      {site.route ? `（${SPACE_ROUTE_LABELS[site.route]}，${site.areaM2} m²，约 ${((site.costYuan ?? 0) / 10_000).toFixed(1)} 万元）` : "（地图点选位置）"}：新增覆盖 {n(site.added.households)} 户（加权 {n(site.added.weighted)}，老年人户 {n(site.added.elderlyHouseholds)}，儿童户 {n(site.added.childHouseholds)}）
      {canEditGapList && site.spaceId ? (
        <fetcher.Form method="post" className="inline-form">
          <CsrfField />
          <input type="hidden" name="spaceId" value={site.spaceId} />
          <input type="hidden" name="domain" value={domain} />
          <input type="hidden" name="version" value={gapListVersion ?? ""} />
          <button type="submit" name="intent" value="add-to-gaplist" className="button button--secondary" disabled={fetcher.state !== "idle" || fetcher.data?.ok === true}>
            {fetcher.state !== "idle" ? "正在加入…" : `把“${site.name}”加入查漏补缺清单`}
          </button>
          <ActionMessage result={fetcher.data} />
        </fetcher.Form>
      ) : null}
      {canEditGapList && !site.spaceId ? <span className="muted">（点选位置须先登记为存量空间，才能加入清单）</span> : null}
    </div>
  );
}
