#!/bin/bash
# Runs once, when the db container initialises its volume (/docker-entrypoint-initdb.d): the
# DataStore's own database, owned by the CKAN user (the write user), and a role that can only
# read it. The ckan container's start script (ckan-base prerun.py) then applies
# `ckan datastore set-permissions` to it.
set -euo pipefail
: "${DATASTORE_READONLY_PASSWORD:?set DATASTORE_READONLY_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE "${DATASTORE_READONLY_USER:-datastore_ro}" LOGIN PASSWORD '${DATASTORE_READONLY_PASSWORD}';
CREATE DATABASE "${DATASTORE_DB:-datastore}" OWNER "$POSTGRES_USER" ENCODING 'UTF8';
SQL
