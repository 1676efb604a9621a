# Shared settings and helpers for the project's scripts (sourced, not run).
ROOT="${ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
LOCAL="$ROOT/.local"                 # git-ignored: venv, data, logs, caches
VENV="${BUSAN_VENV:-$LOCAL/venv}"
PYTHON="${PYTHON:-}"                 # interpreter for a new virtualenv; empty: pick_python chooses
SOLR_LIB="${BUSAN_SOLR_LIB:-$LOCAL/solr-lib}"
# .local/bin holds tools built for this checkout (a docker-compose where no docker CLI exists).
export PATH="$VENV/bin:$LOCAL/bin:$PATH"

# Loopback ports; override with env vars when they clash on a developer machine.
PG_PORT="${BUSAN_PG_PORT:-5433}"
REDIS_PORT="${BUSAN_REDIS_PORT:-6380}"
SOLR_PORT="${BUSAN_SOLR_PORT:-8983}"
CKAN_PORT="${BUSAN_CKAN_PORT:-5000}"

step() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die()  { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# python_ok INTERPRETER -> 0 when it runs and is Python >= 3.10 (CKAN 2.11's minimum). A pyenv
# shim for a version that is not selected exists on PATH but fails to run: it is skipped too.
python_ok() { "$1" -c 'import sys; sys.exit(sys.version_info < (3, 10))' >/dev/null 2>&1; }

# pick_python: prints the interpreter for the project's virtualenv: $PYTHON when set, else the
# first of python3.13, python3.12, python3.11, python3 that runs and is >= 3.10 (the project's
# own virtualenv is not searched). Fails when there is none.
pick_python() {
  if [ -n "$PYTHON" ]; then
    python_ok "$PYTHON" || { warn "PYTHON=$PYTHON does not run or is older than Python 3.10"; return 1; }
    echo "$PYTHON"
    return
  fi
  local search=":$PATH:" candidate found
  search="${search//:$VENV\/bin:/:}"
  search="${search#:}"; search="${search%:}"
  for candidate in python3.13 python3.12 python3.11 python3; do
    found="$(PATH="$search" command -v "$candidate")" || continue
    if python_ok "$found"; then echo "$found"; return; fi
  done
  return 1
}

# port_in_use PORT -> 0 when something listens on 127.0.0.1:PORT
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_for DESCRIPTION SECONDS COMMAND... : polls until COMMAND succeeds, printing progress
wait_for() {
  local what="$1" secs="$2"; shift 2
  local i=0
  while ! "$@" >/dev/null 2>&1; do
    i=$((i + 1))
    if [ "$i" -ge "$secs" ]; then return 1; fi
    if [ $((i % 10)) -eq 0 ]; then echo "    ... waiting for $what (${i}s)"; fi
    sleep 1
  done
}
