// 选址推演 for a community, a street or a district (/siting/<code>): where new sites of a domain
// would reach the most households not yet covered. A run changes nothing; a chosen space can be
// added to the community's 查漏补缺 list in one click.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useState } from "react";
import { DOMAIN_LABELS, DOMAINS } from "../../workflows/glossary";
import { ActionMessage } from "../components/action-message";
import { CsrfField } from "../components/csrf-field";
import { FieldError } from "../components/field-error";
import { SubmitRow, TextField } from "../components/form-fields";
import { PointMap } from "../components/point-map";
import { RouteErrorBoundary } from "../components/route-error";
import { SettingsTable } from "../components/settings-table";
import { DemoBadge } from "../components/demo-badge";
import { SitingResult } from "../components/siting-result";
import { requirePermission } from "../lib/auth.server";
import { db } from "../lib/db.server";
import { done, failed, invalid, invalidForm, notFound } from "../lib/http.server";
import { addSiteToGapList } from "../lib/siting-gaplist.server";
import { loadSitingPage, resolveSitingScope, runWhatIf } from "../lib/siting-pages.server";
import { formToObject } from "../validation/form";
import { SitingFormSchema, AddSiteSchema } from "../validation/siting";
import { Section } from "../components/section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `选址推演 · ${data?.scope.name ?? ""} · 社区嵌入式服务设施` }];

async function scopeOf(code: string | undefined) {
  const scope = await resolveSitingScope(db, code);
  if (!scope) throw notFound("找不到该社区、街道或区。");
  return scope;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const scope = await scopeOf(params.scope);
  const user = await requirePermission(request, "view:place", scope.place);
  return loadSitingPage(db, user, scope);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const scope = await scopeOf(params.scope);
  const form = await request.formData();
  const user = await requirePermission(request, "view:place", scope.place, { form, clientIp: context.clientIp });
  if (form.get("intent") === "add-to-gaplist") {
    const parsed = AddSiteSchema.safeParse(formToObject(form));
    if (scope.level !== "community") return invalid({}, { run: null }, "请在社区的选址推演页加入清单。");
    if (!parsed.success) return invalidForm(parsed.error, { run: null }, "请求有误，请刷新页面后重试。");
    const { version, ...site } = parsed.data;
    const outcome = await addSiteToGapList(db, { actor: user, ip: context.clientIp }, { communityCode: scope.code, ...site, expectedVersion: version });
    if (!outcome.ok) return failed(outcome, { run: null });
    return done(`已把“${outcome.name}”加入查漏补缺清单（第 ${outcome.position} 项），提交后随清单送街道审核。`, { run: null });
  }
  const parsed = SitingFormSchema.safeParse(formToObject(form, ["domains"]));
  if (!parsed.success) return invalidForm(parsed.error, { run: null }, "请检查表单中标出的项目。");
  const outcome = await runWhatIf(db, { actor: user, ip: context.clientIp }, { scope, request: parsed.data });
  if (!outcome.ok) return failed(outcome, { run: null });
  const { run } = outcome;
  return done(`推演完成：选中 ${run.chosen.length} 处新址。`, { run, radiusM: parsed.data.radiusM, domain: parsed.data.domains[0] });
}

export default function SitingPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const running = navigation.state === "submitting" && navigation.formData?.get("intent") === "run";
  const [points, setPoints] = useState<{ lat: number; lng: number }[]>([]);
  const errors = result?.errors ?? {};
  const run = result && "run" in result ? result.run : null;
  return (
    <>
      <h1>选址推演：{page.scope.name}</h1>
      <p>
        需求为各小区户数按“一老一小”加权；所选领域运营中的设施已覆盖步行半径内的小区；候选点为本范围存量空间台账中“可用”的空间（{page.spaces.length} 处）和您在地图上点选的位置。
        {page.scope.level === "community" ? <Link to={`/communities/${page.scope.code}/spaces`}>查看存量空间台账</Link> : null} <DemoBadge show={page.isDemoData} />
      </p>
      <Section id="siting-form-heading" title="推演条件">
        <Form method="post" className="form-grid" aria-busy={running}>
          <CsrfField />
          <fieldset className="field field--wide">
            <legend>服务领域（可多选）</legend>
            {DOMAINS.map((d) => (
              <label key={d} className="checkbox">
                <input type="checkbox" name="domains" value={d} defaultChecked={d === "meal_assist"} /> {DOMAIN_LABELS[d]}
              </label>
            ))}
            <FieldError name="domains" errors={errors} />
          </fieldset>
          <TextField name="radiusM" label="步行半径（米）" errors={errors} defaultValue={page.radiusM} inputMode="numeric" required />
          <div className="field">
            <label htmlFor="limitKind">新址上限</label>
            <select id="limitKind" name="limitKind" defaultValue="select">
              <option value="select">新址数量（处）</option>
              <option value="budget_wan">预算（万元）</option>
              <option value="budget_m2">面积（m²）</option>
            </select>
          </div>
          <TextField name="limitValue" label="数量或预算" errors={errors} defaultValue="1" inputMode="decimal" required />
          <input type="hidden" name="points" value={JSON.stringify(points)} />
          <div className="field field--wide">
            <p>
              在地图上点选候选位置（可选，最多 20 个）：已点选 {points.length} 个
              {points.length ? (
                <button type="button" className="button button--secondary" onClick={() => setPoints([])}>
                  清除点选
                </button>
              ) : null}
            </p>
            <PointMap
              layers={[
                { name: "小区", colour: "#64748b", points: page.neighbourhoods },
                { name: "可用存量空间", colour: "#b45309", symbol: "diamond", size: 11, points: page.spaces },
                { name: "点选位置", colour: "#7c3aed", symbol: "pin", size: 20, points: points.map((p, i) => ({ name: `点选位置 ${i + 1}`, ...p })) },
              ]}
              label="点选候选位置的地图"
              height={360}
              onPick={(p) => setPoints((old) => (old.length >= 20 ? old : [...old, p]))}
            />
          </div>
          <SubmitRow intent="run" busy={running} busyLabel="正在推演…">
            开始推演
          </SubmitRow>
        </Form>
        <ActionMessage result={result} />
      </Section>
      {run && result && "radiusM" in result ? <SitingResult result={run} radiusM={result.radiusM} domain={result.domain} gapListVersion={page.gapListVersion} /> : null}
      <Section id="siting-settings-heading" title="加权方法与设置">
        <p>加权户数 = 户数 ×（基础权重 + 老年加权 × 60 岁以上占比 + 儿童加权 × 0–12 岁占比）；占比取小区所在社区的数据。</p>
        <SettingsTable settings={page.settings} caption="选址推演设置" />
        <p className="muted">
          以上数字均为本系统的默认值，由市级管理员在<Link to="/policy#siting-settings-heading">政策参数</Link>页调整。
        </p>
      </Section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
