#!/bin/bash
# Entrypoint of every container of the image (web, harvest consumers, scheduler), run before
# its command:
#  1. refuses to start (exit 78, every problem listed) when a secret from .env is missing, is
#     still a placeholder from .env.example ("change-me..."), is the local demo's sysadmin
#     password, or when CKAN_SECRET_KEY is shorter than 32 characters;
#  2. exports CKAN__PLUGINS with the plugin list of the site configuration (production.ini ->
#     busan.ini): the base image sets CKAN__PLUGINS to its own stock list, which its start
#     script writes into the ini and ckanext-envvars would load on top of ours;
#  3. writes the secret key into the configuration, then runs the command.
set -euo pipefail
: "${CKAN_INI:?CKAN_INI is not set}"
# SHA-256 of the local demo's sysadmin password (config/seed/demo.yaml): the image holds no
# demo content, not even that password, yet refuses it.
DEMO_SYSADMIN_PASSWORD_SHA256=1ec20b6cf3518b10804a3d24be8eee49bb21fee5c98cabf52cbcecc7434a5702
MIN_SECRET_LENGTH=32

problems=()
is_placeholder() { case "${1,,}" in change-me*|changeme*) return 0 ;; *) return 1 ;; esac; }

check_secret_key() {
  local key="${CKAN_SECRET_KEY:-}"
  if [ -z "$key" ]; then
    problems+=("CKAN_SECRET_KEY is not set")
  elif is_placeholder "$key"; then
    problems+=("CKAN_SECRET_KEY is the placeholder from .env.example")
  elif [ "${#key}" -lt "$MIN_SECRET_LENGTH" ]; then
    problems+=("CKAN_SECRET_KEY is ${#key} characters long: use at least $MIN_SECRET_LENGTH random characters")
  fi
}

check_sysadmin_password() {
  local password="${CKAN_SYSADMIN_PASSWORD:-}"
  [ -n "$password" ] || return 0   # no sysadmin is created without one
  if is_placeholder "$password"; then
    problems+=("CKAN_SYSADMIN_PASSWORD is the placeholder from .env.example")
  elif [ "$(printf %s "$password" | sha256sum | cut -d' ' -f1)" = "$DEMO_SYSADMIN_PASSWORD_SHA256" ]; then
    problems+=("CKAN_SYSADMIN_PASSWORD is the local demo's published password")
  fi
}

check_db_password() {
  if [ -n "${CKAN_DB_PASSWORD:-}" ] && is_placeholder "$CKAN_DB_PASSWORD"; then
    problems+=("CKAN_DB_PASSWORD is the placeholder from .env.example")
    return
  fi
  # docker-compose.yml passes the password inside CKAN_SQLALCHEMY_URL: scheme://user:password@host/db
  local url="${CKAN_SQLALCHEMY_URL:-}" credentials
  case "$url" in *://*:*@*) ;; *) return 0 ;; esac
  credentials="${url#*://}"
  credentials="${credentials%@*}"
  if is_placeholder "${credentials#*:}"; then
    problems+=("the database password in CKAN_SQLALCHEMY_URL (CKAN_DB_PASSWORD in .env) is the placeholder from .env.example")
  fi
}

check_secret_key
check_sysadmin_password
check_db_password
if [ ${#problems[@]} -gt 0 ]; then
  {
    echo "busan-entrypoint: refusing to start with unsafe secrets:"
    printf '  - %s\n' "${problems[@]}"
    echo "Set them in docker/.env, e.g. CKAN_SECRET_KEY=\$(python3 -c 'import secrets; print(secrets.token_urlsafe(48))')"
  } >&2
  exit 78   # EX_CONFIG
fi

# The plugin list CKAN reads from $CKAN_INI, following "use = config:..." (busan.ini).
site_plugins() {
  python3 - "$CKAN_INI" <<'PY'
import configparser
import os
import sys

path = sys.argv[1]
for _ in range(10):
    parser = configparser.RawConfigParser(strict=False)
    if not parser.read(path, encoding="utf-8"):
        sys.exit(f"busan-entrypoint: cannot read {path}")
    main = parser["app:main"] if parser.has_section("app:main") else {}
    if main.get("ckan.plugins", "").strip():
        print(" ".join(main["ckan.plugins"].split()))
        sys.exit(0)
    use = main.get("use", "")
    if not use.startswith("config:"):
        break
    path = os.path.join(os.path.dirname(path), use[len("config:"):])
sys.exit(f"busan-entrypoint: no ckan.plugins in {sys.argv[1]} or the files it uses")
PY
}
CKAN__PLUGINS="$(site_plugins)"
export CKAN__PLUGINS

ckan config-tool "$CKAN_INI" "SECRET_KEY=${CKAN_SECRET_KEY}" \
  "api_token.jwt.encode.secret=string:${CKAN_SECRET_KEY}" \
  "api_token.jwt.decode.secret=string:${CKAN_SECRET_KEY}" >/dev/null
exec "$@"
