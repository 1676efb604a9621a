"""Pure helpers for Korean-aware search parameters (no CKAN import, unit-testable)."""

from __future__ import annotations

# CKAN's own default qf (ckan.lib.search.query.QUERY_FIELDS), kept so English and
# exact-name matching behave as in stock CKAN.
CKAN_QUERY_FIELDS = "name^4 title^4 tags^2 groups^2 text"


def is_fielded_query(q: str | None) -> bool:
    """CKAN only uses dismax/qf when the query has no field syntax (a colon)."""
    return bool(q) and ":" in q


def with_korean_fields(search_params: dict, korean_fields: str) -> dict:
    """Return search params whose ``qf`` also covers the Korean-analysed fields.

    A caller's own ``qf`` is respected: API users who ask for specific fields get them.
    """
    params = dict(search_params)
    if params.get("qf") or is_fielded_query(params.get("q")) or not korean_fields.strip():
        return params
    if params.get("defType", "dismax") not in ("dismax", "edismax"):
        return params
    params["qf"] = f"{CKAN_QUERY_FIELDS} {korean_fields.strip()}"
    return params
