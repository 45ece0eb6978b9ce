// Runs a 选址推演 solve on a worker thread (siting-worker.mjs), so the request thread stays free
// while HiGHS works. Paths are from the project root: the server, the CLI and the tests start there.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { CurvePoint, SitingAnswer, SitingProblem } from "../../workflows/siting";

const WORKER = path.resolve(process.cwd(), "app/lib/siting-worker.mjs");
const SOLVER = path.resolve(process.cwd(), "app/lib/siting-solver.server.ts");

/** Solves `problem` and the coverage curve for 1…curveSites new sites; rejects after `deadlineMs`. */
export function runSitingInWorker(problem: SitingProblem, options: { curveSites: number; timeLimitS?: number; deadlineMs?: number }): Promise<{ answer: SitingAnswer; curve: CurvePoint[] }> {
  const timeLimitS = options.timeLimitS ?? 5;
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { solverModule: SOLVER, problem, curveSites: options.curveSites, timeLimitS } });
    const timer = setTimeout(() => {
      void worker.terminate();
      reject(new Error("选址推演超时"));
    }, options.deadlineMs ?? (timeLimitS * (options.curveSites + 1) + 20) * 1000);
    worker.once("message", (message: { ok: true; answer: SitingAnswer; curve: CurvePoint[] } | { ok: false; message: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (message.ok) resolve({ answer: message.answer, curve: message.curve });
      else reject(new Error(message.message));
    });
    worker.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
