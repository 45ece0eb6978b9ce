// One construction project: its plan (site, approach, areas, budget and funding, operation,
// 四同步, planned dates), its milestones with actual dates, progress, spending and notes, its
// photos and documents, and the street's 验收 against the approved items.
import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { functionShortLabel } from "../../workflows/gap-list";
import {
  ACCEPTANCE_LABELS,
  APPROACH_LABELS,
  FOUR_SYNC_LABELS,
  FOUR_SYNC_STEPS,
  HUB_FORM_LABELS,
  type Milestone,
  MILESTONE_LABELS,
  MILESTONES,
  OPERATING_MODEL_LABELS,
  PRICING_LABELS,
  PROJECT_KIND_LABELS,
  PROJECT_STATUS_LABELS,
  SERVICE_LEVEL_LABELS,
  STAGE_LABELS,
} from "../../workflows/glossary";
import { fundingText } from "../../workflows/projects";
import { ActionMessage } from "../components/action-message";
import { Facts } from "../components/account-fields";
import { DemoBadge } from "../components/demo-badge";
import { ProjectAcceptance } from "../components/project-acceptance";
import { ProjectFiles } from "../components/project-files";
import { ProjectMilestones } from "../components/project-milestones";
import { ProjectPlanForm } from "../components/project-plan-form";
import { RouteErrorBoundary } from "../components/route-error";
import { db } from "../lib/db.server";
import { readUploadForm } from "../lib/upload-form.server";
import { formatNumber } from "../lib/format";
import { done, failed, invalid, notFound } from "../lib/http.server";
import { requireCommunity } from "../lib/places.server";
import { uploadAttachment, removeAttachment } from "../lib/project-attachments.server";
import { loadProjectPage } from "../lib/project-pages.server";
import { acceptProject, recordMilestoneNote, recordProgress, updateProjectPlan } from "../lib/projects.server";
import projectStyles from "../styles/projects.css";
import { fieldErrors, formToObject } from "../validation/form";
import { nestPlanFields, PROJECT_ARRAY_FIELDS, ProjectFormSchema, unprefixPlanErrors } from "../validation/projects";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: projectStyles }];

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.page.project.name ?? "建设项目"} · 社区嵌入式服务设施` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, community } = await requireCommunity(request, params.code, "view:place");
  const place = {
    districtCode: community.district.code,
    streetCode: community.street.code,
    communityCode: community.code,
    developmentType: community.developmentType,
  };
  const page = await loadProjectPage(db, place, params.id ?? "", user);
  if (!page) throw notFound("找不到该项目。");
  return { community: { code: community.code, name: community.name, isDemoData: community.isDemoData }, page };
}

/** Which form the answer belongs to, so its errors show next to it. */
type FormKey = { intent: string | null; milestone: Milestone | null };

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Who is asking, and about a community they may see, is settled before a large body is read.
  await requireCommunity(request, params.code, "view:place");
  const form = await readUploadForm(request);
  if (!form) return invalid<FormKey>({ file: "文件超过 10 MB" }, { intent: "upload", milestone: null }, "文件超过 10 MB，请压缩后再上传。");
  // Who may change what is decided by each use case; a note may come from the worker or the street's reviewer.
  const { user, community } = await requireCommunity(request, params.code, "view:place", { form, clientIp: context.clientIp });
  const sent = form.get("milestone");
  const key: FormKey = {
    intent: typeof form.get("intent") === "string" ? String(form.get("intent")) : null,
    milestone: MILESTONES.find((m) => m === sent) ?? null,
  };
  const parsed = ProjectFormSchema.safeParse(nestPlanFields(formToObject(form, PROJECT_ARRAY_FIELDS)));
  if (!parsed.success) {
    const errors = unprefixPlanErrors(fieldErrors(parsed.error));
    return invalid(errors, key, errors.intent ?? "请检查标出的项目。");
  }
  const input = parsed.data;
  const change = { actor: user, ip: context.clientIp };
  const at = { communityCode: community.code, projectId: params.id ?? "" };
  switch (input.intent) {
    case "plan": {
      const outcome = await updateProjectPlan(db, change, { ...at, expectedVersion: input.version, fields: input.plan });
      return outcome.ok ? done("已保存项目计划。", key) : failed(outcome, key);
    }
    case "progress": {
      const { intent: _intent, version, ...progress } = input;
      const outcome = await recordProgress(db, change, { ...at, expectedVersion: version, ...progress });
      return outcome.ok ? done(`已记录“${MILESTONE_LABELS[input.milestone]}”的进度。`, key) : failed(outcome, key);
    }
    case "note": {
      const outcome = await recordMilestoneNote(db, change, { ...at, expectedVersion: input.version, milestone: input.milestone, note: input.note });
      return outcome.ok ? done(`已保存“${MILESTONE_LABELS[input.milestone]}”的备注。`, key) : failed(outcome, key);
    }
    case "accept": {
      const { intent: _intent, version, ...acceptance } = input;
      const outcome = await acceptProject(db, change, { ...at, expectedVersion: version, ...acceptance });
      if (!outcome.ok) return failed(outcome, key);
      return done(
        outcome.result === "fail"
          ? "验收结论：不通过。整改后可重新验收，或在“建设项目”页写明理由撤销相关事项。"
          : `验收结论：${ACCEPTANCE_LABELS[outcome.result]}。${outcome.facilities.length ? `已将 ${outcome.facilities.join("、")} 加入本社区设施清单。` : ""}`,
        key,
      );
    }
    case "upload": {
      const file = form.get("file");
      if (!(file instanceof File) || !file.name) return invalid({ file: "请选择要上传的文件" }, key, "请选择要上传的文件。");
      const outcome = await uploadAttachment(db, change, { ...at, milestone: input.milestone, fileName: file.name, data: new Uint8Array(await file.arrayBuffer()) });
      return outcome.ok ? done(`已上传：${outcome.name}`, key) : failed(outcome, key);
    }
    case "removeFile": {
      const outcome = await removeAttachment(db, change, { ...at, fileId: input.fileId });
      return outcome.ok ? done(`已删除附件：${outcome.name}`, key) : failed(outcome, key);
    }
  }
}

export default function ProjectPage() {
  const { community, page } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const busy = navigation.state === "submitting";
  const { project, summary, rights } = page;
  const base = `/communities/${community.code}`;
  const errorsFor = (intent: string, milestone: Milestone | null = null) =>
    actionData && !actionData.ok && actionData.intent === intent && (milestone === null || actionData.milestone === milestone) ? actionData.errors : {};
  const unset = "（未填写）";
  const facts: [string, string][] = [
    ["选址", project.site ?? unset],
    ["空间来源", project.spaceSource ?? unset],
    [
      "计划功能与面积",
      `${project.functions.map((f) => `${functionShortLabel(f.function)} ${formatNumber(f.areaM2)} m²`).join("；")}（合计 ${formatNumber(project.plannedAreaM2)} m²）`,
    ],
    ["总投资", `${formatNumber(Math.round(project.budgetTotal))} 元`],
    ["资金来源", fundingText(project.funding)],
    ["运营主体", project.operator ?? unset],
    ["运营模式 · 收费", `${project.operatingModel ? OPERATING_MODEL_LABELS[project.operatingModel] : unset} · ${project.pricing ? PRICING_LABELS[project.pricing] : unset}`],
    ["服务属性", SERVICE_LEVEL_LABELS[project.serviceLevel]],
  ];
  if (page.showsFourSync) facts.push(["四同步", FOUR_SYNC_STEPS.map((s) => `${FOUR_SYNC_LABELS[s]}${project.fourSync?.[s] ? "✓" : "—"}`).join(" ")]);

  return (
    <>
      <p>
        <Link to={`${base}/projects`}>← 建设项目</Link>
      </p>
      <section className="panel" aria-labelledby="project-heading">
        <h2 id="project-heading">
          {project.name} <span className={`project-status project-status--${project.status}`}>{PROJECT_STATUS_LABELS[project.status]}</span>{" "}
          <DemoBadge show={project.isDemoData} />
        </h2>
        <p>
          {PROJECT_KIND_LABELS[project.kind]}
          {project.hubForm ? `（${HUB_FORM_LABELS[project.hubForm]}）` : ""}，{APPROACH_LABELS[project.approach]}；{page.cycle.year} 年第 {page.cycle.round} 轮
          {page.cycle.isCurrent ? `，当前阶段：${STAGE_LABELS[page.cycle.stage]}` : "（已结束，只读）"}。总体进度 {summary.progress}%。
        </p>
        {params.get("created") && !actionData ? (
          <p className="notice notice--info" role="status">
            项目已建立。请填写选址、运营主体、资金来源和各节点的计划日期，保存项目计划。
          </p>
        ) : null}
        {summary.overdue.length ? (
          <p className="notice" role="note">
            <strong>逾期节点：</strong>
            {summary.overdue.map((m) => `${m.label}（计划 ${m.plannedDate}，已逾期 ${m.daysOverdue} 天）`).join("；")}
          </p>
        ) : null}
        <ActionMessage result={actionData} />
        <Facts items={facts} />
        {page.hubNote ? <p className={page.hubNote.met ? "muted" : "notice"}>{page.hubNote.message}</p> : null}
        <h3>对应的清单事项</h3>
        <ul>
          {page.items.map((i) => (
            <li key={i.id}>
              第 {i.position} 项 {i.title}
              {i.dropped ? <strong>（已撤销：{i.dropped.reason}）</strong> : null}
            </li>
          ))}
        </ul>
      </section>

      {rights.plan ? <ProjectPlanForm project={project} milestones={summary.milestones} showsFourSync={page.showsFourSync} errors={errorsFor("plan")} busy={busy} /> : null}
      <ProjectMilestones
        version={project.version}
        milestones={summary.milestones}
        rights={rights}
        today={page.today}
        errorsOf={(m) => errorsFor(rights.progress ? "progress" : "note", m)}
        busy={busy}
      />
      <ProjectFiles projectHref={`${base}/projects/${project.id}`} attachments={page.attachments} canUpload={rights.upload} errors={errorsFor("upload")} busy={busy} />
      <ProjectAcceptance communityHref={base} page={page} errors={errorsFor("accept")} busy={busy} />
    </>
  );
}

export const ErrorBoundary = RouteErrorBoundary;
