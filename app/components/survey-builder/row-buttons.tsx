// The buttons of the builder's ordered lists (pages, elements, choices, matrix rows and columns,
// a table's columns): 上移/下移/删除 on each entry and the list's 添加. The up and down buttons
// have ids so that focus can follow the entry it moved.
import type { ReactNode } from "react";

/**
 * `subject` names the entry in the buttons' labels (选项“满意”, 第 2 页“基本情况”); `what` is
 * added to their text (本页). Without `onRemove`, no delete button.
 */
export function MoveButtons({
  upId,
  downId,
  subject,
  what = "",
  onMove,
  onRemove,
}: {
  upId: string;
  downId: string;
  subject: string;
  what?: string;
  onMove: (delta: -1 | 1) => void;
  onRemove?: () => void;
}) {
  return (
    <>
      <button type="button" id={upId} className="button button--secondary button--small" aria-label={`上移${subject}`} onClick={() => onMove(-1)}>
        上移{what}
      </button>
      <button type="button" id={downId} className="button button--secondary button--small" aria-label={`下移${subject}`} onClick={() => onMove(1)}>
        下移{what}
      </button>
      {onRemove ? (
        <button type="button" className="button button--secondary button--small" aria-label={`删除${subject}`} onClick={onRemove}>
          删除{what}
        </button>
      ) : null}
    </>
  );
}

/** An entry of a value/text list: its buttons, with ids `<idPrefix>-up-<i>` and `<idPrefix>-down-<i>`. */
export function RowButtons({ idPrefix, index, ...buttons }: { idPrefix: string; index: number; subject: string; onMove: (delta: -1 | 1) => void; onRemove: () => void }) {
  return (
    <div className="builder-buttons">
      <MoveButtons upId={`${idPrefix}-up-${index}`} downId={`${idPrefix}-down-${index}`} {...buttons} />
    </div>
  );
}

/** The list's 添加 button; focus goes to it (`<idPrefix>-add`) when the last entry is deleted. */
export function AddRowButton({ idPrefix, onAdd, children }: { idPrefix: string; onAdd: () => void; children: ReactNode }) {
  return (
    <button type="button" id={`${idPrefix}-add`} className="button button--secondary" onClick={onAdd}>
      {children}
    </button>
  );
}
