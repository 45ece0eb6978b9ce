// 赛马 (四(三)) within a street: its communities ranked by loop progress, completion of the
// approved list, acceptance results, resident satisfaction, operating performance and survey
// participation; components without data are marked 暂无数据 and the formula is shown.
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CommunityRankingTable, RankingPage, ScoreChart } from "../components/ranking-view";
import { RouteErrorBoundary } from "../components/route-error";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";
import { requireStreet } from "../lib/places.server";
import { loadRankingPage } from "../lib/rankings.server";
import projectStyles from "../styles/projects.css";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

const CONFIDENCE_SUFFIX = { ok: "", low: "（低可信度）", unranked: "（不排名）" } as const;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.street.name ?? "街道"} 赛马排名 · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, street } = await requireStreet(request, params.code, "view:place");
  return {
    street,
    ranking: await loadRankingPage(db, { level: "street", code: street.code }),
    crumbs: placeCrumbs(user, { district: street.district, street }, [{ label: "赛马排名" }]),
  };
}

export default function StreetRankingPage() {
  const { street, ranking, crumbs } = useLoaderData<typeof loader>();
  const { communities } = ranking;
  const area = ranking.streets.find((s) => s.code === street.code);
  const more = [{ to: `/districts/${street.district.code}/ranking`, label: `${street.district.name}各街道排名` }];
  return (
    <RankingPage crumbs={crumbs} placeName={street.name} place={{ level: "street", code: street.code }} more={more} ranking={ranking}>
      <Section id="ranking-heading" title="本街道社区排名">
        <p>
          {area ? `街道得分 ${area.score === null ? "暂无数据" : area.score.toFixed(1)}（${area.scoredMembers} / ${area.members} 个社区有得分）。` : ""}
          某项暂无数据时不计分也不扣分，标“暂无数据”。得分旁是最近一次已结束的需求调查的参与率：参与率过低的社区只显示得分、不排名次，依据不足的名次标“低可信度”。
        </p>
        <ScoreChart items={communities.map((c) => ({ name: `${c.name ?? c.code}${CONFIDENCE_SUFFIX[c.confidence]}`, score: c.score }))} label={`${street.name}各社区赛马得分条形图，数值见下表`} />
        <CommunityRankingTable rows={communities} caption={`${street.name}：社区赛马排名（同分并列）`} />
      </Section>
    </RankingPage>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
