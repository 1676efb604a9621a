"""Facets of the dataset search page and their labels (pure: no CKAN import)."""

from __future__ import annotations

import json

from ckanext.busan.dataset.codelists import licenses, lookup, prefers_english

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


# Fields stored as JSON lists (scheming multiple_checkbox) that Solr indexes multi-valued.
LIST_FIELDS = ("spatial_districts",)


def index_list_fields(pkg_dict: dict) -> dict:
    """CKAN indexes the unvalidated dataset, where list fields are still JSON strings."""
    for field in LIST_FIELDS:
        value = pkg_dict.get(field)
        if isinstance(value, str):
            try:
                value = json.loads(value) if value.strip().startswith("[") else [value]
            except ValueError:
                value = [value]
            pkg_dict[field] = [v for v in value if v]
    return pkg_dict


def label_facet_items(search_facets: dict, lang: str | None) -> dict:
    """Replace code values' display names with their label in the current language."""
    for item in search_facets.get("license_id", {}).get("items", []):
        lic = next((lic for lic in licenses() if lic["id"] == item["name"]), None)
        if lic:
            item["display_name"] = lic["title_en"] if prefers_english(lang) else lic["title"]
    for field, (_title, listname) in FACETS.items():
        if not listname or field not in search_facets:
            continue
        for item in search_facets[field].get("items", []):
            code = lookup(listname, item["name"])
            if code:
                item["display_name"] = code.label(lang)
    return search_facets
