import { Link, useNavigate } from "@remix-run/react";
import type { EChartsCoreOption } from "echarts/core";
import { useState } from "react";
import { whyEmpty } from "../lib/dashboard-empty";
import type { Cell, Dashboard, DashboardTable } from "../lib/dashboard.server";
import { Chart } from "./chart";
import { type Column, Table } from "./table";

function cellText(cell: Cell, kind?: string): string {
  const value = cell !== null && typeof cell === "object" ? cell.value : cell;
  if (value === null || value === undefined) return "—";
  if (kind === "percent" && typeof value === "number") return `${(value * 100).toFixed(1)}%`;
  return typeof value === "number" ? value.toLocaleString("zh-CN") : value;
}

export function DataTable({ table }: { table: DashboardTable }) {
  const rows = table.rows.map((cells, i) => ({ cells, key: String(i) }));
  return (
    <Table
      caption={table.title}
      captionHidden
      rows={rows}
      rowKey={(r) => r.key}
      columns={table.columns.map(
        (c, j): Column<(typeof rows)[number]> => ({
          header: c.label,
          key: c.key,
          rowHeader: j === 0,
          numeric: j > 0 && c.kind !== undefined && c.kind !== "text",
          cell: (r) => {
            const cell = r.cells[c.key] ?? null;
            const text = cellText(cell, c.kind);
            return cell !== null && typeof cell === "object" ? <Link to={cell.href}>{text}</Link> : text;
          },
        }),
      )}
    />
  );
}

/** Counts per category as bars (projects per 节点, functions per score band): a bar per row of the table, a series per column named in `series`. */
function countBars(t: DashboardTable, category: string, series: readonly { key: string; name?: string; color: string }[]): EChartsCoreOption {
  return {
    tooltip: { trigger: "axis" },
    grid: { left: 50, right: 20, top: 20, bottom: 30 },
    xAxis: { type: "category", data: t.rows.map((r) => String(r[category])) },
    yAxis: { type: "value", minInterval: 1 },
    series: series.map((s) => ({ type: "bar", ...(s.name ? { name: s.name } : {}), data: t.rows.map((r) => Number(r[s.key] ?? 0)), itemStyle: { color: s.color } })),
  };
}

/** A dashboard panel: chart or table (same figures), and the table as XLSX. */
export function Panel({
  table,
  exportHref,
  chart,
}: {
  table: DashboardTable;
  exportHref: string;
  chart?: { option: EChartsCoreOption; label: string; height?: number; hrefs?: (string | null)[] };
}) {
  const [view, setView] = useState<"chart" | "table">(chart ? "chart" : "table");
  const navigate = useNavigate();
  const empty = whyEmpty(table);
  if (empty) {
    return (
      <section className="panel panel--empty" aria-labelledby={`panel-${table.id}`}>
        <p>
          <strong id={`panel-${table.id}`}>{table.title}</strong>：暂无数据，{empty}。
        </p>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby={`panel-${table.id}`}>
      <div className="panel__head">
        <h2 id={`panel-${table.id}`}>{table.title}</h2>
        <div className="link-row">
          {chart ? (
            <div role="group" aria-label="显示方式" className="segmented">
              <button type="button" aria-pressed={view === "chart"} onClick={() => setView("chart")}>
                图表
              </button>
              <button type="button" aria-pressed={view === "table"} onClick={() => setView("table")}>
                表格
              </button>
            </div>
          ) : null}
          <a href={exportHref} download>
            导出 XLSX
          </a>
        </div>
      </div>
      {chart && view === "chart" ? (
        <Chart
          option={chart.option}
          label={chart.label}
          height={chart.height}
          onClick={chart.hrefs ? (p) => chart.hrefs?.[p.dataIndex] && navigate(chart.hrefs[p.dataIndex]!) : undefined}
        />
      ) : (
        <DataTable table={table} />
      )}
      {table.note ? <p className="muted">{table.note}</p> : null}
    </section>
  );
}

function cellLabel(cell: Cell | undefined): string {
  return cell !== null && cell !== undefined && typeof cell === "object" ? String(cell.value) : String(cell ?? "");
}

function hrefOf(cell: Cell | undefined): string | null {
  return cell !== null && cell !== undefined && typeof cell === "object" ? cell.href : null;
}

export function DashboardView({ dashboard, exportBase }: { dashboard: Dashboard; exportBase: string }) {
  const table = (id: string) => dashboard.tables.find((t) => t.id === id)!;
  const exportHref = (id: string) => `${exportBase}&table=${id}`;
  const funnel = table("funnel");
  const heat = table("heatmap");
  const part = table("participation");
  const stages = table("stages");
  const targets = dashboard.tables.find((t) => t.id === "targets");
  return (
    <>
      <ul className="kpis" aria-label="概况">
        {dashboard.kpis.map((k) => (
          <li key={k.label}>
            <span className="kpis__label">{k.label}</span>
            <strong className="kpis__value">{k.href ? <Link to={k.href}>{k.value}</Link> : k.value}</strong>
          </li>
        ))}
      </ul>
      {targets ? <Panel table={targets} exportHref={exportHref("targets")} /> : null}
      <Panel
        table={funnel}
        exportHref={exportHref("funnel")}
        chart={{
          label: "各阶段社区数柱状图",
          hrefs: funnel.rows.map((r) => hrefOf(r.count)),
          option: {
            tooltip: { trigger: "axis" },
            grid: { left: 90, right: 20, top: 10, bottom: 30 },
            xAxis: { type: "value", minInterval: 1 },
            yAxis: { type: "category", inverse: true, data: dashboard.charts.funnel.map((f) => f.stage) },
            series: [{ type: "bar", data: dashboard.charts.funnel.map((f) => f.count), itemStyle: { color: "#1f4e8c" }, label: { show: true, position: "right" } }],
          },
        }}
      />
      <Panel
        table={heat}
        exportHref={exportHref("heatmap")}
        chart={{
          label: `${dashboard.childLabel}与七大领域短板热力图`,
          height: Math.max(260, 40 + dashboard.charts.heatmap.areas.length * 28),
          option: {
            tooltip: { formatter: (p: { value: [number, number, number | null] }) => (p.value[2] === null ? "暂无评估" : `${(p.value[2] * 100).toFixed(1)}%`) },
            grid: { left: 120, right: 20, top: 10, bottom: 70 },
            xAxis: { type: "category", data: dashboard.charts.heatmap.domains, axisLabel: { interval: 0, rotate: 30 } },
            yAxis: { type: "category", data: dashboard.charts.heatmap.areas, inverse: true },
            visualMap: { min: 0, max: 1, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120, inRange: { color: ["#f0fdf4", "#fde68a", "#dc2626"] }, text: ["短板多", "短板少"] },
            series: [{ type: "heatmap", data: dashboard.charts.heatmap.cells, label: { show: true, formatter: (p: { value: [number, number, number | null] }) => (p.value[2] === null ? "" : `${Math.round(p.value[2] * 100)}`) } }],
          },
        }}
      />
      <Panel
        table={part}
        exportHref={exportHref("participation")}
        chart={{
          label: "各区域需求调查参与率柱状图",
          option: {
            tooltip: { trigger: "axis" },
            grid: { left: 50, right: 20, top: 20, bottom: 70 },
            xAxis: { type: "category", data: dashboard.charts.participation.map((p) => p.area), axisLabel: { interval: 0, rotate: 30 } },
            yAxis: { type: "value", max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } },
            series: [
              {
                type: "bar",
                data: dashboard.charts.participation.map((p) => p.rate),
                itemStyle: { color: "#0f766e" },
                markLine: { silent: true, symbol: "none", data: [{ yAxis: 0.3, name: "最低参与率 30%（默认值）" }], label: { formatter: "30%" } },
              },
            ],
          },
        }}
      />
      <Panel
        table={table("gap-items")}
        exportHref={exportHref("gap-items")}
        chart={{
          label: "查漏补缺事项按领域与审核状态的堆叠柱状图",
          option: {
            tooltip: { trigger: "axis" },
            legend: { top: 0 },
            grid: { left: 50, right: 20, top: 40, bottom: 40 },
            xAxis: { type: "category", data: table("gap-items").rows.map((r) => String(r.domain)) },
            yAxis: { type: "value", minInterval: 1 },
            series: ["approved", "pending", "returned", "rejected", "drafting"].map((key) => ({
              type: "bar",
              stack: "items",
              name: table("gap-items").columns.find((c) => c.key === key)?.label,
              data: table("gap-items").rows.map((r) => Number(r[key] ?? 0)),
            })),
          },
        }}
      />
      <Panel table={table("gap-approaches")} exportHref={exportHref("gap-approaches")} />
      <Panel
        table={table("projects")}
        exportHref={exportHref("projects")}
        chart={{
          label: "各区域建设项目计划投资与已支出柱状图",
          hrefs: table("projects").rows.map((r) => hrefOf(r.area)),
          option: {
            tooltip: { trigger: "axis" },
            legend: { top: 0 },
            grid: { left: 60, right: 20, top: 40, bottom: 70 },
            xAxis: { type: "category", data: table("projects").rows.map((r) => cellLabel(r.area)), axisLabel: { interval: 0, rotate: 30 } },
            yAxis: { type: "value", name: "万元" },
            series: [
              { type: "bar", name: "计划投资", data: table("projects").rows.map((r) => Number(r.budget ?? 0)), itemStyle: { color: "#94a3b8" } },
              { type: "bar", name: "已支出", data: table("projects").rows.map((r) => Number(r.spent ?? 0)), itemStyle: { color: "#1f4e8c" } },
            ],
          },
        }}
      />
      <Panel
        table={table("milestones")}
        exportHref={exportHref("milestones")}
        chart={{
          label: "建设项目所处节点柱状图",
          option: countBars(table("milestones"), "milestone", [{ key: "projects", color: "#0f766e" }]),
        }}
      />
      <Panel
        table={table("performance")}
        exportHref={exportHref("performance")}
        chart={{
          label: "设施运营绩效得分分布柱状图",
          option: countBars(table("performance"), "band", [
            { key: "functions", name: "功能数", color: "#7c3aed" },
            { key: "flagged", name: "建议调整", color: "#dc2626" },
          ]),
        }}
      />
      <Panel table={table("ranking")} exportHref={exportHref("ranking")} />
      {dashboard.scope.level !== "city" ? (
        <p>
          <Link to={`/${dashboard.scope.level === "street" ? "streets" : "districts"}/${dashboard.scope.code}/ranking`}>完整赛马排名与各项得分</Link>
        </p>
      ) : null}
      <Panel table={stages} exportHref={exportHref("stages")} />
    </>
  );
}
