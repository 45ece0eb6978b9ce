// The trends page's chart and table (issue 18.4): one question across rounds. The chart draws a
// choice's shares (lines, one per option) or a rating's mean (bars); the table carries the same
// figures and is what a screen reader reads.
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import type { TrendPoint, TrendQuestion, TrendRound } from "../../workflows/surveys/trends";
import { chartTooltipLines } from "../lib/chart-text";
import { formatNumber } from "../lib/format";
import { LazyChart } from "./survey-results";
import { type Column, Table } from "./table";

interface AxisItem {
  axisValue: string;
  seriesName: string;
  value: number | null;
}

function tooltip(unit: string) {
  // Names reach the tooltip as HTML: every line is escaped.
  return (items: AxisItem[]) =>
    chartTooltipLines(items[0]?.axisValue ?? "", ...items.map((i) => `${i.seriesName}：${i.value === null ? "未调查" : `${i.value}${unit}`}`));
}

export function TrendChart({ question, rounds, points, label }: { question: TrendQuestion; rounds: readonly TrendRound[]; points: readonly TrendPoint[]; label: string }) {
  const option = useMemo<EChartsCoreOption>(() => {
    const categories = rounds.map((r) => r.label);
    const common = { animation: false, grid: { left: 8, right: 24, top: 48, bottom: 8, containLabel: true }, xAxis: { type: "category", data: categories } };
    if (question.kind === "rating") {
      return {
        ...common,
        tooltip: { trigger: "axis", formatter: tooltip(" 分") },
        yAxis: { type: "value", name: "平均分", min: 0 },
        series: [{ type: "bar", name: "平均分", data: points.map((p) => p.mean), label: { show: true, position: "top" } }],
      };
    }
    const names = points[0]?.options.map((o) => o.label) ?? [];
    return {
      ...common,
      legend: { top: 0, type: "scroll" },
      tooltip: { trigger: "axis", formatter: tooltip("%") },
      yAxis: { type: "value", name: "%", min: 0 },
      series: names.map((name, j) => ({
        type: "line",
        name,
        connectNulls: false,
        data: points.map((p) => (p.answered > 0 ? p.options[j].share : null)),
      })),
    };
  }, [question, rounds, points]);
  return <LazyChart option={option} label={label} height={340} />;
}

interface TrendRow {
  round: TrendRound;
  point: TrendPoint;
}

export function TrendTable({ question, rounds, points, byYear }: { question: TrendQuestion; rounds: readonly TrendRound[]; points: readonly TrendPoint[]; byYear: boolean }) {
  const rows: TrendRow[] = rounds.map((round, i) => ({ round, point: points[i] }));
  const optionLabels = points[0]?.options.map((o) => ({ value: o.value, label: o.label })) ?? [];
  const columns: (Column<TrendRow> | false)[] = [
    { header: byYear ? "年份" : "轮次", rowHeader: true, cell: (r) => r.round.label },
    byYear && { header: "参与社区", numeric: true, cell: (r) => formatNumber(r.round.communities) },
    { header: "答卷户数", numeric: true, cell: (r) => formatNumber(r.round.respondents) },
    { header: "回答本题", numeric: true, cell: (r) => (r.point.answered > 0 ? formatNumber(r.point.answered) : "未调查") },
    question.kind === "rating" && { header: "平均分", numeric: true, cell: (r) => (r.point.mean === null ? "—" : r.point.mean.toFixed(2)) },
    ...optionLabels.map(
      (o, j): Column<TrendRow> => ({
        header: o.label,
        key: `option-${o.value}`,
        numeric: true,
        cell: (r) => (r.point.answered > 0 ? `${formatNumber(r.point.options[j].count)}（${r.point.options[j].share}%）` : "—"),
      }),
    ),
  ];
  return (
    <Table
      caption={`“${question.title}”各${byYear ? "年" : "轮"}的户数（占回答本题户数的百分比）${question.kind === "multiple" ? "，多选题各项之和可超过 100%" : ""}`}
      columns={columns}
      rows={rows}
      rowKey={(r) => r.round.key}
    />
  );
}
