// 赛马 ranking tables: communities within a street, streets within a district, each component
// shown with its score or 暂无数据, and the ranking page around them with the formula and the
// settings (默认值 / 已调整), shared by the street's and the district's ranking routes.
import { Link } from "@remix-run/react";
import { type ReactNode, useMemo } from "react";
import { type AreaRanking, NO_DATA, RANKING_COMPONENT_LABELS, RANKING_COMPONENTS, type RankingComponent } from "../../workflows/rankings";
import type { Crumb } from "./breadcrumbs";
import { type PlacePage, PlacePageHead } from "./place-page-head";
import { Chart } from "./chart";
import { DemoBadge } from "./demo-badge";
import { FormulaPanel, type SettingRow } from "./settings-table";
import { type Column, Table } from "./table";

export interface RankedCommunityView {
  code: string;
  name?: string;
  score: number | null;
  rank: number | null;
  rankedOf: number;
  dataShare: number;
  participation: number | null;
  confidence: "ok" | "low" | "unranked";
  confidenceNote: string | null;
  components: { key: RankingComponent; label: string; score: number | null; status: string; weight: number; detail: string }[];
}

export type RankedAreaView = Omit<AreaRanking, "districtCode">;

const shown = (score: number | null) => (score === null ? <span className="muted">{NO_DATA}</span> : score.toFixed(1));

export function ScoreChart({ items, label }: { items: readonly { name: string; score: number | null }[]; label: string }) {
  const scored = useMemo(() => items.filter((i) => i.score !== null), [items]);
  const option = useMemo(
    () => ({
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "value", max: 100 },
      yAxis: { type: "category", inverse: true, data: scored.map((i) => i.name), axisLabel: { width: 120, overflow: "truncate" } },
      series: [{ type: "bar", name: "得分", data: scored.map((i) => i.score), label: { show: true, position: "right" } }],
    }),
    [scored],
  );
  if (scored.length === 0) return null;
  return <Chart option={option} label={label} height={Math.max(160, 28 * scored.length + 40)} />;
}

const componentOf = (c: RankedCommunityView, key: RankingComponent) => c.components.find((x) => x.key === key);
const rankOf = (r: { rank: number | null; rankedOf: number }) => (r.rank === null ? "—" : `${r.rank} / ${r.rankedOf}`);

/** The rank with its confidence in words (issue 20, point 15): withheld below the minimum participation, or 低可信度. */
function CommunityRank({ c }: { c: RankedCommunityView }) {
  return (
    <>
      {c.confidence === "unranked" ? <strong>不排名</strong> : rankOf(c)}
      {c.confidence === "low" ? <strong>（低可信度）</strong> : null}
      {c.confidenceNote ? (
        <>
          <br />
          <span className="muted">{c.confidenceNote.replace(/^低可信度：/, "")}</span>
        </>
      ) : null}
    </>
  );
}

export function CommunityRankingTable({ rows, caption }: { rows: readonly RankedCommunityView[]; caption: string }) {
  return (
    <Table
      caption={caption}
      rows={rows}
      rowKey={(c) => c.code}
      columns={[
        { header: "名次", numeric: true, cell: (c) => <CommunityRank c={c} /> },
        { header: "社区", rowHeader: true, cell: (c) => <Link to={`/communities/${c.code}`}>{c.name ?? c.code}</Link> },
        { header: "得分", numeric: true, cell: (c) => <strong>{shown(c.score)}</strong> },
        { header: "参与率", numeric: true, cell: (c) => (c.participation === null ? <span className="muted">{NO_DATA}</span> : `${(c.participation * 100).toFixed(1)}%`) },
        ...RANKING_COMPONENTS.map(
          (k): Column<RankedCommunityView> => ({
            header: RANKING_COMPONENT_LABELS[k],
            numeric: true,
            title: (c) => componentOf(c, k)?.detail,
            cell: (c) => (
              <>
                {shown(componentOf(c, k)?.score ?? null)}
                <span className="visually-hidden">（{componentOf(c, k)?.detail}）</span>
              </>
            ),
          }),
        ),
        { header: "有数据的权重", numeric: true, cell: (c) => `${Math.round(c.dataShare * 100)}%` },
      ]}
    />
  );
}

export function AreaRankingTable({ rows, names, caption, hrefOf }: { rows: readonly RankedAreaView[]; names: Record<string, string>; caption: string; hrefOf: (code: string) => string }) {
  return (
    <Table
      caption={caption}
      rows={rows}
      rowKey={(a) => a.code}
      columns={[
        { header: "名次", numeric: true, cell: rankOf },
        { header: "名称", rowHeader: true, cell: (a) => <Link to={hrefOf(a.code)}>{names[a.code] ?? a.code}</Link> },
        { header: "得分", numeric: true, cell: (a) => <strong>{shown(a.score)}</strong> },
        { header: "有得分的社区", numeric: true, cell: (a) => `${a.scoredMembers} / ${a.members}` },
        ...RANKING_COMPONENTS.map((k): Column<RankedAreaView> => ({ header: RANKING_COMPONENT_LABELS[k], numeric: true, cell: (a) => shown(a.components[k]) })),
      ]}
    />
  );
}

/** A ranking page: where it is, links to its neighbours, the ranking sections, then the formula with its settings. */
export function RankingPage({
  crumbs,
  placeName,
  place,
  more,
  ranking,
  children,
}: {
  crumbs: Crumb[];
  placeName: string;
  place: Omit<PlacePage, "path">;
  more?: readonly { to: string; label: string }[];
  ranking: { formula: string; clause: string; settings: readonly SettingRow[]; isDemoData: boolean };
  children: ReactNode;
}) {
  return (
    <>
      <PlacePageHead
        crumbs={crumbs}
        title={
          <>
            {placeName} · 赛马排名 <DemoBadge show={ranking.isDemoData} />
          </>
        }
        page={{ ...place, path: "/ranking" }}
        more={more}
      />
      {children}
      <FormulaPanel title={`计算方法（${ranking.clause}，权重为默认值）`} description={ranking.formula} settings={ranking.settings} caption="赛马排名设置" />
    </>
  );
}
