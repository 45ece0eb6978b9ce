import { STAGE_LABELS, STAGES, type Stage } from "../../workflows/glossary";

/** The ten stages of the loop with the current one marked (text, not only colour). */
export function CycleStepper({ stage, compact = false }: { stage: Stage; compact?: boolean }) {
  const current = STAGES.indexOf(stage);
  return (
    <ol className={compact ? "stepper stepper--compact" : "stepper"} aria-label="体检流程阶段">
      {STAGES.map((s, i) => {
        const state = i < current ? "done" : i === current ? "current" : "todo";
        return (
          <li key={s} className={`stepper__step stepper__step--${state}`} aria-current={i === current ? "step" : undefined}>
            <span className="stepper__index" aria-hidden="true">
              {i < current ? "✓" : i + 1}
            </span>
            <span className="stepper__label">
              {STAGE_LABELS[s]}
              {i === current ? <span className="visually-hidden">（当前阶段）</span> : null}
              {i < current ? <span className="visually-hidden">（已完成）</span> : null}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
