// A job of the server worked through one step per turn of the event loop (batch evaluation,
// comment re-analysis), so pages and answers keep flowing between steps.

/** Runs `step` until it reports `finished`; `active` holds the jobs this process works on. */
export function runStepsInBackground(
  active: Set<string>,
  jobId: string,
  step: () => Promise<{ finished: boolean }>,
  onError: (error: unknown) => Promise<void>,
): void {
  if (active.has(jobId)) return;
  active.add(jobId);
  const next = () => {
    step().then(
      ({ finished }) => {
        if (finished) active.delete(jobId);
        else setImmediate(next);
      },
      (error: unknown) => {
        active.delete(jobId);
        void onError(error).catch(() => {});
      },
    );
  };
  setImmediate(next);
}
