// A dashboard panel with nothing to show collapses to one line saying why (issue 20, point 14):
// no empty charts. Client-safe: the dashboard view and its tests use it.
import type { Cell, DashboardTable } from "./dashboard.server";

const WHY_EMPTY: Record<string, string> = {
  targets: "尚未设置年度建设目标",
  funnel: "范围内还没有社区开始体检",
  heatmap: "还没有保存的评估结果",
  participation: "还没有结束的需求调查",
  "gap-items": "还没有提交审核的查漏补缺清单",
  "gap-approaches": "还没有提交审核的查漏补缺清单",
  projects: "还没有建设项目（清单审核通过后由社区编入项目）",
  milestones: "还没有建设项目（清单审核通过后由社区编入项目）",
  performance: "还没有评定运营绩效的设施（开放运营后按月填报运营数据才会评定）",
  ranking: "还没有可排名的社区",
  stages: "范围内还没有社区开始体检",
};

const blank = (cell: Cell | undefined): boolean => {
  const value = cell !== null && typeof cell === "object" ? cell.value : cell;
  return value === null || value === undefined || value === 0 || value === "" || value === "—";
};

/** Why the table has nothing to show (every figure is empty or zero); null when it has something. */
export function whyEmpty(table: DashboardTable): string | null {
  const figures = table.columns.slice(1);
  const empty = table.rows.length === 0 || table.rows.every((row) => figures.every((c) => blank(row[c.key])));
  return empty ? (WHY_EMPTY[table.id] ?? "暂无数据") : null;
}
