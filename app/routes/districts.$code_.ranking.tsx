// 赛马 (四(三)) within a district: its streets ranked (each street = the simple mean of its
// scored communities), and each street's communities; the formula and 暂无数据 shown.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { AreaRankingTable, CommunityRankingTable, RankingPage, ScoreChart } from "../components/ranking-view";
import { RouteErrorBoundary } from "../components/route-error";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";
import { requireDistrict } from "../lib/places.server";
import { loadRankingPage } from "../lib/rankings.server";
import projectStyles from "../styles/projects.css";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.district.name ?? "区"} 赛马排名 · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, district } = await requireDistrict(request, params.code, "view:place");
  return {
    district,
    ranking: await loadRankingPage(db, { level: "district", code: district.code }),
    crumbs: placeCrumbs(user, { district }, [{ label: "赛马排名" }]),
  };
}

export default function DistrictRankingPage() {
  const { district, ranking, crumbs } = useLoaderData<typeof loader>();
  const { streets, communities, names } = ranking;
  return (
    <RankingPage crumbs={crumbs} placeName={district.name} place={{ level: "district", code: district.code }} ranking={ranking}>
      <Section id="streets-heading" title="各街道排名">
        <ScoreChart items={streets.map((s) => ({ name: names[s.code] ?? s.code, score: s.score }))} label={`${district.name}各街道赛马得分条形图，数值见下表`} />
        <AreaRankingTable rows={streets} names={names} caption={`${district.name}：街道赛马排名（街道得分 = 有得分社区的简单平均）`} hrefOf={(code) => `/streets/${code}/ranking`} />
      </Section>
      <Section id="communities-heading" title="各街道的社区排名">
        {streets.map((s) => (
          <details key={s.code}>
            <summary>
              {names[s.code] ?? s.code}（{s.scoredMembers} / {s.members} 个社区有得分）
            </summary>
            <CommunityRankingTable rows={communities.filter((c) => c.streetCode === s.code)} caption={`${names[s.code] ?? s.code}：社区赛马排名`} />
          </details>
        ))}
      </Section>
    </RankingPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
