"""The typing rules of ``table.py`` applied to whole columns with Apache Arrow (pure: no CKAN).

The fast path of a load: Arrow's multi-threaded CSV reader reads the file (UTF-8 or CP949) in
blocks of rows, and compute kernels in C++ check and convert each block's columns to the types
the sample suggested, exactly as ``table.py`` reads a cell (whitespace stripped as
``str.strip()`` strips it, NFC, empty -> NULL; the rules' own patterns, run by RE2). Each block
comes out as CSV that PostgreSQL's COPY reads straight into the typed DataStore table: numbers
without separators, dates as ``Y-M-D``, timestamps without fractions. PostgreSQL's input
functions then refuse impossible dates, as Python's ``datetime`` does.

A value that the rules would not read as its column's type raises ``UnlikeSample`` and the
load falls back to the set-based path in PostgreSQL, which checks whole columns; so does a file
Arrow reads otherwise than Python's ``csv`` would (a row of another width raises) or cannot
decode (``UNREADABLE``). Nothing is ever converted differently: the fast path gives the rules'
values or gives up.
"""

from __future__ import annotations

import io
import os
import unicodedata
from collections.abc import Iterator

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from ckanext.busan.dataset.transcode import Utf8Stream
from ckanext.busan.datastore import sql, table

# What Arrow refuses to read or decode; the load then reads the file another way.
UNREADABLE = (pa.ArrowException, UnicodeError)
BLOCK_BYTES = 8 << 20  # rows per block: about 90,000 of a 10-column table
EMPTY = "empty"  # a column without any value in the sample: it must stay empty to be text

# Python's re.ASCII \s, written out: RE2's \s has no vertical tab.
_SPACE = r"[\t\n\x0b\x0c\r ]"


def _re2(pattern: str) -> str:
    return pattern.replace(r"\s", _SPACE)


def _named(pattern: str, names: str) -> str:
    """``pattern`` with its capture groups named in order (Arrow's extract_regex wants names)."""
    for name in names:
        pattern = pattern.replace("(\\d", f"(?P<{name}>\\d", 1)
    return pattern


# parse_number's two tests (a number, no leading zero) as the one pattern the SQL path uses
NUMBER = sql.NUMBER
DATES = [_named(_re2(p.pattern), "ymd") for p in table._DATE_PATTERNS]
TIMESTAMP = _named(_re2(table._TIMESTAMP.pattern), "ymdHMS")


class UnlikeSample(Exception):
    """A value further down is not of the type the sample gave its column."""

    def __init__(self, column: int, kind: str):
        super().__init__(f"column {column} has a value that is not {kind}" if column else f"a value is not {kind}")


def _null_empty(values: pa.Array) -> pa.Array:
    """Stripped as ``str.strip()`` strips (Arrow's Unicode whitespace is Python's), '' -> NULL."""
    values = pc.utf8_trim_whitespace(values)
    lengths = pc.binary_length(values)
    if pc.min(lengths).as_py():  # no empty cell in the block (the common case): nothing to do
        return values
    return pc.if_else(pc.equal(lengths, 0), pa.scalar(None, pa.string()), values)


def _all(mask: pa.Array) -> bool:
    return pc.all(mask).as_py() is not False  # NULLs (empty cells) are skipped; all-NULL is None


def _text(values: pa.Array) -> pa.Array:
    """NFC, as the rules normalise each cell. Python decides and normalises (Arrow's utf8proc
    may know a newer Unicode than Python's ``unicodedata``); almost every column is NFC already,
    checked once over its joined values."""
    if _all(pc.string_is_ascii(values)):
        return values
    joined = pc.binary_join(pa.ListArray.from_arrays(pa.array([0, len(values)], pa.int32()), values.fill_null("")), "")
    if unicodedata.is_normalized("NFC", joined[0].as_py()):
        return values
    return pa.array([None if v is None else unicodedata.normalize("NFC", v) for v in values.to_pylist()], pa.string())


def _number(values: pa.Array, column: int) -> pa.Array:
    if not _all(pc.match_substring_regex(values, NUMBER)):
        raise UnlikeSample(column, "numeric")
    if pc.any(pc.match_substring(values, ",")).as_py():
        return pc.replace_substring(values, ",", "")
    return values


def _first_match(values: pa.Array, patterns: list[str], build, column: int, kind: str) -> pa.Array:
    """Each value through ``build`` of the groups of the first pattern it matches."""
    out = pa.nulls(len(values), pa.string())
    for pattern in patterns:
        if out.null_count == values.null_count:
            break
        groups = pc.extract_regex(values, pattern)
        out = pc.coalesce(out, build(groups))
    if out.null_count != values.null_count:
        raise UnlikeSample(column, kind)
    return out


def _group(groups, name: str) -> pa.Array:
    return pc.struct_field(groups, name)  # NULL where the pattern did not match (.field() is not)


def _ymd(groups) -> pa.Array:
    return pc.binary_join_element_wise(_group(groups, "y"), _group(groups, "m"), _group(groups, "d"), "-")


def _timestamp(groups) -> pa.Array:
    # datetime refuses 24:00 and a 60th second, which PostgreSQL reads; the fraction is dropped
    hour, minute, second = (_group(groups, name) for name in "HMS")  # seconds '' when left out
    valid = pc.and_(pc.and_(pc.less(hour, "24"), pc.less(minute, "60")), pc.less(second, "60"))
    clock = pc.binary_join_element_wise(hour, minute, pc.if_else(pc.equal(second, ""), "00", second), ":")
    stamp = pc.binary_join_element_wise(_ymd(groups), clock, " ")
    return pc.if_else(valid, stamp, pa.scalar(None, pa.string()))


def typed_columns(batch: pa.RecordBatch, kinds: list[str]) -> list[pa.Array]:
    """The batch's columns in the rules' values for ``kinds`` (text, numeric, date, timestamp,
    or ``EMPTY``), as strings PostgreSQL's input functions read; ``UnlikeSample`` otherwise."""
    out = []
    for column, (values, kind) in enumerate(zip(batch.columns, kinds, strict=True), start=1):
        values = _null_empty(values)
        if kind == "text":
            values = _text(values)
        elif kind == "numeric":
            values = _number(values, column)
        elif kind == "date":
            values = _first_match(values, DATES, _ymd, column, kind)
        elif kind == "timestamp":
            values = _first_match(values, [TIMESTAMP], _timestamp, column, kind)
        elif values.null_count != len(values):  # EMPTY
            raise UnlikeSample(column, "empty")
        out.append(values)
    return out


_PLAIN = pcsv.WriteOptions(include_header=False, quoting_style="none")
_QUOTED = pcsv.WriteOptions(include_header=False)


def _csv(batch: pa.RecordBatch) -> bytes:
    """The rows as CSV; values quoted only in a block that has a delimiter, quote or line
    break in a value (fewer bytes for PostgreSQL to read otherwise)."""
    sink = io.BytesIO()
    try:
        pcsv.write_csv(batch, sink, _PLAIN)
    except pa.ArrowInvalid:
        sink = io.BytesIO()
        pcsv.write_csv(batch, sink, _QUOTED)
    return sink.getvalue()


class TypedCsv:
    """The file's rows, typed, as UTF-8 CSV chunks for ``COPY … (_id, columns…)``: ``_id`` is
    the row's place in the file; rows without any value are left out (the rules skip them).
    ``rows`` (written) and ``lines`` (read) count as the chunks are taken."""

    def __init__(self, path: str, kinds: list[str], delimiter: str, codec: str, block_bytes: int = BLOCK_BYTES):
        self.path, self.kinds, self.delimiter, self.codec = path, kinds, delimiter, codec
        self.block_bytes = block_bytes
        self.rows = 0
        self.lines = 0

    def _reader(self, raw):
        # strict UTF-8 from the file's encoding (CP949 by the C library's iconv, outside the
        # GIL, when it reads CP949 as Python's codec does); a byte that does not decode raises
        stream = Utf8Stream(raw, self.codec, size=os.fstat(raw.fileno()).st_size, strict=True)
        names = [f"c{i}" for i in range(1, len(self.kinds) + 1)]
        return pcsv.open_csv(
            # whole blocks for Arrow: a short read would make a short block
            io.BufferedReader(stream, buffer_size=1 << 20),
            # the header is a row like any other (quotes, line breaks): skipped after parsing
            read_options=pcsv.ReadOptions(column_names=names, skip_rows_after_names=1, block_size=self.block_bytes),
            # no empty-line skipping: a blank line is then a row without values, as in Python
            parse_options=pcsv.ParseOptions(
                delimiter=self.delimiter, newlines_in_values=True, ignore_empty_lines=False
            ),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(names, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )

    def __iter__(self) -> Iterator[bytes]:
        with open(self.path, "rb") as raw:
            yield from self._chunks(self._reader(raw))

    def _chunks(self, reader) -> Iterator[bytes]:
        for batch in reader:
            columns = typed_columns(batch, self.kinds)
            ids = pa.array(range(self.lines + 1, self.lines + 1 + batch.num_rows), pa.int64())
            self.lines += batch.num_rows
            names = ["_id", *(f"c{i}" for i in range(1, len(columns) + 1))]
            typed = pa.RecordBatch.from_arrays([ids, *columns], names=names)
            if columns:
                any_value = columns[0].is_valid()
                for values in columns[1:]:
                    any_value = pc.or_(any_value, values.is_valid())
                typed = typed.filter(any_value)
            if not typed.num_rows:
                continue
            self.rows += typed.num_rows
            yield _csv(typed)
