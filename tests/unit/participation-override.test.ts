// Issue 20, point 12: 王老师 alone lowered the 30 % minimum at 0.2 % participation. Below the
// policy's line (默认值 10 %) the street's reviewer now approves or refuses the override before
// the survey can close; the machine says so, to both roles, in the same words.
import { describe, expect, it } from "vitest";
import { transition } from "xstate";
import {
  COMMUNITY_CYCLE_MACHINE_VERSION,
  type CycleEvent,
  type CycleSnapshot,
  communityCycleMachine,
  cycleActions,
  cycleAt,
  restoreCycle,
  stageOf,
} from "../../workflows/community-cycle";
import { overrideDoneMessage, PARTICIPATION_SETTINGS } from "../../workflows/participation-override";
import { cycleFacts, otherReviewer, reviewer, startRound, worker } from "../support/cycle-fixtures";


const LINE = PARTICIPATION_SETTINGS.overrideApprovalBelow.value;
const surveying = () => cycleAt("surveying", startRound().context);

function send(snapshot: CycleSnapshot, event: CycleEvent) {
  expect(snapshot.can(event)).toBe(true);
  return transition(communityCycleMachine, snapshot, event)[0];
}

const override = (responseRate: number, approvalBelow = LINE): CycleEvent => ({
  type: "OVERRIDE_MIN_RESPONSE",
  actor: worker,
  reason: "老旧小区出租户多，已入户补充纸质问卷",
  facts: { responseRate, approvalBelow },
});
const close = (responseRate: number): CycleEvent => ({ type: "CLOSE_SURVEY", actor: worker, facts: { responseRate } });

const facts = cycleFacts({ responseRate: 0.002, overrideApprovalBelow: LINE });

describe("lowering the minimum participation", () => {
  it("needs the street's approval by default below 10 %", () => {
    expect(LINE).toBe(0.1);
  });

  it("at 0.2 % waits for the street's reviewer: the survey cannot close until it is approved", () => {
    const requested = send(surveying(), override(0.002));
    expect(requested.context.responseOverride).toMatchObject({ responseRate: 0.002, needsApproval: true, decision: null });
    expect(requested.can(close(0.002))).toBe(false);
    const [closeAction] = cycleActions(requested, worker, facts);
    expect(closeAction.unavailableBecause).toBe("已申请放宽最低参与率，等待街道审核员批准后才能结束调查");

    for (const actor of [worker, otherReviewer]) expect(requested.can({ type: "APPROVE_OVERRIDE", actor })).toBe(false);
    const approved = send(requested, { type: "APPROVE_OVERRIDE", actor: reviewer });
    expect(approved.context.responseOverride?.decision).toEqual({ approved: true, byUserId: "chen", comment: null });
    expect(stageOf(send(approved, close(0.002)))).toBe("evaluating");
  });

  it("a refusal needs a reason, keeps the survey open and lets the worker ask again", () => {
    const requested = send(surveying(), override(0.002));
    expect(requested.can({ type: "REFUSE_OVERRIDE", actor: reviewer, comment: " " })).toBe(false);
    const refused = send(requested, { type: "REFUSE_OVERRIDE", actor: reviewer, comment: "参与太少，请再组织一次入户" });
    expect(refused.can(close(0.002))).toBe(false);
    expect(cycleActions(refused, worker, facts)[0].unavailableBecause).toBe(
      "街道审核员未批准放宽最低参与率（参与太少，请再组织一次入户）；可继续收集，或修改理由后重新申请",
    );
    expect(refused.can(override(0.05))).toBe(true);
  });

  it("at or above the line needs no approval, and a line of 0 % never asks", () => {
    expect(stageOf(send(send(surveying(), override(0.12)), close(0.12)))).toBe("evaluating");
    expect(stageOf(send(send(surveying(), override(0.002, 0)), close(0.002)))).toBe("evaluating");
  });

  it("is one request at a time: no second override while one waits or is in force", () => {
    const requested = send(surveying(), override(0.002));
    expect(requested.can(override(0.002))).toBe(false);
    expect(cycleActions(requested, worker, facts).find((a) => a.type === "OVERRIDE_MIN_RESPONSE")?.unavailableBecause).toBe("已申请放宽最低参与率，等待街道审核员批准");
  });

  it("cannot be side-stepped by setting the minimum itself below the line", () => {
    expect(surveying().can({ type: "SET_MIN_RESPONSE", actor: worker, rate: 0.05, facts: { approvalBelow: LINE } })).toBe(false);
    expect(surveying().can({ type: "SET_MIN_RESPONSE", actor: worker, rate: 0.1, facts: { approvalBelow: LINE } })).toBe(true);
  });

  it("offers the street's reviewer approve and refuse only while a request waits", () => {
    expect(cycleActions(surveying(), reviewer, facts).map((a) => a.type)).toEqual(["CLOSE_SURVEY", "OVERRIDE_MIN_RESPONSE", "SET_MIN_RESPONSE"]);
    const actions = cycleActions(send(surveying(), override(0.002)), reviewer, facts);
    expect(actions.filter((a) => a.unavailableBecause === null).map((a) => a.type)).toEqual(["APPROVE_OVERRIDE", "REFUSE_OVERRIDE"]);
  });

  it("says what was done, with the reason", () => {
    const requested = send(surveying(), override(0.002));
    expect(overrideDoneMessage(requested.context.responseOverride!)).toBe(
      "已放宽最低参与率（原因：老旧小区出租户多，已入户补充纸质问卷）。参与率 0.2% 低于 10%，须经街道审核员批准后才能结束调查。",
    );
    expect(overrideDoneMessage(send(surveying(), override(0.12)).context.responseOverride!)).toBe("已放宽最低参与率（原因：老旧小区出租户多，已入户补充纸质问卷）。");
  });
});

describe("snapshots saved before approvals existed", () => {
  it("restore with their override in force and no approval asked", () => {
    expect(COMMUNITY_CYCLE_MACHINE_VERSION).toBe(2);
    const v1 = JSON.parse(JSON.stringify(communityCycleMachine.getPersistedSnapshot(surveying()))) as { context: Record<string, unknown> };
    v1.context.responseOverride = { reason: "已入户补充", byUserId: "wang" };
    const restored = restoreCycle({ machineVersion: 1, snapshot: v1 });
    expect(restored.context.responseOverride).toEqual({ reason: "已入户补充", byUserId: "wang", responseRate: null, approvalBelow: null, needsApproval: false, decision: null });
    expect(restored.can(close(0.002))).toBe(true);
  });
});
