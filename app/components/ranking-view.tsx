// 赛马 ranking tables: communities within a street, streets within a district, each component
// shown with its score or 暂无数据, and the ranking page around them with the formula and the
// settings (默认值 / 已调整), shared by the street's and the district's ranking routes.
import { Link } from "@remix-run/react";
import { type ReactNode, useMemo } from "react";
import { NO_DATA, RANKING_COMPONENT_LABELS, RANKING_COMPONENTS, type RankingComponent } from "../../workflows/rankings";
import { Breadcrumbs, type Crumb } from "./breadcrumbs";
import { Chart } from "./chart";
import { DemoBadge } from "./demo-badge";
import { FormulaPanel, type SettingRow } from "./settings-table";

export interface RankedCommunityView {
  code: string;
  name?: string;
  score: number | null;
  rank: number | null;
  rankedOf: number;
  dataShare: number;
  components: { key: RankingComponent; label: string; score: number | null; status: string; weight: number; detail: string }[];
}

export interface RankedAreaView {
  code: string;
  score: number | null;
  rank: number | null;
  rankedOf: number;
  members: number;
  scoredMembers: number;
  components: Record<RankingComponent, number | null>;
}

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

export function CommunityRankingTable({ rows, caption }: { rows: readonly RankedCommunityView[]; caption: string }) {
  return (
    <div className="table-wrap">
      <table className="stack">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              名次
            </th>
            <th scope="col">社区</th>
            <th scope="col" className="num">
              得分
            </th>
            {RANKING_COMPONENTS.map((k) => (
              <th scope="col" className="num" key={k}>
                {RANKING_COMPONENT_LABELS[k]}
              </th>
            ))}
            <th scope="col" className="num">
              有数据的权重
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.code}>
              <td className="num" data-label="名次">
                {c.rank === null ? "—" : `${c.rank} / ${c.rankedOf}`}
              </td>
              <th scope="row">
                <Link to={`/communities/${c.code}`}>{c.name ?? c.code}</Link>
              </th>
              <td className="num" data-label="得分">
                <strong>{shown(c.score)}</strong>
              </td>
              {c.components.map((x) => (
                <td className="num" data-label={x.label} key={x.key} title={x.detail}>
                  {shown(x.score)}
                  <span className="visually-hidden">（{x.detail}）</span>
                </td>
              ))}
              <td className="num" data-label="有数据的权重">
                {Math.round(c.dataShare * 100)}%
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function AreaRankingTable({ rows, names, caption, hrefOf }: { rows: readonly RankedAreaView[]; names: Record<string, string>; caption: string; hrefOf: (code: string) => string }) {
  return (
    <div className="table-wrap">
      <table className="stack">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              名次
            </th>
            <th scope="col">名称</th>
            <th scope="col" className="num">
              得分
            </th>
            <th scope="col" className="num">
              有得分的社区
            </th>
            {RANKING_COMPONENTS.map((k) => (
              <th scope="col" className="num" key={k}>
                {RANKING_COMPONENT_LABELS[k]}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((a) => (
            <tr key={a.code}>
              <td className="num" data-label="名次">
                {a.rank === null ? "—" : `${a.rank} / ${a.rankedOf}`}
              </td>
              <th scope="row">
                <Link to={hrefOf(a.code)}>{names[a.code] ?? a.code}</Link>
              </th>
              <td className="num" data-label="得分">
                <strong>{shown(a.score)}</strong>
              </td>
              <td className="num" data-label="有得分的社区">
                {a.scoredMembers} / {a.members}
              </td>
              {RANKING_COMPONENTS.map((k) => (
                <td className="num" data-label={RANKING_COMPONENT_LABELS[k]} key={k}>
                  {shown(a.components[k])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** A ranking page: where it is, links to its neighbours, the ranking sections, then the formula with its settings. */
export function RankingPage({
  crumbs,
  placeName,
  links,
  ranking,
  children,
}: {
  crumbs: Crumb[];
  placeName: string;
  links: readonly { to: string; label: string }[];
  ranking: { formula: string; clause: string; settings: readonly SettingRow[]; isDemoData: boolean };
  children: ReactNode;
}) {
  return (
    <>
      <Breadcrumbs items={crumbs} />
      <h1>
        {placeName} · 赛马排名 <DemoBadge show={ranking.isDemoData} />
      </h1>
      <p className="link-row">
        {links.map((l) => (
          <Link key={l.to} to={l.to}>
            {l.label}
          </Link>
        ))}
      </p>
      {children}
      <FormulaPanel title={`计算方法（${ranking.clause}，权重为默认值）`} description={ranking.formula} settings={ranking.settings} caption="赛马排名设置" />
    </>
  );
}
