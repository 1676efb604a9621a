"""An inventoried table as a Busan dataset (pure: no CKAN import)."""

from __future__ import annotations

import hashlib
import json


def columns_markdown(columns: list[dict]) -> str:
    rows = ["| 항목명 | 데이터타입 | 설명 |", "|---|---|---|"]
    for c in columns:
        comment = (c.get("comment") or "").replace("|", "\\|").replace("\n", " ")
        rows.append(f"| {c['name']} | {c['type']} | {comment} |")
    return "\n".join(rows)


def dataset_from_table(table: dict, defaults: dict) -> dict:
    """table: an inventory record's dict; defaults: the source's publishing fields
    (category, dept_name, dept_phone, update_cycle, spatial_districts...)."""
    label = (table.get("comment") or "").strip() or table["table_name"]
    notes = f"{label}\n\n원천 테이블: `{table['schema_name']}.{table['table_name']}` ({table['kind']})"
    if table.get("row_count") is not None:
        notes += f", {table['row_count']:,}행"
    notes += "\n\n" + columns_markdown(table.get("columns") or [])
    dataset = {
        "title": label[:200],
        "notes": notes[:10000],
        "category": defaults.get("category", "public-administration"),
        "dept_name": defaults.get("dept_name", ""),
        "dept_phone": defaults.get("dept_phone", ""),
        "update_cycle": defaults.get("update_cycle", "irregular"),
        "spatial_districts": defaults.get("spatial_districts", ["2600000000"]),
        "provision_type": "file",
        "source_identifier": f"db:{table['schema_name']}.{table['table_name']}",
    }
    if defaults.get("next_registration_date"):
        dataset["next_registration_date"] = defaults["next_registration_date"]
    return dataset


def table_hash(table: dict) -> str:
    keys = ("schema_name", "table_name", "kind", "comment", "columns", "row_count")
    return hashlib.sha256(json.dumps({k: table.get(k) for k in keys}, sort_keys=True).encode()).hexdigest()
