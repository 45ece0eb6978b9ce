// The 选址推演's solve, on a thread of its own: HiGHS runs synchronously for up to its time
// limit and would otherwise stall every request (app/lib/siting-run.server.ts starts it).
// Plain JavaScript that loads the TypeScript solver through tsx, so it starts the same way under
// the server, the CLI and the tests.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { solverModule, problem, curveSites, timeLimitS } = workerData;
try {
  const { solveSiting, solveCoverageCurve } = await tsImport(solverModule, import.meta.url);
  const answer = await solveSiting(problem, { timeLimitS });
  const { limit: _limit, ...curveProblem } = problem;
  const curve = curveSites > 0 ? await solveCoverageCurve(curveProblem, curveSites, { timeLimitS }) : [];
  parentPort.postMessage({ ok: true, answer, curve });
} catch (error) {
  parentPort.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
}
