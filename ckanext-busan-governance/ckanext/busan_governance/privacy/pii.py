"""Personal information in tabular data (개인정보 탐지), pure: no CKAN import.

Each cell is matched whole (a value that IS an identifier, not one that contains digits like
one) against the structure of Korean personal identifiers, and the column's header gives
context:

- 주민등록번호 / 외국인등록번호: YYMMDD that is a real date, then the 7th digit (1–4 Korean,
  5–8 foreign, 9/0 born in the 1800s), then six digits. Numbers issued since October 2020 no
  longer carry the old check digit, so a valid check digit only raises confidence: a number
  whose check digit fails counts only in a column whose header says it holds registration
  numbers.
- mobile numbers (010/011/016/017/018/019), e-mail addresses, and landline numbers (area
  codes) in a column whose header says phone (code numbers share their shape);
- passport numbers (M/S/R/O/D + 8 digits, or the 2021 format M123A4567) only in a column
  whose header says passport: alone they look like product codes;
- card numbers: 15 or 16 digits, a card issuer prefix and a valid Luhn check.

Findings are counts per column and category with masked samples only; raw values are never
kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field

RRN, ARN, MOBILE, LANDLINE, EMAIL, PASSPORT, CARD = (
    "resident_registration_number",
    "alien_registration_number",
    "mobile_phone",
    "landline_phone",
    "email",
    "passport_number",
    "card_number",
)
CATEGORIES = (RRN, ARN, MOBILE, LANDLINE, EMAIL, PASSPORT, CARD)
SAMPLES = 3

_REGISTRATION = re.compile(r"^(\d{2})(\d{2})(\d{2})[- ]?(\d)(\d{6})$")
_MOBILE = re.compile(r"^(?:\+82[- ]?1|01)[016789][- .]?\d{3,4}[- .]?\d{4}$")
_LANDLINE = re.compile(r"^(?:\+82[- ]?(?:2|[3-6][1-5])|0(?:2|[3-6][1-5]|70))[- .)]?\d{3,4}[- .]?\d{4}$")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_PASSPORT = re.compile(r"^[MSROD](?:\d{8}|\d{3}[A-Z]\d{4})$")
_CARD = re.compile(r"^\d{4}[- ]?\d{4}[- ]?\d{4}[- ]?\d{3,4}$")
_REGISTRATION_HEADER = re.compile(r"주민|외국인|등록\s*번호|rrn|jumin|resident|ssn|alien", re.IGNORECASE)
_PASSPORT_HEADER = re.compile(r"여권|passport", re.IGNORECASE)
_PHONE_HEADER = re.compile(r"전화|연락처|휴대|핸드폰|tel|phone|mobile|fax|팩스", re.IGNORECASE)
_CENTURY = {
    "9": 1800,
    "0": 1800,
    "1": 1900,
    "2": 1900,
    "5": 1900,
    "6": 1900,
    "3": 2000,
    "4": 2000,
    "7": 2000,
    "8": 2000,
}


def _registration(value: str) -> tuple[str, bool] | None:
    """(category, check digit valid) when the value has a registration number's structure."""
    m = _REGISTRATION.match(value)
    if not m:
        return None
    yy, mm, dd, gender, rest = m.groups()
    try:
        dt.date(_CENTURY[gender] + int(yy), int(mm), int(dd))
    except ValueError:
        return None
    digits = [int(c) for c in yy + mm + dd + gender + rest]
    total = sum(d * w for d, w in zip(digits[:12], (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5), strict=True))
    check_ok = (11 - total % 11) % 10 == digits[12]
    foreign = gender in "5678"
    if foreign:  # foreign registration numbers used check + 2 before 2020
        check_ok = check_ok or (13 - total % 11) % 10 == digits[12]
    return (ARN if foreign else RRN), check_ok


def _luhn(number: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(number)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _card(value: str) -> bool:
    if not _CARD.match(value):
        return False
    digits = re.sub(r"\D", "", value)
    issuer = digits.startswith(("4", "34", "37", "35", "36", "6", "9")) or 51 <= int(digits[:2]) <= 55
    issuer = issuer or 2221 <= int(digits[:4]) <= 2720
    return len(digits) in (15, 16) and issuer and _luhn(digits)


def classify(value: str, header: str = "") -> str | None:
    """The category of personal information this cell holds, or None."""
    v = (value or "").strip()
    if len(v) < 6 or len(v) > 64:
        return None
    reg = _registration(v)
    if reg:
        category, check_ok = reg
        if check_ok or _REGISTRATION_HEADER.search(header or ""):
            return category
        return None
    if _MOBILE.match(v):
        return MOBILE
    if _LANDLINE.match(v) and _PHONE_HEADER.search(header or ""):
        return LANDLINE
    if "@" in v and _EMAIL.match(v):
        return EMAIL
    if _PASSPORT.match(v) and _PASSPORT_HEADER.search(header or ""):
        return PASSPORT
    if _card(v):
        return CARD
    return None


def mask(value: str, category: str) -> str:
    v = value.strip()
    if category in (RRN, ARN):
        return v[:8] + "*" * (len(v) - 8) if "-" in v else v[:7] + "*" * (len(v) - 7)
    if category == EMAIL:
        local, _, domain = v.partition("@")
        return f"{local[:1]}***@{domain}"
    if category == CARD:
        digits = re.sub(r"\D", "", v)
        return "**** **** **** " + digits[-4:]
    if category == PASSPORT:
        return v[:2] + "*" * (len(v) - 2)
    keep = 4  # phones: the last four digits
    return re.sub(r"\d", "*", v[:-keep]) + v[-keep:]


@dataclass
class PiiFindings:
    """Counts per column and category, with masked samples; rows scanned."""

    rows: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(int)))
    samples: dict[str, dict[str, list[str]]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def add(self, column: str, value: str, category: str) -> None:
        self.counts[column][category] += 1
        kept = self.samples[column][category]
        if len(kept) < SAMPLES:
            kept.append(mask(value, category))

    def categories(self) -> set[str]:
        return {c for per_column in self.counts.values() for c, n in per_column.items() if n}

    def as_dict(self) -> dict:
        return {
            "rows": self.rows,
            "columns": [
                {
                    "column": column,
                    "findings": [
                        {"category": c, "count": n, "samples": list(self.samples[column][c])}
                        for c, n in sorted(per_column.items())
                    ],
                }
                for column, per_column in self.counts.items()
            ],
        }


def scan_rows(header: list[str], rows) -> PiiFindings:
    """rows: an iterable of lists of cell values (streamed: nothing is kept but counts)."""
    findings = PiiFindings()
    names = [str(h or f"column_{i + 1}") for i, h in enumerate(header)]
    for row in rows:
        findings.rows += 1
        for i, cell in enumerate(row):
            if cell is None or i >= len(names):
                continue
            text = cell if isinstance(cell, str) else str(cell)
            category = classify(text, names[i])
            if category:
                findings.add(names[i], text, category)
    return findings
