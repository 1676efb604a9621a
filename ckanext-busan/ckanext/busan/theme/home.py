"""The home page's numbers (pure: no CKAN import).

Everything the home page counts comes from one aggregate: the facets of one anonymous search
(so private datasets never count), its newest rows, the most viewed rows and a few numbers
from the database. `summarize` reduces those to a small JSON-able dict that is cached as one
value; `category_tiles`/`district_tiles` add labels in the reader's language at render time,
so one cached value serves both languages.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from ckanext.busan.dataset.codelists import codelist

ICONS_FILE = Path(__file__).resolve().parent / "data" / "category_icons.csv"
FACET_FIELDS = ("category", "spatial_districts", "organization")
LIST_LENGTH = 5
ORGANIZATIONS_SHOWN = 8
# The code of "all of Busan" in districts.csv: a city-wide dataset, not a district to browse.
WHOLE_CITY = "2600000000"


@cache
def category_icons() -> dict[str, str]:
    with ICONS_FILE.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row["icon"] for row in csv.DictReader(f)}


def facet_counts(search_facets: dict, field: str) -> dict[str, int]:
    return {item["name"]: int(item["count"]) for item in (search_facets.get(field) or {}).get("items", [])}


def dataset_row(pkg: dict) -> dict:
    """What a home list shows of a dataset (the cache holds only this)."""
    org = pkg.get("organization") or {}
    return {
        "name": pkg["name"],
        "title": pkg.get("title") or pkg["name"],
        "organization": org.get("title") or org.get("name") or "",
        "metadata_created": pkg.get("metadata_created"),
        "views": int((pkg.get("tracking_summary") or {}).get("recent") or 0),
    }


def summarize(search: dict, popular: list[dict], numbers: dict) -> dict:
    """The cached aggregate from the search result (count, facets, newest rows), the most
    viewed rows and the numbers read from the database."""
    facets = search.get("search_facets") or {}
    orgs = sorted(
        (
            {"name": item["name"], "title": item.get("display_name") or item["name"], "count": int(item["count"])}
            for item in (facets.get("organization") or {}).get("items", [])
        ),
        key=lambda o: (-o["count"], o["title"]),
    )
    return {
        "datasets": int(search.get("count") or 0),
        "categories": facet_counts(facets, "category"),
        "districts": facet_counts(facets, "spatial_districts"),
        "organizations_top": orgs[:ORGANIZATIONS_SHOWN],
        "newest": [dataset_row(p) for p in (search.get("results") or [])[:LIST_LENGTH]],
        "popular": [row for row in map(dataset_row, popular[:LIST_LENGTH]) if row["views"] > 0],
        **numbers,
    }


def category_tiles(counts: dict[str, int], lang: str | None) -> list[dict]:
    """All 16 categories in code-list order, with their count (0 included)."""
    icons = category_icons()
    return [
        {
            "code": c.value,
            "label": c.label(lang),
            "count": counts.get(c.value, 0),
            "icon": icons.get(c.value, "fa-database"),
        }
        for c in codelist("categories")
    ]


def district_tiles(counts: dict[str, int], lang: str | None) -> list[dict]:
    """The 16 구·군 in code-list order with their count; city-wide datasets are counted
    in the headline, not as a district."""
    return [
        {"code": c.value, "label": c.label(lang), "count": counts.get(c.value, 0)}
        for c in codelist("districts")
        if c.value != WHOLE_CITY
    ]
