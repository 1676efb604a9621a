"""The monthly 목록개방현황 CSV: reading it in every encoding (bulk_csv.py) and mapping its rows."""

from __future__ import annotations

import csv
import io

import pytest

from ckanext.busan.harvesters.bulk_csv import read_bulk_csv
from ckanext.busan.harvesters.mapping import BULK_COLUMNS, group_by_list, map_bulk_row, map_catalog_record

from .fake_datagokr import bulk_csv_bytes, make_records
from .test_harvest_mapping import assert_schema_valid

pytestmark = pytest.mark.pure

ENCODINGS = ["cp949", "utf-8-sig", "utf-8"]


@pytest.fixture(scope="module")
def records():
    return make_records(120, seed=5)


@pytest.fixture(scope="module")
def lists(records):
    return group_by_list(records)


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode(encoding)


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_encoding_reads_the_same_rows(records, lists, encoding):
    data = bulk_csv_bytes(records, encoding=encoding)
    assert data.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    rows = list(read_bulk_csv(data))
    assert len(rows) == len(lists)
    assert all(list(row) == list(BULK_COLUMNS) for row in rows)
    assert [row["목록키"] for row in rows] == [lst["list_id"] for lst in lists]
    assert [row["목록명"] for row in rows] == [lst["list_title"] for lst in lists]
    assert all(row["관리부서 전화번호"].startswith("`") for row in rows)  # data.go.kr's quirk, kept raw
    assert rows == list(read_bulk_csv(bulk_csv_bytes(records, encoding="cp949")))


def test_cp949_bytes_are_not_utf8(records):
    data = bulk_csv_bytes(records, encoding="cp949")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")


@pytest.mark.parametrize("as_text", [False, True])
def test_a_path_is_read_as_well(tmp_path, records, as_text):
    path = tmp_path / "목록개방현황 2025.csv"
    path.write_bytes(bulk_csv_bytes(records, encoding="cp949"))
    rows = list(read_bulk_csv(str(path) if as_text else path))
    assert rows == list(read_bulk_csv(path.read_bytes()))


def test_rows_are_filtered_by_agency_code(records, lists):
    data = bulk_csv_bytes(records)
    wanted = {"3330000", "B551542"}
    rows = list(read_bulk_csv(data, org_codes=wanted))
    assert {row["제공기관코드"] for row in rows} == wanted
    assert len(rows) == sum(lst["org_cd"] in wanted for lst in lists)
    assert list(read_bulk_csv(data, org_codes=[])) == []
    assert len(list(read_bulk_csv(data, org_codes=None))) == len(lists)


def test_headers_and_values_are_cleaned():
    header = [" 목록키", "목록명", "제공기관코드 ", "관리부서명", "관리부서  전화번호", "기타 열"]
    row = [" 15000001 ", " 부산광역시_주차장 ", " `6260000", "  교통과", "`0518881234 ", " x "]
    rows = list(read_bulk_csv(csv_bytes([header, row, ["", "", "", "", "", ""]]), org_codes=["6260000"]))
    assert rows == [
        {
            "목록키": "15000001",
            "목록명": "부산광역시_주차장",
            "제공기관코드": "`6260000",
            "관리 부서명": "교통과",
            "관리부서 전화번호": "`0518881234",
            "기타 열": "x",
        }
    ]


def test_a_large_file_is_streamed_across_the_detection_sample():
    header = ["목록키", "목록명", "제공기관코드", "설명"]
    body = [[str(15000000 + i), f"부산광역시_데이터 {i}", "6260000", "가나다라마바사" * 20] for i in range(3000)]
    data = csv_bytes([header, *body], "cp949")
    assert len(data) > 256 * 1024  # longer than detect_encoding's sample
    rows = list(read_bulk_csv(data))
    assert len(rows) == 3000 and rows[-1]["설명"] == "가나다라마바사" * 20


def test_header_only_gives_no_rows():
    assert list(read_bulk_csv(csv_bytes([list(BULK_COLUMNS)]))) == []


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        csv_bytes([["목록키", "목록명", "제공기관코드"], ["1", "가", "6260000"]]) + b"2,\xea\xb0",  # mid-character
        csv_bytes([["목록키", "목록명", "제공기관코드"], ["1", "가", "6260000"]]) + "2,가".encode(),  # mid-row
    ],
    ids=["empty", "binary", "cut-mid-character", "cut-mid-row"],
)
def test_unreadable_listings_raise_value_error(data):
    with pytest.raises(ValueError):
        list(read_bulk_csv(data))


def test_a_file_that_changes_encoding_after_the_sample_raises():
    header = ["목록키", "목록명", "제공기관코드"]
    head = csv_bytes([header, *[[str(i), "부산광역시_데이터", "6260000"] for i in range(20000)]], "utf-8")
    tail = csv_bytes([["99", "부산광역시_데이터", "6260000"]], "cp949")
    with pytest.raises(UnicodeDecodeError):
        list(read_bulk_csv(head + tail))


def test_filtering_needs_the_agency_column():
    with pytest.raises(ValueError, match="제공기관코드"):
        list(read_bulk_csv(csv_bytes([["목록키", "목록명"], ["1", "가"]]), org_codes=["6260000"]))


# ---------------------------------------------------------------- mapping the rows
@pytest.mark.parametrize("encoding", ENCODINGS)
def test_every_row_maps_to_a_valid_dataset(records, encoding):
    for row in read_bulk_csv(bulk_csv_bytes(records, encoding=encoding)):
        result = map_bulk_row(row)
        assert_schema_valid(result.dataset)
        assert result.guid == f"datagokr:{row['목록키']}"
        assert result.dataset["dept_phone"].startswith("051-")
        formats = row["확장자(데이터포맷)"].split("+")
        assert [r["format"] for r in result.dataset["resources"]] == formats
        assert {r["url"] for r in result.dataset["resources"]} == {row["목록 URL"]}


def test_a_bulk_row_maps_like_its_api_record(records, lists):
    rows = {row["목록키"]: row for row in read_bulk_csv(bulk_csv_bytes(records))}
    assert set(rows) == {lst["list_id"] for lst in lists}
    for lst in lists:
        api = map_catalog_record(lst)
        bulk = map_bulk_row(rows[lst["list_id"]])
        assert bulk.guid == api.guid and bulk.agency == api.agency
        for key in ("title", "notes", "category", "dept_name", "dept_phone", "update_cycle", "license_id",
                    "provision_type", "spatial_districts", "tags", "next_registration_date", "version"):  # fmt: skip
            assert bulk.dataset.get(key) == api.dataset.get(key), (key, lst["list_id"])


def test_a_file_row():
    row = {
        "목록키": "15012345",
        "목록유형": "파일데이터",
        "목록명": "부산광역시_공영주차장 정보",
        "파일데이터명": "부산광역시_공영주차장 정보_20240510",
        "분류체계": "공공행정 - 법제",
        "제공기관코드": "3330000",
        "제공기관": "부산광역시 해운대구",
        "관리 부서명": "교통행정과",
        "관리부서 전화번호": "`0517494321",
        "업데이트 주기": "분기",
        "차기 등록 예정일": "2022.03.31",
        "확장자(데이터포맷)": "CSV",
        "키워드": "주차장, 공영주차장 ,주차장",
        "수정일": "2024-05-10",
        "설명": "해운대구 공영주차장",
        "시간범위": "2020-01-01~2024-03-31",
        "비용부과유무": "무료",
        "이용허락범위": "공공저작물_출처표시 + 상업적 이용금지",
        "목록 URL": "https://www.data.go.kr/data/15012345/fileData.do",
        "국가중점여부": "N",
        "표준데이터여부": "N",
    }
    result = map_bulk_row(row)
    ds = result.dataset
    assert result.agency.name == "부산광역시 해운대구" and result.source_modified == "2024-05-10"
    assert (ds["category"], ds["brm_category"]) == ("public-administration", "공공행정 - 법제")
    assert ds["dept_phone"] == "051-749-4321"
    assert (ds["update_cycle"], ds["next_registration_date"]) == ("quarterly", "2022-03-31")  # overdue, kept
    assert ds["spatial_districts"] == ["2635000000"]
    assert [t["name"] for t in ds["tags"]] == ["주차장", "공영주차장"]
    assert (ds["temporal_start"], ds["temporal_end"]) == ("2020-01-01", "2024-03-31")
    assert (ds["license_id"], ds["is_charged"]) == ("kogl-type2", "N")
    assert ds["resources"] == [
        {
            "name": "부산광역시_공영주차장 정보_20240510",
            "url": "https://www.data.go.kr/data/15012345/fileData.do",
            "format": "CSV",
            "description": "공공데이터포털 파일데이터 (CSV)",
        }
    ]
    assert result.warnings == ()


def test_an_api_row_in_json_and_xml():
    row = {
        "목록키": "15054321",
        "목록유형": "오픈API",
        "목록명": "부산교통공사_도시철도 운행정보",
        "분류체계": "교통물류 - 철도",
        "제공기관코드": "B551542",
        "제공기관": "부산교통공사",
        "관리 부서명": "영업처",
        "관리부서 전화번호": "`0516400000",
        "업데이트 주기": "-",
        "확장자(데이터포맷)": "JSON+XML",
        "설명": "도시철도 운행정보",
        "API 유형": "REST",
        "이용허락범위": "이용허락범위 제한 없음",
        "목록 URL": "https://www.data.go.kr/data/15054321/openapi.do",
    }
    ds = map_bulk_row(row).dataset
    assert (ds["provision_type"], ds["update_cycle"], ds["license_id"]) == ("open-api", "irregular", "unrestricted")
    assert [(r["name"], r["format"], r["url"]) for r in ds["resources"]] == [
        ("부산교통공사_도시철도 운행정보 (JSON)", "JSON", "https://www.data.go.kr/data/15054321/openapi.do"),
        ("부산교통공사_도시철도 운행정보 (XML)", "XML", "https://www.data.go.kr/data/15054321/openapi.do"),
    ]
