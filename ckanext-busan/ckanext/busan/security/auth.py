"""Chained auth functions where a stock one fails with an exception (HTTP 500) instead of
refusing: anonymous callers, missing parameters."""

from __future__ import annotations

import ckan.authz as authz
import ckan.plugins.toolkit as tk

__all__ = ["package_collaborator_list", "harvest_job_list", "harvest_sources_reindex", "harvest_log_list"]


def _refused(message: str) -> dict:
    return {"success": False, "msg": tk._(message)}


@tk.chained_auth_function
def package_collaborator_list(next_auth, context, data_dict):
    if not context.get("user"):  # CKAN asserts a user object
        return _refused("You must be logged in.")
    return next_auth(context, data_dict)


@tk.chained_auth_function
def harvest_job_list(next_auth, context, data_dict):
    if not (data_dict or {}).get("source_id"):  # ckanext-harvest reads data_dict["source_id"]
        return _refused("Only sysadmins can list the jobs of every harvest source.")
    return next_auth(context, data_dict)


@tk.chained_auth_function
def harvest_sources_reindex(next_auth, context, data_dict):
    if not authz.is_sysadmin(context.get("user")):
        return _refused("Only sysadmins can reindex all harvest sources")
    return next_auth(context, data_dict)


@tk.chained_auth_function
def harvest_log_list(next_auth, context, data_dict):
    # The harvesters' own log is an operator's tool (it names sources and errors of every
    # organisation); harvest errors reach publishers through their source's job reports.
    if not authz.is_sysadmin(context.get("user")):
        return _refused("Only sysadmins can read the harvest log.")
    return next_auth(context, data_dict)
