"""Auth functions of busan_dataset (registered by tk.blanket.auth_functions)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


@tk.auth_allow_anonymous_access
def busan_dataset_name_suggest(context, data_dict):
    # Reveals only whether a name is taken, which /dataset/<name> shows anyway.
    return {"success": True}
