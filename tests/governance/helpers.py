"""Shared test data of the governance tests: the shipped sample dictionary, an XLSX of it."""

from __future__ import annotations

import csv
from pathlib import Path

from ckanext.busan_governance.standards.reader import read_standards

SAMPLE = Path(__file__).resolve().parents[2] / "ckanext-busan-governance/ckanext/busan_governance/data/sample_standards"


def sample_rows(name: str) -> list[list[str]]:
    with open(SAMPLE / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def sample_xlsx(path: Path, edit=None) -> Path:
    """The sample dictionary as the official workbook: three sheets, a title row above each header."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for sheet, name in (("공통표준단어", "words"), ("공통표준용어", "terms"), ("공통표준도메인", "domains")):
        ws = book.create_sheet(sheet)
        ws.append([f"{sheet} (행정안전부)"])
        rows = sample_rows(name)
        if edit:
            rows = edit(name, rows)
        for row in rows:
            ws.append(row)
    book.save(path)
    return path


def sample_dictionary():
    from ckanext.busan_governance.standards.compliance import Dictionary

    standards = read_standards([SAMPLE])
    return Dictionary(standards.words, standards.terms), standards
