// Scenario 5 in the services: from 清波门社区's approved list to projects, milestones,
// acceptance (one passed, one failed and dropped), operating figures, the flag, and the next
// round carrying it over — plus who may do what, stale versions and the guards' facts.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { gatherCycleFacts } from "../../app/lib/cycle-facts.server";
import { sendCycleEvent } from "../../app/lib/cycles.server";
import { todayInHangzhou } from "../../db/clock";
import { recordOperatingMonth, reviewCommunityFacilities } from "../../app/lib/operations.server";
import type { Actor } from "../../workflows/permissions";
import { removeAttachment, uploadAttachment } from "../../app/lib/project-attachments.server";
import { attachmentOfCommunity, listOverdueMilestones, loadProjectsPage } from "../../app/lib/project-pages.server";
import {
  acceptProject,
  createProject,
  dropGapItem,
  recordMilestoneNote,
  recordProgress,
  restoreGapItem,
  STALE_PROJECT_MESSAGE,
  updateProjectPlan,
} from "../../app/lib/projects.server";
import { buildRanking, rankingFacts } from "../../app/lib/rankings.server";
import { carryOverOf, loadRoundSummary } from "../../app/lib/round-summary.server";
import { readUpload } from "../../app/lib/uploads.server";
import type { ProjectPlanFields } from "../../app/validation/projects";
import { findCurrentCycle, listCycles } from "../../db/repositories/cycles";
import { listFacilities } from "../../db/repositories/facilities";
import { findProject, listMilestones } from "../../db/repositories/projects";
import { restoreCycle } from "../../workflows/community-cycle";
import { MILESTONES, type Milestone } from "../../workflows/glossary";
import { addDays } from "../../workflows/projects";
import { databasePerTest } from "../support/database";
import { useTemporaryUploadDir } from "../support/uploads";
import { approveQingbomenList, QINGBOMEN, QINGBO_STREET } from "./approved-list";

const t = databasePerTest();
const uploads = useTemporaryUploadDir();

const today = todayInHangzhou();
const PLACE = { districtCode: "330102", streetCode: QINGBO_STREET, communityCode: QINGBOMEN };
const otherReviewer: Actor = { id: "r-other", role: "street_reviewer", scopeCode: "330102003" };
const districtAdmin: Actor = { id: "d", role: "district_admin", scopeCode: "330102" };

async function cycleVersion() {
  return (await findCurrentCycle(t.db, QINGBOMEN))!.version;
}

async function move(actor: Actor, type: "COMPLETE_PLANNING" | "COMPLETE_CONSTRUCTION" | "COMPLETE_ACCEPTANCE" | "CLOSE_ROUND") {
  return sendCycleEvent(t.db, { actor, ip: null }, { communityCode: QINGBOMEN, expectedVersion: await cycleVersion(), command: { type } });
}

async function versionOf(projectId: string) {
  return (await findProject(t.db, projectId))!.version;
}

/** Records every milestone up to `last` with actual dates `days` apart, ending `endDaysAgo` days ago. */
async function recordUpTo(worker: Actor, projectId: string, last: Milestone, endDaysAgo = 5) {
  const upTo = MILESTONES.indexOf(last);
  for (let i = 0; i <= upTo; i++) {
    const result = await recordProgress(
      t.db,
      { actor: worker, ip: null },
      { communityCode: QINGBOMEN, projectId, expectedVersion: await versionOf(projectId), milestone: MILESTONES[i], actualDate: addDays(today, -endDaysAgo - (upTo - i) * 10), progressPct: 100, spent: 10_000, note: null },
    );
    expect(result, MILESTONES[i]).toMatchObject({ ok: true });
  }
}

function planFields(project: NonNullable<Awaited<ReturnType<typeof findProject>>>, changes: Partial<ProjectPlanFields> = {}): ProjectPlanFields {
  const planned = Object.fromEntries(MILESTONES.map((m, i) => [m, addDays(today, -200 + i * 30)])) as Record<Milestone, string>;
  return {
    name: project.name,
    hubForm: project.hubForm,
    site: "清波街 12 号",
    spaceSource: "腾退办公用房",
    approach: project.approach,
    areas: Object.fromEntries(project.functions.map((f) => [f.function, f.areaM2])) as ProjectPlanFields["areas"],
    budgetTotal: project.budgetTotal,
    funding: { central_budget: 0, special_bonds: 0, city_budget: 0, district_budget: project.budgetTotal, social_capital: 0 },
    operator: "清波街道居家养老服务中心",
    operatingModel: project.operatingModel ?? "public_built_private_run",
    pricing: project.pricing ?? "low_cost",
    serviceLevel: project.serviceLevel,
    fourSync: [],
    planned,
    ...changes,
  };
}

/** Two projects from the approved list: item 1 alone, items 2 and 3 as a 共同体; the rest dropped. */
async function twoProjects() {
  const approved = await approveQingbomenList(t.db, 3);
  const { worker, items } = approved;
  const who = { actor: worker, ip: null };
  const single = await createProject(t.db, who, { communityCode: QINGBOMEN, itemIds: [items[0].id], name: "清波门老年食堂", hubForm: null });
  const hub = await createProject(t.db, who, { communityCode: QINGBOMEN, itemIds: [items[1].id, items[2].id], name: "清波门民生幸福共同体", hubForm: "clustered" });
  if (!single.ok || !hub.ok) throw new Error(JSON.stringify({ single, hub }));
  for (const extra of items.slice(3)) {
    expect(await dropGapItem(t.db, who, { communityCode: QINGBOMEN, itemId: extra.id, reason: "并入下一轮统筹" })).toMatchObject({ ok: true });
  }
  for (const id of [single.projectId, hub.projectId]) {
    const project = (await findProject(t.db, id))!;
    expect(await updateProjectPlan(t.db, who, { communityCode: QINGBOMEN, projectId: id, expectedVersion: project.version, fields: planFields(project) })).toMatchObject({ ok: true });
  }
  return { ...approved, singleId: single.projectId, hubId: hub.projectId, who };
}

describe("planning: approved items become projects", () => {
  it("one item as a project, several as a 民生幸福共同体 project; an item is built once", async () => {
    const { worker, items } = await approveQingbomenList(t.db, 3);
    const who = { actor: worker, ip: null };
    const cycle = (await findCurrentCycle(t.db, QINGBOMEN))!;
    expect(cycle.stage).toBe("planning");
    expect(await gatherCycleFacts(t.db, cycle)).toMatchObject({ projectCount: 0, unfinishedProjects: 0, unresolvedItems: items.length, unplannedItems: items.length });
    expect(await move(worker, "COMPLETE_PLANNING")).toMatchObject({ ok: false, message: "请先把通过的清单事项编入建设项目" });

    const noForm = await createProject(t.db, who, { communityCode: QINGBOMEN, itemIds: [items[1].id, items[2].id], name: "共同体", hubForm: null });
    expect(noForm).toMatchObject({ ok: false, status: 400, errors: { hubForm: expect.any(String) } });

    const single = await createProject(t.db, who, { communityCode: QINGBOMEN, itemIds: [items[0].id], name: "清波门老年食堂", hubForm: null });
    expect(await gatherCycleFacts(t.db, cycle)).toMatchObject({ unplannedItems: items.length - 1 });
    const hub = await createProject(t.db, who, { communityCode: QINGBOMEN, itemIds: [items[1].id, items[2].id], name: "清波门民生幸福共同体", hubForm: "clustered" });
    expect(single.ok && hub.ok).toBe(true);
    if (!single.ok || !hub.ok) return;
    const project = (await findProject(t.db, hub.projectId))!;
    expect(project).toMatchObject({ kind: "hub", hubForm: "clustered", status: "planned", version: 1 });
    expect(project.functions.map((f) => f.gapItemId)).toEqual([items[1].id, items[2].id]);
    expect(project.budgetTotal).toBe(Math.round(items[1].estimatedCost + items[2].estimatedCost));
    expect(Object.values(project.funding).reduce((a, b) => a + (b ?? 0), 0)).toBe(project.budgetTotal);
    expect((await listMilestones(t.db, [project.id])).get(project.id)).toHaveLength(6);

    const again = await createProject(t.db, who, { communityCode: QINGBOMEN, itemIds: [items[0].id], name: "重复", hubForm: null });
    expect(again).toMatchObject({ ok: false, status: 409 });
    const facts = await gatherCycleFacts(t.db, (await findCurrentCycle(t.db, QINGBOMEN))!);
    expect(facts).toMatchObject({ projectCount: 2, unfinishedProjects: 2, unplannedItems: items.length - 3 });
    expect(await move(worker, "COMPLETE_PLANNING")).toMatchObject({ ok: true });
    const audit = await t.db.selectFrom("audit_log").select("action").where("action", "=", "project.create").execute();
    expect(audit).toHaveLength(2);
  });

  it("two workers creating a project from the same item at once: one wins, the other is told (409)", async () => {
    const { worker, items } = await approveQingbomenList(t.db, 1);
    const who = { actor: worker, ip: null };
    const results = await Promise.all([
      createProject(t.db, who, { communityCode: QINGBOMEN, itemIds: [items[0].id], name: "甲", hubForm: null }),
      createProject(t.db, who, { communityCode: QINGBOMEN, itemIds: [items[0].id], name: "乙", hubForm: null }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toMatchObject({ status: 409 });
  });

  it("the plan is saved with `WHERE version = ?`: a stale form gets 409", async () => {
    const { singleId, who } = await twoProjects();
    const project = (await findProject(t.db, singleId))!;
    const stale = await updateProjectPlan(t.db, who, { communityCode: QINGBOMEN, projectId: singleId, expectedVersion: project.version - 1, fields: planFields(project) });
    expect(stale).toMatchObject({ ok: false, status: 409, message: STALE_PROJECT_MESSAGE });
    const saved = (await listMilestones(t.db, [singleId])).get(singleId)!;
    expect(saved.map((m) => m.plannedDate)).toEqual(MILESTONES.map((_, i) => addDays(today, -200 + i * 30)));
    expect(project).toMatchObject({ site: "清波街 12 号", operator: "清波街道居家养老服务中心" });
  });
});

describe("tracking: who records progress, in what order", () => {
  it("the worker records milestones in order; the street's reviewer may only add notes; others get 403", async () => {
    const { worker, reviewer, singleId, who } = await twoProjects();
    const at = (milestone: Milestone, actualDate: string | null) => ({
      communityCode: QINGBOMEN,
      projectId: singleId,
      milestone,
      actualDate,
      progressPct: 50,
      spent: 0,
      note: null,
    });
    const skipped = await recordProgress(t.db, who, { ...at("designed", addDays(today, -30)), expectedVersion: await versionOf(singleId) });
    expect(skipped).toMatchObject({ ok: false, status: 400, message: "请先填写“立项”的实际完成日期" });
    const future = await recordProgress(t.db, who, { ...at("approved", addDays(today, 3)), expectedVersion: await versionOf(singleId) });
    expect(future).toMatchObject({ ok: false, status: 400 });
    expect(await recordProgress(t.db, who, { ...at("approved", addDays(today, -40)), expectedVersion: await versionOf(singleId) })).toMatchObject({ ok: true });

    for (const actor of [reviewer, otherReviewer, districtAdmin]) {
      const refused = await recordProgress(t.db, { actor, ip: null }, { ...at("designed", addDays(today, -30)), expectedVersion: await versionOf(singleId) });
      expect(refused).toMatchObject({ ok: false, status: 403 });
    }
    const note = await recordMilestoneNote(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, projectId: singleId, expectedVersion: await versionOf(singleId), milestone: "approved", note: "街道已现场查看" });
    expect(note).toMatchObject({ ok: true });
    expect(await recordMilestoneNote(t.db, { actor: otherReviewer, ip: null }, { communityCode: QINGBOMEN, projectId: singleId, expectedVersion: await versionOf(singleId), milestone: "approved", note: "x" })).toMatchObject({ status: 403 });
    const approvedMilestone = (await listMilestones(t.db, [singleId])).get(singleId)!.find((m) => m.milestone === "approved")!;
    expect(approvedMilestone).toMatchObject({ actualDate: addDays(today, -40), progressPct: 100, note: "街道已现场查看" });
    expect((await findProject(t.db, singleId))!.status).toBe("planned");
    void worker;
  });

  it("planned dates in the past without an actual date are overdue, for the street and the district", async () => {
    const { singleId, hubId } = await twoProjects();
    const street = await listOverdueMilestones(t.db, { level: "street", code: QINGBO_STREET }, today);
    const ours = street.filter((r) => r.communityCode === QINGBOMEN);
    // Planned dates run from 200 days ago in 30-day steps, the last 50 days ago: all six are overdue.
    expect(ours.filter((r) => r.projectId === singleId).map((r) => r.milestone)).toEqual([...MILESTONES]);
    expect(ours.find((r) => r.projectId === hubId && r.milestone === "approved")).toMatchObject({ daysOverdue: 200, label: "立项" });
    const district = await listOverdueMilestones(t.db, { level: "district", code: "330102" }, today);
    expect(district.filter((r) => r.communityCode === QINGBOMEN)).toHaveLength(ours.length);
  });

  it("attachments are checked by their bytes, stored under UPLOAD_DIR and found only through their community", async () => {
    const { singleId, who, reviewer } = await twoProjects();
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0a1b1c50000000049454e44ae426082", "hex");
    const refused = await uploadAttachment(t.db, who, { communityCode: QINGBOMEN, projectId: singleId, milestone: "started", fileName: "现场.png", data: Buffer.from("not an image") });
    expect(refused).toMatchObject({ ok: false, status: 400 });
    const renamed = await uploadAttachment(t.db, who, { communityCode: QINGBOMEN, projectId: singleId, milestone: "started", fileName: "现场.pdf", data: png });
    expect(renamed).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("扩展名") });
    expect(await uploadAttachment(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, projectId: singleId, milestone: "started", fileName: "现场.png", data: png })).toMatchObject({ status: 403 });
    expect(await uploadAttachment(t.db, who, { communityCode: QINGBOMEN, projectId: singleId, milestone: "started", fileName: "../../现场.png", data: png })).toMatchObject({ ok: true, name: "现场.png" });
    const row = await t.db.selectFrom("project_attachments").selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ content_type: "image/png", size_bytes: png.length, milestone: "started" });
    expect(row.stored_name).toMatch(/^[0-9a-f]{32}\.png$/);
    expect(await readUpload(row.stored_name)).toEqual(png);
    expect(fs.existsSync(path.join(uploads(), row.stored_name.slice(0, 2), row.stored_name))).toBe(true);
    expect(await attachmentOfCommunity(t.db, QINGBOMEN, singleId, row.id)).not.toBeNull();
    expect(await attachmentOfCommunity(t.db, "330102001052", singleId, row.id)).toBeNull();
    expect(await removeAttachment(t.db, who, { communityCode: QINGBOMEN, projectId: singleId, fileId: row.id })).toMatchObject({ ok: true });
    expect(await readUpload(row.stored_name)).toBeNull();
  });
});

describe("acceptance against the approved list, and what the round hands on", () => {
  it("scenario 5 end to end: accept one, fail and drop the other, enter figures, close with the flag carried over", async () => {
    const { worker, reviewer, singleId, hubId, who, items } = await twoProjects();
    expect(await move(worker, "COMPLETE_PLANNING")).toMatchObject({ ok: true });
    await recordUpTo(worker, singleId, "designed");
    expect(await move(worker, "COMPLETE_CONSTRUCTION")).toMatchObject({ ok: false, message: "还有 2 个项目未竣工" });

    const early = await acceptProject(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, projectId: singleId, expectedVersion: await versionOf(singleId), result: "pass", actualAreaM2: 500, functionsPresent: [items[0].function], remarks: null });
    expect(early).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("尚未竣工") });
    await recordUpTo(worker, singleId, "opened", 100);
    await recordUpTo(worker, hubId, "opened", 2);
    expect((await findProject(t.db, singleId))!.status).toBe("completed");
    expect(await move(worker, "COMPLETE_CONSTRUCTION")).toMatchObject({ ok: true });

    const single = (await findProject(t.db, singleId))!;
    const byWorker = await acceptProject(t.db, who, { communityCode: QINGBOMEN, projectId: singleId, expectedVersion: single.version, result: "pass", actualAreaM2: single.plannedAreaM2, functionsPresent: [items[0].function], remarks: null });
    expect(byWorker).toMatchObject({ ok: false, status: 403 });
    const short = await acceptProject(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, projectId: singleId, expectedVersion: single.version, result: "pass", actualAreaM2: single.plannedAreaM2 / 2, functionsPresent: [items[0].function], remarks: null });
    expect(short).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("建设面积达到计划") });
    const facilitiesBefore = (await listFacilities(t.db, QINGBOMEN)).length;
    const passed = await acceptProject(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, projectId: singleId, expectedVersion: single.version, result: "pass", actualAreaM2: single.plannedAreaM2, functionsPresent: [items[0].function], remarks: null });
    expect(passed).toMatchObject({ ok: true, result: "pass", facilities: ["清波门老年食堂"] });
    const facilities = await listFacilities(t.db, QINGBOMEN);
    expect(facilities).toHaveLength(facilitiesBefore + 1);
    const built = facilities.find((f) => f.name === "清波门老年食堂")!;
    expect(built).toMatchObject({ status: "operating", functions: [items[0].function], areaM2: single.plannedAreaM2, operator: "清波街道居家养老服务中心" });
    expect((await findProject(t.db, singleId))!).toMatchObject({ status: "operating", facilityIds: [built.id] });

    const hub = (await findProject(t.db, hubId))!;
    const noRemarks = await acceptProject(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, projectId: hubId, expectedVersion: hub.version, result: "fail", actualAreaM2: 0, functionsPresent: [], remarks: null });
    expect(noRemarks).toMatchObject({ ok: false, status: 400 });
    const failed = await acceptProject(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, projectId: hubId, expectedVersion: hub.version, result: "fail", actualAreaM2: 40, functionsPresent: [], remarks: "消防验收未通过，需整改" });
    expect(failed).toMatchObject({ ok: true, result: "fail", facilities: [] });
    expect((await listFacilities(t.db, QINGBOMEN)).length).toBe(facilitiesBefore + 1);

    // The failed 共同体's two items are neither accepted nor dropped: 验收 cannot complete.
    expect(await move(reviewer, "COMPLETE_ACCEPTANCE")).toMatchObject({ ok: false, message: "还有 2 个通过的事项既未验收也未说明理由撤销" });
    for (const item of [items[1], items[2]]) {
      expect(await dropGapItem(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, itemId: item.id, reason: "验收不通过，整改后纳入下一轮" })).toMatchObject({ ok: true });
    }
    expect(await dropGapItem(t.db, who, { communityCode: QINGBOMEN, itemId: items[0].id, reason: "x" })).toMatchObject({ ok: false, status: 409 });
    expect(await restoreGapItem(t.db, who, { communityCode: QINGBOMEN, itemId: items[1].id })).toMatchObject({ ok: true });
    expect(await move(reviewer, "COMPLETE_ACCEPTANCE")).toMatchObject({ ok: false });
    expect(await dropGapItem(t.db, who, { communityCode: QINGBOMEN, itemId: items[1].id, reason: "验收不通过，整改后纳入下一轮" })).toMatchObject({ ok: true });
    expect(await move(worker, "COMPLETE_ACCEPTANCE")).toMatchObject({ ok: false, message: "只有本街道的街道审核员可以验收" });
    expect(await move(reviewer, "COMPLETE_ACCEPTANCE")).toMatchObject({ ok: true });

    // Three quiet months for the new canteen: low usage three months running → flagged.
    const months = [-3, -2, -1].map((offset) => {
      const d = new Date(`${today.slice(0, 7)}-15T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + offset);
      return d.toISOString().slice(0, 7);
    });
    // Not for a month before the canteen opened (its 开放运营 date).
    const opened = addDays(today, -100);
    const beforeOpening = `${Number(opened.slice(0, 4)) - 1}${opened.slice(4, 7)}`;
    expect(
      await recordOperatingMonth(t.db, who, { communityCode: QINGBOMEN, facilityId: built.id, figures: { month: beforeOpening, visits: 40, peopleServed: 8, hoursOpen: 60, income: 800, subsidy: 6000 }, expectedVersion: null }),
    ).toMatchObject({ ok: false, status: 400, message: `该设施 ${opened} 开放运营，不能填报开放前的月份（${beforeOpening}）。` });
    for (const month of months) {
      const entered = await recordOperatingMonth(t.db, who, { communityCode: QINGBOMEN, facilityId: built.id, figures: { month, visits: 40, peopleServed: 8, hoursOpen: 60, income: 800, subsidy: 6000 }, expectedVersion: null });
      expect(entered).toMatchObject({ ok: true, updated: false });
    }
    const twice = await recordOperatingMonth(t.db, who, { communityCode: QINGBOMEN, facilityId: built.id, figures: { month: months[0], visits: 1, peopleServed: 1, hoursOpen: 1, income: 0, subsidy: 0 }, expectedVersion: null });
    expect(twice).toMatchObject({ ok: false, status: 409 });
    expect(await recordOperatingMonth(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, facilityId: built.id, figures: { month: months[0], visits: 1, peopleServed: 1, hoursOpen: 1, income: 0, subsidy: 0 }, expectedVersion: 1 })).toMatchObject({ status: 403 });
    const review = (await reviewCommunityFacilities(t.db, QINGBOMEN)).find((r) => r.facility.id === built.id)!;
    expect(review.result).toMatchObject({ rated: true, adjust: { flagged: true } });
    expect(review.result!.score).toBeLessThan(60);
    expect(review.result!.suggestedSubsidy.eligible).toBe(built.serviceLevel === "basic");

    const cycle = (await findCurrentCycle(t.db, QINGBOMEN))!;
    const preview = await carryOverOf(t.db, cycle);
    const summary = await loadRoundSummary(t.db, cycle, 1900);
    expect(summary.built).toMatchObject({ projects: 2, accepted: { pass: 1, pass_with_remarks: 0, fail: 1 } });
    expect(summary.built.facilities.map((f) => f.name)).toEqual(["清波门老年食堂"]);
    expect(summary.carriedOver).toEqual(preview);

    const closed = await move(worker, "CLOSE_ROUND");
    expect(closed.ok).toBe(true);
    if (!closed.ok) return;
    expect(closed.nextCycle).toMatchObject({ round: cycle.round + 1, stage: "preparing" });
    const next = restoreCycle({ machineVersion: closed.nextCycle!.machineVersion, snapshot: closed.nextCycle!.snapshot });
    const carried = next.context.carriedOver;
    expect(carried).toEqual(preview);
    expect(carried.find((c) => c.kind === "flagged_function")).toMatchObject({ title: expect.stringContaining("清波门老年食堂"), reason: expect.stringContaining("服务需求少") });
    expect(carried.filter((c) => c.kind === "unfinished_item").map((c) => c.reason)).toEqual(
      expect.arrayContaining(["本轮撤销：验收不通过，整改后纳入下一轮"]),
    );
    expect((await listCycles(t.db, QINGBOMEN)).map((c) => c.stage)).toContain("closed");

    // The closed round's projects stay readable and frozen.
    const page = await loadProjectsPage(t.db, PLACE, worker, today);
    expect(page.projects).toHaveLength(0);
    expect(page.earlierRounds[0].projects.map((p) => p.name)).toEqual(["清波门老年食堂", "清波门民生幸福共同体"]);
    const frozen = await recordProgress(t.db, who, { communityCode: QINGBOMEN, projectId: singleId, expectedVersion: await versionOf(singleId), milestone: "opened", actualDate: null, progressPct: 0, spent: 0, note: null });
    expect(frozen).toMatchObject({ ok: false, status: 409, message: expect.stringContaining("只能查看") });
  });

  it("a project whose items are all dropped no longer counts as unfinished", async () => {
    const { worker, hubId, items, who } = await twoProjects();
    expect(await move(worker, "COMPLETE_PLANNING")).toMatchObject({ ok: true });
    const before = await gatherCycleFacts(t.db, (await findCurrentCycle(t.db, QINGBOMEN))!);
    for (const item of [items[1], items[2]]) await dropGapItem(t.db, who, { communityCode: QINGBOMEN, itemId: item.id, reason: "选址无法落实" });
    const after = await gatherCycleFacts(t.db, (await findCurrentCycle(t.db, QINGBOMEN))!);
    expect(after.unfinishedProjects).toBe(before.unfinishedProjects - 1);
    expect((await findProject(t.db, hubId))!.status).toBe("cancelled");
  });
});

describe("赛马 ranking facts", () => {
  it("counts approved and accepted items, acceptance results and the street's communities", async () => {
    const { worker, reviewer, singleId, hubId, items } = await twoProjects();
    await move(worker, "COMPLETE_PLANNING");
    await recordUpTo(worker, singleId, "completed");
    await recordUpTo(worker, hubId, "completed");
    await move(worker, "COMPLETE_CONSTRUCTION");
    const single = (await findProject(t.db, singleId))!;
    await acceptProject(t.db, { actor: reviewer, ip: null }, { communityCode: QINGBOMEN, projectId: singleId, expectedVersion: single.version, result: "pass", actualAreaM2: single.plannedAreaM2, functionsPresent: [items[0].function], remarks: null });
    const facts = await rankingFacts(t.db, { level: "street", code: QINGBO_STREET });
    const ours = facts.find((f) => f.code === QINGBOMEN)!;
    expect(ours).toMatchObject({ items: { approved: items.length, accepted: 1 }, acceptance: { pass: 1, pass_with_remarks: 0, fail: 0 }, progress: { stage: "acceptance", roundsCompleted: 1 } });
    expect(facts.every((f) => f.streetCode === QINGBO_STREET)).toBe(true);
    const ranking = await buildRanking(t.db, { level: "district", code: "330102" });
    expect(ranking.result.streets.find((s) => s.code === QINGBO_STREET)?.members).toBe(facts.length);
    expect(ranking.result.formula.description).toContain("社区得分");
  });
});
