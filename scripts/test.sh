#!/usr/bin/env bash
# Quick start, command 2: the whole test suite. Installs what is missing (scripts/install.sh
# test: the portal's needs plus the test tools), starts the real services (PostgreSQL, Redis,
# Solr) if they are not up, checks lint, then runs pytest with CKAN's built-in plugin against
# test.ini. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
cd "$ROOT"

"$ROOT/scripts/install.sh" test
"$ROOT/scripts/services.sh" start
step "ruff check"
ruff check .
step "pytest (test.ini, real PostgreSQL/Solr/Redis)"
exec pytest -ra "$@"
