"""The Korean pass before the COPY loader (pure functions, no CKAN)."""

from __future__ import annotations

import io

import pytest

from ckanext.busan.datastore.table import (
    TableError,
    column_ids,
    parse_date,
    parse_number,
    parse_timestamp,
    plan_table,
    prepare_table,
    remote_url_refusal,
)

pytestmark = pytest.mark.pure


def test_hangul_headers_are_kept_and_long_ones_shortened_uniquely():
    long_a = "가" * 25 + "나나"
    long_b = "가" * 25 + "다다"
    columns = column_ids(["구분", long_a, long_b, "", "_내부", '따옴"표', "구분"])
    ids = [c["id"] for c in columns]
    assert ids[0] == "구분"
    assert ids[1] == "가" * 21 and ids[2].endswith("~2") and len(ids[2].encode()) <= 63
    assert ids[3] == "열4" and ids[4] == "내부" and ids[5] == "따옴표" and ids[6] == "구분~2"
    assert len(set(ids)) == len(ids)
    assert [c["label"] for c in columns][1:3] == [long_a, long_b]


@pytest.mark.parametrize(
    ("value", "number"),
    [
        ("1,234", "1234"),
        ("-12,345.5", "-12345.5"),
        ("0", "0"),
        ("0.5", "0.5"),
        ("42", "42"),
        ("007", None),
        ("1,23", None),
        ("12a", None),
        ("", None),
    ],
)
def test_numbers_with_thousands_separators(value, number):
    assert parse_number(value) == number


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2024년 1월 2일", "2024-01-02"),
        ("2024년1월2일", "2024-01-02"),
        ("2024-1-2", "2024-01-02"),
        ("2024.01.02.", "2024-01-02"),
        ("2024/12/31", "2024-12-31"),
        ("2024년 2월 30일", None),
        ("1월 2일", None),
    ],
)
def test_korean_and_iso_dates(value, date):
    assert parse_date(value) == date


def test_timestamps():
    assert parse_timestamp("2024-01-02 09:30") == "2024-01-02T09:30:00"
    assert parse_timestamp("2024-01-02") is None


def prepare(data: bytes, fmt="csv", encoding="CP949", tmp_path=None):
    path = tmp_path / "in.bin"
    path.write_bytes(data)
    out = io.StringIO()
    table = prepare_table(str(path), fmt, encoding, out)
    return table, out.getvalue().splitlines()


def test_cp949_table_gets_typed_columns_and_uhc_syllables(tmp_path):
    text = '이름,인원,날짜,코드,비고\n똠방각하,"1,234",2024년 1월 2일,007,\n햏자,5,2024년 12월 31일,010,메모\n'
    table, lines = prepare(text.encode("cp949"), tmp_path=tmp_path)
    assert [(c["id"], c["type"]) for c in table.columns] == [
        ("이름", "text"),
        ("인원", "numeric"),
        ("날짜", "date"),
        ("코드", "text"),
        ("비고", "text"),
    ]
    assert table.rows == 2
    assert lines == ["이름,인원,날짜,코드,비고", "똠방각하,1234,2024-01-02,007,", "햏자,5,2024-12-31,010,메모"]


def test_a_column_with_one_non_number_stays_text(tmp_path):
    table, lines = prepare("값\n1\n2\n없음\n".encode(), encoding="UTF-8", tmp_path=tmp_path)
    assert table.columns[0]["type"] == "text" and lines[1:] == ["1", "2", "없음"]


def test_wrong_encoding_is_an_error_naming_the_line(tmp_path):
    data = "이름\n가\n".encode() + "똠\n".encode("cp949")
    with pytest.raises(TableError) as error:
        prepare(data, encoding="UTF-8", tmp_path=tmp_path)
    assert error.value.params["line"] == 3


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"", "csv", "empty"),
        (b"a,b\n", "csv", "no data rows"),
        (b"a,b\n1,2,3\n", "csv", "Row 2"),
        (b"not a zip", "xlsx", "not an Excel"),
    ],
)
def test_unloadable_files(tmp_path, data, fmt, message):
    with pytest.raises(TableError, match=message):
        prepare(data, fmt=fmt, encoding="UTF-8", tmp_path=tmp_path)


def test_tsv_and_trailing_empty_cells(tmp_path):
    table, lines = prepare("구분\t값\t\n가\t1\t\n".encode(), fmt="tsv", encoding="UTF-8", tmp_path=tmp_path)
    assert [c["id"] for c in table.columns] == ["구분", "값"] and lines[1] == "가,1"


@pytest.mark.parametrize(
    ("url", "addresses", "refused"),
    [
        ("https://www.data.go.kr/file.csv", ["27.101.215.193"], None),
        ("https://sub.data.busan.go.kr/a.csv", ["203.251.170.10"], None),
        ("https://evil.example.com/a.csv", ["93.184.216.34"], "allow-list"),
        ("https://www.data.go.kr/a.csv", ["10.0.0.5"], "private"),
        ("http://www.data.go.kr/a.csv", ["127.0.0.1"], "private"),
        ("file:///etc/passwd", [], "http"),
        ("https://www.data.go.kr/a.csv", [], "resolved"),
    ],
)
def test_harvested_files_only_from_allowed_public_hosts(url, addresses, refused):
    result = remote_url_refusal(url, ["www.data.go.kr", "data.busan.go.kr"], addresses)
    assert (result is None) if refused is None else (refused in str(result))


def test_plan_reads_only_a_sample_and_leaves_odd_files_to_the_python_pass(tmp_path):
    path = tmp_path / "t.csv"
    rows = ["구분,방문객수,일자,비고"] + [f'해운대,"{i:,}",2024년 1월 {i % 28 + 1}일,' for i in range(1, 30)]
    path.write_bytes(("\r\n".join(rows) + "\r\n").encode("cp949"))
    plan = plan_table(str(path), "CSV", "CP949", sample=10)
    assert plan.copy_encoding == "UHC" and plan.delimiter == ","
    assert [c["id"] for c in plan.columns] == ["구분", "방문객수", "일자", "비고"]
    # what no sampled value ruled out; the empty column keeps every type for the SQL check
    assert plan.candidates == [set(), {"numeric"}, {"date"}, {"numeric", "date", "timestamp"}]
    assert plan_table(str(path), "CSV", "UTF-8").copy_encoding is None  # does not decode: Python's error
    blank_first = tmp_path / "b.csv"
    blank_first.write_bytes(b"\n" + path.read_bytes())
    assert plan_table(str(blank_first), "CSV", "CP949").copy_encoding is None
    assert plan_table(str(path), "CSV", "ISO-8859-1").copy_encoding is None
