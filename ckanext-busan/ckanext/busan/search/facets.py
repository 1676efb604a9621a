"""Facets of the dataset search page and their labels (pure: no CKAN import)."""

from __future__ import annotations

from ckanext.busan.dataset.codelists import lookup

# Solr field -> (English msgid of the facet title, code list that labels its values)
FACETS: dict[str, tuple[str, str | None]] = {
    "category": ("Categories", "categories"),
    "organization": ("Organizations", None),
    "spatial_districts": ("Districts", "districts"),
    "res_format": ("Formats", None),
    "license_id": ("Licenses", None),
    "update_cycle": ("Update frequency", "update_cycles"),
    "tags": ("Tags", None),
}


def label_facet_items(search_facets: dict, lang: str | None) -> dict:
    """Replace code values' display names with their label in the current language."""
    for field, (_title, listname) in FACETS.items():
        if not listname or field not in search_facets:
            continue
        for item in search_facets[field].get("items", []):
            code = lookup(listname, item["name"])
            if code:
                item["display_name"] = code.label(lang)
    return search_facets
