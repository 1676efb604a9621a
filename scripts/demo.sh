#!/usr/bin/env bash
# Quick start, command 1: installs what the portal needs (scripts/install.sh portal), starts
# PostgreSQL/Redis/Solr, prepares the database (CKAN + every extension migration, harvest
# included), loads the demo content and serves the portal at http://127.0.0.1:5000 (Ctrl-C
# stops the web server; `scripts/services.sh stop` stops the services).
# Any failing step stops the script with that step's own output and exit status.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
INI="$ROOT/config/portal.ini"

# ckan_quiet ARGS... : runs `ckan -c portal.ini ARGS`, leaving out CKAN's INFO/WARNING log
# records (everything else, errors and tracebacks included, is shown). Returns ckan's exit
# status: the filter never fails and pipefail passes ckan's status on.
ckan_quiet() {
  ckan -c "$INI" "$@" 2>&1 | { grep -vE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:,]+ (INFO|WARNI) ' || true; }
}

"$ROOT/scripts/install.sh" portal
"$ROOT/scripts/services.sh" start
port_in_use "$CKAN_PORT" && die "port $CKAN_PORT is taken: is the portal already running? (set BUSAN_CKAN_PORT)"

step "Preparing the database (CKAN and extension migrations)"
ckan_quiet db init || die "ckan db init failed (output above)"
ckan_quiet db pending-migrations --apply || die "applying the extension migrations failed (output above)"
step "Loading demo content"
ckan_quiet busan seed-demo || die "loading the demo content failed (output above)"
ckan_quiet busan-showcase seed-demo || die "loading the demo showcases failed (output above)"
ckan_quiet busan seed-citizen-space || die "creating the citizen space failed (output above)"
ckan_quiet tracking update || die "summing page views failed (output above)"
step "Starting the background jobs worker (loads tables into the DataStore; log: .local/logs/worker.log)"
mkdir -p "$LOCAL/run" "$LOCAL/logs"
if ! { [ -f "$LOCAL/run/worker.pid" ] && kill -0 "$(cat "$LOCAL/run/worker.pid")" 2>/dev/null; }; then
  nohup ckan -c "$INI" jobs worker >> "$LOCAL/logs/worker.log" 2>&1 &
  echo $! > "$LOCAL/run/worker.pid"   # services.sh stop ends it
fi
step "Serving the portal at http://127.0.0.1:$CKAN_PORT (sysadmin: admin / busan-admin-2026)"
mkdir -p "$LOCAL/run" && echo $$ > "$LOCAL/run/ckan.pid"   # exec keeps this PID: services.sh stop ends it
exec ckan -c "$INI" run -H 127.0.0.1 -p "$CKAN_PORT" --disable-debugger --disable-reloader
