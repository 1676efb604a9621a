"""Datasets that name 구·군 but carry no geometry are found by the area search over their districts,
and the boundaries are served where the form's district widget fetches them."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from ckan.tests.helpers import call_action

from ..builders import valid_dataset

HAEUNDAE = "2635000000"
# Boxes as the search widget sends them (ext_bbox = west,south,east,north).
OVER_HAEUNDAE_BEACH = "129.150,35.150,129.170,35.170"
OVER_GANGSEO = "128.800,35.050,128.900,35.150"
OUT_AT_SEA = "129.500,34.500,129.600,34.600"


def area_search(bbox: str) -> set[str]:
    result = call_action("package_search", q="*:*", rows=100, extras={"ext_bbox": bbox})
    return {d["name"] for d in result["results"]}


@pytest.mark.usefixtures("clean_db", "clean_index")
class TestDistrictExtent:
    def test_districts_only_dataset_is_found_over_its_district_and_not_elsewhere(self):
        org = factories.Organization()
        factories.Dataset(name="haeundae-only", owner_org=org["id"], **valid_dataset(spatial_districts=[HAEUNDAE]))
        factories.Dataset(name="whole-city", owner_org=org["id"], **valid_dataset(spatial_districts=["2600000000"]))
        assert area_search(OVER_HAEUNDAE_BEACH) == {"haeundae-only", "whole-city"}
        assert area_search(OVER_GANGSEO) == {"whole-city"}
        assert area_search(OUT_AT_SEA) == set()
        # The stored dataset is unchanged: the extent is derived when it is indexed.
        assert not call_action("package_show", id="haeundae-only").get("spatial")

    def test_own_geometry_wins_over_the_districts(self):
        org = factories.Organization()
        factories.Dataset(
            name="gangseo-point-box",
            owner_org=org["id"],
            **valid_dataset(spatial_districts=[HAEUNDAE], spatial="128.85,35.10,128.86,35.11"),
        )
        assert area_search(OVER_GANGSEO) == {"gangseo-point-box"}
        assert area_search(OVER_HAEUNDAE_BEACH) == set()

    def test_search_page_filters_by_area(self, app):
        org = factories.Organization()
        factories.Dataset(
            name="haeundae-only",
            owner_org=org["id"],
            **valid_dataset(title="해운대 데이터", spatial_districts=[HAEUNDAE]),
        )
        found = app.get("/dataset/", query_string={"ext_bbox": OVER_HAEUNDAE_BEACH})
        assert "/dataset/haeundae-only" in found.body
        missed = app.get("/dataset/", query_string={"ext_bbox": OVER_GANGSEO})
        assert "/dataset/haeundae-only" not in missed.body


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_search_page_has_the_area_widget_opened_on_busan(app):
    soup = BeautifulSoup(app.get("/dataset/").body, "html.parser")
    widget = soup.select_one('[data-module="spatial-query"]')
    assert widget is not None
    (south, west), (north, east) = json.loads(widget["data-default_extent"])
    assert (south, west, north, east) == (34.8806, 128.7650, 35.3933, 129.3036)
    assert soup.select_one("#dataset-map .module-heading").get_text(strip=True)


@pytest.mark.usefixtures("clean_db")
def test_boundaries_are_served_for_the_form_widget(app):
    resp = app.get("/busan-map/districts.geojson")
    assert resp.status_code == 200
    collection = json.loads(resp.body)
    assert collection["type"] == "FeatureCollection"
    names = {f["properties"]["ko"] for f in collection["features"]}
    assert {"해운대구", "기장군", "강서구"} <= names and len(names) == 16
    assert set(collection["features"][0]["properties"]) == {"code", "sigungu_code", "ko", "en"}
