// 建设项目 (tab of a community): the approved 查漏补缺 items not yet planned → a project from
// one item, or several merged into one 民生幸福共同体 project; items dropped with a reason;
// the round's projects on a Gantt timeline with overdue milestones; earlier rounds' projects.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { APPROACH_LABELS, HUB_FORM_LABELS, HUB_FORMS, MILESTONE_LABELS, PROJECT_KIND_LABELS, PROJECT_STATUS_LABELS, STAGE_LABELS } from "../../workflows/glossary";
import { ActionMessage } from "../components/action-message";
import { CodeSelectField } from "../components/code-select";
import { CsrfField } from "../components/csrf-field";
import { DemoBadge } from "../components/demo-badge";
import { ErrorSummary, FieldError, fieldProps } from "../components/field-error";
import { Gantt, projectGanttRows } from "../components/gantt";
import { RouteErrorBoundary } from "../components/route-error";
import { Table } from "../components/table";
import { SubmitRow, TextField } from "../components/form-fields";
import { db } from "../lib/db.server";
import { formatDateTime, formatNumber } from "../lib/format";
import { done, failed, invalidForm } from "../lib/http.server";
import { requireCommunity } from "../lib/places.server";
import { loadProjectsPage, type ProjectSummary } from "../lib/project-pages.server";
import { createProject, dropGapItem, restoreGapItem } from "../lib/projects.server";
import projectStyles from "../styles/projects.css";
import { fieldErrors, formToObject } from "../validation/form";
import { PROJECT_ARRAY_FIELDS, ProjectsIndexFormSchema } from "../validation/projects";
import { Section } from "../components/section";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction = () => [{ title: "建设项目 · 社区嵌入式服务设施" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const place = { districtCode: community.district.code, streetCode: community.street.code, communityCode: community.code };
  return {
    community: { code: community.code, name: community.name, isDemoData: community.isDemoData },
    page: await loadProjectsPage(db, place, user),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const form = await request.formData();
  // Creating needs the worker; dropping and restoring the worker or the street's reviewer: the use cases decide.
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form, clientIp: context.clientIp });
  // Which item's form the answer belongs to (null: the new-project form).
  const item = { itemId: typeof form.get("itemId") === "string" ? String(form.get("itemId")) : null };
  const parsed = ProjectsIndexFormSchema.safeParse(formToObject(form, PROJECT_ARRAY_FIELDS));
  if (!parsed.success) return invalidForm(parsed.error, item, fieldErrors(parsed.error).intent ?? null);
  const input = parsed.data;
  const change = { actor: user, ip: context.clientIp };
  if (input.intent === "create") {
    const outcome = await createProject(db, change, { communityCode: community.code, itemIds: input.itemIds, name: input.name, hubForm: input.hubForm });
    if (!outcome.ok) return failed(outcome, item);
    return redirect(`/communities/${community.code}/projects/${outcome.projectId}?created=1`);
  }
  if (input.intent === "drop") {
    const outcome = await dropGapItem(db, change, { communityCode: community.code, itemId: input.itemId, reason: input.reason });
    return outcome.ok ? done(`已撤销：${outcome.title}。撤销的事项会转入下一轮。`, item) : failed(outcome, item);
  }
  const outcome = await restoreGapItem(db, change, { communityCode: community.code, itemId: input.itemId });
  return outcome.ok ? done(`已恢复：${outcome.title}。`, item) : failed(outcome, item);
}

export default function ProjectsPage() {
  const { community, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const base = `/communities/${community.code}`;
  const free = page.items.filter((i) => !i.project && !i.drop);
  const createErrors = actionData && !actionData.ok && actionData.itemId === null ? actionData.errors : {};
  const overdue = page.projects.flatMap((p) => p.overdue.map((m) => ({ project: p, m })));

  return (
    <>
      <section className="panel" aria-labelledby="projects-heading">
        <div className="panel__head">
          <h2 id="projects-heading">
            建设项目 <DemoBadge show={community.isDemoData || page.projects.some((p) => p.isDemoData)} />
          </h2>
          <div className="link-row">
            <Link to={`${base}/cycle`}>体检流程</Link>
            <Link to={`${base}/operations`}>运营反馈</Link>
            <Link to={`${base}/cycle/summary`}>本轮总结</Link>
          </div>
        </div>
        {page.cycle ? (
          <p>
            {page.cycle.year} 年第 {page.cycle.round} 轮体检，当前阶段：<strong>{STAGE_LABELS[page.cycle.stage]}</strong>。
            通过审核的清单事项编入建设项目（一项一个项目，或多项合并为一个民生幸福共同体项目），按 立项 → 设计 → 开工 → 竣工 → 验收 → 开放运营 跟踪；
            验收须对照通过的清单逐项进行（四(三)），每个通过的事项都要验收通过或写明理由撤销。
          </p>
        ) : (
          <p className="empty">该社区还没有体检周期。</p>
        )}
        <ul className="counts" aria-label="本轮项目概况">
          <li>项目 {page.facts.projectCount} 个</li>
          <li>未竣工 {page.facts.unfinishedProjects} 个</li>
          <li>待验收或待说明的通过事项 {page.facts.unresolvedItems} 项</li>
          <li className={overdue.length ? "overdue" : undefined}>逾期节点 {overdue.length} 个</li>
        </ul>
        <p className="muted">推进流程（完成建设计划、完成建设实施、完成验收）请到“体检流程”页操作；系统会按以上数字判断能否进入下一阶段。</p>
        <ActionMessage result={actionData} />
      </section>

      {page.projects.length ? (
        <Section id="timeline-heading" title="进度时间轴">
          <Gantt rows={projectGanttRows(community.code, page.projects)} today={page.today} caption={`第 ${page.cycle?.round ?? ""} 轮建设项目：计划与实际`} />
          {overdue.length ? (
            <>
              <h3>逾期节点</h3>
              <ul>
                {overdue.map(({ project, m }) => (
                  <li key={`${project.id}-${m.milestone}`} className="overdue">
                    <Link to={`${base}/projects/${project.id}`}>{project.name}</Link>：{MILESTONE_LABELS[m.milestone]}计划 {m.plannedDate}，已逾期 {m.daysOverdue} 天
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </Section>
      ) : null}

      <Section id="items-heading" title="通过审核的清单事项">
        {page.listStatus !== "approved" ? (
          <p className="empty">本轮查漏补缺清单尚未审核通过。{page.cycle ? <Link to={`${base}/gaplist`}>查看清单</Link> : null}</p>
        ) : page.items.length === 0 ? (
          <p className="empty">清单中没有通过审核的事项。</p>
        ) : (
          <>
            {page.canCreate ? <p id="pick-help">勾选一个事项新建单项项目；勾选多个事项则合并为一个民生幸福共同体项目。</p> : null}
            {page.createBlockedBecause ? <p className="muted">暂不能新建项目：{page.createBlockedBecause}</p> : null}
            <Table
              caption={`通过审核的事项（${page.items.length} 项，其中未编入项目 ${free.length} 项）`}
              rows={page.items}
              rowKey={(item) => item.id}
              columns={[
                {
                  header: "事项",
                  rowHeader: true,
                  cell: (item) =>
                    page.canCreate && !item.project && !item.drop ? (
                      <label className="item-pick">
                        <input type="checkbox" name="itemIds" value={item.id} form="create-project" aria-describedby="pick-help" />
                        <span>
                          第 {item.position} 项 {item.title}
                        </span>
                      </label>
                    ) : (
                      <>
                        第 {item.position} 项 {item.title}
                      </>
                    ),
                },
                { header: "面积（m²）", numeric: true, cell: (item) => formatNumber(item.targetAreaM2) },
                { header: "估算投资（元）", numeric: true, cell: (item) => formatNumber(Math.round(item.estimatedCost)) },
                {
                  header: "状态",
                  cell: (item) =>
                    item.drop ? (
                      <>
                        <strong>已撤销</strong>：{item.drop.reason}
                        <span className="muted">
                          （{item.drop.droppedByName ?? "—"}，{formatDateTime(item.drop.droppedAt)}）
                        </span>
                      </>
                    ) : item.project ? (
                      <>
                        已编入 <Link to={`${base}/projects/${item.project.id}`}>{item.project.name}</Link>{" "}
                        <span className={`project-status project-status--${item.project.status}`}>{PROJECT_STATUS_LABELS[item.project.status]}</span>
                      </>
                    ) : (
                      "未编入项目"
                    ),
                },
                page.canDrop && {
                  header: "撤销",
                  cell: (item) =>
                    item.accepted ? (
                      <span className="muted">已验收通过</span>
                    ) : item.drop ? (
                      <Form method="post">
                        <CsrfField />
                        <input type="hidden" name="itemId" value={item.id} />
                        <button type="submit" name="intent" value="restore" className="button button--secondary" disabled={busy}>
                          恢复第 {item.position} 项
                        </button>
                      </Form>
                    ) : (
                      <details>
                        <summary>撤销第 {item.position} 项…</summary>
                        <Form method="post">
                          <CsrfField />
                          <input type="hidden" name="itemId" value={item.id} />
                          <div className="field">
                            <label htmlFor={`reason-${item.id}`}>第 {item.position} 项撤销理由</label>
                            <textarea
                              id={`reason-${item.id}`}
                              name="reason"
                              rows={2}
                              maxLength={500}
                              required
                              {...fieldProps("reason", actionData?.itemId === item.id ? actionData.errors : {})}
                            />
                            <FieldError name="reason" errors={actionData?.itemId === item.id ? actionData.errors : {}} />
                          </div>
                          <button type="submit" name="intent" value="drop" className="button button--secondary" disabled={busy}>
                            确认撤销第 {item.position} 项
                          </button>
                        </Form>
                      </details>
                    ),
                },
              ]}
            />
            {page.canCreate && free.length ? (
              <Form method="post" id="create-project" className="form-grid" aria-labelledby="create-heading">
                <h3 id="create-heading" className="field--wide">
                  新建项目
                </h3>
                <CsrfField />
                <ErrorSummary errors={Object.fromEntries(Object.entries(createErrors).filter(([k]) => k === "itemIds" || k === "_form"))} />
                <TextField name="name" label="项目名称" errors={createErrors} required maxLength={60} placeholder={`如：${community.name}老年食堂`} />
                <CodeSelectField name="hubForm" label="共同体形态（合并多个事项时必选）" codes={HUB_FORMS} labels={HUB_FORM_LABELS} defaultValue="" emptyLabel="不合并（单项项目）" errors={createErrors} />
                <SubmitRow intent="create" busy={busy}>
                  新建项目
                </SubmitRow>
              </Form>
            ) : null}
          </>
        )}
      </Section>

      {page.projects.length ? (
        <Section id="list-heading" title="本轮项目">
          <ProjectTable code={community.code} projects={page.projects} caption={`第 ${page.cycle?.round ?? ""} 轮建设项目（${page.projects.length} 个）`} />
        </Section>
      ) : null}

      {page.earlierRounds.map((r) => (
        <section key={r.round} className="panel" aria-labelledby={`round-${r.round}`}>
          <h2 id={`round-${r.round}`}>
            第 {r.round} 轮（{r.year} 年，已完成）的项目
          </h2>
          <ProjectTable code={community.code} projects={r.projects} caption={`第 ${r.round} 轮建设项目（只读）`} />
        </section>
      ))}
    </>
  );
}

function ProjectTable({ code, projects, caption }: { code: string; projects: readonly ProjectSummary[]; caption: string }) {
  return (
    <Table
      caption={caption}
      rows={projects}
      rowKey={(p) => p.id}
      columns={[
        {
          header: "项目",
          rowHeader: true,
          cell: (p) => (
            <>
              <Link to={`/communities/${code}/projects/${p.id}`}>{p.name}</Link>
              <span className="muted">（{APPROACH_LABELS[p.approach]}）</span>
            </>
          ),
        },
        { header: "类型", cell: (p) => `${PROJECT_KIND_LABELS[p.kind]}${p.hubForm ? `·${HUB_FORM_LABELS[p.hubForm]}` : ""}` },
        {
          header: "状态",
          cell: (p) => (
            <>
              <span className={`project-status project-status--${p.status}`}>{PROJECT_STATUS_LABELS[p.status]}</span>
              {p.overdue.length ? <span className="overdue">（逾期 {p.overdue.length} 个节点）</span> : null}
            </>
          ),
        },
        {
          header: "总体进度",
          numeric: true,
          cell: (p) => (
            <>
              <span className="meter" aria-hidden="true">
                <span style={{ width: `${p.progress}%` }} />
              </span>
              {p.progress}%
            </>
          ),
        },
        { header: "总投资（元）", numeric: true, cell: (p) => formatNumber(Math.round(p.budgetTotal)) },
        { header: "已支出（元）", numeric: true, cell: (p) => formatNumber(Math.round(p.spent)) },
      ]}
    />
  );
}

export const ErrorBoundary = RouteErrorBoundary;
