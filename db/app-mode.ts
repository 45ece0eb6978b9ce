// Demo or production: one codebase, chosen by the environment (docs/deployment.md).
//   - demo: the newcomer's `npm ci && npm start`, tests and benchmarks: the demo city with its
//     published logins.
//   - production: NODE_ENV=production. The seed loads reference data only, `seed --demo` is
//     refused, and the server refuses to start while an account verifies against the demo
//     password or PUBLIC_BASE_URL is unset.
// APP_MODE=demo keeps a production build in demo mode: the test harness and the benchmarks run
// the production build against the demo city this way, so the production checks stay whole.
export type AppMode = "demo" | "production";

export function appModeFromEnv(env: NodeJS.ProcessEnv = process.env): AppMode {
  return env.NODE_ENV === "production" && env.APP_MODE !== "demo" ? "production" : "demo";
}
