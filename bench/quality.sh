#!/usr/bin/env bash
# Quality diagnosis benchmark (on demand, not part of CI): bench/quality_bench.py in a
# virtualenv of its own (.local/bench-venv) with pandas and frictionless, which the portal
# does not install (bench/quality-requirements.txt). Needs no service. Results: docs/benchmarks.md.
#   bench/quality.sh [--rows N] [--big-mb MB] [--skip-frictionless] [--skip-memory]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_VENV="$ROOT/.local/bench-venv"
if [ ! -x "$BENCH_VENV/bin/python" ]; then
  python3 -m venv "$BENCH_VENV"
fi
"$BENCH_VENV/bin/pip" install -q --disable-pip-version-check -r "$ROOT/bench/quality-requirements.txt"
exec "$BENCH_VENV/bin/python" "$ROOT/bench/quality_bench.py" "$@"
