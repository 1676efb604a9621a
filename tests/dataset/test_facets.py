"""Facets on the demo content: counts through package_search and Korean labels on the page."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.cli.cli import ckan as ckan_cli

from ckanext.busan.seed.data import read_demo

DEMO = Path(__file__).resolve().parents[2] / "config" / "seed" / "demo.yaml"
FACETS = ["category", "organization", "spatial_districts", "res_format", "license_id", "update_cycle"]


@pytest.fixture(scope="module")
def _seeded():
    """Whether this module has seeded the demo content: once, not once per test."""
    return {}


@pytest.fixture
def demo_content(request, cli, _seeded):
    # These tests only read: the first one cleans the database and seeds, the rest reuse it.
    if not _seeded:
        request.getfixturevalue("clean_db")
        request.getfixturevalue("clean_index")
        result = cli.invoke(ckan_cli, ["busan", "seed-demo"])
        assert result.exit_code == 0, result.output
        _seeded["datasets"] = read_demo(DEMO)["datasets"]
    return _seeded["datasets"]


def facet_counts(field: str) -> dict[str, int]:
    result = tk.get_action("package_search")({"ignore_auth": True}, {"facet.field": FACETS, "rows": 0})
    return {item["name"]: item["count"] for item in result["search_facets"][field]["items"]}


def test_facet_counts_match_the_demo_content(demo_content):
    assert len(demo_content) >= 12
    expected_categories = Counter(d["category"] for d in demo_content)
    assert facet_counts("category") == dict(expected_categories)
    assert len(expected_categories) >= 8  # spread across categories
    assert facet_counts("organization") == dict(Counter(d["owner_org"] for d in demo_content))
    districts = Counter(code for d in demo_content for code in d["spatial_districts"])
    assert facet_counts("spatial_districts") == dict(districts)
    assert facet_counts("license_id") == dict(Counter(d["license_id"] for d in demo_content))
    assert facet_counts("update_cycle") == dict(Counter(d["update_cycle"] for d in demo_content))
    formats = Counter(f for d in demo_content for f in {r["format"] for r in d["resources"]})
    assert facet_counts("res_format") == dict(formats)


def test_filtering_by_district(demo_content):
    haeundae = tk.get_action("package_search")({"ignore_auth": True}, {"fq": 'spatial_districts:"2635000000"'})
    expected = {d["name"] for d in demo_content if "2635000000" in d["spatial_districts"]}
    assert {d["name"] for d in haeundae["results"]} == expected


def test_search_page_shows_facets_with_korean_labels(app, demo_content):
    soup = BeautifulSoup(app.get("/dataset/").body, "html.parser")
    titles = [h.get_text(" ", strip=True) for h in soup.select("section.module h2.module-heading")]
    for label in ("분류체계", "기관", "구·군", "형식", "이용허락범위", "업데이트 주기"):
        assert any(label in t for t in titles), (label, titles)
    links = {a.get("title") or a.get_text(" ", strip=True) for a in soup.select("section.module li.nav-item a")}
    text = " ".join(links)
    assert "교통물류" in text and "해운대구" in text and "연간" in text and "공공누리 제1유형" in text
    assert "2635000000" not in text  # codes are shown by their names

    english = BeautifulSoup(app.get("/en/dataset/").body, "html.parser")
    en_text = " ".join(a.get_text(" ", strip=True) for a in english.select("section.module li.nav-item a"))
    assert "Transport and logistics" in en_text and "Haeundae-gu" in en_text
    assert "KOGL Type 1" in en_text and "공공누리" not in en_text  # licences too


def test_facet_filter_on_the_page(app, demo_content):
    body = app.get("/dataset/", params={"category": "transport-logistics"}).body
    expected = sum(1 for d in demo_content if d["category"] == "transport-logistics")
    assert f"데이터셋 {expected}개" in body
