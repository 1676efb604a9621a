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


# Source column types (as SQLAlchemy's inspector prints them) -> DataStore column types.
_TYPE_PREFIXES = (
    (("SMALLINT", "INTEGER", "INT", "SERIAL"), "int"),
    (("BIGINT", "BIGSERIAL"), "int8"),
    (("NUMERIC", "DECIMAL", "NUMBER"), "numeric"),
    (("REAL", "FLOAT", "DOUBLE"), "float8"),
    (("BOOLEAN", "BOOL"), "bool"),
    (("TIMESTAMP", "DATETIME"), "timestamp"),
    (("DATE",), "date"),
    (("TIME",), "time"),
)

DICTIONARY_RESOURCE_NAME = "테이블 구조 (데이터 사전)"


def datastore_type(sql_type: str | None) -> str:
    """The DataStore type of a source column: numbers, dates and flags keep their kind,
    anything else (VARCHAR, CHAR, CLOB, JSON, ...) is text."""
    upper = (sql_type or "").strip().upper()
    for prefixes, kind in _TYPE_PREFIXES:
        if upper.startswith(prefixes):
            return kind
    return "text"


def data_dictionary(columns: list[dict]) -> list[dict]:
    """The table's columns as DataStore fields with their data dictionary entries (the one
    column list the portal keeps per tabular resource)."""
    fields = []
    for c in columns:
        comment = (c.get("comment") or "").strip()
        fields.append(
            {
                "id": c["name"],
                "type": datastore_type(c.get("type")),
                "info": {"label": comment, "notes": f"원천 데이터 타입 {c.get('type')}", "type_override": ""},
            }
        )
    return fields


def table_hash(table: dict) -> str:
    keys = ("schema_name", "table_name", "kind", "comment", "columns", "row_count")
    return hashlib.sha256(json.dumps({k: table.get(k) for k in keys}, sort_keys=True).encode()).hexdigest()
