// One question on the results page: options with a chart and a table; a matrix or ranking as a
// grid (a row per matrix row or ranked item, a column per answer, the mean at the end); a table,
// multipletext or dynamic panel as its parts. Every chart is repeated as a table.
import type { QuestionResult } from "../../workflows/surveys/tallies";
import { OptionsChart } from "./survey-results";
import { type Column, Table } from "./table";

function meanText(q: QuestionResult): string {
  if (q.mean === null) return "";
  if (q.kind === "matrixdynamic") return `，平均每户 ${q.mean.toFixed(1)} 行`;
  if (q.kind === "paneldynamic") return `，平均每户 ${q.mean.toFixed(1)} 项`;
  return `，平均 ${q.mean.toFixed(1)}${q.kind === "rating" ? " 分" : ""}`;
}

/** Parts that share one set of answers (matrix rows, ranked items, a table column's rows): one grid. */
function gridColumns(parts: readonly QuestionResult[]): { value: string; label: string }[] | null {
  if (parts.length === 0 || parts.some((p) => p.options.length === 0)) return null;
  const first = parts[0].options.map((o) => o.value).join("\u0000");
  if (!parts.every((p) => p.options.map((o) => o.value).join("\u0000") === first)) return null;
  return parts[0].options.map((o) => ({ value: o.value, label: o.label }));
}

function Grid({ q, parts, columns }: { q: QuestionResult; parts: QuestionResult[]; columns: { value: string; label: string }[] }) {
  const ranking = q.kind === "ranking";
  const hasMean = parts.some((p) => p.mean !== null);
  return (
    <div className="results-grid">
      {hasMean ? (
        <OptionsChart
          labels={parts.map((p) => p.title)}
          counts={parts.map((p) => (p.mean === null ? 0 : Math.round(p.mean * 10) / 10))}
          label={`“${q.title}”各${ranking ? "项平均排位" : "行平均分"}条形图；数据见表格`}
          seriesName={ranking ? "平均排位" : "平均分"}
        />
      ) : null}
      <Table
        className="results-matrix"
        caption={`“${q.title}”各${ranking ? "项的排位" : "行的回答"}（户数和占比）`}
        captionHidden
        rows={parts}
        rowKey={(p) => p.name}
        columns={[
          { header: ranking ? "项目" : "行", rowHeader: true, cell: (p) => p.title },
          ...columns.map((c, i): Column<QuestionResult> => ({
            header: c.label,
            key: c.value,
            numeric: true,
            cell: (p) => (
              <>
                {p.options[i].count}
                <span className="muted">（{p.options[i].percent.toFixed(1)}%）</span>
              </>
            ),
          })),
          { header: "作答户数", numeric: true, cell: (p) => p.answered },
          hasMean && { header: ranking ? "平均排位" : "平均", numeric: true, cell: (p) => (p.mean === null ? "—" : p.mean.toFixed(1)) },
        ]}
      />
    </div>
  );
}

function Options({ q }: { q: QuestionResult }) {
  return (
    <div className="results-grid">
      <OptionsChart labels={q.options.map((o) => o.label)} counts={q.options.map((o) => o.count)} label={`“${q.title}”各选项户数条形图；数据见表格`} />
      <Table
        className="results-options"
        caption={`“${q.title}”各选项`}
        captionHidden
        rows={q.options}
        rowKey={(o) => o.value}
        columns={[
          { header: "选项", rowHeader: true, cell: (o) => o.label },
          { header: "户数", numeric: true, cell: (o) => o.count },
          { header: "占比", numeric: true, cell: (o) => `${o.percent.toFixed(1)}%` },
        ]}
      />
    </div>
  );
}

/** `unverified`: households that answered on 未核验 channels, shown beside the verified count. */
export function QuestionResultView({ q, level = 4, unverified = 0 }: { q: QuestionResult; level?: 4 | 5 | 6; unverified?: number }) {
  const Heading = `h${level}` as const;
  const id = `result-${q.name.replace(/[^\w-]/g, "_")}`;
  const columns = q.parts ? gridColumns(q.parts) : null;
  const isText = q.kind === "text" || q.kind === "comment";
  return (
    <article className="result-question" aria-labelledby={id}>
      <Heading id={id}>{q.title}</Heading>
      <p className="muted">
        {q.answered} 户作答（已核验）
        {unverified ? `，另有未核验 ${unverified} 户` : ""}
        {meanText(q)}
        {isText && level === 4 ? "，文字内容见下方“意见和建议”" : ""}
        {isText && level > 4 ? "，文字内容见导出的答卷" : ""}
      </p>
      {q.options.length ? <Options q={q} /> : null}
      {q.parts && columns ? <Grid q={q} parts={q.parts} columns={columns} /> : null}
      {q.parts && !columns
        ? q.parts.map((part) => <QuestionResultView key={part.name} q={part} level={level === 4 ? 5 : 6} />)
        : null}
    </article>
  );
}
