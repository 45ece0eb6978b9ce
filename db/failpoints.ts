// Named moments where the fault tests (tests/integration/faults.test.ts) stop a real process.
// FAILPOINT=<name> (or <name>:<n> for the n-th time it is reached) makes failpoint(<name>)
// print "FAILPOINT <name>" on stderr and wait forever, so the test can kill -9 the process
// exactly there. Honoured only when NODE_ENV=test: elsewhere failpoint() returns at once.
export type FailpointName = "gap-list-approve" | "batch-evaluation-chunk" | "copy-to-postgres-table" | "database-full";

const reached = new Map<string, number>();

/** Whether the test armed `name` for this process. */
export function isArmed(name: FailpointName, env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === "test" && (env.FAILPOINT ?? "").split(":")[0] === name;
}

export function failpoint(name: FailpointName): Promise<void> {
  if (!isArmed(name)) return Promise.resolve();
  const times = (reached.get(name) ?? 0) + 1;
  reached.set(name, times);
  if (times !== Number(process.env.FAILPOINT!.split(":")[1] ?? 1)) return Promise.resolve();
  process.stderr.write(`FAILPOINT ${name}\n`);
  return new Promise(() => {});
}
