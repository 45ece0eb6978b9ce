// Charts of the survey results page. Every chart is drawn through <Chart> and repeated as a
// table next to it, which is what screen readers read.
import type { EChartsCoreOption } from "echarts/core";
import { useEffect, useMemo, useRef, useState } from "react";
import { Chart } from "./chart";

/** Mounts the chart when it comes near the screen: a survey has dozens of questions. */
export function LazyChart({ option, label, height }: { option: EChartsCoreOption; label: string; height: number }) {
  const holder = useRef<HTMLDivElement>(null);
  const [visible, setVisible] = useState(false);
  useEffect(() => {
    const element = holder.current;
    if (!element || visible) return;
    if (typeof IntersectionObserver === "undefined") {
      setVisible(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          setVisible(true);
          observer.disconnect();
        }
      },
      { rootMargin: "400px 0px" },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [visible]);
  return (
    <div ref={holder} style={{ minHeight: height }}>
      {visible ? <Chart option={option} label={label} height={height} /> : null}
    </div>
  );
}

const BRAND = "#1f4e8c";
const SEGMENT_COLOURS = ["#1f4e8c", "#c2410c", "#15803d"];

export function barHeight(bars: number): number {
  return Math.max(120, 48 + bars * 30);
}

/** Horizontal bars: one per option, counts labelled at the end. */
export function OptionsChart({ labels, counts, label, seriesName = "户数" }: { labels: string[]; counts: number[]; label: string; seriesName?: string }) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      // ECharts draws the first category at the bottom; reverse so the list reads top-down.
      yAxis: { type: "category", data: [...labels].reverse(), axisLabel: { width: 160, overflow: "truncate" } },
      series: [{ type: "bar", name: seriesName, data: [...counts].reverse(), itemStyle: { color: BRAND }, label: { show: true, position: "right" } }],
    }),
    [labels, counts, seriesName],
  );
  return <LazyChart option={option} label={label} height={barHeight(labels.length)} />;
}

/** Response rate per 小区 against the round's target. */
export function RateChart({ names, rates, target, label }: { names: string[]; rates: number[]; target: number; label: string }) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      grid: { left: 8, right: 56, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: (v: number) => `${v}%` },
      xAxis: {
        type: "value",
        max: (v: { max: number }) => Math.min(100, Math.ceil(Math.max(100 * target * 1.2, v.max) / 10) * 10),
        axisLabel: { formatter: "{value}%" },
      },
      yAxis: { type: "category", data: [...names].reverse(), axisLabel: { width: 160, overflow: "truncate" } },
      series: [
        {
          type: "bar",
          name: "参与率",
          data: [...rates].reverse().map((r) => Math.round(r * 1000) / 10),
          itemStyle: { color: BRAND },
          label: { show: true, position: "right", formatter: "{c}%" },
          markLine: {
            symbol: "none",
            label: { formatter: `目标 ${Math.round(target * 100)}%` },
            lineStyle: { color: "#b91c1c", type: "dashed" },
            data: [{ xAxis: Math.round(target * 1000) / 10 }],
          },
        },
      ],
    }),
    [names, rates, target],
  );
  return <LazyChart option={option} label={label} height={barHeight(names.length) + 16} />;
}

/** Demand index (0–100) per domain: all households and the 一老一小 segments side by side. */
export function DemandChart({
  domains,
  series,
  label,
}: {
  domains: string[];
  series: { name: string; values: (number | null)[] }[];
  label: string;
}) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      color: SEGMENT_COLOURS,
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "category", data: domains, axisLabel: { interval: 0, rotate: domains.length > 4 ? 30 : 0 } },
      yAxis: { type: "value", min: 0, max: 100, name: "需求指数" },
      series: series.map((s) => ({
        type: "bar",
        name: s.name,
        data: s.values.map((v) => (v === null ? null : Math.round(v * 1000) / 10)),
      })),
    }),
    [domains, series],
  );
  return <LazyChart option={option} label={label} height={360} />;
}
