#!/bin/bash
# Runs in the web container before uWSGI starts (sourced by the base image's start_ckan.sh):
# every extension migration (harvest included), then the reference organisations.
ckan -c "$CKAN_INI" db pending-migrations --apply
ckan -c "$CKAN_INI" busan seed-orgs
# the organisation that holds citizen-contributed datasets (busan_citizen)
ckan -c "$CKAN_INI" busan seed-citizen-space
