"""Reads the common standard dictionary (공통표준) as MOIS publishes it: one XLSX with three
sheets (단어, 용어, 도메인), or the same three sheets saved as CSV in UTF-8 or CP949.

Each sheet is recognised by its header row (not by its sheet or file name, which change
between editions); the header may sit below a title row. Bad rows are reported with their
sheet row number and left out; the rest is read. No CKAN import: the CLI and tests call it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

WORD, TERM, DOMAIN = "word", "term", "domain"
KINDS = (WORD, TERM, DOMAIN)

# Official header -> our key, per sheet. Headers are compared without spaces.
COLUMNS: dict[str, dict[str, str]] = {
    WORD: {
        "번호": "no",
        "제정차수": "edition",
        "공통표준단어명": "name",
        "공통표준단어영문약어명": "abbr",
        "공통표준단어영문명": "english",
        "공통표준단어설명": "description",
        "형식단어여부": "is_class_word",
        "공통표준도메인분류명": "domain_class",
        "이음동의어목록": "synonyms",
        "금칙어목록": "forbidden",
    },
    TERM: {
        "번호": "no",
        "제정차수": "edition",
        "공통표준용어명": "name",
        "공통표준용어설명": "description",
        "공통표준용어영문약어명": "abbr",
        "공통표준도메인명": "domain",
        "허용값": "allowed_values",
        "저장형식": "storage_format",
        "표현형식": "display_format",
        "행정표준코드명": "admin_code",
        "소관기관명": "agency",
        "용어이음동의어목록": "synonyms",
    },
    DOMAIN: {
        "번호": "no",
        "제정차수": "edition",
        "공통표준도메인그룹명": "group",
        "공통표준도메인분류명": "domain_class",
        "공통표준도메인명": "name",
        "공통표준도메인설명": "description",
        "데이터타입": "data_type",
        "데이터길이": "length",
        "데이터소수점길이": "scale",
        "저장형식": "storage_format",
        "표현형식": "display_format",
        "단위": "unit",
        "허용값": "allowed_values",
    },
}
# The header that tells the sheets apart.
MARKERS = {WORD: "공통표준단어명", TERM: "공통표준용어명", DOMAIN: "공통표준도메인명"}
REQUIRED = {
    WORD: ("name", "abbr"),
    TERM: ("name", "abbr", "domain"),
    DOMAIN: ("name", "data_type"),
}
HEADER_SCAN_ROWS = 10
_EDITION = re.compile(r"(\d+)")


@dataclass
class RowError:
    source: str
    kind: str | None
    row: int | None  # the sheet's row number as a spreadsheet shows it (header included)
    message: str

    def __str__(self) -> str:
        where = f"{self.source}" + (f" [{self.kind}]" if self.kind else "") + (f" row {self.row}" if self.row else "")
        return f"{where}: {self.message}"


@dataclass
class Standards:
    words: list[dict] = field(default_factory=list)
    terms: list[dict] = field(default_factory=list)
    domains: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    kinds_read: set[str] = field(default_factory=set)
    sources: list[str] = field(default_factory=list)

    def of(self, kind: str) -> list[dict]:
        return {WORD: self.words, TERM: self.terms, DOMAIN: self.domains}[kind]

    @property
    def edition(self) -> int | None:
        """The newest 제정차수 among the rows: the edition of the dictionary as a whole."""
        numbers = [edition_number(r.get("edition")) for k in KINDS for r in self.of(k)]
        numbers = [n for n in numbers if n is not None]
        return max(numbers) if numbers else None


class HeaderError(ValueError):
    """A sheet whose header is not one of the three official ones."""


def edition_number(value) -> int | None:
    match = _EDITION.search(str(value or ""))
    return int(match.group(1)) if match else None


def split_list(value: str | None) -> list[str]:
    """이음동의어/금칙어 목록 and 허용값 cells: comma (or similar) separated."""
    if not value:
        return []
    return [p.strip() for p in re.split(r"[,，、;/\n]", str(value)) if p.strip()]


def _norm(header) -> str:
    return re.sub(r"\s+", "", str(header or "")).lstrip("\ufeff")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _detect(rows: list[list]) -> tuple[str, int, list[str]] | None:
    """(kind, index of the header row, normalised header) of the first rows of a sheet."""
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        header = [_norm(c) for c in row]
        for kind, marker in MARKERS.items():
            if marker in header:
                return kind, index, header
    return None


def _check_header(kind: str, header: list[str]) -> list[str]:
    """Missing official columns (the sheet is refused: its columns would shift)."""
    return [name for name in COLUMNS[kind] if name not in header]


def _validate(kind: str, row: dict) -> list[str]:
    problems = [f"missing value: {key}" for key in REQUIRED[kind] if not row.get(key)]
    if kind == WORD and row.get("is_class_word") not in ("Y", "N", ""):
        problems.append(f"형식단어여부 must be Y or N, not {row['is_class_word']!r}")
    if kind == DOMAIN:
        for key in ("length", "scale"):
            if row.get(key) and not row[key].isdigit():
                problems.append(f"{key} must be a whole number, not {row[key]!r}")
    if row.get("abbr") and not re.fullmatch(r"[A-Za-z0-9_]+", row["abbr"]):
        problems.append(f"English abbreviation must be letters, digits and _, not {row['abbr']!r}")
    return problems


def read_rows(source: str, rows: Iterable[list], out: Standards) -> None:
    """One sheet's rows (lists of cells) into ``out``: header checked, bad rows reported."""
    iterator = iter(rows)
    head = []
    for row in iterator:
        head.append(list(row))
        if len(head) >= HEADER_SCAN_ROWS or _detect(head[-1:]):
            break
    found = _detect(head)
    if found is None:
        raise HeaderError(f"{source}: no standard word/term/domain header in the first {HEADER_SCAN_ROWS} rows")
    kind, header_index, header = found
    missing = _check_header(kind, header)
    if missing:
        raise HeaderError(f"{source}: {kind} sheet lacks the columns {', '.join(missing)}")
    if kind in out.kinds_read:
        raise HeaderError(f"{source}: a second {kind} sheet")
    out.kinds_read.add(kind)
    positions = {COLUMNS[kind][name]: header.index(name) for name in COLUMNS[kind]}
    seen: dict[tuple, int] = {}
    rest = head[header_index + 1 :]
    number = header_index + 1
    for raw in _chain(rest, iterator):
        number += 1
        cells = [_cell(c) for c in raw]
        if not any(cells):
            continue
        row = {key: cells[pos] if pos < len(cells) else "" for key, pos in positions.items()}
        problems = _validate(kind, row)
        key = (row["name"], row.get("abbr", "")) if kind == WORD else (row["name"],)
        if not problems and key in seen:
            problems.append(f"duplicate of row {seen[key]}")
        if problems:
            out.errors.extend(RowError(source, kind, number, p) for p in problems)
            continue
        seen[key] = number
        row["row"] = number
        out.of(kind).append(row)


def _chain(first: list, rest: Iterator) -> Iterator:
    yield from first
    yield from rest


def sniff_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM) when the bytes decode as such, else CP949 (Korean Excel)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of a sample is still UTF-8.
        if error.start >= len(data) - 3 and error.reason == "unexpected end of data":
            return "utf-8"
        return "cp949"


def read_csv(path: Path, out: Standards) -> None:
    data = path.read_bytes()
    encoding = sniff_encoding(data)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise HeaderError(f"{path.name}: neither UTF-8 nor CP949 ({error})") from error
    read_rows(path.name, csv.reader(io.StringIO(text, newline="")), out)


def read_xlsx(path: Path, out: Standards) -> None:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        for sheet in workbook.worksheets:
            try:
                read_rows(f"{path.name}:{sheet.title}", sheet.iter_rows(values_only=True), out)
            except HeaderError as error:
                # A cover or notes sheet is not an error; a broken standard sheet is.
                if "lacks the columns" in str(error) or "second" in str(error):
                    raise
    finally:
        workbook.close()


def read_standards(paths: Iterable[Path | str]) -> Standards:
    """The dictionary from XLSX files, CSV files, or folders holding CSV files."""
    out = Standards()
    for path in map(Path, paths):
        files = sorted(path.glob("*.csv")) + sorted(path.glob("*.xlsx")) if path.is_dir() else [path]
        for file in files:
            out.sources.append(file.name)
            if file.suffix.lower() == ".xlsx":
                read_xlsx(file, out)
            else:
                read_csv(file, out)
    if not out.kinds_read:
        raise HeaderError("no standard word, term or domain sheet found")
    return out
