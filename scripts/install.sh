#!/usr/bin/env bash
# Installs what the project needs on a Debian machine, in two profiles:
#
#   scripts/install.sh portal   what the portal needs (scripts/demo.sh runs this)
#   scripts/install.sh test     the same plus the test tools (scripts/test.sh runs this)
#
# portal: Debian packages (PostgreSQL, Redis, GEOS; libpq, a C compiler and the Python headers
#   that psycopg2 is built from source with; libmagic; python3-venv; curl; a JDK when no Java
#   >= 17 is installed and Maven while the Solr jars are still to be fetched), a virtualenv with
#   stock CKAN 2.11.6 + its pinned requirements + the extensions + this bundle (editable), and
#   the Solr 9 jars from Maven Central.
# test: also dev-requirements.txt (pytest, ruff, ...), Debian's chromium and Nanum fonts,
#   playwright-core from npm (Debian's npm when there is none), and a Docker Compose to validate
#   docker/: the v2 CLI plugin built from the Go module proxy where Go is installed, else
#   Debian's docker-compose package.
#
# Idempotent: each step is skipped when done. Each profile has its own stamp in the virtualenv,
# so `install.sh test` after `install.sh portal` adds only the test tools.
# PYTHON=/path/to/python3.x chooses the interpreter of a new virtualenv (default: the first of
# python3.13, python3.12, python3.11, python3 that is >= 3.10).
# BUSAN_INSTALL_DRY_RUN=1 prints the commands that would change the machine ("+ ...") instead
# of running them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

CKAN_VERSION=2.11.6
COMPOSE_VERSION=v2.40.3
PORTAL_APT=(postgresql postgresql-contrib redis-server libgeos-dev libpq-dev build-essential
  python3 python3-venv python3-dev libmagic1 curl ca-certificates)
TEST_APT=(chromium fonts-nanum)
SDIST="$LOCAL/cache/ckan-sdist"
BROWSER="$ROOT/tests/browser"
DRY_RUN="${BUSAN_INSTALL_DRY_RUN:-}"

usage() { echo "usage: $0 [portal|test]   (default: portal)"; }

run() { if [ -n "$DRY_RUN" ]; then printf '+ %s\n' "$*"; else "$@"; fi; }
as_root() { if [ "$(id -u)" -eq 0 ]; then run "$@"; else run sudo "$@"; fi; }
write_stamp() { if [ -n "$DRY_RUN" ]; then printf '+ stamp %s %s\n' "$1" "$2"; else echo "$2" > "$1"; fi; }
stamp_is() { [ -f "$1" ] && [ "$(cat "$1")" = "$2" ]; }
hash_of() { cat "$@" | sha256sum | cut -c1-16; }

# --- Debian packages --------------------------------------------------------------------------
apt_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
APT_UPDATED=""
apt_install() {   # apt_install PACKAGE... : installs the ones not installed yet
  local missing=() p
  for p in "$@"; do apt_installed "$p" || missing+=("$p"); done
  [ ${#missing[@]} -gt 0 ] || return 0
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
  step "Installing Debian packages: ${missing[*]}"
  if [ -z "$APT_UPDATED" ]; then as_root apt-get update -q; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

java_major() { java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -1; }
# Solr 9 needs Java >= 17; services.sh starts it from a single-file source (RunSolr.java) and
# compiles the query parser plugin (config/solr/plugin): a JDK (javac, jar), not only a JRE.
java_ok() { command -v java >/dev/null && command -v javac >/dev/null && [ "$(java_major)" -ge 17 ] 2>/dev/null; }
solr_jars_present() { [ -f "$SOLR_LIB/.complete" ]; }
browser_tools_current() { stamp_is "$BROWSER/node_modules/.busan-lock" "$(hash_of "$BROWSER/package-lock.json")"; }
compose_found() { docker compose version >/dev/null 2>&1 || docker-compose version >/dev/null 2>&1; }

debian_packages() {   # debian_packages PROFILE : everything apt must provide for PROFILE
  local pkgs=("${PORTAL_APT[@]}")
  java_ok || pkgs+=(default-jdk-headless)
  solr_jars_present || command -v mvn >/dev/null || pkgs+=(maven)
  if [ "$1" = test ]; then
    pkgs+=("${TEST_APT[@]}")
    browser_tools_current || command -v npm >/dev/null || pkgs+=(nodejs npm)
    # Without Go the compose plugin cannot be built: Debian's compose (v1.29 on Debian 12)
    # understands the Compose Specification and ${VAR:?message} too.
    compose_found || command -v go >/dev/null || pkgs+=(docker-compose)
  fi
  echo "${pkgs[@]}"
}

install_debian_packages() {
  local pkgs
  read -r -a pkgs <<< "$(debian_packages "$1")"
  apt_install "${pkgs[@]}"
  if [ -z "$DRY_RUN" ]; then
    java_ok || die "a Java >= 17 JDK is needed for Solr (java -version says: $(java -version 2>&1 | head -1)); select one with update-alternatives"
  fi
  step "Debian packages for the $1 profile present"
}

# --- Python -----------------------------------------------------------------------------------
# Debian's own interpreters keep venv support and headers in separate packages.
debian_python_packages() {
  local real version
  real="$(readlink -f "$(command -v "$1")")"
  case "$real" in
    /usr/bin/python3.*) version="${real#/usr/bin/python}"; echo "python$version-venv python$version-dev" ;;
  esac
}

install_venv() {
  if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c '' 2>/dev/null; then
    step "Virtualenv $VENV present ($("$VENV/bin/python" -V 2>&1))"
    return
  fi
  local python extra
  python="$(pick_python)" \
    || die "no Python >= 3.10 found (tried python3.13, python3.12, python3.11, python3); set PYTHON=/path/to/python3"
  read -r -a extra <<< "$(debian_python_packages "$python")"
  [ ${#extra[@]} -eq 0 ] || apt_install "${extra[@]}"
  step "Creating virtualenv $VENV with $python ($("$python" -V 2>&1))"
  run "$python" -m venv --clear "$VENV"
}

PIP=("$VENV/bin/python" -m pip --disable-pip-version-check -q)

fetch_ckan_requirements() {
  # CKAN's pinned requirements ship only in its sdist.
  if [ ! -f "$SDIST/requirements.txt" ]; then
    step "Fetching CKAN $CKAN_VERSION requirements from its sdist"
    run mkdir -p "$SDIST"
    run "${PIP[@]}" download --no-deps --no-binary :all: "ckan==$CKAN_VERSION" -d "$SDIST"
    run tar -xzf "$SDIST/ckan-$CKAN_VERSION.tar.gz" -C "$SDIST" --strip-components=1 \
      "ckan-$CKAN_VERSION/requirements.txt" "ckan-$CKAN_VERSION/dev-requirements.txt"
  fi
  # The same pins as constraints (pip refuses extras there) keep the extensions and the test
  # tools from upgrading anything CKAN pinned.
  if [ -n "$DRY_RUN" ]; then
    printf '+ %s\n' "sed -e 's/\[[^]]*\]//' $SDIST/requirements.txt > $SDIST/constraints.txt"
  else
    sed -e 's/\[[^]]*\]//' "$SDIST/requirements.txt" > "$SDIST/constraints.txt"
  fi
}

install_portal_python() {
  local stamp="$VENV/.busan-portal" want
  # The packages' dependencies live in their own pyproject.toml files (setup.py merges them).
  want="$(echo "$CKAN_VERSION" | cat - "$ROOT/requirements.txt" "$ROOT/setup.py" "$ROOT/pyproject.toml" \
    "$ROOT"/ckanext-*/pyproject.toml | sha256sum | cut -c1-16)"
  if stamp_is "$stamp" "$want"; then step "Portal Python packages up to date"; return; fi
  run "${PIP[@]}" install -U "pip<25" "setuptools<80" wheel
  fetch_ckan_requirements
  step "Installing CKAN $CKAN_VERSION pinned requirements"
  run "${PIP[@]}" install -r "$SDIST/requirements.txt"
  step "Installing CKAN, extensions and this bundle"
  run "${PIP[@]}" install -r "$ROOT/requirements.txt" -c "$SDIST/constraints.txt"
  run "${PIP[@]}" install --no-build-isolation -e "$ROOT" -c "$SDIST/constraints.txt"
  write_stamp "$stamp" "$want"
}

install_test_python() {
  local stamp="$VENV/.busan-test" want
  want="$(echo "$CKAN_VERSION" | cat - "$ROOT/dev-requirements.txt" | sha256sum | cut -c1-16)"
  if stamp_is "$stamp" "$want"; then step "Test tools (dev-requirements.txt) up to date"; return; fi
  [ -f "$SDIST/constraints.txt" ] || fetch_ckan_requirements
  step "Installing the test tools (dev-requirements.txt)"
  run "${PIP[@]}" install -r "$ROOT/dev-requirements.txt" -c "$SDIST/constraints.txt"
  write_stamp "$stamp" "$want"
}

# --- Solr, browser, compose -------------------------------------------------------------------
install_solr_jars() {
  if solr_jars_present; then step "Solr jars present"; return; fi
  command -v mvn >/dev/null || [ -n "$DRY_RUN" ] || die "Maven (mvn) not found: apt-get install maven"
  step "Resolving Apache Solr 9 jars from Maven Central (first run takes a few minutes)"
  run rm -rf "$SOLR_LIB"
  run mvn -B -q -f "$ROOT/config/solr/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DoutputDirectory="$SOLR_LIB" -DincludeScope=runtime
  run touch "$SOLR_LIB/.complete"
}

install_browser_tools() {
  # playwright-core drives Debian's chromium for browser tests (it downloads no browser).
  if browser_tools_current; then step "playwright-core present"; return; fi
  command -v npm >/dev/null || [ -n "$DRY_RUN" ] || die "npm not found: apt-get install npm"
  step "Installing playwright-core (npm ci in tests/browser)"
  run env -C "$BROWSER" npm ci --no-audit --no-fund -q
  write_stamp "$BROWSER/node_modules/.busan-lock" "$(hash_of "$BROWSER/package-lock.json")"
}

build_compose_plugin() {
  # The docker compose v2 CLI plugin, built from the Go module proxy (once per machine).
  local plugins="${DOCKER_CONFIG:-$HOME/.docker}/cli-plugins" build="$LOCAL/cache/compose-build"
  step "Building the docker compose $COMPOSE_VERSION plugin from the Go module proxy (a few minutes, once)"
  run mkdir -p "$build" "$plugins"
  run cp "$ROOT/scripts/compose-build.go.mod" "$build/go.mod"
  run env -C "$build" go get "github.com/docker/compose/v2/cmd@$COMPOSE_VERSION"
  run env -C "$build" go build -o "$plugins/docker-compose" github.com/docker/compose/v2/cmd
  if ! command -v docker >/dev/null; then
    # No docker CLI to run it as a plugin: it runs standalone as docker-compose.
    run mkdir -p "$LOCAL/bin"
    run ln -sf "$plugins/docker-compose" "$LOCAL/bin/docker-compose"
  fi
}

install_compose() {
  # Docker cannot run here, but `docker compose config` validates docker/docker-compose.yml.
  if compose_found; then step "Docker Compose present"; return; fi
  if command -v go >/dev/null; then
    build_compose_plugin
  else
    # debian_packages added Debian's docker-compose.
    step "Go not found: Debian's docker-compose validates docker/"
  fi
  [ -n "$DRY_RUN" ] || compose_found || die "no working Docker Compose (docker compose or docker-compose)"
}

main() {
  local profile="${1:-portal}"
  case "$profile" in
    portal|test) ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  mkdir -p "$LOCAL"
  install_debian_packages "$profile"
  install_venv
  install_portal_python
  install_solr_jars
  if [ "$profile" = test ]; then
    install_test_python
    install_browser_tools
    install_compose
  fi
  step "Install complete ($profile profile)"
}
main "$@"
