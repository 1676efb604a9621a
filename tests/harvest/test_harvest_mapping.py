"""data.go.kr records to Busan datasets: the pure mapping of ckanext/busan/harvesters/mapping.py."""

from __future__ import annotations

import json
import math
import unicodedata
from pathlib import Path

import pytest
from pyproj import Transformer

from ckanext.busan.dataset import codelists, rules
from ckanext.busan.harvesters import mapping
from ckanext.busan.harvesters.mapping import (
    Agency,
    MappingError,
    agency_of,
    detect_crs,
    group_by_list,
    map_bulk_row,
    map_catalog_record,
    to_wgs84,
    wanted_agency_codes,
)

from .fake_datagokr import make_records

pytestmark = pytest.mark.pure

ROOT = Path(__file__).resolve().parents[2]
CITY_HALL = (129.0756, 35.1798)  # 부산광역시청, WGS84 (lon, lat)
SCHEMA_KEYS = {
    "title", "notes", "tags", "category", "brm_category", "dept_name", "dept_phone", "contact_email",
    "legal_basis", "collection_method", "update_cycle", "next_registration_date", "spatial_districts", "spatial",
    "temporal_start", "temporal_end", "license_id", "provision_type", "is_charged", "is_core_data", "is_std_data",
    "cost_basis", "data_limitations", "other_notes", "source_url", "version", "resources",
}  # fmt: skip


def file_record(**overrides) -> dict:
    record = {
        "id": "uddi:0f0c3c4e-1111-4a2b-9c3d-000000000001",
        "list_id": "15012345",
        "list_title": "부산광역시_공영주차장 정보",
        "title": "부산광역시_공영주차장 정보",
        "list_type": "파일데이터",
        "desc": "부산광역시 공영주차장의 위치와 주차면수",
        "keywords": "주차장,공영주차장",
        "new_category_cd": "OC0011",
        "new_category_nm": "교통물류",
        "category_nm": "교통및물류 > 도로",
        "org_cd": "6260000",
        "org_nm": "부산광역시",
        "dept_nm": "주차관리과",
        "dept_tel": "051-888-1234",
        "update_cycle": "연간",
        "next_registration_date": "2026-12-31",
        "ext": "CSV",
        "created_at": "2019-03-01",
        "updated_at": "2024-05-10 10:20:30",
        "license": "공공저작물_출처표시",
        "is_charged": "N",
        "is_core_data": "N",
        "is_std_data": "N",
        "meta_url": "https://www.data.go.kr/data/15012345/fileData.do",
    }
    record.update(overrides)
    return {k: v for k, v in record.items() if v is not ...}


def api_entry(op: int = 1, **overrides) -> dict:
    entry = file_record(
        id=f"uddi:0f0c3c4e-2222-4a2b-9c3d-00000000000{op}",
        list_id="15054321",
        list_title="부산광역시_버스정보 서비스",
        title=f"부산광역시_버스정보 조회 {op}",
        list_type="오픈API",
        api_type="REST",
        data_format="JSON+XML",
        end_point_url=f"https://apis.data.go.kr/6260000/BusanBIMS/op{op}",
        guide_url="https://www.data.go.kr/data/15054321/openapi.do",
        meta_url="https://www.data.go.kr/data/15054321/openapi.do",
        update_cycle="실시간",
        next_registration_date=...,
        ext=...,
    )
    entry.update(overrides)
    return entry


def warned(result, field: str) -> list:
    return [w for w in result.warnings if w.field == field]


def assert_schema_valid(dataset: dict) -> None:
    """What the Busan schema's validators would check, with the pure rules they use."""
    assert set(dataset) <= SCHEMA_KEYS, set(dataset) - SCHEMA_KEYS
    assert not {"owner_org", "name", "id"} & set(dataset)
    for key, value in dataset.items():
        assert value not in (None, ""), key
        if isinstance(value, str):
            assert value == unicodedata.normalize("NFC", value), key
    for key in ("title", "notes", "category", "dept_name", "dept_phone", "update_cycle", "spatial_districts"):
        assert dataset.get(key), key
    rules.check_length(dataset["title"], 200)
    rules.check_length(dataset["dept_name"], 100)
    assert rules.normalise_phone(dataset["dept_phone"]) == dataset["dept_phone"]
    assert dataset["category"] in codelists.values("categories")
    assert dataset["update_cycle"] in codelists.values("update_cycles")
    rules.check_next_registration(dataset["update_cycle"], dataset.get("next_registration_date"))
    assert set(dataset["spatial_districts"]) <= codelists.values("districts")
    for key in ("next_registration_date", "temporal_start", "temporal_end", "version"):
        if key in dataset:
            assert rules.parse_date(dataset[key]).isoformat() == dataset[key]
    rules.check_period(dataset.get("temporal_start"), dataset.get("temporal_end"))
    if "spatial" in dataset:
        rules.parse_geometry(dataset["spatial"])
    if "license_id" in dataset:
        rules.check_license(dataset["license_id"])
    assert dataset.get("provision_type", "file") in codelists.values("provision_types")
    for key in ("is_charged", "is_core_data", "is_std_data"):
        assert dataset.get(key, "N") in ("Y", "N")
    rules.check_resource_url(dataset["source_url"])
    for tag in dataset.get("tags", []):
        assert set(tag) == {"name"} and 2 <= len(tag["name"]) <= 100
        assert all(c.isalnum() or c in " -_." for c in tag["name"]), tag
    for resource in dataset["resources"]:
        assert {"name", "url", "description"} <= set(resource) <= {"name", "url", "format", "description"}
        rules.check_resource_url(resource["url"])
        rules.check_length(resource["name"], 200)


# ---------------------------------------------------------------- the whole record
def test_a_file_record_maps_to_a_valid_busan_dataset():
    result = map_catalog_record(file_record())
    assert result.guid == "datagokr:15012345"
    assert result.agency == Agency("6260000", "행정기관코드", "부산광역시")
    assert result.source_modified == "2024-05-10T10:20:30"
    assert result.warnings == ()
    ds = result.dataset
    assert_schema_valid(ds)
    assert ds["title"] == "부산광역시_공영주차장 정보"  # {기관명}_{데이터명} kept
    assert ds["category"] == "transport-logistics" and ds["brm_category"] == "교통및물류 > 도로"
    assert ds["dept_phone"] == "051-888-1234"
    assert ds["update_cycle"] == "annual" and ds["next_registration_date"] == "2026-12-31"
    assert ds["spatial_districts"] == ["2600000000"]
    assert ds["license_id"] == "kogl-type1"
    assert ds["provision_type"] == "file"
    assert ds["source_url"] == "https://www.data.go.kr/data/15012345/fileData.do"
    assert ds["resources"] == [
        {
            "name": "부산광역시_공영주차장 정보",
            "url": "https://www.data.go.kr/data/15012345/fileData.do",
            "format": "CSV",
            "description": "공공데이터포털 파일데이터 (CSV)",
        }
    ]


def test_every_generated_record_maps_and_validates():
    lists = group_by_list(make_records(300, seed=7))
    for lst in lists:
        result = map_catalog_record(lst)
        assert_schema_valid(result.dataset)
        assert result.guid == f"datagokr:{lst['list_id']}"


def test_optional_fields_without_value_are_left_out():
    ds = map_catalog_record(file_record(license="", is_charged=None, keywords=" , ", ownership_grounds="-")).dataset
    assert not {"license_id", "is_charged", "tags", "legal_basis", "contact_email", "spatial", "version"} & set(ds)


def test_strings_are_stored_in_nfc():
    decomposed = unicodedata.normalize("NFD", "해운대 해수욕장 방문객")
    ds = map_catalog_record(file_record(list_title=decomposed, desc=decomposed, dept_nm=decomposed)).dataset
    assert ds["title"] == ds["notes"] == ds["dept_name"] == "해운대 해수욕장 방문객"


# ---------------------------------------------------------------- categories
@pytest.mark.parametrize(
    ("new", "brm", "category", "brm_category"),
    [
        ("교통물류", "교통및물류 > 철도", "transport-logistics", "교통및물류 > 철도"),
        ("공공행정 - 법제", None, "public-administration", "공공행정 - 법제"),
        ("환경기상", "환경 - 대기", "environment-weather", "환경 - 대기"),
        ("재난안전", None, "disaster-safety", None),
        ("통일외교안보", "통일·외교 > 외교", "unification-diplomacy-security", "통일·외교 > 외교"),
    ],
)
def test_korean_categories_map_to_category_ids_and_keep_the_brm(new, brm, category, brm_category):
    result = map_catalog_record(file_record(new_category_nm=new, category_nm=brm))
    assert result.dataset["category"] == category
    assert result.dataset.get("brm_category") == brm_category
    assert warned(result, "category") == []


def test_a_brm_classification_alone_gives_the_category_with_a_warning():
    result = map_catalog_record(file_record(new_category_nm=None, category_nm="문화체육관광 > 관광"))
    assert result.dataset["category"] == "culture-tourism"
    assert result.dataset["brm_category"] == "문화체육관광 > 관광"
    assert warned(result, "category")


def test_an_unknown_category_fails_the_record_naming_field_and_value():
    with pytest.raises(MappingError) as e:
        map_catalog_record(file_record(new_category_nm="우주항공", category_nm=None))
    assert e.value.field == "category" and e.value.value == "우주항공"
    assert "category" in str(e.value) and "우주항공" in str(e.value)


def test_a_missing_category_fails_the_record():
    with pytest.raises(MappingError) as e:
        map_catalog_record(file_record(new_category_nm=None, category_nm=None))
    assert e.value.field == "category"


# ---------------------------------------------------------------- licences
@pytest.mark.parametrize(
    ("text", "licence"),
    [
        ("이용허락범위 제한 없음", "unrestricted"),
        ("공공저작물_출처표시", "kogl-type1"),
        ("공공저작물_출처표시 + 상업적 이용금지", "kogl-type2"),
        ("공공저작물_출처표시 + 변경금지", "kogl-type3"),
        ("공공저작물_출처표시 + 상업적 이용금지 + 변경금지", "kogl-type4"),
        ("공공저작물_출처표시+변경금지+상업적이용금지", "kogl-type4"),  # other order, no spaces
        ("공공누리 제2유형", "kogl-type2"),
        ("CC BY", "kogl-type1"),
        ("CC BY 4.0", "kogl-type1"),
        ("CC BY-NC-ND", "kogl-type4"),
        ("cc by-nd", "kogl-type3"),
    ],
)
def test_licence_strings_map_to_kogl_ids(text, licence):
    result = map_catalog_record(file_record(license=text))
    assert result.dataset["license_id"] == licence
    assert licence in codelists.license_ids()


def test_the_licence_table_is_a_code_list_of_known_licences():
    table = codelists.codelist("datagokr_licences")
    assert {c.get("license_id") for c in table} <= codelists.license_ids()
    for lic in codelists.licenses():  # every data.go.kr string of licenses.json is in the table
        assert mapping.map_licence(lic["data_go_kr"]) == lic["id"]


def test_an_unknown_licence_is_left_out_with_a_warning():
    result = map_catalog_record(file_record(license="CC BY-SA"))
    assert "license_id" not in result.dataset
    assert [w.value for w in warned(result, "license_id")] == ["CC BY-SA"]


# ---------------------------------------------------------------- update cycle and next date
@pytest.mark.parametrize(
    ("text", "cycle"),
    [
        ("수시", "irregular-frequent"),
        ("일간", "daily"),
        ("주간", "weekly"),
        ("월간", "monthly"),
        ("분기", "quarterly"),
        ("반기", "semiannual"),
        ("연간", "annual"),
        ("비정기", "irregular"),
        ("-", "irregular"),
        ("", "irregular"),
        (None, "irregular"),
        ("Monthly", "monthly"),
        ("Yearly", "annual"),
        ("실시간", "irregular-frequent"),
    ],
)
def test_update_cycles_map_to_code_list_ids(text, cycle):
    result = map_catalog_record(file_record(update_cycle=text, next_registration_date="2026-01-31"))
    assert result.dataset["update_cycle"] == cycle
    assert warned(result, "update_cycle") == []


def test_an_unknown_cycle_is_imported_as_irregular_with_a_warning():
    result = map_catalog_record(file_record(update_cycle="격주"))
    assert result.dataset["update_cycle"] == "irregular"
    assert [w.value for w in warned(result, "update_cycle")] == ["격주"]


def test_an_overdue_next_registration_date_is_imported_as_it_is():
    result = map_catalog_record(file_record(update_cycle="월간", next_registration_date="2021.03.31"))
    assert result.dataset["update_cycle"] == "monthly"
    assert result.dataset["next_registration_date"] == "2021-03-31"
    assert result.warnings == ()
    assert rules.is_overdue(result.dataset["next_registration_date"], today=rules.parse_date("2025-01-01"))


@pytest.mark.parametrize("text", ["2023-05-10", "20230510", "2023.05.10", "2023-05-10 10:20:30", "2023/5/10"])
def test_dates_in_every_format_seen(text):
    result = map_catalog_record(file_record(next_registration_date=text, created_at=text, updated_at=text))
    assert result.dataset["next_registration_date"] == "2023-05-10"
    assert result.source_modified.startswith("2023-05-10")


def test_an_unreadable_date_of_a_periodic_cycle_is_dropped_and_the_cycle_downgraded():
    result = map_catalog_record(file_record(update_cycle="분기", next_registration_date="2023-13-45"))
    assert "next_registration_date" not in result.dataset
    assert result.dataset["update_cycle"] == "irregular"
    assert [w.value for w in warned(result, "next_registration_date")] == ["2023-13-45"]
    assert [w.value for w in warned(result, "update_cycle")] == ["분기"]


def test_an_unreadable_date_of_a_non_periodic_cycle_is_dropped_only():
    result = map_catalog_record(file_record(update_cycle="수시", next_registration_date="곧"))
    assert result.dataset["update_cycle"] == "irregular-frequent"
    assert "next_registration_date" not in result.dataset
    assert warned(result, "next_registration_date") and not warned(result, "update_cycle")


def test_a_periodic_cycle_without_a_date_is_downgraded_with_a_warning():
    result = map_catalog_record(file_record(update_cycle="연간", next_registration_date="-"))
    assert result.dataset["update_cycle"] == "irregular"
    assert warned(result, "update_cycle") and not warned(result, "next_registration_date")


# ---------------------------------------------------------------- formats and resources
def test_an_api_in_json_and_xml_gets_one_resource_per_format():
    result = map_catalog_record(api_entry())
    ds = result.dataset
    assert ds["provision_type"] == "open-api"
    assert ds["source_url"] == "https://www.data.go.kr/data/15054321/openapi.do"
    assert [(r["name"], r["format"], r["url"]) for r in ds["resources"]] == [
        ("부산광역시_버스정보 조회 1 (JSON)", "JSON", "https://apis.data.go.kr/6260000/BusanBIMS/op1"),
        ("부산광역시_버스정보 조회 1 (XML)", "XML", "https://apis.data.go.kr/6260000/BusanBIMS/op1"),
    ]
    assert_schema_valid(ds)


def test_an_api_without_endpoint_links_its_guide():
    ds = map_catalog_record(api_entry(end_point_url="", data_format="XML")).dataset
    assert [(r["format"], r["url"]) for r in ds["resources"]] == [
        ("XML", "https://www.data.go.kr/data/15054321/openapi.do")
    ]


def test_a_file_entry_links_its_download_url_when_it_has_one():
    ds = map_catalog_record(file_record(download_url="https://www.data.go.kr/cmm/cmm/fileDownload.do?x=1")).dataset
    assert ds["resources"][0]["url"] == "https://www.data.go.kr/cmm/cmm/fileDownload.do?x=1"


def test_an_unusable_link_falls_back_to_the_list_page_with_a_warning():
    result = map_catalog_record(api_entry(end_point_url="javascript:alert(1)"))
    assert {r["url"] for r in result.dataset["resources"]} == {"https://www.data.go.kr/data/15054321/openapi.do"}
    assert warned(result, "resources")


def test_entries_of_one_list_are_grouped_into_one_dataset():
    entries = [api_entry(1), api_entry(2, data_format="XML"), file_record(), api_entry(1), api_entry(3)]
    lists = group_by_list(entries)
    assert [lst["list_id"] for lst in lists] == ["15054321", "15012345"]
    assert [e["id"][-1] for e in lists[0]["resources"]] == ["1", "2", "3"]  # duplicate of op 1 removed
    assert group_by_list(lists) == lists  # grouping again changes nothing
    ds = map_catalog_record(lists[0]).dataset
    assert [r["name"] for r in ds["resources"]] == [
        "부산광역시_버스정보 조회 1 (JSON)",
        "부산광역시_버스정보 조회 1 (XML)",
        "부산광역시_버스정보 조회 2 (XML)",
        "부산광역시_버스정보 조회 3 (JSON)",
        "부산광역시_버스정보 조회 3 (XML)",
    ]
    assert ds["title"] == "부산광역시_버스정보 서비스"


def test_the_latest_change_of_any_entry_is_the_source_modified():
    lists = group_by_list([api_entry(1, updated_at="2023-01-01"), api_entry(2, updated_at="2024-02-03 04:05:06")])
    assert map_catalog_record(lists[0]).source_modified == "2024-02-03T04:05:06"


def test_withdrawn_entries_get_no_resource():
    lists = group_by_list([api_entry(1), api_entry(2, is_deleted="Y")])
    assert {r["url"][-3:] for r in map_catalog_record(lists[0]).dataset["resources"]} == {"op1"}
    assert not mapping.is_withdrawn(lists[0])
    assert mapping.is_withdrawn(file_record(is_list_deleted="Y"))


# ---------------------------------------------------------------- keywords, phones, titles
def test_keywords_become_clean_unique_tags():
    long_word = "가" * 130
    result = map_catalog_record(
        file_record(keywords=f" 주차장 ,공영주차장,주차장, #부산여행, PM2.5, 요금(원), 물, {long_word},Parking,parking")
    )
    names = [t["name"] for t in result.dataset["tags"]]
    assert names == ["주차장", "공영주차장", "부산여행", "PM2.5", "요금원", "가" * 100, "Parking"]
    assert [w.value for w in warned(result, "tags")] == ["물"]


@pytest.mark.parametrize("raw", ["`0518881234", "051-888-1234", "(051) 888-1234", "`051-888-1234"])
def test_phones_are_normalised(raw):
    assert map_catalog_record(file_record(dept_tel=raw)).dataset["dept_phone"] == "051-888-1234"


def test_an_unusable_default_phone_fails_the_record():
    with pytest.raises(MappingError) as e:
        map_catalog_record(file_record(dept_tel="내선 1234"), default_phone="120")
    assert (e.value.field, e.value.value) == ("dept_phone", "120")


def test_an_unusable_phone_takes_a_valid_default_with_a_warning():
    result = map_catalog_record(file_record(dept_tel="내선 1234"), default_phone="`0518880000")
    assert result.dataset["dept_phone"] == "051-888-0000"
    assert [w.value for w in warned(result, "dept_phone")] == ["내선 1234"]


def test_an_unusable_phone_without_default_fails_the_record():
    with pytest.raises(MappingError) as e:
        map_catalog_record(file_record(dept_tel="내선 1234"))
    assert e.value.field == "dept_phone" and e.value.value == "내선 1234"


def test_a_missing_phone_takes_the_default_or_fails():
    assert map_catalog_record(file_record(dept_tel=None), default_phone="051-888-0000").dataset["dept_phone"]
    with pytest.raises(MappingError) as e:
        map_catalog_record(file_record(dept_tel=None))
    assert e.value.field == "dept_phone"


def test_a_versioned_title_gives_the_version():
    ds = map_catalog_record(file_record(list_title="부산광역시_공영주차장 정보_20230510")).dataset
    assert ds["title"] == "부산광역시_공영주차장 정보"
    assert ds["version"] == "2023-05-10"


def test_a_title_ending_in_a_number_that_is_no_date_is_kept():
    ds = map_catalog_record(file_record(list_title="부산광역시_주차장_20231399")).dataset
    assert ds["title"] == "부산광역시_주차장_20231399" and "version" not in ds


def test_a_missing_description_uses_the_title_with_a_warning():
    result = map_catalog_record(file_record(desc="  "))
    assert result.dataset["notes"] == result.dataset["title"]
    assert warned(result, "notes")


def test_a_missing_department_uses_the_agency_name_with_a_warning():
    result = map_catalog_record(file_record(dept_nm=None, org_cd="3330000", org_nm=None))
    assert result.dataset["dept_name"] == "부산광역시 해운대구"
    assert warned(result, "dept_name")


def test_a_missing_title_or_agency_fails_the_record():
    with pytest.raises(MappingError) as e:
        map_catalog_record(file_record(list_title=None, title=None))
    assert e.value.field == "title"
    with pytest.raises(MappingError) as e:
        map_catalog_record(file_record(org_cd=None, org_nm="어딘가"))
    assert e.value.field == "owner_org"


def test_unusable_optional_fields_are_warnings_not_failures():
    result = map_catalog_record(
        file_record(is_charged="아마도", contact_email="not-an-address", temporal_range="언젠가", x="abc", y="1")
    )
    fields = {w.field for w in result.warnings}
    assert {"is_charged", "contact_email", "temporal_start", "spatial"} <= fields
    assert not {"is_charged", "contact_email", "temporal_start", "temporal_end", "spatial"} & set(result.dataset)
    assert_schema_valid(result.dataset)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2020-01-01~2023-12-31", "2020-01-01", "2023-12-31"),
        ("2020.01.01 ~ 2023.06.30", "2020-01-01", "2023-06-30"),
        ("2019년~2021년", "2019-01-01", "2021-12-31"),
        ("2024-02 ~ 2024-02", "2024-02-01", "2024-02-29"),
        ("2022", "2022-01-01", "2022-12-31"),
    ],
)
def test_time_ranges(text, start, end):
    ds = map_catalog_record(file_record(temporal_range=text)).dataset
    assert (ds["temporal_start"], ds["temporal_end"]) == (start, end)


def test_a_time_range_ending_before_it_starts_is_left_out():
    result = map_catalog_record(file_record(temporal_range="2023-01-01~2020-01-01"))
    assert "temporal_start" not in result.dataset and warned(result, "temporal_end")


def test_flags_and_source_url():
    ds = map_catalog_record(
        file_record(is_charged="유료", cost_unit="건당 100원", is_core_data="Y", link_url="https://data.busan.go.kr/x")
    ).dataset
    assert (ds["is_charged"], ds["cost_basis"], ds["is_core_data"]) == ("Y", "건당 100원", "Y")
    assert ds["source_url"] == "https://data.busan.go.kr/x"
    no_urls = map_catalog_record(file_record(meta_url=None)).dataset
    assert no_urls["source_url"] == "https://www.data.go.kr/data/15012345/fileData.do"


def test_standard_data_is_marked_as_such():
    ds = map_catalog_record(file_record(list_type="표준데이터", is_std_data=None)).dataset
    assert (ds["provision_type"], ds["is_std_data"]) == ("standard-data", "Y")


# ---------------------------------------------------------------- agencies and districts
@pytest.mark.parametrize(
    ("code", "name", "expected"),
    [
        ("6260000", "부산광역시", Agency("6260000", "행정기관코드", "부산광역시")),
        (6260000, None, Agency("6260000", "행정기관코드", "부산광역시")),
        ("B551542", "부산교통공사", Agency("B551542", "data.go.kr 제공기관코드", "부산교통공사")),
        ("3330000", None, Agency("3330000", "행정기관코드", "부산광역시 해운대구")),
        (None, "부산광역시 기장군", Agency("3400000", "행정기관코드", "부산광역시 기장군")),
        (None, "중구", None),  # ambiguous without the city
        ("ABC", "어딘가", None),
        (None, None, None),
    ],
)
def test_agency_of(code, name, expected):
    assert agency_of(code, name) == expected


def test_a_district_agency_covers_its_district_and_others_the_city():
    district = map_catalog_record(file_record(org_cd="3330000", org_nm="부산광역시 해운대구"))
    assert district.dataset["spatial_districts"] == ["2635000000"]
    corporation = map_catalog_record(file_record(org_cd="B551542", org_nm="부산교통공사"))
    assert corporation.dataset["spatial_districts"] == ["2600000000"]
    assert corporation.agency.code_system == "data.go.kr 제공기관코드"


def test_wanted_agency_codes_are_those_of_the_seed_organisations():
    codes = wanted_agency_codes(ROOT / "config" / "seed" / "organizations.csv")
    assert {"6260000", "3330000", "3400000", "B551542"} <= codes
    assert len(codes) == 18 and "" not in codes


# ---------------------------------------------------------------- coordinates
def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    dlat = math.radians(b[1] - a[1])
    dlon = math.radians(b[0] - a[0]) * math.cos(math.radians((a[1] + b[1]) / 2))
    return 6371000 * math.hypot(dlat, dlon)


@pytest.mark.parametrize("epsg", [5174, 5179, 5186, 5187, 3857])
def test_projected_coordinates_are_detected_and_converted(epsg):
    x, y = Transformer.from_crs(4326, epsg, always_xy=True).transform(*CITY_HALL)
    assert detect_crs(x, y) == epsg
    lon, lat = to_wgs84(x, y, epsg)
    assert _metres((lon, lat), CITY_HALL) < 50
    result = map_catalog_record(file_record(x=f"{x:.3f}", y=str(y)))
    point = json.loads(result.dataset["spatial"])
    assert point["type"] == "Point"
    assert 128.7 <= point["coordinates"][0] <= 129.35 and 34.85 <= point["coordinates"][1] <= 35.45
    assert _metres(tuple(point["coordinates"]), CITY_HALL) < 50


@pytest.mark.parametrize(
    "corner", [(128.78, 34.89), (129.29, 35.38), (128.78, 35.38), (129.29, 34.89), (129.16, 35.16)]
)
def test_every_system_is_told_apart_across_busan(corner):
    for epsg in (5174, 5179, 5186, 5187, 3857):
        x, y = Transformer.from_crs(4326, epsg, always_xy=True).transform(*corner)
        assert detect_crs(x, y) == epsg
    assert detect_crs(*corner) == 4326


def test_wgs84_latitude_and_longitude_are_taken_as_they_are_even_swapped():
    ds = map_catalog_record(file_record(위도="35.1798", 경도="129.0756")).dataset
    assert json.loads(ds["spatial"])["coordinates"] == [129.0756, 35.1798]
    swapped = map_catalog_record(file_record(위도="129.0756", 경도="35.1798")).dataset
    assert json.loads(swapped["spatial"])["coordinates"] == [129.0756, 35.1798]


def test_a_declared_coordinate_system_is_used():
    x, y = Transformer.from_crs(4326, 5186, always_xy=True).transform(*CITY_HALL)
    ds = map_catalog_record(file_record(x=x, y=y, crs="EPSG:5186")).dataset
    assert _metres(tuple(json.loads(ds["spatial"])["coordinates"]), CITY_HALL) < 50


def test_a_point_outside_busan_is_left_out_with_a_warning():
    seoul = Transformer.from_crs(4326, 5186, always_xy=True).transform(126.978, 37.566)
    for fields in ({"위도": "37.566", "경도": "126.978"}, {"x": seoul[0], "y": seoul[1]}):
        result = map_catalog_record(file_record(**fields))
        assert "spatial" not in result.dataset
        assert warned(result, "spatial")
    assert detect_crs(*seoul) is None


# ---------------------------------------------------------------- change detection
def test_the_content_hash_is_stable_and_sensitive_to_every_mapped_change():
    base = map_catalog_record(file_record())
    assert map_catalog_record(file_record()).content_hash == base.content_hash
    # a change that maps to the same dataset keeps the hash (phone written differently)
    assert map_catalog_record(file_record(dept_tel="`0518881234")).content_hash == base.content_hash
    for change in (
        {"desc": "설명이 바뀜"},
        {"updated_at": "2024-05-11"},
        {"keywords": "주차장"},
        {"ext": "XLSX"},
        {"org_nm": "Busan"},
        {"next_registration_date": "2027-12-31"},
    ):
        assert map_catalog_record(file_record(**change)).content_hash != base.content_hash, change
    assert len(base.content_hash) == 64 and int(base.content_hash, 16) >= 0


def test_a_bulk_row_and_its_api_record_share_the_guid():
    row = {
        "목록키": "15012345",
        "목록유형": "파일데이터",
        "목록명": "부산광역시_공영주차장 정보",
        "분류체계": "교통물류 - 도로",
        "제공기관코드": "6260000",
        "제공기관": "부산광역시",
        "관리 부서명": "주차관리과",
        "관리부서 전화번호": "`0518881234",
        "업데이트 주기": "연간",
        "차기 등록 예정일": "2026-12-31",
        "확장자(데이터포맷)": "CSV",
        "설명": "설명",
        "목록 URL": "https://www.data.go.kr/data/15012345/fileData.do",
    }
    assert map_bulk_row(row).guid == map_catalog_record(file_record()).guid
