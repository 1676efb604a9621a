#!/bin/bash
# Every container of the image (web, harvest consumers, scheduler) gets the same secrets
# from the environment before its command runs; the base image's start script only
# configures the web container.
set -euo pipefail
: "${CKAN_SECRET_KEY:?set CKAN_SECRET_KEY in .env}"
ckan config-tool "$CKAN_INI" "SECRET_KEY=${CKAN_SECRET_KEY}" \
  "api_token.jwt.encode.secret=string:${CKAN_SECRET_KEY}" \
  "api_token.jwt.decode.secret=string:${CKAN_SECRET_KEY}" >/dev/null
exec "$@"
