import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ActionMessage } from "../components/action-message";
import { Breadcrumbs } from "../components/breadcrumbs";
import { CsrfField } from "../components/csrf-field";
import { FieldError, fieldProps } from "../components/field-error";
import { RouteErrorBoundary } from "../components/route-error";
import { BusyButton } from "../components/busy-button";
import { Table } from "../components/table";
import { TextField } from "../components/form-fields";
import { requirePermission } from "../lib/auth.server";
import { placeCrumbs } from "../lib/crumbs";
import { db } from "../lib/db.server";
import { done, failed, invalidForm } from "../lib/http.server";
import { listTargetDistrictCodes, loadTargetsPage, targetYearOf } from "../lib/target-pages.server";
import { saveTargets } from "../lib/targets.server";
import { fieldErrors, formToObject } from "../validation/form";
import { districtField, targetsFormSchema } from "../validation/targets";
import { Section } from "../components/section";

export const meta: MetaFunction = () => [{ title: "目标设置 · 社区嵌入式服务设施" }];

const MEASURE_NAMES = { pilots: "试点社区", hubsBuilt: "民生幸福共同体" } as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "set:targets", {});
  const page = await loadTargetsPage(db, targetYearOf(Number(new URL(request.url).searchParams.get("year"))));
  return { ...page, crumbs: placeCrumbs(user, {}, [{ label: "目标设置" }]) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  // Only a 市级管理员 sees the page; saveTargets decides again (and audits a refusal).
  const user = await requirePermission(request, "set:targets", {}, { form, clientIp: context.clientIp });
  const parsed = targetsFormSchema(await listTargetDistrictCodes(db)).safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error, {}, Object.values(fieldErrors(parsed.error))[0] ?? "目标填写有误");
  const outcome = await saveTargets(db, { actor: user, ip: context.clientIp }, parsed.data);
  if (!outcome.ok) return failed(outcome);
  return done(`${parsed.data.year} 年目标已保存，各驾驶舱按新目标计算进度。`);
}

type DistrictRow = ReturnType<typeof useLoaderData<typeof loader>>["districts"][number];

export default function TargetsPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const errors = result?.errors ?? {};
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
      <Section id="progress-heading" title={<>全市进度（{d.year} 年）</>}>
        <blockquote className="muted">{d.plan.wording}</blockquote>
        <Table
          rows={d.city}
          rowKey={(m) => m.label}
          columns={[
            { header: "目标", rowHeader: true, cell: (m) => m.label },
            { header: "现状", numeric: true, cell: (m) => m.value ?? "暂无数据" },
            { header: "目标值", numeric: true, cell: (m) => m.target },
            { header: "状态", cell: (m) => m.status },
          ]}
        />
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
      </Section>

      <Section id="set-heading" title={<>设置 {d.year} 年目标</>}>
        <p className="muted">
          方案原文：试点社区 {d.plan.pilots} 个、民生幸福共同体 {d.plan.hubsBuilt} 个。区级目标可留空：留空的区按{d.apportionment}
        </p>
        <ActionMessage result={result} />
        <Form method="post">
          <CsrfField />
          <input type="hidden" name="year" value={d.year} />
          <div className="form-grid">
            {(["pilots", "hubsBuilt"] as const).map((m) => (
              <TextField key={m} name={m} label={`全市${MEASURE_NAMES[m]}（个）`} errors={errors} inputMode="numeric" defaultValue={d.current[m]} required />
            ))}
          </div>
          <Table
            caption="各区下达目标（留空则按比例分解）"
            rows={d.districts}
            rowKey={(row) => row.code}
            columns={[
              { header: "区", rowHeader: true, cell: (row) => row.name },
              ...(["pilots", "hubsBuilt"] as const).map((m) => ({
                header: MEASURE_NAMES[m],
                cell: (row: DistrictRow) => (
                  <>
                    <input
                      id={districtField(row.code, m)}
                      name={districtField(row.code, m)}
                      inputMode="numeric"
                      aria-label={`${row.name}${MEASURE_NAMES[m]}目标`}
                      defaultValue={d.assigned[row.code]?.[m] ?? ""}
                      placeholder={String(row.measures.find((x) => x.label.startsWith(MEASURE_NAMES[m]))?.target ?? "")}
                      {...fieldProps(districtField(row.code, m), errors)}
                    />
                    <FieldError name={districtField(row.code, m)} errors={errors} />
                  </>
                ),
              })),
              { header: "当前进度", cell: (row) => row.measures.map((x) => `${x.label} ${x.value ?? "—"}/${x.target}（${x.status}）`).join("；") },
            ]}
          />
          <BusyButton busy={busy} busyLabel="正在保存…">
            保存目标
          </BusyButton>
        </Form>
      </Section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
