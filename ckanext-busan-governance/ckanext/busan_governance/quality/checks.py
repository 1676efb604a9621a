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


# Digits of a date or time once its separators are removed (the regexes above fix each
# group's width, so the digits alone say which is which); seconds are optional (padded "00").
_WIDTH = {DATE: 8, MONTH: 6, TIME: 4, DATETIME: 14}
_SEPARATORS = {DATE: "-", MONTH: "-", TIME: ":"}


def _digit_pairs(values: pa.Array, kind: str) -> np.ndarray:
    """The values (all matching ``_DATE_RE[kind]``) as an (n, width / 2) matrix of two-digit
    numbers (2024-01-31 → 20, 24, 01, 31), read straight from Arrow's buffer: no regex capture,
    no string cast per group."""
    width = _WIDTH[kind]
    if kind == DATETIME:
        values = pc.utf8_rpad(pc.replace_substring_regex(values, "[-: T]", ""), width, "0")
    elif _data_size(values) != len(values) * width:  # some values carry separators
        values = pc.replace_substring(values, _SEPARATORS[kind], "")
    offsets, data = offsets_data(values)
    start = int(offsets[0]) if len(offsets) else 0
    digits = (data[start : start + len(values) * width] - np.uint8(48)).reshape(len(values), width // 2, 2)
    return digits[:, :, 0] * np.uint8(10) + digits[:, :, 1]


def offsets_data(values: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """Arrow's offsets (one per value, plus one) and bytes of a string array, as numpy views."""
    offset_type = np.int64 if pa.types.is_large_string(values.type) else np.int32
    offsets_buffer, data_buffer = values.buffers()[1:3]
    offsets = np.frombuffer(offsets_buffer, dtype=offset_type)[values.offset : values.offset + len(values) + 1]
    data = np.frombuffer(data_buffer, dtype=np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    return offsets, data


def _data_size(values: pa.Array) -> int:
    offsets = offsets_data(values)[0]
    return int(offsets[-1] - offsets[0]) if len(values) else 0


def _valid_dates(values: pa.Array, kind: str) -> np.ndarray:
    """True where the (format-matching) value is a real date or time."""
    pairs = _digit_pairs(values, kind)
    if kind == TIME:
        return (pairs[:, 0] < 24) & (pairs[:, 1] < 60)
    year = pairs[:, 0].astype(np.int32) * 100 + pairs[:, 1]
    month = pairs[:, 2]
    day = pairs[:, 3] if kind in (DATE, DATETIME) else np.ones(len(values), dtype=np.uint8)
    ok = real_dates(year, month, day)
    if kind == DATETIME:
        ok &= (pairs[:, 4] < 24) & (pairs[:, 5] < 60) & (pairs[:, 6] < 60)
    return ok


_DAYS = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def real_dates(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """True where year-month-day is a calendar date (20240229 yes, 20230229 and 20241301 no)."""
    valid_month = (month >= 1) & (month <= 12)
    ok = valid_month & (day >= 1) & (day <= _DAYS[np.where(valid_month, month, 0)]) & (year >= 1)
    # Only 29 February depends on the year (leap years): the divisions run for those alone.
    leap_day = (month == 2) & (day == 29)
    if leap_day.any():
        years = year[leap_day]
        ok[leap_day] = (((years % 4 == 0) & (years % 100 != 0)) | (years % 400 == 0)) & (years >= 1)
    return ok


def bools(values: np.ndarray) -> pa.Array:
    """A numpy bool array as an Arrow one (bit-packed buffer; no pandas check on the way)."""
    bits = np.packbits(values, bitorder="little")
    return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])


def _matches(values: pa.Array, fast: pa.Array, present: pa.Array, regex: str) -> pa.Array:
    """``match_substring_regex(values, regex)`` where ``fast`` marks values known to match by
    a cheaper test: the regex runs only on the other non-empty values (none, mostly)."""
    rest = pc.and_(present, pc.invert(fast))
    if not pc.any(rest).as_py():
        return fast  # empty values match none of these regexes
    return pc.replace_with_mask(fast, rest, pc.match_substring_regex(pc.filter(values, rest), regex))


def _date_shape(values: pa.Array, check: str, present: pa.Array) -> pa.Array:
    """Values of the date or time format (storage form, or display form with separators)."""
    if check == DATETIME:
        return pc.match_substring_regex(values, _DATE_RE[check])
    # The storage form (only digits, so many of them) always matches.
    fast = pc.and_(pc.equal(pc.binary_length(values), _WIDTH[check]), pc.ascii_is_decimal(values))
    return _matches(values, fast, present, _DATE_RE[check])


def _numbers(values: pa.Array, shared: dict) -> pa.Array:
    """Values that match ``_NUMBER_RE`` (the numeric and scale checks share them)."""
    if "numeric" not in shared:
        shared["numeric"] = pc.match_substring_regex(values, _NUMBER_RE)
    return shared["numeric"]


def _none(values: pa.Array) -> pa.Array:
    return bools(np.zeros(len(values), dtype=bool))


def failures(check: str, spec: ColumnSpec, values: pa.Array, shared: dict | None = None) -> pa.Array:
    """Boolean array: True where the value fails ``check``. Empty values fail only ``required``
    (an optional column may be empty); values are strings with surrounding spaces trimmed.
    ``shared`` keeps what several checks of the same values use (pass one dict per column)."""
    shared = {} if shared is None else shared
    if "empty" not in shared:
        shared["empty"] = empty = pc.equal(pc.binary_length(values), 0)
        shared["present"] = pc.invert(empty)
    if check == REQUIRED:
        return shared["empty"]
    present = shared["present"]
    if check == LENGTH:
        limit = spec.max_length
        domain = spec.parsed
        # A value has at least as many bytes as characters or digits: most batches need no count.
        if _data_size(values) and pc.max(pc.binary_length(values)).as_py() <= limit:
            return _none(values)
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
        shaped = _date_shape(values, check, present)
        if not pc.all(shaped).as_py():
            values = pc.if_else(shaped, values, _sample(check))
        real = bools(_valid_dates(values, check))
        return pc.and_(present, pc.invert(pc.and_(shaped, real)))
    if check == NUMERIC:
        return pc.and_(present, pc.invert(_numbers(values, shared)))
    if check == SCALE:
        numeric = _numbers(values, shared)
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
