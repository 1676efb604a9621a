"""Pure field rules of the Busan dataset schema (no CKAN, no services)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from ckanext.busan.dataset import codelists, rules
from ckanext.busan.dataset.encoding import detect_encoding
from ckanext.busan.dataset.slug import slug_from_title, unique_name

pytestmark = pytest.mark.pure


@pytest.mark.parametrize(
    ("raw", "stored"),
    [
        ("051-888-1234", "051-888-1234"),
        ("0518881234", "051-888-1234"),
        ("`0518881234", "051-888-1234"),  # data.go.kr CSV quirk
        ("(051) 888-1234", "051-888-1234"),
        ("051.888.1234", "051-888-1234"),
        ("02-123-4567", "02-123-4567"),
        ("010-1234-5678", "010-1234-5678"),
        ("+82 51 888 1234", "051-888-1234"),
        ("1588-1234", "1588-1234"),
        ("070 1234 5678", "070-1234-5678"),
    ],
)
def test_phone_numbers_are_normalised(raw, stored):
    assert rules.normalise_phone(raw) == stored


@pytest.mark.parametrize("raw", ["12345", "051-88-12", "phone", "099-123-4567", "051-888-12345", "010 1234 567a"])
def test_bad_phone_numbers_are_refused(raw):
    with pytest.raises(rules.RuleError, match="Korean phone number"):
        rules.normalise_phone(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "2025-07-01",
        "20250701",
        "2025.07.01",
        "2025.7.1.",
        "2025/07/01",
        "2025년 7월 1일",
        "２０２５－０７－０１",
        "2025-07-01T09:30:00",
        "2025-07-01 09:30:00+09:00",
    ],
)
def test_dates_accept_korean_styles(raw):
    assert rules.parse_date(raw) == dt.date(2025, 7, 1)


@pytest.mark.parametrize(
    "raw",
    ["2025-13-40", "2025-02-30", "2025-01-01junk", "2025111", "25-07-01", "2025-07", "", "٢٠٢٥-٠٧-٠١", "2025.07-01"],
)
def test_dates_that_are_not_real_calendar_dates_are_refused(raw):
    with pytest.raises(rules.RuleError, match="YYYY-MM-DD"):
        rules.parse_date(raw)


def test_time_range_order():
    rules.check_period("2025-01-01", "2025-12-31")
    rules.check_period("2025-01-01", None)
    with pytest.raises(rules.RuleError, match="end of the time range"):
        rules.check_period("2025-12-31", "2025-01-01")


def test_periodic_cycle_needs_a_next_date_but_a_past_one_is_allowed():
    rules.check_next_registration("irregular", None)
    rules.check_next_registration("monthly", "2026-02-10")
    rules.check_next_registration("annual", "2000-12-31")  # overdue is a state, not an error
    with pytest.raises(rules.RuleError, match="needs the next registration date"):
        rules.check_next_registration("monthly", None)


def test_overdue_is_judged_against_today():
    today = dt.date(2026, 1, 10)
    assert rules.is_overdue("2026-01-09", today)
    assert not rules.is_overdue("2026-01-10", today)
    assert not rules.is_overdue(None, today) and not rules.is_overdue("not a date", today)


def test_phone_numbers_take_full_width_digits_but_no_other_scripts():
    assert rules.normalise_phone("０５１－８８８－１２３４") == "051-888-1234"
    for raw in ("٠٥١-٨٨٨-١٢٣٤", "051-888-1234\x00", "051\u00a0888\u00a01234x"):
        with pytest.raises(rules.RuleError):
            rules.normalise_phone(raw)


def test_periodic_cycles_come_from_the_code_list():
    assert codelists.periodic_cycles() == {"daily", "weekly", "monthly", "quarterly", "semiannual", "annual"}


def test_bbox_inside_busan_becomes_a_polygon():
    geom = rules.parse_geometry("129.15,35.15,129.17,35.17")
    assert geom["type"] == "Polygon"
    xs = [pt[0] for pt in geom["coordinates"][0]]
    assert min(xs) == 129.15 and max(xs) == 129.17


def test_geojson_inside_busan_is_accepted():
    point = json.dumps({"type": "Point", "coordinates": [129.16, 35.16]})
    assert rules.parse_geometry(point)["type"] == "Point"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("126.97,37.56,126.99,37.58", "within Busan"),  # Seoul
        (json.dumps({"type": "Point", "coordinates": [35.16, 129.16]}), "within Busan"),  # lat/lon swapped
        ("129.2,35.2,129.1,35.1", "four numbers"),
        ("129.1,35.1", "four numbers"),
        ('{"type": "Polygon", "coordinates": "x"}', "not valid GeoJSON"),
        ("nan,nan,nan,nan", "four numbers"),
        ("129.1,35.1,inf,35.2", "four numbers"),
        ('{"type": "LineString", "coordinates": [[129.1, 35.1]]}', "not valid GeoJSON"),
        ('{"type": "Point", "coordinates": [NaN, 35.1]}', "not valid GeoJSON"),
        ('{"type": "Point", "coordinates": [true, 35.1]}', "not valid GeoJSON"),
        ('{"type": "Polygon", "coordinates": [[[129.1, 35.1], [129.2, 35.1]]]}', "not valid GeoJSON"),
        ('{"type": "GeometryCollection", "geometries": []}', "not valid GeoJSON"),
        ("[1, 2]", "four numbers"),
        ('{"type": "Point"}', "not valid GeoJSON"),
    ],
)
def test_geometry_outside_busan_or_malformed_is_refused(value, message):
    with pytest.raises(rules.RuleError, match=message):
        rules.parse_geometry(value)


def test_licences_are_kogl_types_and_unrestricted():
    assert codelists.license_ids() == {"kogl-type1", "kogl-type2", "kogl-type3", "kogl-type4", "unrestricted"}
    open_ids = {lic["id"] for lic in codelists.licenses() if lic["od_conformance"] == "approved"}
    assert open_ids == {"kogl-type1", "unrestricted"}  # only type 1 is open by the Open Definition
    with pytest.raises(rules.RuleError, match="Unknown licence"):
        rules.check_license("cc-by")


def test_code_lists_have_sixteen_categories_and_sixteen_districts():
    assert len(codelists.codelist("categories")) == 16
    districts = codelists.codelist("districts")
    assert len(districts) == 17 and districts[0].ko == "부산광역시 전체"
    assert codelists.lookup("districts", "2635000000").ko == "해운대구"


def test_length_limit():
    rules.check_length("가" * 200, 200)
    with pytest.raises(rules.RuleError, match="at most 200"):
        rules.check_length("가" * 201, 200)


def test_agency_codes():
    assert rules.check_agency_code("6260000", "행정기관코드") == "6260000"
    assert rules.check_agency_code("B551542", "data.go.kr 제공기관코드") == "B551542"
    for bad, system in (("626000", "행정기관코드"), ("62600000", None), ("5515420", "data.go.kr 제공기관코드")):
        with pytest.raises(rules.RuleError):
            rules.check_agency_code(bad, system)


def test_korean_titles_make_readable_names():
    assert slug_from_title("해운대해수욕장 방문객 통계") == "haeundaehaesuyokjang-bangmungaek-tonggye"
    assert slug_from_title("2025년 부산 BUS 노선") == "2025nyeon-busan-bus-noseon"
    assert slug_from_title("!!!") == ""
    assert len(slug_from_title("가" * 300)) <= 96


def test_unique_name_appends_a_number():
    taken = {"haeundae", "haeundae-2"}
    assert unique_name("haeundae", taken.__contains__) == "haeundae-3"
    assert unique_name("", taken.__contains__) == "dataset"


def test_encoding_detection():
    text = "구분,방문객수\n해운대,12345\n"
    assert detect_encoding(text.encode("utf-8")) == "UTF-8"
    assert detect_encoding(b"\xef\xbb\xbf" + text.encode("utf-8")) == "UTF-8"
    assert detect_encoding(text.encode("cp949")) == "CP949"
    assert detect_encoding("똠방각하,펲시콜라\n".encode("cp949")) == "CP949"  # CP949-only syllables
    assert detect_encoding(b"") is None
    assert detect_encoding(b"\x89PNG\r\n\x1a\n\x00\x00") is None
