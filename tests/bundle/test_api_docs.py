"""docs/api.md documents every Busan dataset field and names only actions the portal has."""

from __future__ import annotations

import re
from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
API_DOC = ROOT / "docs/api.md"
SCHEMA = ROOT / "ckanext-busan/ckanext/busan/schemas/dataset.yaml"


@pytest.mark.pure
def test_every_dataset_field_is_documented():
    doc = API_DOC.read_text(encoding="utf-8")
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    fields = [f["field_name"] for f in schema["dataset_fields"] + schema["resource_fields"]]
    missing = [name for name in fields if f"`{name}`" not in doc]
    assert not missing, f"fields not in docs/api.md: {missing}"


def test_the_documented_actions_exist():
    doc = API_DOC.read_text(encoding="utf-8")
    named = set(re.findall(r"portal\.action\.([a-z_]+)\(", doc))
    assert {"package_create", "busan_quality_report_show", "lineage_show"} <= named
    unknown = []
    for name in sorted(named):
        try:
            tk.get_action(name)
        except KeyError:
            unknown.append(name)
    assert not unknown, f"docs/api.md names actions the portal does not have: {unknown}"
