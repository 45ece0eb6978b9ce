#!/usr/bin/env bash
# npm run test:pg — the integration and e2e suites again, against a real PostgreSQL server.
# With TEST_DATABASE_URL=postgres://… set, that server is used (a role that may CREATE
# DATABASE); without it a throwaway cluster is started on a free loopback port
# (scripts/pg-test-cluster.sh) and stopped afterwards. The app is built into BUILD_DIR
# (default .builds/test-pg) so it never touches build/; with TEST_PG_REUSE_BUILD=1 (.ci/run,
# right after `npm test` built the same sources) the default build/ is used as it is.
# Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${TEST_DATABASE_URL:-}" ]]; then
  TEST_DATABASE_URL=$(bash scripts/pg-test-cluster.sh start)
  trap 'bash scripts/pg-test-cluster.sh stop "$TEST_DATABASE_URL"' EXIT
fi
export TEST_DATABASE_URL
if [[ "${TEST_PG_REUSE_BUILD:-}" == 1 && -f build/index.js ]]; then
  unset BUILD_DIR
else
  export BUILD_DIR=${BUILD_DIR:-.builds/test-pg}
  npx remix build >/dev/null
fi
if [[ $# -gt 0 ]]; then
  npx vitest run --project integration --project e2e "$@"
else
  # Every integration test, and the e2e files whose answers go through a store that differs
  # by backend and that the integration tests cannot drive: submission batches and household
  # codes from a phone, locking between two instances, a kill -9 after the receipt. The other
  # e2e files check pages whose use cases the integration tests run on PostgreSQL (kept
  # keyword totals, the approval's version check, siting inputs, projects, paper entry,
  # matrix tallies); they run on SQLite in `npm test`. This keeps .ci/run inside its 20
  # minutes on two cores.
  npx vitest run --project integration --project e2e tests/integration \
    tests/e2e/two-instances.test.ts tests/e2e/durability.test.ts tests/e2e/resident-survey.test.ts
fi
