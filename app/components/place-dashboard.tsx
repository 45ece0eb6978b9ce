// A place's 数字驾驶舱 as the city, district and street pages show it: the round filter, the
// dashboard with its XLSX exports for the same scope and round, and (below the city) the
// keywords of what its residents wrote.
import type { PlaceKeywords as Keywords } from "../lib/comment-keywords.server";
import type { Dashboard } from "../lib/dashboard.server";
import { DashboardView } from "./dashboard-view";
import { PlaceKeywords } from "./place-keywords";
import { YearFilter } from "./year-filter";

export function PlaceDashboard({
  scope,
  dashboard,
  years,
  keywords,
}: {
  /** The export's scope: `city`, `district:<code>` or `street:<code>`. */
  scope: string;
  dashboard: Dashboard;
  years: number[];
  keywords?: { keywords: Keywords; scopeLabel: string };
}) {
  return (
    <>
      <YearFilter years={years} year={dashboard.year} />
      <DashboardView dashboard={dashboard} exportBase={`/dashboard/export.xlsx?scope=${scope}${dashboard.year ? `&year=${dashboard.year}` : ""}`} />
      {keywords ? <PlaceKeywords keywords={keywords.keywords} scopeLabel={keywords.scopeLabel} /> : null}
    </>
  );
}
