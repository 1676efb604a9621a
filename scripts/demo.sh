#!/usr/bin/env bash
# Quick start, command 1: installs what is missing, starts PostgreSQL/Redis/Solr, prepares
# the database (CKAN + every extension migration, harvest included), loads the demo
# content and serves the portal at http://127.0.0.1:5000 (Ctrl-C stops the web server;
# `scripts/services.sh stop` stops the services).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/lib.sh"
INI="$ROOT/config/portal.ini"

"$ROOT/scripts/install.sh"
"$ROOT/scripts/services.sh" start
port_in_use "$CKAN_PORT" && die "port $CKAN_PORT is taken: is the portal already running? (set BUSAN_CKAN_PORT)"

step "Preparing the database (CKAN and extension migrations)"
ckan -c "$INI" db init 2>&1 | grep -v WARNI || true
ckan -c "$INI" db pending-migrations --apply 2>&1 | grep -vE 'WARNI|INFO' || true
step "Loading demo content"
ckan -c "$INI" busan seed-demo 2>&1 | grep -vE 'WARNI|INFO'
step "Serving the portal at http://127.0.0.1:$CKAN_PORT (sysadmin: admin / busan-admin-2026)"
mkdir -p "$LOCAL/run" && echo $$ > "$LOCAL/run/ckan.pid"   # exec keeps this PID: services.sh stop ends it
exec ckan -c "$INI" run -H 127.0.0.1 -p "$CKAN_PORT" --disable-debugger --disable-reloader
