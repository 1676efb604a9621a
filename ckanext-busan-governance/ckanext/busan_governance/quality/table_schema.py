"""A resource's expected structure as a Frictionless Table Schema
(https://specs.frictionlessdata.io/table-schema/), so that anyone can validate the file with
the standard tools (``frictionless validate --schema schema.json data.csv``).

The constraints are those the diagnosis checks (checks.py), written in Table Schema terms.
No CKAN import.
"""

from __future__ import annotations

from .checks import ALLOWED, CODE, DATE, DATETIME, LENGTH, MONTH, NUMBER_PATTERN, NUMERIC, PATTERN, TIME, ColumnSpec

# Storage form of dates, as patterns on strings: Table Schema's date type would refuse the
# display form (YYYY-MM-DD) that the diagnosis also accepts.
_DATE_PATTERNS = {
    DATE: r"\d{4}-?\d{2}-?\d{2}",
    MONTH: r"\d{4}-?\d{2}",
    TIME: r"\d{2}:?\d{2}",
    DATETIME: r"\d{4}-?\d{2}-?\d{2}[ T]?\d{2}:?\d{2}(:?\d{2})?",
}


def field(spec: ColumnSpec) -> dict:
    checks = spec.checks()
    out: dict = {"name": spec.name, "type": "string"}
    if spec.title:
        out["title"] = spec.title
    if spec.description:
        out["description"] = spec.description
    if spec.domain:
        out["busan:domain"] = spec.domain
    constraints: dict = {}
    if spec.required or spec.key:
        constraints["required"] = True
    if NUMERIC in checks:
        out["type"] = "integer" if not spec.max_scale else "number"
        if spec.max_length:
            bound = 10 ** (spec.max_length - (spec.max_scale or 0))
            constraints["maximum"] = bound - 1 if not spec.max_scale else bound
            constraints["minimum"] = -constraints["maximum"]
    elif LENGTH in checks:
        constraints["maxLength"] = spec.max_length
    if ALLOWED in checks:
        constraints["enum"] = spec.allowed_values
    if CODE in checks and spec.codes:
        constraints["enum"] = spec.codes
    for check, pattern in _DATE_PATTERNS.items():
        if check in checks:
            constraints["pattern"] = pattern
    if PATTERN in checks:
        constraints["pattern"] = NUMBER_PATTERN.strip("^$")
    if constraints:
        out["constraints"] = constraints
    return out


def table_schema(specs: list[ColumnSpec]) -> dict:
    schema: dict = {"fields": [field(s) for s in specs], "missingValues": [""]}
    keys = [s.name for s in specs if s.key]
    if keys:
        schema["primaryKey"] = keys
    return schema
