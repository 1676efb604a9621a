"""The fast path of a load (arrow_typing.py, pure, no CKAN): Arrow reads a file as Python's csv
reads it, and types a column exactly as the rules of table.py do, or gives up (the load then
types the file in PostgreSQL). Never another value."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from ckanext.busan.datastore import arrow_typing
from ckanext.busan.datastore.table import PARSERS, _data_rows, _header, column_ids, read_rows

pytestmark = pytest.mark.pure

KINDS = ("numeric", "date", "timestamp", "text")
PADDING = st.sampled_from(["", " ", "\t", "\u00a0", "\u3000", "\u2003", "\x1c", "\n"])
NUMBERS = st.builds(
    lambda sign, n, frac, grouped, zeros: f"{sign}{'0' * zeros}{n:,}{frac}"
    if grouped
    else f"{sign}{'0' * zeros}{n}{frac}",
    st.sampled_from(["", "-", "+"]),
    st.integers(0, 10**12),
    st.sampled_from(["", ".5", ".25", ".", ".0"]),
    st.booleans(),
    st.integers(0, 1) | st.just(0),
)
SPACES = st.sampled_from(["", " ", "  ", "\t"])
DATES = st.builds(
    lambda y, m, d, form, s: form.format(y=y, m=m, d=d, s=s),
    st.integers(0, 9999).map(lambda y: f"{y:04d}"),
    st.integers(0, 13).map(str) | st.integers(1, 12).map(lambda m: f"{m:02d}"),
    st.integers(0, 32).map(str) | st.integers(1, 9).map(lambda d: f"{d:02d}"),
    st.sampled_from(
        ["{y}년{s}{m}월{s}{d}일", "{y}-{m}-{d}", "{y}.{s}{m}.{s}{d}.", "{y}.{m}.{d}", "{y}/{m}/{d}", "{y}년 {m}월"]
    ),
    SPACES,
)
TIMESTAMPS = st.builds(
    lambda date, sep, h, mi, s: f"{date}{sep}{h:02d}:{mi:02d}{s}",
    st.dates().map(lambda d: d.isoformat()) | st.just("2023-02-29"),
    st.sampled_from(["T", " ", "  "]),
    st.integers(0, 25),
    st.integers(0, 61),
    st.sampled_from(["", ":00", ":59", ":60", ":07.25", ":07.9999999"]),
)
TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=8) | st.sampled_from(
    [unicodedata.normalize("NFD", "해운대"), "e\u0301", "\u0301a", "Å", "\u212b", "ｶﾞ", "2024년 1월 2일"]
)


def padded(values):
    return st.builds(lambda pad, v, pad2: pad + v + pad2, PADDING, values, PADDING)


CELLS = padded(NUMBERS | DATES | TIMESTAMPS | TEXT)
# a column mostly of one shape, sometimes with a cell of another
COLUMNS = st.sampled_from([NUMBERS, DATES, TIMESTAMPS, TEXT]).flatmap(
    lambda shape: st.lists(padded(shape) | padded(shape) | padded(shape) | CELLS, min_size=1, max_size=12)
)


def rules(value: str, kind: str) -> str | None:
    """A cell as table.py reads it: stripped, NFC, then parsed (None: empty or not of kind)."""
    cell = unicodedata.normalize("NFC", value.strip())
    if not cell or kind == "text":
        return cell or None
    return PARSERS[kind](cell)


def as_python(text: str, kind: str):
    """Our output as Python's date/datetime (ValueError where PostgreSQL refuses it too)."""
    if kind == "date":
        return dt.date(*map(int, text.split("-")))
    day, clock = text.split(" ")
    return dt.datetime(*map(int, day.split("-")), *map(int, clock.split(":")))


@settings(max_examples=400, suppress_health_check=list(HealthCheck), deadline=None)
@given(st.sampled_from(KINDS), COLUMNS)
def test_a_column_is_typed_as_the_rules_type_it_or_not_at_all(kind, values):
    batch = pa.RecordBatch.from_arrays([pa.array(values, pa.string())], names=["c1"])
    try:
        out = arrow_typing.typed_columns(batch, [kind])[0].to_pylist()
    except arrow_typing.UnlikeSample:
        event("unlike its sample")
        # only where a value is not of the kind, or only NFC makes it so
        assert kind != "text"
        assert any(
            (v.strip() and rules(v, kind) is None) or unicodedata.normalize("NFC", v.strip()) != v.strip()
            for v in values
        )
        return
    for value, got in zip(values, out, strict=True):
        expected = rules(value, kind)
        if got is None:
            assert not value.strip()
        elif kind in ("numeric", "text"):
            assert got == expected
        else:
            try:
                parsed = as_python(got, kind)
            except ValueError:  # an impossible day: PostgreSQL refuses it, the load falls back
                assert expected is None
                continue
            assert parsed.isoformat() == expected


def test_common_korean_columns_take_the_fast_path():
    values = ["2024년 1월 2일", "2024-01-02", "2024. 1. 2.", "2024/12/31", "  2024년1월2일 ", None]
    batch = pa.RecordBatch.from_arrays(
        [
            pa.array(values, pa.string()),
            pa.array(["1,234", "-12,345.5", "0", ".5", "\u00a042\u3000", ""], pa.string()),
            pa.array(["해운대", " 똠방각하 ", "", "007", "e\u0301", "x"], pa.string()),
            pa.array(["", "", "", "", "", ""], pa.string()),
        ],
        names=["c1", "c2", "c3", "c4"],
    )
    dates, numbers, texts, empty = (
        c.to_pylist() for c in arrow_typing.typed_columns(batch, ["date", "numeric", "text", arrow_typing.EMPTY])
    )
    assert dates == ["2024-1-2", "2024-01-02", "2024-1-2", "2024-12-31", "2024-1-2", None]
    assert numbers == ["1234", "-12345.5", "0", ".5", "42", None]
    assert texts == ["해운대", "똠방각하", None, "007", "é", "x"]
    assert empty == [None] * 6


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("numeric", "007"),
        ("numeric", "1,23"),
        ("date", "2024년 2월"),
        ("timestamp", "2024-01-02 24:00"),
        ("empty", "x"),
    ],
)
def test_one_value_unlike_its_column_gives_up(kind, value):
    good = {"numeric": "1", "date": "2024-1-1", "timestamp": "2024-01-01 00:00", "empty": ""}[kind]
    batch = pa.RecordBatch.from_arrays([pa.array([good, value, good], pa.string())], names=["c1"])
    with pytest.raises(arrow_typing.UnlikeSample):
        arrow_typing.typed_columns(batch, [kind])


def fast_path_rows(path, width: int, codec: str, block_bytes: int) -> list[list[str]]:
    typed = arrow_typing.TypedCsv(str(path), ["text"] * width, ",", codec, block_bytes=block_bytes)
    text = b"".join(typed).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    ids = [int(row[0]) for row in rows]
    assert ids == sorted(set(ids)) and typed.rows == len(rows)
    return [row[1:] for row in rows]


RAW = st.text(alphabet='a,"\r\n 가똠\u3000\t', max_size=12)
FIELD = RAW | RAW.map(lambda v: '"' + v.replace('"', '""') + '"')  # quoted, or as it comes
ROW = st.lists(FIELD, min_size=3, max_size=3).map(",".join)
LINE = ROW | ROW | ROW | RAW  # mostly rows of the header's width
BODY = st.builds(
    lambda lines, end, last: end.join(lines) + (end if last else ""),
    st.lists(LINE, max_size=8),
    st.sampled_from(["\r\n", "\n", "\r"]),
    st.booleans(),
)


@settings(max_examples=500, suppress_health_check=list(HealthCheck), deadline=None)
@given(BODY, st.sampled_from(["utf-8", "utf-8-sig", "cp949"]), st.sampled_from([1 << 20, 64, 128]))
def test_the_fast_path_reads_a_file_as_python_does_or_not_at_all(tmp_path_factory, body, codec, block_bytes):
    path = tmp_path_factory.mktemp("csv") / "t.csv"
    path.write_bytes(("구분,값,비고\r\n" + body).encode(codec))
    encoding = "CP949" if codec == "cp949" else "UTF-8"
    rows = read_rows(str(path), "csv", encoding)
    width = len(column_ids(_header(rows)))
    try:
        expected = [row for _line, row in _data_rows(rows, width)]
    except Exception:  # the rules refuse the file: so must the fast path
        expected = None
    try:
        got = fast_path_rows(path, width, "utf-8-sig" if codec.startswith("utf") else codec, block_bytes)
    except arrow_typing.UNREADABLE:
        event("the fast path gives up")
        return  # the load reads the file another way
    assert expected is not None, "the fast path read a file that the rules refuse"
    assert got == expected


def test_a_plain_file_takes_the_fast_path(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes('구분,값,비고\r\n해운대,"1,234",메모\r\n\r\n"광안리\n2",5,"따옴표 ""안"""\r\n'.encode("cp949"))
    assert fast_path_rows(path, 3, "cp949", 1 << 20) == [["해운대", "1,234", "메모"], ["광안리\n2", "5", '따옴표 "안"']]
