"""Chained actions that make stock endpoints honour CKAN-private and never answer an odd
request with HTTP 500.

Leaks found by tests/security/test_leaks.py: tag_list, tag_search, tag_autocomplete and
format_autocomplete read tags and resource formats straight from the database, private
datasets included. They now return only values found on datasets the caller may see (the
search index's facets, computed with the caller's permission labels)."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk

__all__ = [
    "tag_list",
    "tag_search",
    "tag_autocomplete",
    "format_autocomplete",
    "harvest_source_show_status",
    "organization_autocomplete",
    "group_autocomplete",
]


def _trusted(context) -> bool:
    return bool(context.get("ignore_auth"))


def visible_values(context, field: str) -> set[str]:
    """Values of an indexed field over every dataset (any type) the caller may see."""
    result = tk.get_action("package_search")(
        {"user": context.get("user") or ""},
        {
            "q": "*:*",
            "fq": "+dataset_type:*",
            "rows": 0,
            "facet.field": json.dumps([field]),
            "facet.limit": -1,
            "include_private": True,
        },
    )
    return {item["name"] for item in result["search_facets"].get(field, {}).get("items", [])}


def _free_tags(data_dict) -> bool:
    return not (isinstance(data_dict, dict) and data_dict.get("vocabulary_id"))


@tk.chained_action
def tag_list(original_action, context, data_dict):
    result = original_action(context, data_dict)
    if _trusted(context) or not _free_tags(data_dict) or not result:
        return result
    visible = visible_values(context, "tags")
    return [t for t in result if (t.get("name") if isinstance(t, dict) else t) in visible]


@tk.chained_action
def tag_search(original_action, context, data_dict):
    result = original_action(context, data_dict)
    if _trusted(context) or not _free_tags(data_dict) or not result.get("results"):
        return result
    visible = visible_values(context, "tags")
    kept = [t for t in result["results"] if t.get("name") in visible]
    return {"count": result["count"] - (len(result["results"]) - len(kept)), "results": kept}


@tk.chained_action
def tag_autocomplete(original_action, context, data_dict):
    result = original_action(context, data_dict)
    if _trusted(context) or not _free_tags(data_dict) or not result:
        return result
    visible = visible_values(context, "tags")
    return [name for name in result if name in visible]


@tk.chained_action
@tk.side_effect_free
def format_autocomplete(original_action, context, data_dict):
    _require(data_dict, "q")
    result = original_action(context, data_dict)
    if _trusted(context) or not result:
        return result
    visible = {v.lower() for v in visible_values(context, "res_format")}
    return [fmt for fmt in result if fmt in visible]


# ---------------------------------------------------------------- required parameters
def _require(data_dict, *keys: str) -> None:
    """CKAN and ckanext-harvest read these with data_dict[key]: a missing key was a 500."""
    missing = [k for k in keys if not isinstance(data_dict, dict) or data_dict.get(k) in (None, "")]
    if missing:
        raise tk.ValidationError({k: [tk._("Missing value")] for k in missing})


def _requiring(*keys: str):
    def chained(original_action, context, data_dict):
        _require(data_dict, *keys)
        return original_action(context, data_dict)

    return tk.side_effect_free(tk.chained_action(chained))


harvest_source_show_status = _requiring("id")
organization_autocomplete = _requiring("q")
group_autocomplete = _requiring("q")
