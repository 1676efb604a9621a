"""Reading the seed data files in config/seed (pure: no CKAN)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import yaml

ORG_FIELDS = ("title_en", "org_type", "agency_code", "agency_code_system", "legal_dong_code")


def read_organizations(path: Path) -> list[dict[str, Any]]:
    """organizations.csv rows as organization_create data dicts (empty codes left out)."""
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    orgs = []
    for row in rows:
        org = {"name": row["name"], "title": row["title_ko"]}
        org.update({k: row[k].strip() for k in ORG_FIELDS if row.get(k, "").strip()})
        orgs.append(org)
    return orgs


def read_demo(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as f:
        demo = yaml.safe_load(f)
    defaults = demo.get("defaults", {})
    demo["datasets"] = [
        {**defaults, **dataset, "tags": [{"name": t} for t in dataset.get("tags", [])]}
        for dataset in demo.get("datasets", [])
    ]
    return demo
