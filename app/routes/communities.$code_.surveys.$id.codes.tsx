import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { done, failed, invalidForm } from "../lib/http.server";
import { requireCommunity } from "../lib/places.server";
import { requireCommunitySurvey } from "../lib/survey-access.server";
import { publicSurveyUrl, qrSvg } from "../lib/survey-links.server";
import { issueHouseholdCodes } from "../lib/surveys.server";
import printStyles from "../styles/print.css";
import { formToObject } from "../validation/form";
import { IssueCodesSchema } from "../validation/survey";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: printStyles }];
export const meta: MetaFunction = () => [{ title: "户码纸条 · 社区嵌入式服务设施" }];

/** Codes are shown once, in the answer to the form that generated them; a plain visit only links back. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireCommunity(request, params.code, "manage:survey");
  return { back: `/communities/${params.code}/surveys/${params.id}` };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community, survey } = await requireCommunitySurvey(request, params, "view:place", { form, clientIp: context.clientIp });
  const back = `/communities/${community.code}/surveys/${survey.id}`;
  const parsed = IssueCodesSchema.safeParse(formToObject(form, ["neighbourhoods"]));
  if (!parsed.success) return invalidForm(parsed.error, { back }, "请至少选择一个小区。");
  const requestId = typeof form.get("requestId") === "string" ? String(form.get("requestId")) : null;
  const issued = await issueHouseholdCodes(db, { actor: user, ip: context.clientIp }, { surveyId: survey.id, neighbourhoodIds: parsed.data.neighbourhoods, requestId });
  if (!issued.ok) return failed(issued, { back });
  const groups = await Promise.all(
    issued.byNeighbourhood.map(async (g) => ({
      name: g.name,
      slips: await Promise.all(g.codes.map(async (code) => ({ code, qr: await qrSvg(publicSurveyUrl(request, survey.publicToken, code)) }))),
    })),
  );
  return done(null, {
    back,
    communityName: community.name,
    title: survey.title,
    closesAt: survey.closesAt,
    url: publicSurveyUrl(request, survey.publicToken),
    batch: issued.batch,
    groups,
  });
}

export default function HouseholdCodeSlips() {
  const result = useActionData<typeof action>();
  const { back } = useLoaderData<typeof loader>();
  if (!result) {
    return (
      <section className="panel">
        <h1>户码纸条</h1>
        <p>户码只在生成时显示一次。请回到问卷页，选择小区后生成。</p>
        <Link to={back}>返回问卷</Link>
      </section>
    );
  }
  if (!result.ok) {
    return (
      <section className="panel panel--error" role="alert">
        <h1>未能生成户码</h1>
        <p>{result.message}</p>
        <Link to={result.back}>返回问卷</Link>
      </section>
    );
  }
  const total = result.groups.reduce((s, g) => s + g.slips.length, 0);
  return (
    <div className="slips-page">
      <div className="no-print panel">
        <h1>户码纸条（第 {result.batch} 批，共 {total} 张）</h1>
        <p>
          请现在打印并沿虚线裁开，按小区分发，每户一张。<strong>户码只显示这一次</strong>：系统只保存加密摘要，关闭或刷新本页后无法再次显示。
        </p>
        <p className="link-row">
          <button type="button" className="button" onClick={() => window.print()}>
            打印
          </button>
          <Link to={result.back}>返回问卷</Link>
        </p>
      </div>
      {result.groups.map((group) => (
        <section key={group.name} className="slips-group" aria-label={`${group.name} 的户码`}>
          <h2 className="slips-group__title">
            {result.communityName} · {group.name}（{group.slips.length} 户）
          </h2>
          <ul className="slips">
            {group.slips.map((slip) => (
              <li key={slip.code} className="slip">
                <div className="slip__qr" aria-hidden="true" dangerouslySetInnerHTML={{ __html: slip.qr }} />
                <div className="slip__text">
                  <p className="slip__title">{result.title}</p>
                  <p>
                    户码：<strong className="slip__code">{slip.code}</strong>
                  </p>
                  <p className="slip__help">手机扫码即可填写（已带户码），或打开 {result.url} 输入户码。每户一次。</p>
                  {result.closesAt ? <p className="slip__help">截止：{formatDateTime(result.closesAt)}</p> : null}
                </div>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
