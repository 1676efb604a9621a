"""District codes to geometry (pure functions) and the boundary data the portal ships."""

from __future__ import annotations

import csv
import json

import pytest
from shapely.geometry import Point

from ckanext.busan.maps import geometry

pytestmark = pytest.mark.pure

DISTRICTS_CSV = geometry.BOUNDARIES.parents[3] / "dataset" / "codelists" / "districts.csv"
HAEUNDAE = "2635000000"
GANGSEO = "2644000000"


def test_boundaries_cover_every_district_of_the_code_list_with_its_names():
    collection = json.loads(geometry.BOUNDARIES.read_text(encoding="utf-8"))
    with DISTRICTS_CSV.open(encoding="utf-8") as f:
        rows = {r["legal_dong_code"]: r for r in csv.DictReader(f) if r["legal_dong_code"] != geometry.WHOLE_CITY}
    props = {f["properties"]["code"]: f["properties"] for f in collection["features"]}
    assert set(props) == set(rows) and len(props) == 16
    for code, p in props.items():
        assert (p["ko"], p["en"], p["sigungu_code"]) == (rows[code]["ko"], rows[code]["en"], code[:5])
    assert "국토지리정보원" in collection["metadata"]["attribution"]
    assert "2023-09-15" in collection["metadata"]["attribution"]
    assert geometry.BOUNDARIES.stat().st_size < 300_000


def test_landmarks_fall_in_their_district():
    shapes = geometry.boundaries()
    assert shapes[HAEUNDAE].contains(Point(129.1604, 35.1587))  # 해운대해수욕장
    assert shapes["2611000000"].contains(Point(129.0324, 35.1007))  # 용두산공원 (중구)
    assert not shapes[HAEUNDAE].contains(Point(129.0324, 35.1007))


def test_whole_city_is_the_union_of_all_districts_within_busans_extent():
    whole = geometry.districts_geometry([geometry.WHOLE_CITY], geometry.boundaries())
    (south, west), (north, east) = geometry.BUSAN_EXTENT
    minx, miny, maxx, maxy = whole.bounds
    # The published extent and the polygons agree to a few hundred metres.
    assert abs(minx - west) < 0.01 and abs(maxx - east) < 0.01
    assert abs(miny - south) < 0.01 and abs(maxy - north) < 0.01


def test_bbox_of_several_districts_spans_them():
    shapes = geometry.boundaries()
    bbox = geometry.bbox_fields(geometry.districts_geometry([HAEUNDAE, GANGSEO], shapes))
    assert bbox["minx"] == pytest.approx(shapes[GANGSEO].bounds[0])
    assert bbox["maxx"] == pytest.approx(shapes[HAEUNDAE].bounds[2])
    assert bbox["miny"] < bbox["maxy"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (["2635000000"], ["2635000000"]),
        ('["2635000000", "2644000000"]', ["2635000000", "2644000000"]),
        ("2635000000", ["2635000000"]),
        ("", []),
        (None, []),
        (42, []),
        ([None, " 2635000000 ", ""], ["2635000000"]),
    ],
)
def test_district_codes_read_stored_and_validated_forms(value, expected):
    assert geometry.district_codes(value) == expected


def test_unknown_or_no_districts_give_no_extent():
    shapes = geometry.boundaries()
    assert geometry.districts_geometry(["9999999999"], shapes) is None
    assert geometry.bbox_fields(geometry.districts_geometry([], shapes)) == {}
    assert geometry.display_geojson(None) is None


def test_display_geojson_is_compact_and_parsable():
    text = geometry.display_geojson(geometry.districts_geometry([geometry.WHOLE_CITY], geometry.boundaries()))
    assert json.loads(text)["type"] in ("Polygon", "MultiPolygon")
    assert len(text) < 40_000
