"""The quote check that lets PostgreSQL's COPY read a file (pure, no CKAN): whenever it says
the two readers agree, PostgreSQL's CSV reading gives the rows Python's csv gives."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ckanext.busan.datastore.quotes import read_alike

pytestmark = pytest.mark.pure


def postgres_rows(text: str, delimiter: str) -> list[list[str]] | None:
    """PostgreSQL's CSV reading (copyfromparse.c, quote = escape = '"'): a quote anywhere
    outside a quoted section opens one; inside, a doubled quote is a quote and a single one
    closes it. None where COPY refuses the file (an unterminated quoted field)."""
    rows, row, field, inside, i, pending = [], [], [], False, 0, False
    while i < len(text):
        char = text[i]
        pending = char != "\n" or inside
        if inside:
            if char == '"' and text[i + 1 : i + 2] == '"':
                field.append('"')
                i += 1
            elif char == '"':
                inside = False
            else:
                field.append(char)
        elif char == '"':
            inside = True
        elif char == delimiter:
            row.append("".join(field))
            field = []
        elif char == "\n":
            row.append("".join(field))
            rows.append(row)
            row, field = [], []
        else:
            field.append(char)
        i += 1
    if inside:
        return None
    if pending:
        row.append("".join(field))
        rows.append(row)
    return rows


def python_rows(text: str, delimiter: str) -> list[list[str]]:
    # an empty line: no field for Python, one empty field for PostgreSQL (not about quotes)
    return [row or [""] for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def alike(text: str, delimiter: str = ",", chunk_size: int = 16 * 1024 * 1024) -> bool:
    return read_alike(io.BytesIO(text.encode("cp949")), delimiter, chunk_size)


def test_quoted_numbers_with_thousands_separators_are_read_by_copy():
    text = '구분,방문객수,비고\n해운대,"3,115,935",메모\n광안리,"1,188",""\n'
    assert alike(text)
    assert postgres_rows(text, ",") == python_rows(text, ",")


@pytest.mark.parametrize(
    "text",
    [
        'TV,55" 화면,2\n',  # PostgreSQL would open a quoted section at 55" and join the next line
        'TV,"55" 화면",2\n',  # reopened after the closing quote
        'a,b"\nc,d"\n',
    ],
)
def test_a_quote_inside_an_unquoted_value_sends_the_file_to_python(text):
    assert not alike(text)


def test_doubled_quotes_inside_quoted_values_and_quoted_line_breaks_are_read_by_copy():
    text = '품목,규격\n모니터,"27"" 화면"\n메모,"첫 줄\n둘째 줄"\n'
    assert alike(text)
    assert (
        postgres_rows(text, ",")
        == python_rows(text, ",")
        == [
            ["품목", "규격"],
            ["모니터", '27" 화면'],
            ["메모", "첫 줄\n둘째 줄"],
        ]
    )


def test_the_check_carries_its_state_across_chunks():
    text = '가,"1,234"\n나,"5,678"\n다,"9"""\n'
    for size in range(1, 8):
        assert alike(text, chunk_size=size)
    assert not alike('가,"1"\n나,5"\n', chunk_size=3)


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=['"', ",", "\t", "\n", "a", "가", " "], max_size=40),
    st.sampled_from([",", "\t"]),
    st.integers(min_value=1, max_value=9),
)
def test_whenever_the_check_passes_both_readers_give_the_same_rows(text, delimiter, chunk_size):
    if alike(text, delimiter, chunk_size):
        pg = postgres_rows(text, delimiter)
        # COPY refuses an unterminated quoted field; the loader then reads the file in Python
        assert pg is None or pg == python_rows(text, delimiter)
    assert alike(text, delimiter, chunk_size) == alike(text, delimiter)  # chunking changes nothing
