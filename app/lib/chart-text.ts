// ECharts writes tooltip and label formatter output with innerHTML: every name that reaches
// a formatter string goes through here (legacy rows may still hold `<` or `>`).
const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeChartText(text: unknown): string {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Lines of plain text as one tooltip: each escaped, joined by <br/>. */
export function chartTooltipLines(...lines: unknown[]): string {
  return lines.map(escapeChartText).join("<br/>");
}
