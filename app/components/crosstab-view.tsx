// The cross-tab's chart and tables (交叉分析, issue 18). The chart is the row percentages as
// stacked bars; the tables carry the same figures for screen readers and printing.
import type { EChartsCoreOption } from "echarts/core";
import { useMemo } from "react";
import type { AnswerCrossTab } from "../../workflows/surveys/crosstab-answers";
import { formatNumber } from "../lib/format";
import { barHeight, LazyChart } from "./survey-results";

export function CrossTabChart({ table, label }: { table: AnswerCrossTab; label: string }) {
  const option = useMemo<EChartsCoreOption>(
    () => ({
      animation: false,
      legend: { top: 0, type: "scroll" },
      grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
      // ECharts' default tooltip encodes names as text.
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, valueFormatter: (v: number) => `${v}%` },
      xAxis: { type: "value", max: 100, name: "%" },
      yAxis: { type: "category", data: [...table.rows].reverse(), axisLabel: { width: 140, overflow: "truncate" } },
      series: table.columns.map((column, j) => ({
        type: "bar",
        stack: "share",
        name: column,
        data: [...table.rowPercents].reverse().map((row) => Math.round(row[j] * 10) / 10),
      })),
    }),
    [table],
  );
  return <LazyChart option={option} label={label} height={barHeight(table.rows.length) + 40} />;
}

function pValueText(p: number): string {
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}

function CrossTabHead({ rowTitle, columns, total = false }: { rowTitle: string; columns: readonly string[]; total?: boolean }) {
  return (
    <thead>
      <tr>
        <th scope="col">{rowTitle}</th>
        {[...columns, ...(total ? ["合计"] : [])].map((c) => (
          <th scope="col" className="num" key={c}>
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** A row of figures: its name as the row header, then the figures right-aligned. */
function FigureRow({ name, cells }: { name: string; cells: readonly string[] }) {
  return (
    <tr>
      <th scope="row">{name}</th>
      {cells.map((text, j) => (
        <td className="num" key={j}>
          {text}
        </td>
      ))}
    </tr>
  );
}

export function CrossTabTables({ table, rowTitle, columnTitle }: { table: AnswerCrossTab; rowTitle: string; columnTitle: string }) {
  return (
    <>
      <div className="table-wrap">
        <table>
          <caption>
            户数：行为“{rowTitle}”，列为“{columnTitle}”（共 {formatNumber(table.answered)} 户两题都作答）
          </caption>
          <CrossTabHead rowTitle={rowTitle} columns={table.columns} total />
          <tbody>
            {table.rows.map((r, i) => (
              <FigureRow key={r} name={r} cells={[...table.counts[i], table.rowTotals[i]].map((n) => formatNumber(n))} />
            ))}
          </tbody>
          <tfoot>
            <FigureRow name="合计" cells={[...table.columnTotals, table.total].map((n) => formatNumber(n))} />
          </tfoot>
        </table>
      </div>
      <div className="table-wrap">
        <table>
          <caption>行百分比（每行合计 100%）</caption>
          <CrossTabHead rowTitle={rowTitle} columns={table.columns} />
          <tbody>
            {table.rows.map((r, i) => (
              <FigureRow key={r} name={r} cells={table.rowPercents[i].map((p) => (table.rowTotals[i] ? `${p.toFixed(1)}%` : "—"))} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export function ChiSquareSummary({ table }: { table: AnswerCrossTab }) {
  const { test } = table;
  if (!test) {
    return <p className="muted">{table.testable ? "有答案的行或列不足两个，无法做卡方检验。" : "含多选题：一户可计入多个单元格，不做卡方检验。"}</p>;
  }
  return (
    <>
      <dl className="facts" aria-label="卡方检验">
        <div>
          <dt>卡方值 χ²</dt>
          <dd>{test.statistic.toFixed(3)}</dd>
        </div>
        <div>
          <dt>自由度</dt>
          <dd>{test.degreesOfFreedom}</dd>
        </div>
        <div>
          <dt>p 值</dt>
          <dd>{pValueText(test.pValue)}</dd>
        </div>
        <div>
          <dt>结论（α = 0.05）</dt>
          <dd>{test.pValue < 0.05 ? "两题的回答有关联" : "未发现显著关联"}</dd>
        </div>
      </dl>
      {test.warning ? (
        <p className="form-error" role="note">
          注意：{test.lowExpectedCells} 个单元格的期望频数小于 5，卡方检验结果仅供参考（可合并选项或等待更多答卷）。
        </p>
      ) : null}
    </>
  );
}
