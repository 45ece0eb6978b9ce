import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "../components/action-message";
import { Breadcrumbs } from "../components/breadcrumbs";
import { CsrfField } from "../components/csrf-field";
import { RouteErrorBoundary } from "../components/route-error";
import { requirePermission } from "../lib/auth.server";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";
import { computeTargetProgress, NUMERIC_MEASURES, saveTargets, TARGET_YEARS } from "../lib/targets.server";
import { fieldErrors, formToObject } from "../validation/form";
import { parseTargetsForm } from "../validation/targets";

export const meta: MetaFunction = () => [{ title: "目标设置 · 社区嵌入式服务设施" }];

const MEASURE_NAMES = { pilots: "试点社区", hubsBuilt: "民生幸福共同体" } as const;

async function progressFor(year: number) {
  const [{ targets, progress, districts }, streets] = await Promise.all([
    computeTargetProgress(db, year),
    db.selectFrom("streets").select(["code", "name"]).execute(),
  ]);
  return { targets, progress, districts, streetName: new Map(streets.map((s) => [s.code, s.name])) };
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "set:targets", {});
  const asked = Number(new URL(request.url).searchParams.get("year"));
  const year = TARGET_YEARS.includes(asked) ? asked : TARGET_YEARS[0];
  const { targets, progress, districts, streetName } = await progressFor(year);
  const streetsMissing = progress.city.find((m) => m.measure === "streetsCovered")?.missing ?? [];
  return {
    year,
    years: TARGET_YEARS,
    plan: { pilots: targets.plan.pilots, hubsBuilt: targets.plan.hubsBuilt, wording: targets.plan.wording, assumptions: targets.plan.assumptions },
    current: { pilots: targets.set.pilots, hubsBuilt: targets.set.hubsBuilt },
    assigned: targets.assigned,
    districts: districts.map((d) => {
      const row = progress.districts.find((p) => p.code === d.code);
      return {
        code: d.code,
        name: d.name,
        measures: (row?.measures ?? []).map((m) => ({ label: m.label, value: m.value, target: m.target, status: m.status, basis: m.targetBasis })),
      };
    }),
    city: progress.city.map((m) => ({ label: m.label, value: m.value, target: m.target, status: m.status, share: m.share })),
    streetsMissing: streetsMissing.map((code) => streetName.get(code) ?? code),
    apportionment: progress.apportionment.description,
    crumbs: placeCrumbs(user, {}, [{ label: "目标设置" }]),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const user = await requirePermission(request, "set:targets", {}, { form, clientIp: context.clientIp });
  const districts = await db.selectFrom("districts").select("code").execute();
  const codes = districts.map((d) => d.code);
  const parsed = parseTargetsForm(formToObject(form), codes);
  if (!parsed.success) return data({ ok: false, message: Object.values(fieldErrors(parsed.error))[0] ?? "目标填写有误" }, { status: 400 });
  const values = parsed.data as Record<string, number | undefined>;
  const year = Number(values.year);
  if (!TARGET_YEARS.includes(year)) return data({ ok: false, message: "只能设置方案规定的目标年份。" }, { status: 400 });
  const result = await saveTargets(
    db,
    { actor: user, ip: context.clientIp },
    {
      year,
      city: { pilots: values.pilots!, hubsBuilt: values.hubsBuilt! },
      districts: Object.fromEntries(
        codes
          .map((code) => [code, Object.fromEntries(NUMERIC_MEASURES.filter((m) => values[`d.${code}.${m}`] !== undefined).map((m) => [m, values[`d.${code}.${m}`]!]))] as const)
          .filter(([, figures]) => Object.keys(figures).length > 0),
      ),
    },
  );
  if (!result.ok) return data({ ok: false, message: result.message }, { status: 400 });
  return { ok: true, message: `${year} 年目标已保存，各驾驶舱按新目标计算进度。` };
}

export default function TargetsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  return (
    <>
      <Breadcrumbs items={d.crumbs} />
      <h1>目标设置（二(二)）</h1>
      <nav aria-label="目标年份" className="link-row">
        {d.years.map((y) => (
          <Link key={y} to={`?year=${y}`} aria-current={y === d.year ? "page" : undefined}>
            {y} 年目标
          </Link>
        ))}
      </nav>
      <section className="panel" aria-labelledby="progress-heading">
        <h2 id="progress-heading">全市进度（{d.year} 年）</h2>
        <blockquote className="muted">{d.plan.wording}</blockquote>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">目标</th>
                <th scope="col" className="num">现状</th>
                <th scope="col" className="num">目标值</th>
                <th scope="col">状态</th>
              </tr>
            </thead>
            <tbody>
              {d.city.map((m) => (
                <tr key={m.label}>
                  <th scope="row">{m.label}</th>
                  <td className="num">{m.value ?? "暂无数据"}</td>
                  <td className="num">{m.target}</td>
                  <td>{m.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {d.streetsMissing.length ? (
          <p>
            尚无共同体的乡镇(街道)（{d.streetsMissing.length} 个）：{d.streetsMissing.join("、")}
          </p>
        ) : null}
        <ul className="muted">
          {d.plan.assumptions.map((a) => (
            <li key={a}>{a}（默认值）</li>
          ))}
        </ul>
      </section>

      <section className="panel" aria-labelledby="set-heading">
        <h2 id="set-heading">设置 {d.year} 年目标</h2>
        <p className="muted">
          方案原文：试点社区 {d.plan.pilots} 个、民生幸福共同体 {d.plan.hubsBuilt} 个。区级目标可留空：留空的区按{d.apportionment}
        </p>
        <ActionMessage result={result} />
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="year" value={d.year} />
          <div className="form-grid">
            {(["pilots", "hubsBuilt"] as const).map((m) => (
              <div className="field" key={m}>
                <label htmlFor={m}>全市{MEASURE_NAMES[m]}（个）</label>
                <input id={m} name={m} inputMode="numeric" defaultValue={d.current[m]} required />
              </div>
            ))}
          </div>
          <div className="table-wrap">
            <table>
              <caption>各区下达目标（留空则按比例分解）</caption>
              <thead>
                <tr>
                  <th scope="col">区</th>
                  <th scope="col">试点社区</th>
                  <th scope="col">民生幸福共同体</th>
                  <th scope="col">当前进度</th>
                </tr>
              </thead>
              <tbody>
                {d.districts.map((row) => (
                  <tr key={row.code}>
                    <th scope="row">{row.name}</th>
                    {(["pilots", "hubsBuilt"] as const).map((m) => (
                      <td key={m}>
                        <input
                          name={`d.${row.code}.${m}`}
                          inputMode="numeric"
                          aria-label={`${row.name}${MEASURE_NAMES[m]}目标`}
                          defaultValue={d.assigned[row.code]?.[m] ?? ""}
                          placeholder={String(row.measures.find((x) => x.label.startsWith(MEASURE_NAMES[m]))?.target ?? "")}
                        />
                      </td>
                    ))}
                    <td>{row.measures.map((x) => `${x.label} ${x.value ?? "—"}/${x.target}（${x.status}）`).join("；")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <button type="submit" className="button" disabled={busy}>
            {busy ? "正在保存…" : "保存目标"}
          </button>
        </Form>
      </section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
