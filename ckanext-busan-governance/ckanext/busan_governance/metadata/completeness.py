"""Metadata completeness (메타데이터 완전성) of a dataset, from the dataset schema itself
(pure: no CKAN import).

Weights are data, in the scheming YAML: a `required: true` field weighs 3, a field marked
`recommended: true` weighs 1 (or its `metadata_weight`); the dataset's resources count as one
required item, because a record without data is not complete. Fields that only the system
fills (form_snippet null: provenance of harvested records) are not asked of publishers.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REQUIRED_WEIGHT = 3
RECOMMENDED_WEIGHT = 1
# Score bands for the facet: (lowest score, band id)
BANDS = ((90, "high"), (70, "fair"), (0, "low"))


@dataclass(frozen=True)
class Completeness:
    score: int  # 0-100
    band: str  # high | fair | low
    missing: list[str] = field(default_factory=list)  # field names, most important first


def field_weight(schema_field: dict) -> int:
    if schema_field.get("form_snippet", "") is None:
        return 0  # filled by the system, not by publishers
    if schema_field.get("required"):
        return REQUIRED_WEIGHT
    if schema_field.get("metadata_weight") is not None:
        return int(schema_field["metadata_weight"])
    return RECOMMENDED_WEIGHT if schema_field.get("recommended") else 0


def is_filled(value) -> bool:
    if value is None:
        return False
    if isinstance(value, str):
        stripped = value.strip()
        return stripped not in ("", "[]", "{}")
    if isinstance(value, list | tuple | dict | set):
        return any(is_filled(v) for v in (value.values() if isinstance(value, dict) else value))
    return True


def band_of(score: int) -> str:
    return next(band for lowest, band in BANDS if score >= lowest)


def completeness(dataset: dict, dataset_fields: list[dict]) -> Completeness:
    """dataset: a dataset dict (package_show or the dict being indexed);
    dataset_fields: the scheming schema's `dataset_fields`."""
    items: list[tuple[str, int, bool]] = []
    for schema_field in dataset_fields:
        weight = field_weight(schema_field)
        name = schema_field["field_name"]
        if weight:
            value = dataset.get(name)
            if name == "tag_string" and not is_filled(value):
                value = dataset.get("tags")
            items.append((name, weight, is_filled(value)))
    items.append(("resources", REQUIRED_WEIGHT, bool(dataset.get("resources") or dataset.get("num_resources"))))
    total = sum(weight for _name, weight, _filled in items)
    got = sum(weight for _name, weight, filled in items if filled)
    score = round(100 * got / total) if total else 100
    missing = [name for name, _weight, filled in sorted(items, key=lambda i: -i[1]) if not filled]
    return Completeness(score=score, band=band_of(score), missing=missing)
