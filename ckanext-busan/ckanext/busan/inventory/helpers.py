"""Template helpers of the data inventory (registered by tk.blanket.helpers)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.busan.inventory.workflow import status_label

__all__ = ["busan_inventory_status_label"]


def busan_inventory_status_label(status: str) -> str:
    return status_label(status, tk.h.lang())
