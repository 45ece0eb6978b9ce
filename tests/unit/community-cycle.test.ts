import { describe, expect, it } from "vitest";
import { transition } from "xstate";
import { getShortestPaths } from "xstate/graph";
import {
  type CycleActor,
  type CycleEvent,
  type CycleSnapshot,
  communityCycleMachine,
  cycleActions,
  cycleAt,
  migrateCycleSnapshot,
  persistCycle,
  restoreCycle,
  stageOf,
} from "../../workflows/community-cycle";
import { STAGES } from "../../workflows/glossary";
import { cycleFacts, otherReviewer, reviewer, ROUND_INPUT, startRound, worker } from "../support/cycle-fixtures";

const otherWorker: CycleActor = { id: "li", role: "community_worker", scopeCode: "330102001052" };
const districtAdmin: CycleActor = { id: "qu", role: "district_admin", scopeCode: "330102" };

const start = startRound;
const at = (stage: CycleSnapshot["value"], overrides: Partial<CycleSnapshot["context"]> = {}) =>
  cycleAt(stage as never, { ...start().context, ...overrides });

function send(snapshot: CycleSnapshot, event: CycleEvent) {
  const [next, actions] = transition(communityCycleMachine, snapshot, event);
  return { next, stage: stageOf(next), actions: actions.map((a) => a.type) };
}

/** The event that moves each stage forward, with facts that allow it. */
const FORWARD: Record<string, CycleEvent> = {
  preparing: { type: "START_SURVEY", actor: worker, facts: { surveyPublished: true } },
  surveying: { type: "CLOSE_SURVEY", actor: worker, facts: { responseRate: 0.46 } },
  evaluating: { type: "COMPLETE_EVALUATION", actor: worker, facts: { evaluationSaved: true } },
  drafting: { type: "SUBMIT_LIST", actor: worker, facts: { itemCount: 4 } },
  street_review: { type: "APPROVE", actor: reviewer, facts: { undecidedItems: 0 } },
  planning: { type: "COMPLETE_PLANNING", actor: worker, facts: { projectCount: 2 } },
  construction: { type: "COMPLETE_CONSTRUCTION", actor: worker, facts: { unfinishedProjects: 0 } },
  acceptance: { type: "COMPLETE_ACCEPTANCE", actor: reviewer, facts: { unresolvedItems: 0 } },
  operation_feedback: { type: "CLOSE_ROUND", actor: worker },
};

describe("a round of the 调查—评估—提升—反馈 loop", () => {
  it("walks from 准备 to 已完成 in the plan's order, and closing asks for the next round", () => {
    let snapshot = start();
    const visited = [stageOf(snapshot)];
    let lastActions: string[] = [];
    while (snapshot.status !== "done") {
      const step = send(snapshot, FORWARD[stageOf(snapshot)]);
      snapshot = step.next;
      visited.push(step.stage);
      lastActions = step.actions;
    }
    expect(visited).toEqual([...STAGES]);
    expect(lastActions).toEqual(["startNextRound"]);
  });

  it("reaches every stage (shortest paths over the allowed events)", () => {
    const events: CycleEvent[] = [
      ...Object.values(FORWARD),
      { type: "RETURN", actor: reviewer, comment: "请补充消防条件和运营主体" },
      { type: "SUBMIT_NO_GAPS", actor: worker, reason: "设施齐全", facts: { itemCount: 0 } },
    ];
    const paths = getShortestPaths(communityCycleMachine, {
      events,
      input: ROUND_INPUT,
      // The no-gap claim changes where APPROVE leads, so it is part of the state identity.
      serializeState: (s) => `${String(s.value)}:${s.context.noGapReason ? "no-gaps" : "list"}`,
    });
    expect(new Set(paths.map((p) => String(p.state.value)))).toEqual(new Set(STAGES));
    const toOperation = paths.find((p) => p.state.value === "operation_feedback");
    // The no-gap shortcut is shorter than building anything.
    expect(toOperation?.steps.map((s) => s.event.type)).toContain("SUBMIT_NO_GAPS");
  });
});

describe("the survey stage", () => {
  it("does not start before a survey is published", () => {
    expect(start().can({ type: "START_SURVEY", actor: worker, facts: { surveyPublished: false } })).toBe(false);
  });

  it("cannot close below 30 % of households by default", () => {
    const surveying = at("surveying");
    expect(surveying.can({ type: "CLOSE_SURVEY", actor: worker, facts: { responseRate: 0.29 } })).toBe(false);
    expect(surveying.can({ type: "CLOSE_SURVEY", actor: worker, facts: { responseRate: 0.3 } })).toBe(true);
  });

  it("uses the cycle's own minimum when the worker sets one", () => {
    const { next } = send(at("preparing"), { type: "SET_MIN_RESPONSE", actor: worker, rate: 0.2, facts: { approvalBelow: 0.1 } });
    expect(next.context.minResponseRate).toBe(0.2);
    expect(stageOf(next)).toBe("preparing");
    expect(next.can({ type: "SET_MIN_RESPONSE", actor: worker, rate: 1.5, facts: { approvalBelow: 0.1 } })).toBe(false);
    const surveying = cycleAt("surveying", next.context);
    expect(surveying.can({ type: "CLOSE_SURVEY", actor: worker, facts: { responseRate: 0.21 } })).toBe(true);
  });

  it("closes below the minimum only after an override with a written reason, which is recorded", () => {
    const surveying = at("surveying");
    expect(surveying.can({ type: "OVERRIDE_MIN_RESPONSE", actor: worker, reason: "  ", facts: { responseRate: 0.12, approvalBelow: 0.1 } })).toBe(false);
    const { next } = send(surveying, {
      type: "OVERRIDE_MIN_RESPONSE",
      actor: worker,
      reason: "老旧小区出租户多，已入户补充纸质问卷",
      facts: { responseRate: 0.12, approvalBelow: 0.1 },
    });
    expect(next.context.responseOverride).toMatchObject({ reason: "老旧小区出租户多，已入户补充纸质问卷", byUserId: "wang", needsApproval: false });
    expect(send(next, { type: "CLOSE_SURVEY", actor: worker, facts: { responseRate: 0.12 } }).stage).toBe("evaluating");
  });
});

describe("review by the street", () => {
  it("a return carries the comment back to drafting, and resubmitting clears it", () => {
    const returned = send(at("street_review"), { type: "RETURN", actor: reviewer, comment: "请补充消防条件和运营主体" });
    expect(returned.stage).toBe("drafting");
    expect(returned.next.context.reviewComment).toBe("请补充消防条件和运营主体");
    const resubmitted = send(returned.next, FORWARD.drafting);
    expect(resubmitted.stage).toBe("street_review");
    expect(resubmitted.next.context.reviewComment).toBeNull();
  });

  it("a return needs a comment", () => {
    expect(at("street_review").can({ type: "RETURN", actor: reviewer, comment: "" })).toBe(false);
  });

  it("approval needs a decision on every item", () => {
    expect(at("street_review").can({ type: "APPROVE", actor: reviewer, facts: { undecidedItems: 2 } })).toBe(false);
  });

  it("a community with no gaps goes, once the street approves its reason, straight to 运营反馈", () => {
    const drafting = at("drafting");
    expect(drafting.can({ type: "SUBMIT_NO_GAPS", actor: worker, reason: "设施齐全", facts: { itemCount: 3 } })).toBe(false);
    const submitted = send(drafting, { type: "SUBMIT_NO_GAPS", actor: worker, reason: "七类设施齐全且满足 15 分钟圈", facts: { itemCount: 0 } });
    expect(submitted.next.context.noGapReason).toBe("七类设施齐全且满足 15 分钟圈");
    expect(send(submitted.next, { type: "APPROVE", actor: reviewer, facts: { undecidedItems: 0 } }).stage).toBe("operation_feedback");
  });

  it("a returned no-gap claim goes back to drafting and no longer counts as one", () => {
    const claimed = at("street_review", { noGapReason: "设施齐全" });
    const returned = send(claimed, { type: "RETURN", actor: reviewer, comment: "儿童游憩仍缺失" });
    expect(returned.next.context.noGapReason).toBeNull();
  });
});

describe("who may move the cycle", () => {
  const workerEvents = Object.values(FORWARD).filter((e) => e.actor === worker);
  const reviewerEvents = Object.values(FORWARD).filter((e) => e.actor === reviewer);
  const stageFor = (type: string) => Object.entries(FORWARD).find(([, e]) => e.type === type)![0];

  it.each(workerEvents.map((e) => [e.type, e] as const))("only the community's own worker may %s", (_type, event) => {
    const snapshot = at(stageFor(event.type) as never);
    expect(snapshot.can(event)).toBe(true);
    for (const actor of [otherWorker, reviewer, districtAdmin]) expect(snapshot.can({ ...event, actor } as CycleEvent)).toBe(false);
  });

  it.each(reviewerEvents.map((e) => [e.type, e] as const))("only a reviewer of that street may %s", (_type, event) => {
    const snapshot = at(stageFor(event.type) as never);
    expect(snapshot.can(event)).toBe(true);
    for (const actor of [otherReviewer, worker, districtAdmin]) expect(snapshot.can({ ...event, actor } as CycleEvent)).toBe(false);
  });

  it("refuses events of another stage", () => {
    expect(at("preparing").can(FORWARD.street_review)).toBe(false);
    expect(at("closed").can(FORWARD.preparing)).toBe(false);
  });
});

describe("the remaining stages", () => {
  it("planning needs at least one project", () => {
    expect(at("planning").can({ type: "COMPLETE_PLANNING", actor: worker, facts: { projectCount: 0 } })).toBe(false);
  });
  it("construction ends only when every project is completed", () => {
    expect(at("construction").can({ type: "COMPLETE_CONSTRUCTION", actor: worker, facts: { unfinishedProjects: 1 } })).toBe(false);
  });
  it("acceptance needs every approved item accepted or dropped with a reason", () => {
    expect(at("acceptance").can({ type: "COMPLETE_ACCEPTANCE", actor: reviewer, facts: { unresolvedItems: 1 } })).toBe(false);
  });
  it("evaluation ends only with a saved evaluation", () => {
    expect(at("evaluating").can({ type: "COMPLETE_EVALUATION", actor: worker, facts: { evaluationSaved: false } })).toBe(false);
  });
  it("an empty list cannot be submitted", () => {
    expect(at("drafting").can({ type: "SUBMIT_LIST", actor: worker, facts: { itemCount: 0 } })).toBe(false);
  });
});

describe("what the page offers", () => {
  const facts = cycleFacts({ responseRate: 0.12 });

  it("tells the worker why the survey cannot close yet", () => {
    const actions = cycleActions(at("surveying"), worker, facts);
    expect(actions.map((a) => a.type)).toEqual(["CLOSE_SURVEY", "OVERRIDE_MIN_RESPONSE", "SET_MIN_RESPONSE"]);
    expect(actions[0].unavailableBecause).toBe("参与率 12% 未达到最低要求 30%；可继续收集，或填写理由后放宽要求");
    expect(actions[1].unavailableBecause).toBeNull();
  });

  it("tells a reviewer that submitting is the community's job", () => {
    const actions = cycleActions(at("drafting"), reviewer, { ...facts, itemCount: 3 });
    expect(actions.map((a) => a.unavailableBecause)).toEqual(["只有本社区的社区工作者可以操作", "清单中已有事项，请提交清单审核（由社区工作者操作）"]);
  });

  it("shows 王老师 what really blocks 完成验收, who does it, and where to fix it", () => {
    const [accept] = cycleActions(at("acceptance"), worker, { ...facts, unresolvedItems: 4 });
    expect(accept.unavailableBecause).toBe("还有 4 个通过的事项既未验收也未说明理由撤销（由街道审核员验收）");
    expect(accept.fixAt).toBe("projects");
    const [forReviewer] = cycleActions(at("acceptance"), reviewer, { ...facts, unresolvedItems: 4 });
    expect(forReviewer.unavailableBecause).toBe("还有 4 个通过的事项既未验收也未说明理由撤销");
    expect(forReviewer.fixAt).toBe("projects");
    expect(cycleActions(at("acceptance"), worker, facts)[0]).toMatchObject({ unavailableBecause: "只有本街道的街道审核员可以验收", fixAt: null });
  });

  it("warns at 完成建设计划 and 完成建设实施 when approved items are in no project, without blocking", () => {
    const [planning] = cycleActions(at("planning"), worker, { ...facts, projectCount: 1, unplannedItems: 2 });
    expect(planning.unavailableBecause).toBeNull();
    expect(planning.warning).toBe("还有 2 个通过的事项未编入建设项目：验收前须编入项目，或在建设项目页写明理由撤销");
    expect(planning.fixAt).toBe("projects");
    const [construction] = cycleActions(at("construction"), worker, { ...facts, unplannedItems: 1 });
    expect(construction.warning).toMatch(/还有 1 个通过的事项未编入建设项目/);
    expect(cycleActions(at("planning"), worker, { ...facts, projectCount: 1 })[0].warning).toBeNull();
  });
});

describe("persistence", () => {
  it("a stored snapshot restores to the same stage and context", () => {
    const { next } = send(at("street_review"), { type: "RETURN", actor: reviewer, comment: "请补充运营主体" });
    const stored = JSON.parse(JSON.stringify(persistCycle(next)));
    const restored = restoreCycle(stored);
    expect(stageOf(restored)).toBe("drafting");
    expect(restored.context).toEqual(next.context);
    expect(restored.can(FORWARD.drafting)).toBe(true);
  });

  it("refuses a snapshot from a newer machine version rather than guessing", () => {
    expect(() => migrateCycleSnapshot({ machineVersion: 99, snapshot: {} })).toThrow(/更新的版本/);
  });
});
