"""The relevance set (tests/search/data/relevance.yaml) over the Busan catalogue on real Solr:
recall@5 at least 0.95 overall and 0.9 for every kind of query."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from . import catalogue, relevance


@pytest.fixture(scope="module")
def _created():
    return {}


@pytest.fixture
def busan_catalogue(request, _created):
    # Read-only tests: the catalogue is created once for the module (about 170 package_create).
    if not _created:
        request.getfixturevalue("clean_db")
        request.getfixturevalue("clean_index")
        admin = factories.Sysadmin()
        for name, row in catalogue.organizations().items():
            factories.Organization(name=name, title=row["title_ko"])
        context = {"user": admin["name"], "ignore_auth": True}
        for data in catalogue.datasets():
            tk.get_action("package_create")(dict(context), data)
        _created["admin"] = admin
    return _created


def run(query: dict) -> list[str]:
    if query["kind"] == "typo":
        found = tk.get_action("package_autocomplete")({}, {"q": query["q"], "limit": relevance.TOP})
        return [d["name"] for d in found]
    result = tk.get_action("package_search")({}, {"q": query["q"], "rows": relevance.TOP})
    return [d["name"] for d in result["results"]]


def test_the_relevance_set_is_frozen():
    assert relevance.sha256() == relevance.FROZEN_SHA256


def test_recall_at_5(busan_catalogue, artifacts_dir):
    results = [(q, run(q)) for q in relevance.queries()]
    report = relevance.recall_by_kind(results)
    misses = [
        {"kind": q["kind"], "q": q["q"], "recall": relevance.recall(q["expected"], r), "top5": r}
        for q, r in results
        if relevance.recall(q["expected"], r) < 1
    ]
    (artifacts_dir / "search-relevance.json").write_text(
        json.dumps({"recall_at_5": report, "misses": misses}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(json.dumps(report, indent=1))
    assert report["overall"] >= 0.95, (report, misses)
    assert all(v >= 0.9 for v in report.values()), (report, misses)


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [("title_string asc", "title", False), ("metadata_modified desc", "metadata_modified", True)],
)
def test_sort_by_name_and_newest(busan_catalogue, sort, key, reverse):
    # the search page's sort options: relevance (the default, above), name and newest
    result = tk.get_action("package_search")({}, {"q": "현황 주차장", "sort": sort, "rows": 50})
    values = [d[key] for d in result["results"]]
    assert len(values) >= 5 and values == sorted(values, reverse=reverse)


def test_relevance_is_the_default_order(busan_catalogue):
    result = tk.get_action("package_search")({}, {"q": "해운대구 공영주차장", "rows": 5})
    assert result["results"][0]["name"] == "haeundaegu-public-parking"
