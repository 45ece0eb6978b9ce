// What each stage of the community cycle allows besides its own events: one table, read
// by the use cases (to refuse with the reason), by the pages (to disable a button with the
// same reason) and by the machine (each state carries its activities as tags, so
// `snapshot.hasTag("edit:gaplist")` answers the same question). Pure.
import { STAGE_LABELS, STAGES, type Stage } from "./glossary";

export const STAGE_ACTIVITIES = {
  "save:evaluation": { stages: ["evaluating"], what: "保存评估" },
  "edit:gaplist": { stages: ["drafting"], what: "修改清单" },
  "create:project": { stages: ["planning", "construction"], what: "新建项目" },
  "plan:project": { stages: ["planning", "construction", "acceptance"], what: "修改项目计划" },
  "progress:project": { stages: ["planning", "construction", "acceptance", "operation_feedback"], what: "记录项目进度" },
  "accept:project": { stages: ["construction", "acceptance"], what: "验收项目" },
  "drop:item": { stages: ["planning", "construction", "acceptance"], what: "撤销事项" },
} as const satisfies Record<string, { stages: readonly Stage[]; what: string }>;
export type StageActivity = keyof typeof STAGE_ACTIVITIES;

const order = (stage: Stage) => STAGES.indexOf(stage);

export function stageAllows(stage: Stage, activity: StageActivity): boolean {
  return (STAGE_ACTIVITIES[activity].stages as readonly Stage[]).includes(stage);
}

/** The activities a stage allows: the machine's state tags. */
export function activitiesOf(stage: Stage): StageActivity[] {
  return (Object.keys(STAGE_ACTIVITIES) as StageActivity[]).filter((activity) => stageAllows(stage, activity));
}

/**
 * Null when `stage` allows `activity`; otherwise why not, in Chinese. `what` names the
 * user's action when it is narrower than the activity (e.g. 上传附件 under 记录项目进度).
 */
export function stageRefusal(stage: Stage, activity: StageActivity, what: string = STAGE_ACTIVITIES[activity].what): string | null {
  if (stageAllows(stage, activity)) return null;
  const current = `“${STAGE_LABELS[stage]}”`;
  switch (activity) {
    case "save:evaluation":
      return order(stage) < order("evaluating")
        ? `本轮尚未进入“评估”阶段（当前为${current}），评估结果暂不能保存；可以先试算，结果不保存。`
        : `评估已随流程锁定：本轮已进入${current}阶段，已保存的评估不能再改，只能查看。`;
    case "edit:gaplist":
      if (order(stage) < order("drafting")) return `本轮尚未进入“清单编制”阶段（当前为${current}）。`;
      if (stage === "street_review") return SUBMITTED_LIST_MESSAGE;
      return FROZEN_LIST_MESSAGE;
    default: {
      const stages = STAGE_ACTIVITIES[activity].stages.map((s) => `“${STAGE_LABELS[s]}”`).join("、");
      return `只有在${stages}阶段可以${what}（当前为${current}）。`;
    }
  }
}

export const SUBMITTED_LIST_MESSAGE = "清单已提交街道审核，审核期间不能修改；如需修改，请联系街道审核员退回。";
export const FROZEN_LIST_MESSAGE = "清单已审核通过并锁定，不能再修改；如需变更，须在新一轮体检中重新编制并提交审核。";
