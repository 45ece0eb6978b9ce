// Issue 20, point 12: 王老师 lowers 清波门's minimum participation at 0 %; below the policy's
// line the survey stays open until 陈科长 (清波街道) approves; a reviewer of another street is
// refused and the attempt is audited; the policy page's line decides whether approval is asked.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendCycleEvent } from "../../app/lib/cycles.server";
import { loadStreetAttention } from "../../app/lib/street-attention.server";
import { findCurrentCycle } from "../../db/repositories/cycles";
import { findCommunityPlace } from "../../db/repositories/places";
import { upsertSettingOverride } from "../../db/repositories/policy";
import type { CycleCommand } from "../../workflows/community-cycle";
import type { Actor } from "../../workflows/permissions";
import { openTestDatabase, type TestDatabase } from "../support/database";
import { openNeedsSurvey } from "../support/surveys";

const QINGBOMEN = "330102001051";
const worker: Actor = { id: "wang", role: "community_worker", scopeCode: QINGBOMEN };

let t: TestDatabase;
let street = "";
beforeEach(async () => {
  t = openTestDatabase();
  street = (await findCommunityPlace(t.db, QINGBOMEN))!.streetCode!;
  await openNeedsSurvey(t.db, { actor: worker, ip: null }, QINGBOMEN);
});
afterEach(async () => {
  await t.cleanup();
});

async function send(actor: Actor, command: CycleCommand) {
  const cycle = (await findCurrentCycle(t.db, QINGBOMEN))!;
  return sendCycleEvent(t.db, { actor, ip: "10.0.0.7" }, { communityCode: QINGBOMEN, expectedVersion: cycle.version, command });
}

const auditRows = (action: string) => t.db.selectFrom("audit_log").select(["actor_user_id", "entity_id"]).where("action", "=", action).execute();

describe("lowering the minimum participation below the policy's line", () => {
  it("waits for 陈科长's approval; another street's reviewer is refused and audited; then the survey closes", async () => {
    expect(await send(worker, { type: "OVERRIDE_MIN_RESPONSE", reason: "老旧小区出租户多，已入户补充纸质问卷" })).toMatchObject({ ok: true });
    expect(await send(worker, { type: "CLOSE_SURVEY" })).toEqual({
      ok: false,
      status: 400,
      message: "已申请放宽最低参与率，等待街道审核员批准后才能结束调查",
    });
    // The worker cannot approve her own request.
    expect(await send(worker, { type: "APPROVE_OVERRIDE" })).toMatchObject({ ok: false, status: 403 });

    const stranger: Actor = { id: "li", role: "street_reviewer", scopeCode: "330102003" };
    expect(await send(stranger, { type: "APPROVE_OVERRIDE" })).toEqual({
      ok: false,
      status: 403,
      message: "只有本街道的街道审核员可以批准或不批准放宽最低参与率",
    });
    expect(await auditRows("denied:review:override")).toEqual(
      expect.arrayContaining([{ actor_user_id: "li", entity_id: QINGBOMEN }, { actor_user_id: "wang", entity_id: QINGBOMEN }]),
    );

    // The street sees it waiting, with the reason and the participation.
    const waiting = await loadStreetAttention(t.db, street);
    expect(waiting.overrides).toEqual([
      expect.objectContaining({ communityCode: QINGBOMEN, reason: "老旧小区出租户多，已入户补充纸质问卷", responseRate: 0, status: "等待街道批准", waiting: true }),
    ]);

    const chen: Actor = { id: "chen", role: "street_reviewer", scopeCode: street };
    expect(await send(chen, { type: "APPROVE_OVERRIDE" })).toMatchObject({ ok: true });
    expect(await auditRows("cycle.approve_override")).toEqual([{ actor_user_id: "chen", entity_id: (await findCurrentCycle(t.db, QINGBOMEN))!.id }]);
    expect((await loadStreetAttention(t.db, street)).overrides[0]).toMatchObject({ status: "街道已批准", waiting: false });
    expect(await send(worker, { type: "CLOSE_SURVEY" })).toMatchObject({ ok: true, cycle: { stage: "evaluating" } });
  });

  it("a refusal keeps the survey open and tells the community why", async () => {
    await send(worker, { type: "OVERRIDE_MIN_RESPONSE", reason: "人手不足" });
    const chen: Actor = { id: "chen", role: "street_reviewer", scopeCode: street };
    expect(await send(chen, { type: "REFUSE_OVERRIDE", comment: "" })).toMatchObject({ ok: false, status: 400, message: "请填写不批准的理由" });
    expect(await send(chen, { type: "REFUSE_OVERRIDE", comment: "参与太少，请再组织一次入户" })).toMatchObject({ ok: true });
    expect(await send(worker, { type: "CLOSE_SURVEY" })).toMatchObject({ ok: false, status: 400, message: expect.stringContaining("参与太少，请再组织一次入户") });
  });

  it("needs no approval when the policy page sets the line to 0 %", async () => {
    await upsertSettingOverride(t.db, { profileId: "participation", key: "participation.overrideApprovalBelow", value: 0, updatedBy: "city" });
    await send(worker, { type: "OVERRIDE_MIN_RESPONSE", reason: "老旧小区出租户多" });
    expect(await send(worker, { type: "CLOSE_SURVEY" })).toMatchObject({ ok: true, cycle: { stage: "evaluating" } });
  });
});
