"""Template helpers of busan_theme (registered by tk.blanket.helpers)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk


def busan_portal_name() -> str:
    """The portal's name in the current language."""
    lang = tk.h.lang() or ""
    if lang.startswith("ko"):
        return tk.config.get("ckanext.busan.portal_name_ko")
    return tk.config.get("ckanext.busan.portal_name_en")
