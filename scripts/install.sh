#!/usr/bin/env bash
# Installs everything the portal and the tests need on a fresh Debian machine:
# Debian packages (PostgreSQL, Redis, GEOS, Chromium), a project virtualenv with stock
# CKAN 2.11.6 + its pinned requirements + the extensions, this bundle (editable), and
# the Solr 9 jars from Maven Central. Idempotent: each step is skipped when done.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/lib.sh
. "$ROOT/scripts/lib.sh"

CKAN_VERSION=2.11.6
COMPOSE_VERSION=v2.40.3
APT_PACKAGES=(postgresql postgresql-contrib redis-server libgeos-dev libpq-dev chromium fonts-nanum)

install_debian_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then step "Debian packages present"; return; fi
  step "Installing Debian packages: ${missing[*]}"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  command -v apt-get >/dev/null || die "apt-get not found: install ${missing[*]} by hand"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

install_python() {
  command -v "$PYTHON" >/dev/null || die "$PYTHON not found (Python 3.11 is required)"
  if [ ! -x "$VENV/bin/python" ]; then
    step "Creating virtualenv $VENV"
    "$PYTHON" -m venv "$VENV"
  fi
  local stamp="$VENV/.busan-installed"
  local want
  # The packages' dependencies live in their own pyproject.toml files (setup.py merges them).
  want="$(cat "$ROOT/requirements.txt" "$ROOT/dev-requirements.txt" "$ROOT/setup.py" \
    "$ROOT"/ckanext-busan*/pyproject.toml | sha256sum | cut -c1-16)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then step "Python packages up to date"; return; fi
  local pip=("$VENV/bin/python" -m pip --disable-pip-version-check -q)
  "${pip[@]}" install -U "pip<25" "setuptools<80" wheel
  # CKAN's pinned requirements ship only in its sdist.
  local sd="$LOCAL/cache/ckan-sdist"
  if [ ! -f "$sd/requirements.txt" ]; then
    step "Fetching CKAN $CKAN_VERSION requirements from its sdist"
    mkdir -p "$sd"
    "${pip[@]}" download --no-deps --no-binary :all: "ckan==$CKAN_VERSION" -d "$sd"
    tar -xzf "$sd/ckan-$CKAN_VERSION.tar.gz" -C "$sd" --strip-components=1 \
      "ckan-$CKAN_VERSION/requirements.txt" "ckan-$CKAN_VERSION/dev-requirements.txt"
  fi
  step "Installing CKAN $CKAN_VERSION pinned requirements"
  "${pip[@]}" install -r "$sd/requirements.txt"
  # The same pins as constraints (pip refuses extras there) keep the extensions from
  # upgrading anything CKAN pinned.
  sed -e 's/\[[^]]*\]//' "$sd/requirements.txt" > "$sd/constraints.txt"
  step "Installing CKAN, extensions and this bundle"
  "${pip[@]}" install -r "$ROOT/requirements.txt" -r "$ROOT/dev-requirements.txt" -c "$sd/constraints.txt"
  "${pip[@]}" install --no-build-isolation -e "$ROOT" -c "$sd/constraints.txt"
  echo "$want" > "$stamp"
}

install_solr_jars() {
  if [ -f "$SOLR_LIB/.complete" ]; then step "Solr jars present"; return; fi
  command -v mvn >/dev/null || die "Maven (mvn) not found: apt-get install maven"
  command -v java >/dev/null || die "Java 17 not found: apt-get install openjdk-17-jdk-headless"
  step "Resolving Apache Solr 9 jars from Maven Central (first run takes a few minutes)"
  rm -rf "$SOLR_LIB"
  mvn -B -q -f "$ROOT/config/solr/pom.xml" \
    org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies \
    -DoutputDirectory="$SOLR_LIB" -DincludeScope=runtime
  touch "$SOLR_LIB/.complete"
}

install_node_tools() {
  # playwright-core drives Debian's chromium for browser tests (it downloads no browser).
  if [ -d "$ROOT/tests/browser/node_modules/playwright-core" ]; then step "playwright-core present"; return; fi
  command -v npm >/dev/null || { warn "npm not found: browser tests will fail"; return; }
  step "Installing playwright-core (npm ci)"
  (cd "$ROOT/tests/browser" && npm ci --no-audit --no-fund -q)
}

install_compose_plugin() {
  # Docker cannot run here, but `docker compose config` validates docker/docker-compose.yml.
  # Debian ships only the docker CLI (docker.io) and compose v1; build the v2 CLI plugin
  # from the Go module proxy when it is missing (about 3 minutes, once per machine).
  if docker compose version >/dev/null 2>&1; then step "docker compose present"; return; fi
  if ! command -v docker >/dev/null; then
    step "Installing the docker CLI (Debian docker.io; the daemon is not used)"
    local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends docker.io
  fi
  command -v go >/dev/null || die "Go not found: needed once to build the docker compose plugin"
  step "Building the docker compose v2 plugin ($COMPOSE_VERSION) from the Go module proxy"
  local build="$LOCAL/cache/compose-build"
  mkdir -p "$build" "$HOME/.docker/cli-plugins"
  cp "$ROOT/scripts/compose-build.go.mod" "$build/go.mod"
  (cd "$build" && go get "github.com/docker/compose/v2/cmd@$COMPOSE_VERSION" \
     && go build -o "$HOME/.docker/cli-plugins/docker-compose" github.com/docker/compose/v2/cmd)
  docker compose version >/dev/null || die "docker compose plugin build failed"
}

main() {
  mkdir -p "$LOCAL"
  install_debian_packages
  install_python
  install_solr_jars
  install_node_tools
  install_compose_plugin
  step "Install complete"
}
main "$@"
