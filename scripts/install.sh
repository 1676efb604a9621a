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
APT_PACKAGES=(postgresql postgresql-contrib redis-server libgeos-dev libpq-dev chromium)

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
  want="$(cat "$ROOT/requirements.txt" "$ROOT/dev-requirements.txt" "$ROOT/setup.py" | sha256sum | cut -c1-16)"
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

main() {
  mkdir -p "$LOCAL"
  install_debian_packages
  install_python
  install_solr_jars
  install_node_tools
  step "Install complete"
}
main "$@"
