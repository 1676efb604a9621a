"""The diagnosis of crafted files: every check fires, with the exact expected counts."""

import pytest

from ckanext.busan_governance.quality import diagnose as engine
from ckanext.busan_governance.quality.checks import ColumnSpec, parse_domain
from ckanext.busan_governance.quality.diagnose import diagnose
from ckanext.busan_governance.quality.table_schema import table_schema

pytestmark = pytest.mark.pure

SPECS = [
    ColumnSpec("시설명", domain="명V100", length=6, key=True),
    ColumnSpec("개방여부", domain="여부C1"),
    ColumnSpec("등록일자", domain="연월일C8"),
    ColumnSpec("시군구코드", domain="코드C5", code_name="시군구코드", codes=["26350", "26110"]),
    ColumnSpec("인구수", domain="수N10", required=True),
    ColumnSpec("이용률", domain="율N5,2"),
    ColumnSpec("시작시각", domain="시분C4"),
    ColumnSpec("기준연월", domain="연월C6"),
    ColumnSpec("전화번호", domain="번호V20"),
    ColumnSpec("성명", domain="명V100", personal=True, required=True),
]
HEADER = "시설명,개방여부,등록일자,시군구코드,인구수,이용률,시작시각,기준연월,전화번호,성명"
ROWS = [
    "해운대도서관,Y,20240131,26350,100,12.5,0930,202401,051-123-4567,홍길동",  # row 2: all good
    "광안리해수욕장,X,20240230,99999,1a,12.345,2460,202413,05#1,",  # row 3: every value check fails
    "해운대도서관,N,2024-02-29,26110,,1,23:59,2024-12,0517,이영희",  # row 4: duplicate key, no 인구수
    "짧은,행",  # row 5: two fields
    "송정,Y,20240101,26110,123456789012,100.00,0000,202412,1,김철수",  # row 6: 인구수 longer than N10
]
EXPECTED = {
    ("시설명", "unique"): (4, 1, [{"row": 4, "value": "해운대도서관"}]),
    ("시설명", "length"): (4, 1, [{"row": 3, "value": "광안리해수욕장"}]),
    ("개방여부", "allowed"): (4, 1, [{"row": 3, "value": "X"}]),
    ("등록일자", "date"): (4, 1, [{"row": 3, "value": "20240230"}]),
    ("시군구코드", "code"): (4, 1, [{"row": 3, "value": "99999"}]),
    ("인구수", "required"): (4, 1, [{"row": 4, "value": ""}]),
    ("인구수", "length"): (4, 1, [{"row": 6, "value": "123456789012"}]),
    ("인구수", "numeric"): (4, 1, [{"row": 3, "value": "1a"}]),
    ("이용률", "scale"): (4, 1, [{"row": 3, "value": "12.345"}]),
    ("시작시각", "time"): (4, 1, [{"row": 3, "value": "2460"}]),
    ("기준연월", "month"): (4, 1, [{"row": 3, "value": "202413"}]),
    ("전화번호", "pattern"): (4, 1, [{"row": 3, "value": "05#1"}]),
    ("성명", "required"): (4, 1, [{"row": 3, "value": ""}]),
}


def failing(report):
    return {
        (c["column"], c["check"]): (c["checked"], c["failed"], c["samples"]) for c in report["checks"] if c["failed"]
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_every_check_fires_with_exact_counts(tmp_path, encoding):
    path = tmp_path / "data.csv"
    path.write_bytes(("\n".join([HEADER, *ROWS]) + "\n").encode(encoding))
    report = diagnose(path, SPECS)
    assert report["encoding"] == encoding
    assert report["rows"] == 4
    assert failing(report) == EXPECTED
    ragged = report["file_checks"]
    assert [(f["check"], f["count"], f["samples"][0]["row"]) for f in ragged] == [("ragged", 1, 5)]
    assert report["failed"] == 13
    assert report["checked"] == sum(c["checked"] for c in report["checks"])
    assert report["error_rate"] == pytest.approx(13 / report["checked"])
    # 100 × (1 − error rate) × (1 − 1 ragged row of 5)
    assert report["score"] == pytest.approx(round(100 * (1 - 13 / report["checked"]) * 0.8, 2))
    assert report["grade"] == "D"


def test_personal_values_are_masked_in_samples(tmp_path):
    path = tmp_path / "p.csv"
    path.write_text("성명,전화번호\n홍길동,010#1234\n", encoding="utf-8")
    report = diagnose(
        path, [ColumnSpec("성명", length=2, personal=True), ColumnSpec("전화번호", domain="번호V20", personal=True)]
    )
    assert {(c["column"], c["samples"][0]["value"]) for c in report["checks"] if c["failed"]} == {
        ("성명", "홍**"),
        ("전화번호", "0*******"),
    }


def test_key_duplicates_found_across_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "BLOCK_SIZE", 256)  # many small batches
    path = tmp_path / "keys.csv"
    lines = ["번호,값"] + [f"{i % 500},x" for i in range(1200)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = diagnose(path, [ColumnSpec("번호", key=True)])
    unique = next(c for c in report["checks"] if c["check"] == "unique")
    assert (unique["checked"], unique["failed"]) == (1200, 700)
    assert unique["samples"][0] == {"row": 502, "value": "0"}  # the second 0, after 0..499


def test_file_level_checks(tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header_only = tmp_path / "header.csv"
    header_only.write_text("a,b\n", encoding="utf-8")
    bad_header = tmp_path / "bad_header.csv"
    bad_header.write_text("a,a,\n1,2,3\n", encoding="utf-8")
    bad_bytes = tmp_path / "bad_bytes.csv"
    bad_bytes.write_bytes("이름,값\n".encode("cp949") + b"\xff\xfe,1\n" + "부산,2\n".encode("cp949"))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")

    def issues(path, specs=None):
        return {f["check"]: f["count"] for f in diagnose(path, specs)["file_checks"]}

    assert issues(empty) == {"empty": 1}
    assert issues(header_only) == {"empty": 1}
    assert issues(bad_header, [ColumnSpec("b")]) == {"header": 3}  # a duplicate, a blank, b missing
    assert issues(bad_bytes) == {"encoding": 2}
    report = diagnose(broken)
    assert [f["check"] for f in report["file_checks"]] == ["parse"]
    assert (report["score"], report["grade"]) == (0.0, "D")


def test_xlsx_is_diagnosed_like_csv(tmp_path):
    import datetime as dt

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["등록일자", "인구수", "개방여부"])
    sheet.append([dt.date(2024, 1, 31), 10, "Y"])
    sheet.append(["20240230", 1.5, "N"])
    sheet.append([None, None, None])  # blank rows are not data
    sheet.append(["20240101", "x", "y"])
    book.save(tmp_path / "data.xlsx")
    specs = [
        ColumnSpec("등록일자", domain="연월일C8"),
        ColumnSpec("인구수", domain="수N10"),
        ColumnSpec("개방여부", domain="여부C1"),
    ]
    report = diagnose(tmp_path / "data.xlsx", specs)
    assert (report["format"], report["rows"]) == ("xlsx", 3)
    assert {k: v[1] for k, v in failing(report).items()} == {
        ("등록일자", "date"): 1,
        ("인구수", "numeric"): 1,
        ("인구수", "scale"): 1,
        ("개방여부", "allowed"): 1,
    }


def test_grades_from_thresholds():
    assert [engine.grade(s, engine.parse_grades("A:90 B:80 C:50")) for s in (95, 85, 60, 10)] == ["A", "B", "C", "D"]


def test_domain_names_and_table_schema():
    assert parse_domain("율N5,2").__dict__ == {"name": "율N5,2", "cls": "율", "type": "N", "length": 5, "scale": 2}
    assert parse_domain("연월일시분초C14").cls == "연월일시분초"
    schema = table_schema(SPECS)
    fields = {f["name"]: f for f in schema["fields"]}
    assert schema["primaryKey"] == ["시설명"]
    assert fields["개방여부"]["constraints"] == {"maxLength": 1, "enum": ["Y", "N"]}
    assert fields["이용률"]["type"] == "number"
    assert fields["인구수"] == {
        "name": "인구수", "type": "integer", "busan:domain": "수N10",
        "constraints": {"required": True, "maximum": 9999999999, "minimum": -9999999999},
    }  # fmt: skip
    assert fields["등록일자"]["constraints"] == {"pattern": r"\d{4}-?\d{2}-?\d{2}"}


def test_key_duplicates_counted_exactly_past_the_memory_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(engine, "BLOCK_SIZE", 256)
    monkeypatch.setattr(engine.KeyIndex, "MEMORY_ROWS", 300)  # spill after 300 keys
    path = tmp_path / "keys.csv"
    path.write_text("번호\n" + "".join(f"{i % 500}\n" for i in range(1200)), encoding="utf-8")
    unique = next(c for c in diagnose(path, [ColumnSpec("번호", key=True)])["checks"] if c["check"] == "unique")
    assert (unique["checked"], unique["failed"]) == (1200, 700)
    assert unique["samples"][0] == {"row": 502, "value": None}  # numbered, value not kept once spilled
