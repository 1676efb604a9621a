import pytest

from ckanext.busan_governance.standards.reader import HeaderError, read_standards

from .helpers import SAMPLE, sample_rows, sample_xlsx

pytestmark = pytest.mark.pure


def test_sample_csv_sheets_read_whole():
    standards = read_standards([SAMPLE])
    assert (len(standards.words), len(standards.terms), len(standards.domains)) == (28, 15, 13)
    assert standards.errors == []
    assert standards.edition == 2
    term = next(t for t in standards.terms if t["name"] == "API사용여부")
    assert (term["abbr"], term["domain"], term["allowed_values"]) == ("API_USE_YN", "여부C1", "Y,N")


def test_cp949_csv_and_xlsx_read_the_same(tmp_path):
    for name in ("words", "terms", "domains"):
        (tmp_path / f"{name}.csv").write_bytes((SAMPLE / f"{name}.csv").read_text("utf-8").encode("cp949"))
    from_cp949 = read_standards([tmp_path])
    from_xlsx = read_standards([sample_xlsx(tmp_path / "std.xlsx")])
    for kind in ("words", "terms", "domains"):
        strip = lambda rows: [{k: v for k, v in r.items() if k != "row"} for r in rows]  # noqa: E731
        assert strip(getattr(from_cp949, kind)) == strip(getattr(from_xlsx, kind))
    assert from_xlsx.words[0]["row"] == 3  # title row, header row, then the first word


def test_bad_rows_reported_with_their_row_numbers(tmp_path):
    def spoil(name, rows):
        if name == "words":
            rows[2][3] = ""  # row 4 of the sheet (title, header, row 1): no abbreviation
            rows[3][6] = "X"  # row 5: 형식단어여부 neither Y nor N
            rows.append(rows[1][:])  # a duplicate of row 3
        return rows

    standards = read_standards([sample_xlsx(tmp_path / "std.xlsx", spoil)])
    found = sorted((e.kind, e.row, e.message.split(":")[0]) for e in standards.errors)
    assert found == [
        ("word", 4, "missing value"),
        ("word", 5, "형식단어여부 must be Y or N, not 'X'"),
        ("word", 31, "duplicate of row 3"),
    ]
    assert len(standards.words) == 26


def test_a_sheet_without_the_official_columns_is_refused(tmp_path):
    rows = sample_rows("terms")
    header = [h for h in rows[0] if h != "공통표준도메인명"]
    (tmp_path / "terms.csv").write_text(",".join(header) + "\n", encoding="utf-8")
    with pytest.raises(HeaderError, match="공통표준도메인명"):
        read_standards([tmp_path / "terms.csv"])
    (tmp_path / "other.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(HeaderError, match="no standard"):
        read_standards([tmp_path / "other.csv"])
