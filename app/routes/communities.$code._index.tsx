import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import {
  DEVELOPMENT_TYPE_LABELS,
  DOMAIN_LABELS,
  DOMAINS,
  FACILITY_STATUS_LABELS,
  FUNCTION_CATALOGUE,
  OPERATING_MODEL_LABELS,
  PRICING_LABELS,
} from "../../workflows/glossary";
import { DemoBadge } from "../components/demo-badge";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { loadCommunityOverview } from "../lib/place-pages.server";
import { requireCommunity } from "../lib/places.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  return loadCommunityOverview(db, user, community);
}

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export default function CommunityOverview() {
  const { community, facilities, canEdit } = useLoaderData<typeof loader>();
  const byDomain = DOMAINS.map((domain) => ({ domain, items: facilities.filter((f) => f.domain === domain) }));
  return (
    <>
      <section aria-labelledby="profile-heading" className="panel">
        <h2 id="profile-heading">
          基本情况 <DemoBadge show={community.isDemoData} />
        </h2>
        <dl className="facts">
          <div>
            <dt>代码</dt>
            <dd className="mono">{community.code}</dd>
          </div>
          <div>
            <dt>类别</dt>
            <dd>
              {community.kind} · {DEVELOPMENT_TYPE_LABELS[community.developmentType]}
              {community.isPilot ? " · 试点社区" : ""}
            </dd>
          </div>
          <div>
            <dt>户数</dt>
            <dd>{community.households.toLocaleString("zh-CN")} 户</dd>
          </div>
          <div>
            <dt>常住人口</dt>
            <dd>{community.population.toLocaleString("zh-CN")} 人</dd>
          </div>
          <div>
            <dt>60 岁以上</dt>
            <dd>{percent(community.share60Plus)}</dd>
          </div>
          <div>
            <dt>0–3 岁 / 3–12 岁</dt>
            <dd>
              {percent(community.share0To3)} / {percent(community.share3To12)}
            </dd>
          </div>
          <div>
            <dt>民生幸福共同体</dt>
            <dd>{community.hasHub ? "已建" : "未建"}</dd>
          </div>
        </dl>
      </section>

      <section aria-labelledby="facilities-heading" className="panel">
        <div className="panel__head">
          <h2 id="facilities-heading">服务设施（按七大领域）</h2>
          {canEdit ? (
            <Link className="button" to={`/communities/${community.code}/facilities/new`}>
              新增设施
            </Link>
          ) : null}
        </div>
        {facilities.some((f) => f.isDemoData) ? (
          <p className="muted">
            标有 <DemoBadge /> 的设施为系统生成的演示数据。
          </p>
        ) : null}
        {byDomain.map(({ domain, items }) => (
          <section key={domain} aria-labelledby={`domain-${domain}`} className="domain-group">
            <h3 id={`domain-${domain}`}>
              {DOMAIN_LABELS[domain]} <span className="muted">（{items.length} 处）</span>
            </h3>
            {items.length === 0 ? (
              <p className="empty">暂无该领域设施。</p>
            ) : (
              <ul className="facility-list">
                {items.map((f) => (
                  <li key={f.id} className={f.status === "closed" ? "facility facility--closed" : "facility"}>
                    <div className="facility__title">
                      <strong>{f.name}</strong>
                      <span className={`status status--${f.status}`}>{FACILITY_STATUS_LABELS[f.status]}</span>
                      {f.hubPart ? <span className="badge">共同体</span> : null}
                      <DemoBadge show={f.isDemoData} />
                    </div>
                    <div className="facility__meta">
                      建筑面积 {f.areaM2.toLocaleString("zh-CN")} m²（办公 {f.officeAreaM2.toLocaleString("zh-CN")} m²）
                      {f.functions.length ? ` · ${f.functions.map((fn) => FUNCTION_CATALOGUE[fn].label).join("、")}` : ""}
                      {f.pricing ? ` · ${PRICING_LABELS[f.pricing]}` : ""}
                      {f.operatingModel ? ` · ${OPERATING_MODEL_LABELS[f.operatingModel]}` : ""}
                      {f.operator ? ` · ${f.operator}` : ""}
                    </div>
                    {canEdit ? (
                      <Link to={`/communities/${community.code}/facilities/${f.id}`} aria-label={`编辑 ${f.name}`}>
                        编辑
                      </Link>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
          </section>
        ))}
      </section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
