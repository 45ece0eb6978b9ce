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
npx vitest run --project integration --project e2e "$@"
