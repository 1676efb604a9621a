"""Which checks a column gets, derived from its standard domain (도메인), and the checks
themselves as vectorised pyarrow expressions over a batch of string values.

A domain name packs class, type and length: ``여부C1``, ``연월일C8``, ``율N5,2``, ``명V100``.
Class → checks: 여부 → allowed values (Y/N or the domain's 허용값); 연월일/연월/시분/연월일시분초
→ format and real date/time; 금액/수/율 (and numeric types) → numeric and scale; 코드 → allowed
values from 행정표준코드 lists; 번호 → pattern; every domain → length limit. Column flags add
``required`` (no empty values) and ``unique`` (key columns, done in diagnose.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

REQUIRED, UNIQUE, LENGTH, ALLOWED, CODE = "required", "unique", "length", "allowed", "code"
DATE, MONTH, TIME, DATETIME, NUMERIC, SCALE, PATTERN = (
    "date",
    "month",
    "time",
    "datetime",
    "numeric",
    "scale",
    "pattern",
)
# Order of the report: file-level first (diagnose.py), then these.
CHECK_ORDER = (REQUIRED, UNIQUE, LENGTH, ALLOWED, CODE, DATE, MONTH, TIME, DATETIME, NUMERIC, SCALE, PATTERN)

_DOMAIN = re.compile(r"^(?P<cls>.*?)(?P<type>[A-Z]+)(?P<length>\d+)(?:[,.](?P<scale>\d+))?$")
NUMERIC_CLASSES = ("금액", "수", "율", "수량", "면적", "비율", "점수", "일련번호")
DATE_CLASSES = {"연월일": DATE, "연월": MONTH, "시분": TIME, "연월일시분초": DATETIME, "연월일시분": DATETIME}
NUMBER_PATTERN = r"^[0-9A-Za-z][0-9A-Za-z\-]*$"
# Storage and display formats accepted per date class (the storage format first).
_DATE_RE = {
    DATE: r"^(\d{4})-?(\d{2})-?(\d{2})$",
    MONTH: r"^(\d{4})-?(\d{2})$",
    TIME: r"^(\d{2}):?(\d{2})$",
    DATETIME: r"^(\d{4})-?(\d{2})-?(\d{2})[ T]?(\d{2}):?(\d{2})(?::?(\d{2}))?$",
}
_NUMBER_RE = r"^[+-]?(\d+)(\.(\d+))?$"


@dataclass
class Domain:
    name: str
    cls: str
    type: str  # C (char), V (varchar), N (numeric), ...
    length: int | None
    scale: int | None


def parse_domain(name: str | None) -> Domain | None:
    """``율N5,2`` → Domain(cls='율', type='N', length=5, scale=2); None when not a domain name."""
    match = _DOMAIN.match((name or "").strip())
    if not match or not match.group("cls"):
        return None
    scale = match.group("scale")
    return Domain(
        name, match.group("cls"), match.group("type"), int(match.group("length")), int(scale) if scale else None
    )


@dataclass
class ColumnSpec:
    """What a column should hold: from the data dictionary, else from the standard term."""

    name: str
    title: str | None = None
    domain: str | None = None
    length: int | None = None
    scale: int | None = None
    allowed: list[str] = field(default_factory=list)
    code_name: str | None = None  # 행정표준코드명
    codes: list[str] = field(default_factory=list)
    required: bool = False
    key: bool = False
    personal: bool = False
    description: str | None = None

    @property
    def parsed(self) -> Domain | None:
        return parse_domain(self.domain)

    def checks(self) -> list[str]:
        domain = self.parsed
        out = []
        if self.required:
            out.append(REQUIRED)
        if self.key:
            out.append(UNIQUE)
        cls = domain.cls if domain else ""
        # Dates are checked by format (storage or display form), not by the storage length.
        if (self.length or (domain and domain.length)) and cls not in DATE_CLASSES:
            out.append(LENGTH)
        if self.allowed or cls == "여부":
            out.append(ALLOWED)
        if self.code_name:
            out.append(CODE)
        if cls in DATE_CLASSES:
            out.append(DATE_CLASSES[cls])
        elif cls in NUMERIC_CLASSES or (domain and domain.type == "N"):
            out.append(NUMERIC)
            if self.max_scale is not None:
                out.append(SCALE)
        elif cls == "번호" or cls.endswith("번호"):
            out.append(PATTERN)
        return out

    @property
    def max_length(self) -> int | None:
        domain = self.parsed
        return self.length or (domain.length if domain else None)

    @property
    def max_scale(self) -> int | None:
        domain = self.parsed
        if self.scale is not None:
            return self.scale
        if domain and (domain.type == "N" or domain.cls in NUMERIC_CLASSES):
            return domain.scale or 0
        return None

    @property
    def allowed_values(self) -> list[str]:
        if self.allowed:
            return self.allowed
        domain = self.parsed
        return ["Y", "N"] if domain and domain.cls == "여부" else []


def _valid_dates(values: pa.Array, kind: str) -> pa.Array:
    """True where the (format-matching) value is a real date or time."""
    parts = pc.extract_regex(values, _named(_DATE_RE[kind]))
    if kind == TIME:
        hour, minute = (pc.cast(pc.struct_field(parts, i), pa.int32()) for i in (0, 1))
        return pc.and_(pc.less(hour, 24), pc.less(minute, 60))
    year, month = (_ints(pc.struct_field(parts, i)) for i in (0, 1))
    day = _ints(pc.struct_field(parts, 2)) if kind in (DATE, DATETIME) else np.ones(len(values), dtype=np.int64)
    ok = pa.array(real_dates(year, month, day))
    if kind == DATETIME:
        hour = pc.cast(pc.struct_field(parts, 3), pa.int32())
        minute = pc.cast(pc.struct_field(parts, 4), pa.int32())
        second = pc.cast(pc.coalesce(pc.struct_field(parts, 5), pa.scalar("00")), pa.int32())
        ok = pc.and_(ok, pc.and_(pc.less(hour, 24), pc.and_(pc.less(minute, 60), pc.less(second, 60))))
    return ok


def _ints(strings) -> np.ndarray:
    return pc.cast(strings, pa.int64()).to_numpy(zero_copy_only=False)


_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def real_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """True where year-month-day is a calendar date (20240229 yes, 20230229 and 20241301 no)."""
    valid_month = (month >= 1) & (month <= 12)
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    last = _DAYS[np.where(valid_month, month, 0)] + ((month == 2) & leap)
    return valid_month & (day >= 1) & (day <= last) & (year >= 1)


def _named(regex: str) -> str:
    """pyarrow's extract_regex wants named groups."""
    count = [0]

    def name(match):
        if match.group(0) == "(?:":
            return match.group(0)
        count[0] += 1
        return f"(?P<g{count[0]}>"

    return re.sub(r"\((?!\?P)(?:\?:)?", name, regex)


def failures(check: str, spec: ColumnSpec, values: pa.Array) -> pa.Array:
    """Boolean array: True where the value fails ``check``. Empty values fail only ``required``
    (an optional column may be empty); values are strings with surrounding spaces trimmed."""
    empty = pc.equal(pc.utf8_length(values), 0)
    if check == REQUIRED:
        return empty
    present = pc.invert(empty)
    if check == LENGTH:
        limit = spec.max_length
        domain = spec.parsed
        if domain and domain.type == "N":
            # NUMBER(p, s): at most p digits in all (sign and point are not digits; a value that
            # is no number at all fails the numeric check instead).
            others = pc.add(
                pc.count_substring(values, "."),
                pc.add(pc.count_substring(values, "-"), pc.count_substring(values, "+")),
            )
            return pc.and_(present, pc.greater(pc.subtract(pc.binary_length(values), others), limit))
        # VARCHAR lengths in the Korean standard are counted in characters here (UTF-8 databases).
        return pc.and_(present, pc.greater(pc.utf8_length(values), limit))
    if check == ALLOWED:
        return pc.and_(present, pc.invert(pc.is_in(values, value_set=pa.array(spec.allowed_values, pa.string()))))
    if check == CODE:
        return pc.and_(present, pc.invert(pc.is_in(values, value_set=pa.array(spec.codes, pa.string()))))
    if check in _DATE_RE:
        shaped = pc.match_substring_regex(values, _DATE_RE[check])
        real = pc.fill_null(_valid_dates(pc.if_else(shaped, values, _sample(check)), check), False)
        return pc.and_(present, pc.invert(pc.and_(shaped, real)))
    if check == NUMERIC:
        return pc.and_(present, pc.invert(pc.match_substring_regex(values, _NUMBER_RE)))
    if check == SCALE:
        numeric = pc.match_substring_regex(values, _NUMBER_RE)
        point = pc.find_substring(values, ".")
        decimals = pc.if_else(pc.less(point, 0), 0, pc.subtract(pc.subtract(pc.binary_length(values), point), 1))
        return pc.and_(pc.and_(present, numeric), pc.greater(decimals, spec.max_scale))
    if check == PATTERN:
        return pc.and_(present, pc.invert(pc.match_substring_regex(values, NUMBER_PATTERN)))
    raise ValueError(f"unknown check {check}")


def _sample(check: str) -> str:
    """A valid value put in place of malformed ones so the date parser sees only its format."""
    return {DATE: "20000101", MONTH: "200001", TIME: "0000", DATETIME: "20000101000000"}[check]


def mask(value: str) -> str:
    """Personal data in samples: the first character and the length only (홍** for 홍길동)."""
    if not value:
        return value
    return value[0] + "*" * (len(value) - 1) if len(value) > 1 else "*"
