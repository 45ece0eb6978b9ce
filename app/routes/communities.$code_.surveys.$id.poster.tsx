import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "../components/route-error";
import { formatDateTime } from "../lib/format";
import { notFound } from "../lib/http.server";
import { requireCommunitySurvey } from "../lib/survey-access.server";
import { publicSurveyUrl, qrSvg } from "../lib/survey-links.server";
import printStyles from "../styles/print.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];
export const meta: MetaFunction = () => [{ title: "问卷海报 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { community, survey } = await requireCommunitySurvey(request, params, "view:place");
  if (survey.status === "draft") throw notFound("找不到已发布的问卷。");
  const url = publicSurveyUrl(request, survey.publicToken);
  return { communityName: community.name, title: survey.title, closesAt: survey.closesAt, url, qr: await qrSvg(url), openLink: survey.openLinkEnabled };
}

export default function SurveyPoster() {
  const { communityName, title, closesAt, url, qr, openLink } = useLoaderData<typeof loader>();
  return (
    <article className="poster">
      <p className="no-print">
        <button type="button" className="button" onClick={() => window.print()}>
          打印海报（A4）
        </button>
      </p>
      <p className="poster__community">{communityName}</p>
      <h1>{title}</h1>
      <p style={{ fontSize: "15pt" }}>您的意见决定社区建什么：养老、托育、助餐、家政、健康、健身、文化、儿童游乐场地……</p>
      <div className="poster__qr" role="img" aria-label="问卷二维码" dangerouslySetInnerHTML={{ __html: qr }} />
      <ol className="poster__steps">
        <li>用手机微信或相机扫描上方二维码。</li>
        <li>{openLink ? "输入社区发放的户码（没有户码也可以填写）。" : "输入社区发放的纸条上的户码（每户一码）。"}</li>
        <li>按提示填写，约 10 分钟；可随时中断，下次继续。</li>
      </ol>
      <p className="poster__url">{url}</p>
      <p className="poster__footer">
        {closesAt ? `截止时间：${formatDateTime(closesAt)}。` : ""}不会用手机？请到社区服务中心领取纸质问卷，或请网格员上门协助填写。
      </p>
    </article>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
