// 登记存量空间: the new-space form as a community's and a street's inventory pages show it, with
// the last answer; after a space is registered the form starts blank again.
import type { ActionResult } from "../lib/http.server";
import { ActionMessage } from "./action-message";
import { BLANK_SPACE, IdleSpaceForm } from "./idle-space-form";
import type { MapLayer } from "./point-map";

export function NewSpacePanel({
  id,
  title,
  result,
  busy,
  spaceCount,
  layers,
  communities,
}: {
  /** The heading's id. */
  id: string;
  title: string;
  result: ActionResult<{ values: Record<string, string> }> | undefined;
  busy: boolean;
  /** How many spaces the page lists: a new one resets the form. */
  spaceCount: number;
  layers: MapLayer[];
  communities?: readonly { code: string; name: string }[];
}) {
  return (
    <section className="panel" aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <ActionMessage result={result} />
      <IdleSpaceForm
        key={result?.ok ? spaceCount : "form"}
        values={result && !result.ok ? { ...BLANK_SPACE, ...result.values } : BLANK_SPACE}
        errors={result?.errors ?? {}}
        busy={busy}
        intent="create"
        submitLabel="登记空间"
        layers={layers}
        communities={communities}
      />
    </section>
  );
}
