"""Auth functions of busan_dataset (registered by tk.blanket.auth_functions)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def busan_dataset_name_suggest(context, data_dict):
    # The suggestion tells whether a name is taken, including private, draft and deleted
    # datasets: only people who may create datasets get to ask.
    return tk.check_access("package_create", context, {}) and {"success": True}
