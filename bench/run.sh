#!/usr/bin/env bash
# Harvest benchmark (on demand, not part of CI): bench/harvest_bench.py with the project's
# virtualenv, after starting the local services (idempotent).
#   bench/run.sh [--records N] [--memory-records N2] [--skip-memory] [--skip-timing] [--profile] [--keep-data]
# RESETS the demo portal's database busan_portal and Solr core ckan (see bench/harvest_bench.py);
# ./scripts/demo.sh sets the demo up again. Results: docs/benchmarks.md.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
[ -x "$VENV/bin/python" ] || die "no virtualenv at $VENV: run ./scripts/install.sh portal"
"$ROOT/scripts/services.sh" start
exec "$VENV/bin/python" "$ROOT/bench/harvest_bench.py" "$@"
