// The inventory as a table: one row per space (linked to its page with photos), its cost with
// where the figure comes from.
import { Link } from "@remix-run/react";
import { COORDINATE_SYSTEM_NAMES, type CoordinateSystem } from "../../workflows/coordinates";
import { SPACE_ROUTE_LABELS, SPACE_STATUS_LABELS, type SpaceRoute, type SpaceStatus } from "../../workflows/glossary";

export interface SpaceRow {
  id: string;
  communityCode: string;
  communityName?: string;
  name: string;
  address: string;
  areaM2: number;
  owner: string | null;
  route: SpaceRoute;
  status: SpaceStatus;
  lat: number;
  lng: number;
  sourceSystem: CoordinateSystem;
  cost: { yuan: number; basis: "record" | "unit_cost"; unitCost: number };
}

export function IdleSpaceTable({ spaces, showCommunity = false }: { spaces: readonly SpaceRow[]; showCommunity?: boolean }) {
  if (!spaces.length) return <p className="muted">还没有登记存量空间。</p>;
  return (
    <div className="table-wrap">
      <table className="stack">
        <caption>存量空间台账（共 {spaces.length} 处）</caption>
        <thead>
          <tr>
            {showCommunity ? <th scope="col">社区</th> : null}
            <th scope="col">名称</th>
            <th scope="col">地址</th>
            <th scope="col" className="num">建筑面积（m²）</th>
            <th scope="col">途径</th>
            <th scope="col">状态</th>
            <th scope="col" className="num">租金或费用（万元）</th>
            <th scope="col">位置（WGS-84）</th>
            <th scope="col">权属单位</th>
          </tr>
        </thead>
        <tbody>
          {spaces.map((s) => (
            <tr key={s.id}>
              {showCommunity ? <td>{s.communityName}</td> : null}
              <th scope="row">
                <Link to={`/communities/${s.communityCode}/spaces/${s.id}`}>{s.name}</Link>
              </th>
              <td>{s.address}</td>
              <td className="num">{s.areaM2}</td>
              <td>{SPACE_ROUTE_LABELS[s.route]}</td>
              <td>{SPACE_STATUS_LABELS[s.status]}</td>
              <td className="num">
                {(s.cost.yuan / 10_000).toFixed(1)}
                {s.cost.basis === "unit_cost" ? <span className="muted">（按 {s.cost.unitCost} 元/m² 估算，默认值）</span> : null}
              </td>
              <td>
                {s.lng.toFixed(5)}, {s.lat.toFixed(5)}
                <span className="muted">（原为 {COORDINATE_SYSTEM_NAMES[s.sourceSystem]}）</span>
              </td>
              <td>{s.owner ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
