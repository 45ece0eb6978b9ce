import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { SURVEY_CHANNEL_LABELS, type SurveyChannel } from "../../workflows/glossary";
import { ActionMessage } from "../components/action-message";
import { CsrfField } from "../components/csrf-field";
import { FieldError, fieldProps } from "../components/field-error";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { ProblemList } from "../components/survey/problem-list";
import { db } from "../lib/db.server";
import { formatDateTime } from "../lib/format";
import { failed, invalidForm } from "../lib/http.server";
import { requireCommunity } from "../lib/places.server";
import { loadSurveyListPage } from "../lib/survey-pages.server";
import { createSurvey } from "../lib/surveys.server";
import { formToObject } from "../validation/form";
import { CreateSurveySchema, fieldErrorsOf, problemsOf } from "../validation/survey";
import { Section } from "../components/section";

export const meta: MetaFunction = () => [{ title: "需求调查 · 社区嵌入式服务设施" }];

const STATUS_LABELS = { draft: "草稿", open: "进行中", not_yet_open: "已发布，未开始", closed: "已结束" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  return loadSurveyListPage(db, user, community);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form, clientIp: context.clientIp });
  const parsed = CreateSurveySchema.safeParse(formToObject(form));
  if (!parsed.success) return invalidForm(parsed.error);
  const [kind, value] = parsed.data.source.split(":") as ["template" | "copy", string];
  const outcome = await createSurvey(
    db,
    { actor: user, ip: context.clientIp },
    { communityCode: community.code, source: kind === "template" ? { template: value as "needs_seven_domain" | "feedback_post_build" } : { copyOf: value } },
  );
  if (!outcome.ok) return failed(outcome);
  return redirect(`/communities/${community.code}/surveys/${outcome.survey.id}/edit`);
}

export default function SurveyList() {
  const { community, cycle, canManage, surveys } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors = fieldErrorsOf(actionData?.errors);
  const problems = problemsOf(actionData?.errors);
  const navigation = useNavigation();
  const previous = surveys.filter((s) => !s.isCurrentRound);
  return (
    <>
      {canManage && cycle ? (
        <Section id="new-survey" title={<>为第 {cycle.round} 轮（{cycle.year} 年）新建问卷</>}>
          <Form method="post" className="form-grid">
            <CsrfField />
            <div className="field field--wide">
              <label htmlFor="source">从哪里开始</label>
              <select id="source" name="source" defaultValue="template:needs_seven_domain" {...fieldProps("source", errors)}>
                <option value="template:needs_seven_domain">标准模板：居民需求调查（七大领域）</option>
                <option value="template:feedback_post_build">标准模板：新设施使用反馈</option>
                {previous.map((s) => (
                  <option key={s.id} value={`copy:${s.id}`}>
                    复制第 {s.round} 轮问卷：{s.title}
                  </option>
                ))}
              </select>
              <FieldError name="source" errors={errors} />
            </div>
            <div className="field--wide">
              <ActionMessage result={actionData} />
              <ProblemList problems={problems} className="form-error" />
            </div>
            <div className="form-actions field--wide">
              <button type="submit" className="button" disabled={navigation.state === "submitting"}>
                {navigation.state === "submitting" ? "正在创建…" : "新建问卷并编辑"}
              </button>
            </div>
          </Form>
        </Section>
      ) : null}

      <Section id="survey-list" title="本社区的问卷">
        {surveys.length === 0 ? (
          <p className="empty">还没有问卷。{canManage ? "从上方的标准模板开始。" : ""}</p>
        ) : (
          <Table
            rows={surveys}
            rowKey={(s) => s.id}
            columns={[
              { header: "问卷", rowHeader: true, cell: (s) => <Link to={`/communities/${community.code}/surveys/${s.id}`}>{s.title}</Link> },
              { header: "轮次", cell: (s) => `${s.year} 年第 ${s.round} 轮` },
              { header: "状态", cell: (s) => STATUS_LABELS[s.status] },
              { header: "时间", cell: (s) => (s.opensAt && s.closesAt ? `${formatDateTime(s.opensAt)} – ${formatDateTime(s.closesAt)}` : "—") },
              {
                header: "答卷（参与率）",
                numeric: true,
                cell: (s) =>
                  (Object.entries(s.byChannel)
                    .map(([channel, n]) => `${SURVEY_CHANNEL_LABELS[channel as SurveyChannel] ?? channel} ${n}`)
                    .join("，") || "0") + (s.kind === "needs" ? `（${(s.responseRate * 100).toFixed(1)}%）` : ""),
              },
            ]}
          />
        )}
      </Section>
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
