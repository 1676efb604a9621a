"""Code lists of the Busan dataset schema, read from the CSV files beside this module.

Pure (no CKAN import): the schema's choices, validators and facet labels all come from here,
so a code list is changed in one CSV file.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODELISTS = HERE / "codelists"
LICENSES_FILE = HERE / "licenses.json"


def prefers_english(lang: str | None) -> bool:
    """Code lists carry Korean and English labels; any English locale gets English."""
    return (lang or "").startswith("en")


@dataclass(frozen=True)
class Code:
    value: str
    ko: str
    en: str
    extra: tuple[tuple[str, str], ...] = ()

    def label(self, lang: str | None) -> str:
        return self.en if prefers_english(lang) else self.ko

    def get(self, key: str, default: str = "") -> str:
        return dict(self.extra).get(key, default)

    def as_choice(self) -> dict:
        """A ckanext-scheming choice with labels keyed by CKAN locale."""
        return {"value": self.value, "label": {"ko_KR": self.ko, "en": self.en}}


@cache
def codelist(name: str) -> tuple[Code, ...]:
    """Rows of codelists/<name>.csv; the first column is the stored value."""
    with (CODELISTS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        key = reader.fieldnames[0]
        return tuple(
            Code(
                value=row[key],
                ko=row["ko"],
                en=row["en"],
                extra=tuple((k, v) for k, v in row.items() if k not in (key, "ko", "en")),
            )
            for row in reader
        )


def values(name: str) -> set[str]:
    return {c.value for c in codelist(name)}


def lookup(name: str, value: str) -> Code | None:
    return next((c for c in codelist(name) if c.value == value), None)


def periodic_cycles() -> set[str]:
    return {c.value for c in codelist("update_cycles") if c.get("periodic") == "yes"}


@cache
def licenses() -> tuple[dict, ...]:
    return tuple(json.loads(LICENSES_FILE.read_text("utf-8")))


def license_ids() -> set[str]:
    return {lic["id"] for lic in licenses()}
