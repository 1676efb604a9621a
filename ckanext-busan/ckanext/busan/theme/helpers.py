"""Template helpers of busan_theme (registered by tk.blanket.helpers)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import ckan.plugins.toolkit as tk
import yaml
from ckan.plugins import plugin_loaded

from ckanext.busan.theme import aggregate, home

__all__ = ["busan_portal_name", "busan_home", "busan_number", "busan_legal", "busan_org_freshness"]

LEGAL_FILE = Path(__file__).resolve().parent / "data" / "legal.yaml"


def busan_portal_name() -> str:
    """The portal's name in the current language."""
    lang = tk.h.lang() or ""
    if lang.startswith("ko"):
        return tk.config.get("ckanext.busan.portal_name_ko")
    return tk.config.get("ckanext.busan.portal_name_en")


def busan_home() -> dict:
    """Everything the home page shows, from the one cached aggregate, labelled in the
    current language."""
    data = aggregate.home_aggregate()
    lang = tk.h.lang()
    return {
        **data,
        "category_tiles": home.category_tiles(data.get("categories") or {}, lang),
        "district_tiles": home.district_tiles(data.get("districts") or {}, lang),
    }


def busan_number(value) -> str:
    """A count with thousands separators (1,234)."""
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return "0"


@cache
def _legal() -> dict:
    return yaml.safe_load(LEGAL_FILE.read_text("utf-8"))


def busan_legal() -> dict:
    """Contacts and dates of the privacy policy and terms pages (data/legal.yaml)."""
    return _legal()


def busan_org_freshness(org_id: str) -> dict | None:
    """Overdue and up-to-date datasets of an organisation, as the visitor may see them, from
    busan_metadata_quality's freshness facet; None when that plugin is not enabled."""
    if not org_id or not plugin_loaded("busan_metadata_quality"):
        return None
    result = tk.get_action("package_search")(
        {},
        {
            "fq": f'+owner_org:"{org_id}" +dataset_type:dataset',
            "rows": 0,
            "include_private": True,
            "facet.field": ["freshness"],
        },
    )
    counts = {item["name"]: item["count"] for item in result["search_facets"].get("freshness", {}).get("items", [])}
    return {"total": result["count"], "overdue": counts.get("overdue", 0), "current": counts.get("current", 0)}
