import { Link } from "@remix-run/react";
import { DemoBadge } from "./demo-badge";

export interface AreaRow {
  code: string;
  name: string;
  communities: number;
  villages: number;
  pilots: number;
  hubs: number;
  households: number;
  demoCommunities: number;
}

/** Districts of the city or streets of a district, each linking one level down. */
export function AreaTable({ rows, caption, hrefFor }: { rows: AreaRow[]; caption: string; hrefFor: (code: string) => string }) {
  const total = rows.reduce(
    (sum, r) => ({
      communities: sum.communities + r.communities,
      villages: sum.villages + r.villages,
      pilots: sum.pilots + r.pilots,
      hubs: sum.hubs + r.hubs,
      households: sum.households + r.households,
    }),
    { communities: 0, villages: 0, pilots: 0, hubs: 0, households: 0 },
  );
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col" className="num">社区/村</th>
            <th scope="col" className="num">其中村</th>
            <th scope="col" className="num">试点社区</th>
            <th scope="col" className="num">共同体</th>
            <th scope="col" className="num">
              户数 <DemoBadge show={rows.some((r) => r.demoCommunities > 0)} />
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code}>
              <th scope="row">
                <Link to={hrefFor(r.code)}>{r.name}</Link>
              </th>
              <td className="num">{r.communities}</td>
              <td className="num">{r.villages}</td>
              <td className="num">{r.pilots}</td>
              <td className="num">{r.hubs}</td>
              <td className="num">{r.households.toLocaleString("zh-CN")}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">合计</th>
            <td className="num">{total.communities}</td>
            <td className="num">{total.villages}</td>
            <td className="num">{total.pilots}</td>
            <td className="num">{total.hubs}</td>
            <td className="num">{total.households.toLocaleString("zh-CN")}</td>
          </tr>
        </tfoot>
      </table>
    </div>
  );
}
