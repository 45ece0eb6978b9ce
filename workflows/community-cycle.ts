// The community health-check cycle (社区专项体检, 三(二)2): 调查—评估—提升—反馈 as one
// XState machine. Pure: the use-case gathers the facts a guard needs and puts them in the
// event; the machine never reads the database or the clock.
import { assign, createActor, setup, type SnapshotFrom } from "xstate";
import { type Domain, type Stage, STAGES } from "./glossary";
import { type Action, type Actor, permissionRefusal } from "./permissions";
import { activitiesOf } from "./stage-rules";
import {
  isWaiting,
  overrideAgainBlocker,
  overrideCloseBlocker,
  percent,
  recordedOverride,
  type ResponseOverride,
  setMinimumBlocker,
  upgradeOverrideV1,
} from "./participation-override";

/** Bump when states, context or events change shape; add a migration in migrateCycleSnapshot. */
export const COMMUNITY_CYCLE_MACHINE_VERSION = 2;

/** [默认值] minimum survey response: 30 % of households. */
export const DEFAULT_MIN_RESPONSE_RATE = 0.3;

export type CycleActor = Actor;

/** What a closed round hands to the next one (unresolved items, functions flagged for adjustment). */
export interface CarriedOverItem {
  kind: "unfinished_item" | "flagged_function";
  domain: Domain;
  title: string;
  reason: string;
}

export interface CycleContext {
  communityCode: string;
  streetCode: string;
  year: number;
  round: number;
  minResponseRate: number;
  responseOverride: ResponseOverride | null;
  /** The street's comment when it returned the list; shown in drafting until resubmission. */
  reviewComment: string | null;
  /** Set when the community claims no gaps; the street approves it straight to 运营反馈. */
  noGapReason: string | null;
  carriedOver: CarriedOverItem[];
}

export interface CycleInput {
  communityCode: string;
  streetCode: string;
  year: number;
  round: number;
  minResponseRate?: number;
  carriedOver?: CarriedOverItem[];
}

type WithActor<T> = T & { actor: CycleActor };

export type CycleEvent =
  | WithActor<{ type: "SET_MIN_RESPONSE"; rate: number; facts: { approvalBelow: number } }>
  | WithActor<{ type: "START_SURVEY"; facts: { surveyPublished: boolean } }>
  | WithActor<{ type: "OVERRIDE_MIN_RESPONSE"; reason: string; facts: { responseRate: number; approvalBelow: number } }>
  | WithActor<{ type: "APPROVE_OVERRIDE" }>
  | WithActor<{ type: "REFUSE_OVERRIDE"; comment: string }>
  | WithActor<{ type: "CLOSE_SURVEY"; facts: { responseRate: number } }>
  | WithActor<{ type: "COMPLETE_EVALUATION"; facts: { evaluationSaved: boolean } }>
  | WithActor<{ type: "SUBMIT_LIST"; facts: { itemCount: number } }>
  | WithActor<{ type: "SUBMIT_NO_GAPS"; reason: string; facts: { itemCount: number } }>
  | WithActor<{ type: "APPROVE"; facts: { undecidedItems: number } }>
  | WithActor<{ type: "RETURN"; comment: string }>
  | WithActor<{ type: "COMPLETE_PLANNING"; facts: { projectCount: number } }>
  | WithActor<{ type: "COMPLETE_CONSTRUCTION"; facts: { unfinishedProjects: number } }>
  | WithActor<{ type: "COMPLETE_ACCEPTANCE"; facts: { unresolvedItems: number } }>
  | WithActor<{ type: "CLOSE_ROUND" }>;

export type CycleEventType = CycleEvent["type"];
type EventOf<T extends CycleEventType> = Extract<CycleEvent, { type: T }>;

export const MAX_COMMENT_LENGTH = 500;

// Each rule answers null (allowed) or the reason in Chinese, so the UI can say why an
// action is unavailable with the same words the machine uses to refuse it.
type Rule<E extends CycleEvent = CycleEvent> = (context: CycleContext, event: E) => string | null;

/** The permission each event needs: the community's worker moves the cycle, the street reviews and accepts. */
export const CYCLE_EVENT_ACTIONS: Record<CycleEventType, Action> = {
  SET_MIN_RESPONSE: "advance:cycle",
  START_SURVEY: "advance:cycle",
  OVERRIDE_MIN_RESPONSE: "advance:cycle",
  APPROVE_OVERRIDE: "review:override",
  REFUSE_OVERRIDE: "review:override",
  CLOSE_SURVEY: "advance:cycle",
  COMPLETE_EVALUATION: "advance:cycle",
  SUBMIT_LIST: "advance:cycle",
  SUBMIT_NO_GAPS: "advance:cycle",
  APPROVE: "review:gaplist",
  RETURN: "review:gaplist",
  COMPLETE_PLANNING: "advance:cycle",
  COMPLETE_CONSTRUCTION: "advance:cycle",
  COMPLETE_ACCEPTANCE: "accept:project",
  CLOSE_ROUND: "advance:cycle",
};

/** The same decision every use case makes (workflows/permissions.ts), over the cycle's place. */
const permitted: Rule = (context, event) =>
  permissionRefusal(event.actor, CYCLE_EVENT_ACTIONS[event.type], {
    communityCode: context.communityCode,
    streetCode: context.streetCode,
  });

const written = (text: string, what: string): string | null =>
  text.trim().length === 0 ? `请填写${what}` : text.length > MAX_COMMENT_LENGTH ? `${what}不能超过 ${MAX_COMMENT_LENGTH} 字` : null;

const overrideWaiting = (c: CycleContext) => (isWaiting(c.responseOverride) ? null : "没有等待街道批准的放宽最低参与率申请");

/** What the facts and the typed text must be, whoever asks: the blocker both roles should see. */
const FACT_RULES = {
  SET_MIN_RESPONSE: ((_c, e) => setMinimumBlocker(e.rate, e.facts.approvalBelow)) as Rule<EventOf<"SET_MIN_RESPONSE">>,
  START_SURVEY: ((_c, e) => (e.facts.surveyPublished ? null : "请先发布本轮需求调查问卷")) as Rule<EventOf<"START_SURVEY">>,
  OVERRIDE_MIN_RESPONSE: ((c, e) => overrideAgainBlocker(c.responseOverride) ?? written(e.reason, "放宽最低参与率的理由")) as Rule<
    EventOf<"OVERRIDE_MIN_RESPONSE">
  >,
  APPROVE_OVERRIDE: ((c) => overrideWaiting(c)) as Rule<EventOf<"APPROVE_OVERRIDE">>,
  REFUSE_OVERRIDE: ((c, e) => overrideWaiting(c) ?? written(e.comment, "不批准的理由")) as Rule<EventOf<"REFUSE_OVERRIDE">>,
  CLOSE_SURVEY: ((c, e) =>
    e.facts.responseRate >= c.minResponseRate
      ? null
      : c.responseOverride
        ? overrideCloseBlocker(c.responseOverride)
        : `参与率 ${percent(e.facts.responseRate)} 未达到最低要求 ${percent(c.minResponseRate)}；可继续收集，或填写理由后放宽要求`) as Rule<
    EventOf<"CLOSE_SURVEY">
  >,
  COMPLETE_EVALUATION: ((_c, e) => (e.facts.evaluationSaved ? null : "请先运行并保存本轮评估")) as Rule<EventOf<"COMPLETE_EVALUATION">>,
  SUBMIT_LIST: ((_c, e) =>
    e.facts.itemCount > 0 ? null : "清单中还没有事项；如确无短板，请填写理由后提交“无需补缺”") as Rule<EventOf<"SUBMIT_LIST">>,
  SUBMIT_NO_GAPS: ((_c, e) =>
    e.facts.itemCount > 0 ? "清单中已有事项，请提交清单审核" : written(e.reason, "无需补缺的理由")) as Rule<EventOf<"SUBMIT_NO_GAPS">>,
  APPROVE: ((c, e) =>
    c.noGapReason !== null || e.facts.undecidedItems === 0 ? null : `还有 ${e.facts.undecidedItems} 项未作审核决定`) as Rule<
    EventOf<"APPROVE">
  >,
  RETURN: ((_c, e) => written(e.comment, "退回意见")) as Rule<EventOf<"RETURN">>,
  COMPLETE_PLANNING: ((_c, e) => (e.facts.projectCount > 0 ? null : "请先把通过的清单事项编入建设项目")) as Rule<
    EventOf<"COMPLETE_PLANNING">
  >,
  COMPLETE_CONSTRUCTION: ((_c, e) =>
    e.facts.unfinishedProjects === 0 ? null : `还有 ${e.facts.unfinishedProjects} 个项目未竣工`) as Rule<EventOf<"COMPLETE_CONSTRUCTION">>,
  COMPLETE_ACCEPTANCE: ((_c, e) =>
    e.facts.unresolvedItems === 0 ? null : `还有 ${e.facts.unresolvedItems} 个通过的事项既未验收也未说明理由撤销`) as Rule<
    EventOf<"COMPLETE_ACCEPTANCE">
  >,
  CLOSE_ROUND: () => null,
} satisfies { [T in CycleEventType]: Rule<EventOf<T>> };

/** Each event's guard: the permission first, then the facts. */
export const CYCLE_RULES = Object.fromEntries(
  (Object.keys(FACT_RULES) as CycleEventType[]).map((type) => [type, ((c, e) => permitted(c, e) ?? (FACT_RULES[type] as Rule)(c, e)) as Rule]),
) as { [T in CycleEventType]: Rule<EventOf<T>> };

/** Who takes each event, said after a fact blocker to someone who cannot take it. */
const EVENT_DOERS: Partial<Record<Action, string>> = {
  "advance:cycle": "由社区工作者操作",
  "review:gaplist": "由街道审核员审核",
  "accept:project": "由街道审核员验收",
  "review:override": "由街道审核员批准",
};

/** Why `event` is refused in `context` (null if the rules allow it). Stage is checked by the machine. */
export function refusalReason(context: CycleContext, event: CycleEvent): string | null {
  const rule = CYCLE_RULES[event.type] as Rule;
  return rule(context, event);
}

const allowed =
  <T extends CycleEventType>(type: T) =>
  ({ context, event }: { context: CycleContext; event: CycleEvent }) =>
    event.type === type && refusalReason(context, event) === null;

export const communityCycleMachine = setup({
  types: {
    context: {} as CycleContext,
    events: {} as CycleEvent,
    input: {} as CycleInput,
  },
  guards: {
    canSetMinResponse: allowed("SET_MIN_RESPONSE"),
    canStartSurvey: allowed("START_SURVEY"),
    canOverrideMinResponse: allowed("OVERRIDE_MIN_RESPONSE"),
    canApproveOverride: allowed("APPROVE_OVERRIDE"),
    canRefuseOverride: allowed("REFUSE_OVERRIDE"),
    canCloseSurvey: allowed("CLOSE_SURVEY"),
    canCompleteEvaluation: allowed("COMPLETE_EVALUATION"),
    canSubmitList: allowed("SUBMIT_LIST"),
    canSubmitNoGaps: allowed("SUBMIT_NO_GAPS"),
    canApproveNoGaps: ({ context, event }) => allowed("APPROVE")({ context, event }) && context.noGapReason !== null,
    canApproveList: ({ context, event }) => allowed("APPROVE")({ context, event }) && context.noGapReason === null,
    canReturn: allowed("RETURN"),
    canCompletePlanning: allowed("COMPLETE_PLANNING"),
    canCompleteConstruction: allowed("COMPLETE_CONSTRUCTION"),
    canCompleteAcceptance: allowed("COMPLETE_ACCEPTANCE"),
    canCloseRound: allowed("CLOSE_ROUND"),
  },
  actions: {
    setMinResponse: assign({
      minResponseRate: ({ context, event }) => (event.type === "SET_MIN_RESPONSE" ? event.rate : context.minResponseRate),
    }),
    recordOverride: assign({
      responseOverride: ({ context, event }) =>
        event.type === "OVERRIDE_MIN_RESPONSE" ? recordedOverride(event.reason, event.actor.id, event.facts) : context.responseOverride,
    }),
    recordOverrideDecision: assign({
      responseOverride: ({ context, event }) =>
        context.responseOverride && (event.type === "APPROVE_OVERRIDE" || event.type === "REFUSE_OVERRIDE")
          ? {
              ...context.responseOverride,
              decision: { approved: event.type === "APPROVE_OVERRIDE", byUserId: event.actor.id, comment: event.type === "REFUSE_OVERRIDE" ? event.comment.trim() : null },
            }
          : context.responseOverride,
    }),
    recordReturn: assign({
      reviewComment: ({ context, event }) => (event.type === "RETURN" ? event.comment.trim() : context.reviewComment),
      noGapReason: null,
    }),
    recordNoGaps: assign({
      noGapReason: ({ context, event }) => (event.type === "SUBMIT_NO_GAPS" ? event.reason.trim() : context.noGapReason),
      reviewComment: null,
    }),
    clearReviewComment: assign({ reviewComment: null }),
    // Side effect bound at the edge: the use-case opens the next round in 准备.
    startNextRound: () => {},
  },
}).createMachine({
  id: "communityCycle",
  context: ({ input }) => ({
    communityCode: input.communityCode,
    streetCode: input.streetCode,
    year: input.year,
    round: input.round,
    minResponseRate: input.minResponseRate ?? DEFAULT_MIN_RESPONSE_RATE,
    responseOverride: null,
    reviewComment: null,
    noGapReason: null,
    carriedOver: input.carriedOver ?? [],
  }),
  initial: "preparing",
  states: {
    preparing: {
      tags: activitiesOf("preparing"),
      on: {
        START_SURVEY: { guard: "canStartSurvey", target: "surveying" },
        SET_MIN_RESPONSE: { guard: "canSetMinResponse", actions: "setMinResponse" },
      },
    },
    surveying: {
      tags: activitiesOf("surveying"),
      on: {
        CLOSE_SURVEY: { guard: "canCloseSurvey", target: "evaluating" },
        OVERRIDE_MIN_RESPONSE: { guard: "canOverrideMinResponse", actions: "recordOverride" },
        APPROVE_OVERRIDE: { guard: "canApproveOverride", actions: "recordOverrideDecision" },
        REFUSE_OVERRIDE: { guard: "canRefuseOverride", actions: "recordOverrideDecision" },
        SET_MIN_RESPONSE: { guard: "canSetMinResponse", actions: "setMinResponse" },
      },
    },
    evaluating: {
      tags: activitiesOf("evaluating"),
      on: { COMPLETE_EVALUATION: { guard: "canCompleteEvaluation", target: "drafting" } },
    },
    drafting: {
      tags: activitiesOf("drafting"),
      on: {
        SUBMIT_LIST: { guard: "canSubmitList", target: "street_review", actions: "clearReviewComment" },
        SUBMIT_NO_GAPS: { guard: "canSubmitNoGaps", target: "street_review", actions: "recordNoGaps" },
      },
    },
    street_review: {
      tags: activitiesOf("street_review"),
      on: {
        APPROVE: [
          { guard: "canApproveNoGaps", target: "operation_feedback" },
          { guard: "canApproveList", target: "planning" },
        ],
        RETURN: { guard: "canReturn", target: "drafting", actions: "recordReturn" },
      },
    },
    planning: {
      tags: activitiesOf("planning"),
      on: { COMPLETE_PLANNING: { guard: "canCompletePlanning", target: "construction" } },
    },
    construction: {
      tags: activitiesOf("construction"),
      on: { COMPLETE_CONSTRUCTION: { guard: "canCompleteConstruction", target: "acceptance" } },
    },
    acceptance: {
      tags: activitiesOf("acceptance"),
      on: { COMPLETE_ACCEPTANCE: { guard: "canCompleteAcceptance", target: "operation_feedback" } },
    },
    operation_feedback: {
      tags: activitiesOf("operation_feedback"),
      on: { CLOSE_ROUND: { guard: "canCloseRound", target: "closed" } },
    },
    closed: {
      tags: activitiesOf("closed"),
      type: "final",
      entry: "startNextRound",
    },
  },
});

export type CycleSnapshot = SnapshotFrom<typeof communityCycleMachine>;

/** The events each stage accepts, read off the machine in the order its states list them (the UI's order). */
export const STAGE_EVENTS = Object.fromEntries(
  STAGES.map((stage) => [stage, communityCycleMachine.states[stage].ownEvents as CycleEventType[]]),
) as Record<Stage, CycleEventType[]>;

export function stageOf(snapshot: CycleSnapshot): Stage {
  return snapshot.value;
}

/** A snapshot as stored: JSON from getPersistedSnapshot plus the machine version it was made by. */
export interface StoredCycleSnapshot {
  machineVersion: number;
  snapshot: unknown;
}

/**
 * Brings a snapshot saved by an older machine version up to the current shape.
 * Each version step is a pure function over the persisted JSON (see docs/decisions/0007-community-cycle.md).
 */
const SNAPSHOT_MIGRATIONS: Record<number, (persisted: Record<string, unknown>) => Record<string, unknown>> = {
  // 2: an override records the participation, the policy's line and the street's decision.
  1: (persisted) => {
    const context = persisted.context as Record<string, unknown>;
    return { ...persisted, context: { ...context, responseOverride: upgradeOverrideV1(context.responseOverride) } };
  },
};

export function migrateCycleSnapshot(stored: StoredCycleSnapshot): unknown {
  if (stored.machineVersion > COMMUNITY_CYCLE_MACHINE_VERSION) {
    throw new Error(`流程快照来自更新的版本 ${stored.machineVersion}，请升级应用`);
  }
  let persisted = stored.snapshot as Record<string, unknown>;
  for (let v = stored.machineVersion; v < COMMUNITY_CYCLE_MACHINE_VERSION; v++) {
    const step = SNAPSHOT_MIGRATIONS[v];
    if (!step) throw new Error(`缺少流程快照从版本 ${v} 到 ${v + 1} 的迁移`);
    persisted = step(persisted);
  }
  return persisted;
}

/** Restores a stored snapshot (createActor with `snapshot`, never started: no side effects). */
export function restoreCycle(stored: StoredCycleSnapshot): CycleSnapshot {
  const snapshot = migrateCycleSnapshot(stored) as CycleSnapshot;
  // `input` is ignored when a snapshot is given; the types still ask for one.
  const actor = createActor(communityCycleMachine, { snapshot, input: snapshot.context });
  return actor.getSnapshot();
}

export function persistCycle(snapshot: CycleSnapshot): StoredCycleSnapshot {
  return {
    machineVersion: COMMUNITY_CYCLE_MACHINE_VERSION,
    snapshot: communityCycleMachine.getPersistedSnapshot(snapshot),
  };
}

/** A snapshot sitting in `stage` with `context`: for seeding demo cycles and tests. */
export function cycleAt(stage: Stage, context: CycleContext): CycleSnapshot {
  return communityCycleMachine.resolveState({ value: stage, context });
}

export const CYCLE_EVENT_LABELS: Record<CycleEventType, string> = {
  SET_MIN_RESPONSE: "设置最低参与率",
  START_SURVEY: "开始需求调查",
  OVERRIDE_MIN_RESPONSE: "放宽最低参与率",
  APPROVE_OVERRIDE: "批准放宽最低参与率",
  REFUSE_OVERRIDE: "不批准放宽",
  CLOSE_SURVEY: "结束调查，进入评估",
  COMPLETE_EVALUATION: "完成评估，编制清单",
  SUBMIT_LIST: "提交清单审核",
  SUBMIT_NO_GAPS: "提交“无需补缺”说明",
  APPROVE: "审核通过",
  RETURN: "退回修改",
  COMPLETE_PLANNING: "完成建设计划",
  COMPLETE_CONSTRUCTION: "完成建设实施",
  COMPLETE_ACCEPTANCE: "完成验收",
  CLOSE_ROUND: "结束本轮，开启下一轮",
};

/** Everything the guards need to know about the community's data, gathered by the use-case. */
export interface CycleFacts {
  surveyPublished: boolean;
  responseRate: number;
  /** The policy's line below which lowering the minimum needs the street's approval (默认值 10 %). */
  overrideApprovalBelow: number;
  evaluationSaved: boolean;
  itemCount: number;
  undecidedItems: number;
  projectCount: number;
  unfinishedProjects: number;
  unresolvedItems: number;
  /** Approved items neither in a project nor dropped: warned about before planning and construction end. */
  unplannedItems: number;
}

/** The text an action asks for, if any. */
export const CYCLE_EVENT_INPUT: Partial<Record<CycleEventType, "comment" | "reason" | "rate">> = {
  SET_MIN_RESPONSE: "rate",
  OVERRIDE_MIN_RESPONSE: "reason",
  REFUSE_OVERRIDE: "comment",
  SUBMIT_NO_GAPS: "reason",
  RETURN: "comment",
};

/** A command from the UI: the event without the actor and facts the use-case adds. */
export type CycleCommand =
  | { type: "SET_MIN_RESPONSE"; rate: number }
  | { type: "OVERRIDE_MIN_RESPONSE"; reason: string }
  | { type: "SUBMIT_NO_GAPS"; reason: string }
  | { type: "RETURN" | "REFUSE_OVERRIDE"; comment: string }
  | {
      type: Exclude<CycleEventType, "SET_MIN_RESPONSE" | "OVERRIDE_MIN_RESPONSE" | "SUBMIT_NO_GAPS" | "RETURN" | "REFUSE_OVERRIDE">;
    };

export function toCycleEvent(command: CycleCommand, actor: CycleActor, facts: CycleFacts): CycleEvent {
  switch (command.type) {
    case "SET_MIN_RESPONSE":
      return { ...command, actor, facts: { approvalBelow: facts.overrideApprovalBelow } };
    case "OVERRIDE_MIN_RESPONSE":
      return { ...command, actor, facts: { responseRate: facts.responseRate, approvalBelow: facts.overrideApprovalBelow } };
    case "RETURN":
    case "REFUSE_OVERRIDE":
      return { ...command, actor };
    case "APPROVE_OVERRIDE":
    case "CLOSE_ROUND":
      return { type: command.type, actor };
    case "SUBMIT_NO_GAPS":
      return { ...command, actor, facts: { itemCount: facts.itemCount } };
    case "START_SURVEY":
      return { type: command.type, actor, facts: { surveyPublished: facts.surveyPublished } };
    case "CLOSE_SURVEY":
      return { type: command.type, actor, facts: { responseRate: facts.responseRate } };
    case "COMPLETE_EVALUATION":
      return { type: command.type, actor, facts: { evaluationSaved: facts.evaluationSaved } };
    case "SUBMIT_LIST":
      return { type: command.type, actor, facts: { itemCount: facts.itemCount } };
    case "APPROVE":
      return { type: command.type, actor, facts: { undecidedItems: facts.undecidedItems } };
    case "COMPLETE_PLANNING":
      return { type: command.type, actor, facts: { projectCount: facts.projectCount } };
    case "COMPLETE_CONSTRUCTION":
      return { type: command.type, actor, facts: { unfinishedProjects: facts.unfinishedProjects } };
    case "COMPLETE_ACCEPTANCE":
      return { type: command.type, actor, facts: { unresolvedItems: facts.unresolvedItems } };
  }
}

export interface CycleAction {
  type: CycleEventType;
  label: string;
  input: "comment" | "reason" | "rate" | null;
  /** Null when the user may do it now; otherwise why not, in Chinese. */
  unavailableBecause: string | null;
  /** Allowed, but something the user should fix first (approved items left out of every project). */
  warning: string | null;
  /** Where the blocker or the warning is fixed: the 建设项目 page (编入项目, 验收, 撤销 with a reason). */
  fixAt: "projects" | null;
}

/** Why the action is unavailable: a fact blocker is shown to both roles, with who takes the step. */
function unavailableBecause(snapshot: CycleSnapshot, event: CycleEvent): string | null {
  const denied = permitted(snapshot.context, event);
  const fact = (FACT_RULES[event.type] as Rule)(snapshot.context, event);
  if (denied && fact) return `${fact}（${EVENT_DOERS[CYCLE_EVENT_ACTIONS[event.type]] ?? denied}）`;
  return denied ?? fact ?? (snapshot.can(event) ? null : "当前阶段不能执行此操作");
}

function projectsWarning(type: CycleEventType, facts: CycleFacts): string | null {
  if ((type !== "COMPLETE_PLANNING" && type !== "COMPLETE_CONSTRUCTION") || facts.unplannedItems === 0) return null;
  return `还有 ${facts.unplannedItems} 个通过的事项未编入建设项目：验收前须编入项目，或在建设项目页写明理由撤销`;
}

/** The street's answer to an override: offered only while one waits. */
const OVERRIDE_REVIEW_EVENTS: readonly CycleEventType[] = ["APPROVE_OVERRIDE", "REFUSE_OVERRIDE"];

/** The actions of the current stage, each with whether this user may take it now and why not. */
export function cycleActions(snapshot: CycleSnapshot, actor: CycleActor, facts: CycleFacts): CycleAction[] {
  const waiting = isWaiting(snapshot.context.responseOverride);
  return STAGE_EVENTS[stageOf(snapshot)].filter((type) => waiting || !OVERRIDE_REVIEW_EVENTS.includes(type)).map((type) => {
    const input = CYCLE_EVENT_INPUT[type] ?? null;
    // Text the user has not typed yet is assumed present; the form requires it.
    const command = { type, rate: snapshot.context.minResponseRate, reason: "…", comment: "…" } as CycleCommand;
    const why = unavailableBecause(snapshot, toCycleEvent(command, actor, facts));
    const warning = projectsWarning(type, facts);
    const blockedOnItems = type === "COMPLETE_ACCEPTANCE" && facts.unresolvedItems > 0;
    return { type, label: CYCLE_EVENT_LABELS[type], input, unavailableBecause: why, warning, fixAt: warning || blockedOnItems ? "projects" : null };
  });
}
