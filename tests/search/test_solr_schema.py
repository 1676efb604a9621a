"""The Solr schema: CKAN's schema.xml extended with Korean analysis, and loaded by Solr."""

from __future__ import annotations

from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
import requests

from ckanext.busan.search.solr_schema import SchemaMergeError, ckan_schema_path, extend_ckan_schema

ROOT = Path(__file__).resolve().parents[2]
GENERATED = ROOT / "config/solr/home/ckan/conf/schema.xml"
ADDITIONS = ROOT / "config/solr/schema-korean.xml"


def test_committed_schema_matches_installed_ckan():
    expected = extend_ckan_schema(ckan_schema_path().read_text("utf-8"), ADDITIONS.read_text("utf-8"))
    assert GENERATED.read_text("utf-8") == expected, "run scripts/build-solr-schema and commit the result"


def test_merge_keeps_ckan_schema_name_and_adds_korean():
    merged = GENERATED.read_text("utf-8")
    assert 'name="ckan-2.11"' in merged  # CKAN refuses a schema with another version name
    assert "solr.KoreanTokenizerFactory" in merged
    assert '<copyField source="title" dest="title_ko"/>' in merged


def test_merge_rejects_foreign_schema():
    with pytest.raises(SchemaMergeError):
        extend_ckan_schema("<schema name='other'></schema>", ADDITIONS.read_text("utf-8"))


def test_merge_rejects_incomplete_additions():
    with pytest.raises(SchemaMergeError):
        extend_ckan_schema(ckan_schema_path().read_text("utf-8"), "<types></types>")


def test_running_solr_core_uses_korean_analysis():
    base = tk.config["solr_url"]
    field = requests.get(f"{base}/schema/fields/title_ko", timeout=10).json()["field"]
    assert field["type"] == "text_ko"
    analysis = requests.get(
        f"{base}/analysis/field",
        params={"analysis.fieldtype": "text_ko", "analysis.fieldvalue": "해운대구의 여름철", "wt": "json"},
        timeout=10,
    ).json()
    tokens = [t["text"] for t in analysis["analysis"]["field_types"]["text_ko"]["index"][-1]]
    assert "해운대구" in tokens and "여름철" in tokens
    assert "의" not in tokens  # particle removed
    for name in ("minx", "maxx", "miny", "maxy"):
        assert requests.get(f"{base}/schema/fields/{name}", timeout=10).json()["field"]["type"] == "pdouble"
