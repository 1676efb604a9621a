#!/usr/bin/env bash
# Starts/stops the real services the portal and the tests run on, all on 127.0.0.1 with
# data under .local/ (git-ignored):
#   PostgreSQL (project-local cluster, port $BUSAN_PG_PORT=5433, databases busan_portal + busan_test,
#              DataStore databases busan_datastore + busan_datastore_test with read-only role busan_ro)
#   Redis      (port $BUSAN_REDIS_PORT=6380)
#   Solr 9     (port $BUSAN_SOLR_PORT=8983, cores ckan + ckan_test, Korean schema from config/solr)
#   (busan_test_second + ckan_test_second: the second portal of tests/dcat/test_second_site.py)
# usage: scripts/services.sh start|stop|status
# Idempotent: a running service is left alone; a port held by something else is reported.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
. "$ROOT/scripts/lib.sh"

RUN="$LOCAL/run"; LOGS="$LOCAL/logs"
SOLR_HOME="$LOCAL/solr-home"
# The query parser plugin (config/solr/plugin, registered in solrconfig.xml), compiled against
# the Solr jars and put on Solr's classpath; Solr loads it at start-up only.
SOLR_PLUGIN_SRC="$ROOT/config/solr/plugin"
SOLR_PLUGIN_JAR="$LOCAL/solr-plugins/busan-solr-plugins.jar"
PG_USER=busan; PG_PASSWORD=busan
DATABASES=(busan_portal busan_test busan_test_second)
# CKAN DataStore: its own database per site (main database:datastore database), written by
# $PG_USER and read by a role that can only SELECT (CKAN's datastore documentation).
DS_READ_USER=busan_ro; DS_READ_PASSWORD=busan_ro
DATASTORES=(busan_portal:busan_datastore busan_test:busan_datastore_test)
SOLR_CORES=(ckan ckan_test ckan_test_second)

as_db_owner() {
  # PostgreSQL refuses to run as root: use the Debian "postgres" account then.
  # (from /, which it can always enter: the caller's folder may be private)
  if [ "$(id -u)" -eq 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_bin() {
  local d
  d="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
  [ -n "$d" ] || die "PostgreSQL server binaries not found: run scripts/install.sh (apt-get install postgresql)"
  echo "$d"
}

# The PostgreSQL cluster (data, socket, log) lives in .local/postgres. As root the server
# runs as the "postgres" account, which cannot enter a checkout under a private (0700)
# folder: then the cluster goes to a per-checkout folder in postgres's home instead.
pg_home() {
  if [ "$(id -u)" -ne 0 ] || runuser -u postgres -- test -x "$ROOT" 2>/dev/null; then
    echo "$LOCAL/postgres"
  else
    echo "/var/lib/postgresql/busan-$(printf %s "$ROOT" | sha256sum | cut -c1-12)"
  fi
}
PG_HOME="$(pg_home)"
PGDATA="$PG_HOME/data"

pg_running() { [ -f "$PGDATA/postmaster.pid" ] && as_db_owner "$(pg_bin)/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; }

start_postgres() {
  local bin; bin="$(pg_bin)"
  if pg_running; then step "PostgreSQL already running on 127.0.0.1:$PG_PORT"; else
    port_in_use "$PG_PORT" && die "port $PG_PORT is taken by another program (set BUSAN_PG_PORT)"
    mkdir -p "$PG_HOME/run"
    if [ "$(id -u)" -eq 0 ]; then chown -R postgres "$PG_HOME"; fi
    if [ ! -f "$PGDATA/PG_VERSION" ]; then
      step "Initialising PostgreSQL cluster in $PGDATA"
      as_db_owner mkdir -p "$PGDATA"
      as_db_owner "$bin/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    step "Starting PostgreSQL on 127.0.0.1:$PG_PORT"
    as_db_owner "$bin/pg_ctl" -D "$PGDATA" -l "$PG_HOME/postgres.log" -w -t 60 start \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_HOME/run -c fsync=off -c full_page_writes=off" \
      >/dev/null || die "PostgreSQL did not start: see $PG_HOME/postgres.log"
  fi
  local psql=("$bin/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$PG_USER'")" != 1 ]; then
    "${psql[@]}" -c "create role $PG_USER login password '$PG_PASSWORD'"
  fi
  for db in "${DATABASES[@]}"; do
    if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$db'")" != 1 ]; then
      step "Creating database $db"
      "${psql[@]}" -c "create database $db owner $PG_USER encoding 'UTF8' template template0"
    fi
  done
  for pair in "${DATASTORES[@]}"; do datastore_db "${pair%%:*}" "${pair#*:}"; done
}

# datastore_db MAIN_DB DATASTORE_DB: creates the DataStore database and the read-only role and
# applies the permissions SQL that `ckan datastore set-permissions` prints, rendered from the
# same template in CKAN's package (that command needs a whole CKAN site running; the SQL is
# idempotent: grants, revokes, CREATE OR REPLACE).
datastore_db() {
  local main="$1" ds="$2" template
  local psql=("$(pg_bin)/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qtA)
  if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$DS_READ_USER'")" != 1 ]; then
    "${psql[@]}" -c "create role $DS_READ_USER login password '$DS_READ_PASSWORD'"
  fi
  if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$ds'")" != 1 ]; then
    step "Creating DataStore database $ds"
    "${psql[@]}" -c "create database $ds owner $PG_USER encoding 'UTF8' template template0"
  fi
  template="$(ls "$VENV"/lib/python3*/site-packages/ckanext/datastore/set_permissions.sql 2>/dev/null | head -1)"
  [ -n "$template" ] || die "CKAN's datastore/set_permissions.sql not found in $VENV: run scripts/install.sh"
  sed -e "s/{maindb}/$main/g; s/{datastoredb}/$ds/g; s/{mainuser}/$PG_USER/g" \
      -e "s/{writeuser}/$PG_USER/g; s/{readuser}/$DS_READ_USER/g" "$template" \
    | "${psql[@]}" -d postgres >/dev/null || die "DataStore permissions could not be set on $ds"
}

redis_running() { [ -f "$RUN/redis.pid" ] && kill -0 "$(cat "$RUN/redis.pid")" 2>/dev/null; }

start_redis() {
  if redis_running; then step "Redis already running on 127.0.0.1:$REDIS_PORT"; return; fi
  command -v redis-server >/dev/null || die "redis-server not found: run scripts/install.sh"
  port_in_use "$REDIS_PORT" && die "port $REDIS_PORT is taken by another program (set BUSAN_REDIS_PORT)"
  mkdir -p "$RUN" "$LOGS" "$LOCAL/redis"
  step "Starting Redis on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$LOCAL/redis" \
    --pidfile "$RUN/redis.pid" --logfile "$LOGS/redis.log" --save "" --appendonly no
  wait_for Redis 30 redis-cli -p "$REDIS_PORT" ping || die "Redis did not start: see $LOGS/redis.log"
}

solr_running() { [ -f "$RUN/solr.pid" ] && kill -0 "$(cat "$RUN/solr.pid")" 2>/dev/null; }
solr_ping() { curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/$1/admin/ping" >/dev/null; }

# Copies config/solr/home/ckan/conf into each core; prints "changed" when a file differs.
sync_solr_conf() {
  local changed=""
  mkdir -p "$SOLR_HOME"
  cp "$ROOT/config/solr/home/solr.xml" "$SOLR_HOME/solr.xml"
  for core in "${SOLR_CORES[@]}"; do
    mkdir -p "$SOLR_HOME/$core/conf"
    echo "name=$core" > "$SOLR_HOME/$core/core.properties"
    if ! diff -rq "$ROOT/config/solr/home/ckan/conf" "$SOLR_HOME/$core/conf" >/dev/null 2>&1; then
      rm -rf "$SOLR_HOME/$core/conf"
      cp -r "$ROOT/config/solr/home/ckan/conf" "$SOLR_HOME/$core/conf"
      changed=changed
    fi
  done
  echo "$changed"
}

# A core added to SOLR_CORES while Solr runs: Solr only discovers cores at start-up, so it is
# created through the CoreAdmin API (which writes its core.properties itself).
create_missing_cores() {
  local core
  for core in "${SOLR_CORES[@]}"; do
    solr_ping "$core" 2>/dev/null && continue
    step "Creating Solr core $core"
    rm -f "$SOLR_HOME/$core/core.properties"
    curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/admin/cores?action=CREATE&name=$core&instanceDir=$core" >/dev/null \
      || die "Solr could not create core $core: see $LOGS/solr.log"
  done
}

# Compiles config/solr/plugin into $SOLR_PLUGIN_JAR when a source is newer than the jar.
build_solr_plugin() {
  if [ -f "$SOLR_PLUGIN_JAR" ] && [ -z "$(find "$SOLR_PLUGIN_SRC" -name '*.java' -newer "$SOLR_PLUGIN_JAR")" ]; then
    return
  fi
  [ -f "$SOLR_LIB/.complete" ] || die "Solr jars missing: run scripts/install.sh"
  command -v javac >/dev/null && command -v jar >/dev/null || die "javac not found: a Java 17 JDK is required (scripts/install.sh)"
  step "Building the Solr query parser plugin ($SOLR_PLUGIN_JAR)"
  local tmp; tmp="$(mktemp -d)"
  local sources; mapfile -t sources < <(find "$SOLR_PLUGIN_SRC" -name '*.java')
  javac -nowarn --release 11 -cp "$SOLR_LIB/*" -d "$tmp/classes" "${sources[@]}" \
    && jar --create --file "$tmp/plugin.jar" -C "$tmp/classes" . \
    || { rm -rf "$tmp"; die "the Solr plugin in $SOLR_PLUGIN_SRC did not compile"; }
  mkdir -p "$(dirname "$SOLR_PLUGIN_JAR")"
  # A new file, not rewritten in place: a running Solr keeps reading the jar it opened.
  mv -f "$tmp/plugin.jar" "$SOLR_PLUGIN_JAR"
  rm -rf "$tmp"
}

# 0 when the running Solr was started with the current plugin jar (recorded at its start).
solr_plugin_loaded() { [ "$(cat "$RUN/solr-plugin.sha256" 2>/dev/null)" = "$(sha256sum < "$SOLR_PLUGIN_JAR")" ]; }

start_solr() {
  build_solr_plugin
  local changed; changed="$(sync_solr_conf)"
  if solr_running && ! solr_plugin_loaded; then
    # solrconfig.xml names the plugin's parser: a core reload cannot load a new jar.
    step "Solr runs without the current query parser plugin: restarting it"
    stop_pid Solr "$RUN/solr.pid"
  fi
  if solr_running; then
    create_missing_cores
    if [ -n "$changed" ]; then
      step "Solr config changed: reloading cores"
      for core in "${SOLR_CORES[@]}"; do
        curl -fsS "http://127.0.0.1:$SOLR_PORT/solr/admin/cores?action=RELOAD&core=$core" >/dev/null \
          || die "Solr could not reload core $core: see $LOGS/solr.log"
      done
    else
      step "Solr already running on 127.0.0.1:$SOLR_PORT"
    fi
    return
  fi
  [ -f "$SOLR_LIB/.complete" ] || die "Solr jars missing: run scripts/install.sh"
  command -v java >/dev/null || die "java not found: Java 17 is required"
  port_in_use "$SOLR_PORT" && die "port $SOLR_PORT is taken by another program (set BUSAN_SOLR_PORT)"
  mkdir -p "$RUN" "$LOGS"
  step "Starting Solr 9 on 127.0.0.1:$SOLR_PORT (cores: ${SOLR_CORES[*]})"
  mkdir -p "$LOCAL/tmp"
  nohup java -Xms256m -Xmx768m -Dsolr.log.dir="$LOGS" -Dlog4j2.level=WARN \
    -Djava.io.tmpdir="$LOCAL/tmp" \
    -cp "$SOLR_LIB/*:$SOLR_PLUGIN_JAR" "$ROOT/config/solr/RunSolr.java" "$SOLR_HOME" "$SOLR_PORT" \
    > "$LOGS/solr.log" 2>&1 &
  echo $! > "$RUN/solr.pid"
  sha256sum < "$SOLR_PLUGIN_JAR" > "$RUN/solr-plugin.sha256"
  mkdir -p "$LOCAL/tmp"
  for core in "${SOLR_CORES[@]}"; do
    if ! wait_for "Solr core $core" 120 solr_ping "$core"; then
      tail -20 "$LOGS/solr.log" >&2
      die "Solr did not start: see $LOGS/solr.log"
    fi
  done
}

stop_pid() {
  local name="$1" pidfile="$2"
  local pid
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  # Read the PID once: Redis removes its pid file as it exits.
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
    step "Stopping $name"
    kill "$pid"
    local i=0
    while kill -0 "$pid" 2>/dev/null && [ $i -lt 30 ]; do sleep 1; i=$((i + 1)); done
  fi
  rm -f "$pidfile"
}

cmd_start() { start_postgres; start_redis; start_solr; step "Services up"; }

cmd_stop() {
  stop_pid "CKAN" "$RUN/ckan.pid"
  stop_pid "CKAN jobs worker" "$RUN/worker.pid"
  stop_pid Solr "$RUN/solr.pid"
  stop_pid Redis "$RUN/redis.pid"
  if pg_running; then step "Stopping PostgreSQL"; as_db_owner "$(pg_bin)/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null; fi
  step "Services stopped"
}

cmd_status() {
  if pg_running; then echo "postgres: running (127.0.0.1:$PG_PORT)"; else echo "postgres: stopped"; fi
  if redis_running; then echo "redis:    running (127.0.0.1:$REDIS_PORT)"; else echo "redis:    stopped"; fi
  if solr_running; then echo "solr:     running (127.0.0.1:$SOLR_PORT)"; else echo "solr:     stopped"; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
