#!/usr/bin/env bash
# npm run test:pg — the integration and e2e suites again, against a real PostgreSQL server.
# With TEST_DATABASE_URL=postgres://… set, that server is used (a role that may CREATE
# DATABASE); without it a throwaway cluster is started on a free loopback port
# (scripts/pg-test-cluster.sh) and stopped afterwards. The app is built into BUILD_DIR
# (default .builds/test-pg) so it never touches build/. Extra arguments go to vitest.
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z "${TEST_DATABASE_URL:-}" ]]; then
  TEST_DATABASE_URL=$(bash scripts/pg-test-cluster.sh start)
  trap 'bash scripts/pg-test-cluster.sh stop "$TEST_DATABASE_URL"' EXIT
fi
export TEST_DATABASE_URL
export BUILD_DIR=${BUILD_DIR:-.builds/test-pg}

npx remix build >/dev/null
if [[ $# -gt 0 ]]; then
  npx vitest run --project integration --project e2e "$@"
else
  # Every integration test, and the e2e files whose answers go through a store or SQL that
  # differs by backend and that the integration tests do not already drive end to end:
  # submission batches and household codes from a phone, locking between two instances, a
  # kill -9 after the receipt, kept keyword totals, the approval's version check, siting
  # inputs. The other e2e files check pages whose use cases the integration tests run on
  # PostgreSQL (projects, paper entry, matrix tallies); they run on SQLite in `npm test`.
  # This keeps .ci/run inside its 20 minutes on two cores.
  npx vitest run --project integration --project e2e tests/integration \
    tests/e2e/two-instances.test.ts tests/e2e/durability.test.ts tests/e2e/resident-survey.test.ts \
    tests/e2e/comment-keywords.test.ts tests/e2e/gap-list.test.ts tests/e2e/siting.test.ts
fi
