"""Lookup keys from user input (pure: no CKAN import)."""

from __future__ import annotations

import unicodedata


def ref(value) -> str:
    """An id or name to look up: text without control characters (PostgreSQL refuses NUL in a
    query, which would be a server error), else "" — which finds nothing."""
    if not isinstance(value, str) or any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        return ""
    return value.strip()
