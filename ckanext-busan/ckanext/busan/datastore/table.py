"""Korean tables made ready for the DataStore (pure: no CKAN import).

ckanext-xloader's COPY loader stores every column as text, transliterates or truncates
Hangul headers and guesses the encoding itself. This module does the Korean part first:

- headers are kept in Hangul (NFC), made valid DataStore column names, and shortened to
  PostgreSQL's 63-byte identifier limit (21 Hangul syllables) uniquely; the full header is
  returned as the column's label for the data dictionary;
- the file is decoded with the encoding the portal detected (CP949 covers UHC-only syllables
  such as 똠 and 햏 that EUC-KR lacks), strictly: a byte that does not decode is an error;
- each column gets a type from all its values: numbers (``1,234``), dates (``2024년 1월 2일``,
  ``2024-01-02``, ``2024.01.02``) and timestamps; codes with leading zeros stay text;
- XLSX/XLS sheets are read to the same rows;
- the result is a UTF-8 CSV whose values PostgreSQL's COPY reads into the typed columns.

Errors are ``TableError`` with an English message (a msgid translated where it is shown) and
its parameters.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import ipaddress
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urlsplit

MAX_IDENTIFIER_BYTES = 63  # PostgreSQL's NAMEDATALEN - 1


class TableError(Exception):
    """A file that cannot be loaded; ``message`` is an English msgid with ``{}`` fields."""

    def __init__(self, message: str, **params):
        super().__init__(message.format(**params))
        self.message = message
        self.params = params


# --- headers --------------------------------------------------------------------------------


def _clip_bytes(text: str, limit: int) -> str:
    """The longest prefix of ``text`` that fits in ``limit`` UTF-8 bytes (whole characters)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore").rstrip()


def clean_header(raw: object, position: int) -> str:
    """The header as a person wrote it, NFC and single-spaced; ``열N`` when empty."""
    text = unicodedata.normalize("NFC", "" if raw is None else str(raw))
    text = " ".join(text.replace('"', "").split())
    # The DataStore reserves names starting with "_" (its own _id, _full_text).
    text = text.lstrip("_").strip()
    return text or f"열{position}"


def column_ids(headers: Iterable[object]) -> list[dict]:
    """[{'id': column name (≤ 63 bytes, unique), 'label': full header}] in file order.

    A header longer than 63 bytes is cut at a character boundary; when the cut (or the
    header itself) is already taken, ``~2``, ``~3``… is put at its end, still within the limit.
    """
    columns: list[dict] = []
    taken: set[str] = set()
    for position, raw in enumerate(headers, start=1):
        label = clean_header(raw, position)
        candidate = _clip_bytes(label, MAX_IDENTIFIER_BYTES)
        number = 1
        while candidate in taken:
            number += 1
            suffix = f"~{number}"
            candidate = _clip_bytes(label, MAX_IDENTIFIER_BYTES - len(suffix)) + suffix
        taken.add(candidate)
        columns.append({"id": candidate, "label": label})
    return columns


# --- values ---------------------------------------------------------------------------------

# ASCII digits only (re.ASCII): PostgreSQL casts no others, and the load types in SQL.
_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$|^[+-]?\.\d+$", re.ASCII)
_LEADING_ZERO = re.compile(r"^[+-]?0\d", re.ASCII)
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일$", re.ASCII),
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$", re.ASCII),
    re.compile(r"^(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?$", re.ASCII),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$", re.ASCII),
)
_TIMESTAMP = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$", re.ASCII)

TYPES = ("numeric", "date", "timestamp")  # text is what is left


def parse_number(value: str) -> str | None:
    """'1,234' -> '1234'; None when ``value`` is not a plain number (codes like '007' are not)."""
    if not _NUMBER.match(value) or _LEADING_ZERO.match(value):
        return None
    return value.replace(",", "")


def parse_date(value: str) -> str | None:
    """'2024년 1월 2일', '2024-1-2', '2024.01.02.' or '2024/1/2' -> '2024-01-02'; else None."""
    for pattern in _DATE_PATTERNS:
        found = pattern.match(value)
        if found:
            try:
                return dt.date(*(int(part) for part in found.groups())).isoformat()
            except ValueError:
                return None
    return None


def parse_timestamp(value: str) -> str | None:
    """'2024-01-02 09:30[:00]' (or with T) -> '2024-01-02T09:30:00'; else None."""
    found = _TIMESTAMP.match(value)
    if not found:
        return None
    year, month, day, hour, minute, second = (int(part or 0) for part in found.groups())
    try:
        return dt.datetime(year, month, day, hour, minute, second).isoformat()
    except ValueError:
        return None


PARSERS: dict[str, Callable[[str], str | None]] = {
    "numeric": parse_number,
    "date": parse_date,
    "timestamp": parse_timestamp,
}


class ColumnTyper:
    """Watches every value of every column; a column keeps a type only while all its non-empty
    values parse as that type."""

    def __init__(self, width: int):
        self.candidates = [set(TYPES) for _ in range(width)]
        self.seen = [False] * width

    def observe(self, row: list[str]) -> None:
        for index, value in enumerate(row):
            if not value:
                continue
            self.seen[index] = True
            kinds = self.candidates[index]
            if kinds:
                for kind in [k for k in kinds if PARSERS[k](value) is None]:
                    kinds.discard(kind)

    def types(self) -> list[str]:
        result = []
        for seen, kinds in zip(self.seen, self.candidates, strict=True):
            chosen = next((kind for kind in TYPES if kind in kinds), "text") if seen else "text"
            result.append(chosen)
        return result


def convert_row(row: list[str], types: list[str]) -> list[str]:
    return [PARSERS[kind](value) if value and kind != "text" else value for value, kind in zip(row, types, strict=True)]


# --- reading files --------------------------------------------------------------------------


def python_codec(encoding: str | None) -> str:
    """The Python codec for the portal's encoding name: UTF-8 (BOM skipped) unless told."""
    name = (encoding or "UTF-8").strip().lower().replace("_", "-")
    if name in ("utf-8", "utf8", "utf-8-sig"):
        return "utf-8-sig"
    if name in ("euc-kr", "euckr", "ks-c-5601-1987", "cp949", "uhc", "ms949"):
        # EUC-KR files from Windows carry UHC syllables: CP949 reads both.
        return "cp949"
    return name


def sniff_delimiter(first_line: str, file_format: str) -> str:
    if file_format == "tsv":
        return "\t"
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def _first_undecodable_line(path: str, codec: str) -> int:
    # The text reader decodes in blocks: find the line itself for the message.
    with open(path, "rb") as handle:
        for number, raw in enumerate(handle, start=1):
            try:
                raw.decode(codec)
            except UnicodeDecodeError:
                return number
    return 0


def _csv_rows(path: str, encoding: str | None, file_format: str) -> Iterator[list[str]]:
    codec = python_codec(encoding)
    reader = None
    try:
        with open(path, encoding=codec, errors="strict", newline="") as handle:
            first = handle.readline()
            delimiter = sniff_delimiter(first, file_format)
            handle.seek(0)
            reader = csv.reader(handle, delimiter=delimiter)
            for row in reader:
                yield [unicodedata.normalize("NFC", cell.strip()) for cell in row]
    except UnicodeDecodeError:
        raise TableError(
            "Line {line} cannot be read as {encoding}: the file's character encoding is not the"
            " one detected. Save it as UTF-8 or CP949 and upload it again.",
            line=_first_undecodable_line(path, codec),
            encoding=(encoding or "UTF-8"),
        ) from None
    except csv.Error as error:
        line = reader.line_num if reader else 1
        raise TableError("The file is not a valid CSV (line {line}): {detail}", line=line, detail=str(error)) from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unicodedata.normalize("NFC", str(value).strip())


def _xlsx_rows(path: str) -> Iterator[list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    # A file object: stored uploads have no extension, which openpyxl would refuse by name.
    with open(path, "rb") as handle:
        try:
            book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
            raise TableError(
                "The file cannot be read as an Excel (XLSX) workbook: {detail}", detail=str(error)
            ) from None
        try:
            sheet = book.worksheets[0]
            for values in sheet.iter_rows(values_only=True):
                yield [_cell_text(value) for value in values]
        finally:
            book.close()


def _xls_rows(path: str) -> Iterator[list[str]]:
    import xlrd

    try:
        book = xlrd.open_workbook(path)
    except Exception as error:  # xlrd raises bare XLRDError/CompDocError/struct errors
        raise TableError("The file cannot be read as an Excel (XLS) workbook: {detail}", detail=str(error)) from None
    sheet = book.sheet_by_index(0)
    for index in range(sheet.nrows):
        row = []
        for cell in sheet.row(index):
            if cell.ctype == xlrd.XL_CELL_DATE:
                row.append(_cell_text(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)))
            else:
                row.append(_cell_text(cell.value if cell.ctype != xlrd.XL_CELL_EMPTY else None))
        yield row


def file_format_of(path: str, declared: str | None) -> str:
    """'csv', 'tsv', 'xlsx' or 'xls' from the file's first bytes and the declared format."""
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "xls"
    declared = (declared or "").strip().lower().lstrip(".")
    if declared in ("xlsx", "xls"):
        raise TableError("The file is declared as {format} but is not an Excel workbook.", format=declared.upper())
    return "tsv" if declared == "tsv" else "csv"


def read_rows(path: str, file_format: str, encoding: str | None) -> Iterator[list[str]]:
    if file_format == "xlsx":
        return _xlsx_rows(path)
    if file_format == "xls":
        return _xls_rows(path)
    return _csv_rows(path, encoding, file_format)


# --- the whole table ------------------------------------------------------------------------


@dataclass
class PreparedTable:
    columns: list[dict]  # [{'id', 'label', 'type'}]
    rows: int
    file_format: str
    encoding: str | None
    notes: list[str] = field(default_factory=list)


def _data_rows(rows: Iterator[list[str]], width: int) -> Iterator[tuple[int, list[str]]]:
    """(line, row) with rows cut or padded to ``width``; blank rows skipped. A row with more
    non-empty cells than there are headers is an error (its values would shift)."""
    for line, row in enumerate(rows, start=2):
        if not any(row):
            continue
        if len(row) > width:
            if any(row[width:]):
                raise TableError(
                    "Row {line} has {count} values but the header has {width} columns.",
                    line=line,
                    count=len(row),
                    width=width,
                )
            row = row[:width]
        elif len(row) < width:
            row = row + [""] * (width - len(row))
        yield line, row


def _header(rows: Iterator[list[str]]) -> list[str]:
    for row in rows:
        if any(row):
            while row and not row[-1]:
                row = row[:-1]
            return row
    raise TableError("The file is empty: it has no header row.")


def prepare_table(path: str, declared_format: str | None, encoding: str | None, out: io.TextIOBase) -> PreparedTable:
    """Reads the table twice (types from every value, then the converted rows) and writes a
    UTF-8 CSV with the column ids as header to ``out``."""
    file_format = file_format_of(path, declared_format)
    if file_format in ("xlsx", "xls"):
        encoding = None
    rows = read_rows(path, file_format, encoding)
    headers = _header(rows)
    columns = column_ids(headers)
    width = len(columns)
    typer = ColumnTyper(width)
    count = 0
    for _line, row in _data_rows(rows, width):
        typer.observe(row)
        count += 1
    if not count:
        raise TableError("The file has a header row but no data rows.")
    types = typer.types()
    for column, kind in zip(columns, types, strict=True):
        column["type"] = kind
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([column["id"] for column in columns])
    rows = read_rows(path, file_format, encoding)
    _header(rows)
    for _line, row in _data_rows(rows, width):
        writer.writerow(convert_row(row, types))
    return PreparedTable(columns=columns, rows=count, file_format=file_format, encoding=encoding)


def _sniff(path: str, codec: str, file_format: str) -> str | None:
    """The delimiter from the first line, or None when that line does not decode."""
    try:
        with open(path, encoding=codec, errors="strict", newline="") as handle:
            return sniff_delimiter(handle.readline(), file_format)
    except UnicodeDecodeError:
        return None


@dataclass
class TablePlan:
    """What the set-based load needs before PostgreSQL reads the file itself."""

    columns: list[dict]  # [{'id', 'label'}]
    candidates: list[set[str]]  # per column, the types no sampled value ruled out
    delimiter: str
    codec: str | None  # the file's Python codec; None: read the file in Python instead
    seen: list[bool] = field(default_factory=list)  # per column, whether the sample had a value

    @property
    def copy_encoding(self) -> str | None:
        """COPY's ENCODING for the codec; None: read the file in Python instead."""
        return COPY_ENCODINGS.get(self.codec) if self.codec else None


SAMPLE_ROWS = 10_000
COPY_ENCODINGS = {"utf-8-sig": "UTF8", "cp949": "UHC"}  # Python codec -> PostgreSQL's name


def plan_table(path: str, declared_format: str | None, encoding: str | None, sample: int = SAMPLE_ROWS) -> TablePlan:
    """Headers and candidate types from the first ``sample`` rows of a CSV/TSV that COPY can
    read as it is (header on the first line, UTF-8 or CP949). Errors in those rows are raised
    as the full pass would; ``copy_encoding`` is None for anything else (XLSX/XLS, other
    encodings, blank lines before the header), which ``prepare_table`` reads instead."""
    nothing = TablePlan(columns=[], candidates=[], delimiter=",", codec=None)
    file_format = file_format_of(path, declared_format)
    codec = python_codec(encoding)
    if file_format not in ("csv", "tsv") or codec not in COPY_ENCODINGS:
        return nothing
    delimiter = _sniff(path, codec, file_format)
    if delimiter is None:
        return nothing
    rows = _csv_rows(path, encoding, file_format)
    try:
        first = next(rows, None)
        if not first or not any(first):
            return nothing
        columns = column_ids(_header(iter([first])))
        typer = ColumnTyper(len(columns))
        for number, (_line, row) in enumerate(_data_rows(rows, len(columns))):
            if number >= sample:
                break
            typer.observe(row)
    finally:
        rows.close()
    return TablePlan(
        columns=columns,
        candidates=typer.candidates,
        delimiter=delimiter,
        codec=codec,
        seen=typer.seen,
    )


# --- remote files ---------------------------------------------------------------------------


def remote_url_refusal(url: str, allowed_hosts: Iterable[str], addresses: Iterable[str]) -> TableError | None:
    """Why a harvested file at ``url`` (resolving to ``addresses``) must not be fetched, or None.

    Only http(s) on an allowed host (or its subdomain), and never a private, loopback,
    link-local or reserved address (a public name can point inside the network).
    """
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().rstrip(".")
    if parts.scheme not in ("http", "https") or not host:
        return TableError("Only http and https files can be loaded: {url}", url=url)
    allowed = [name.lower().strip() for name in allowed_hosts if name.strip()]
    if not any(host == name or host.endswith("." + name) for name in allowed):
        return TableError("Files from {host} are not loaded: the host is not on the allow-list.", host=host)
    addresses = list(addresses)
    if not addresses:
        return TableError("The host {host} could not be resolved.", host=host)
    for address in addresses:
        ip = ipaddress.ip_address(address)
        if not ip.is_global or ip.is_multicast:
            return TableError("Files from {host} are not loaded: it resolves to a private address.", host=host)
    return None
