"""The publisher's dataset form: CKAN's own form (scheming) with the fields grouped in the
schema's sections, the date, district and extent widgets as a browser without JavaScript
receives them, and bad dates or extents outside Busan sent back as Korean field errors.
The widgets' JavaScript is exercised in tests/browser/test_publish_form.py."""

from __future__ import annotations

import json
import re

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories
from ckanext.scheming.helpers import scheming_get_dataset_schema
from werkzeug.datastructures import MultiDict

from ..builders import valid_dataset

KOREAN_LEGENDS = ["기본 정보", "관리 정보", "공간·시간 범위", "이용 조건", "출처·계보"]
ENGLISH_LEGENDS = [
    "Basic information",
    "Management",
    "Spatial and temporal coverage",
    "Terms of use",
    "Provenance and lineage",
]
HAEUNDAE, SUYEONG = "2635000000", "2650000000"
# Haeundae beach, as Leaflet.draw posts a rectangle
BEACH = {
    "type": "Polygon",
    "coordinates": [[[129.15, 35.155], [129.15, 35.165], [129.17, 35.165], [129.17, 35.155], [129.15, 35.155]]],
}
SEOUL = {
    "type": "Polygon",
    "coordinates": [[[126.95, 37.55], [126.95, 37.57], [126.99, 37.57], [126.99, 37.55], [126.95, 37.55]]],
}


@pytest.fixture
def publisher(clean_db, clean_index):
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    token = factories.APIToken(user=user["name"])["token"]
    return {"user": user, "org": org, "headers": {"Authorization": token}}


def _page(app, url, headers) -> BeautifulSoup:
    return BeautifulSoup(app.get(url, headers=headers).body, "html.parser")


def _form(page: BeautifulSoup):
    form = page.find("form", id="dataset-edit")
    assert form is not None, "no dataset form on the page"
    return form


def _legends(form) -> list[str]:
    return [fs.find("legend").get_text(strip=True) for fs in form.select("fieldset.busan-form-section")]


def _form_fields() -> list[dict]:
    schema = scheming_get_dataset_schema("dataset")
    return [f for f in schema["dataset_fields"] if "form_snippet" not in f or f["form_snippet"] is not None]


def _post_form(app, headers, data: dict):
    """Posts stage 1 of the create form as a browser does (CSRF token from the form)."""
    page = _page(app, "/dataset/new", headers)
    token = page.find("input", attrs={"name": "_csrf_token"})["value"]
    fields = [("_csrf_token", token), ("save", "")]
    for key, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            fields.append((key, item))
    return app.post("/dataset/new", data=MultiDict(fields), headers=headers, follow_redirects=False)


def _form_data(org: dict, **overrides) -> dict:
    data = valid_dataset(owner_org=org["id"], name="", **overrides)
    data["pkg_name"] = ""
    data["_ckan_phase"] = "dataset_new_1"
    return data


def test_sections_in_order_with_legends_on_the_create_form(app, publisher):
    form = _form(_page(app, "/dataset/new", publisher["headers"]))
    assert _legends(form) == KOREAN_LEGENDS
    for fieldset in form.select("fieldset.busan-form-section"):
        # the legend is the fieldset's first element: screen readers announce it with each field
        assert fieldset.find(True).name == "legend"
    toc = [a.get_text(strip=True) for a in form.select("nav.busan-form-toc a")]
    assert toc == KOREAN_LEGENDS
    assert [a["href"] for a in form.select("nav.busan-form-toc a")] == [
        f"#{fs['id']}" for fs in form.select("fieldset.busan-form-section")
    ]


def test_sections_in_english_at_en(app, publisher):
    form = _form(_page(app, "/en/dataset/new", publisher["headers"]))
    assert _legends(form) == ENGLISH_LEGENDS


def test_every_form_field_appears_once_in_its_own_section(app, publisher):
    form = _form(_page(app, "/dataset/new", publisher["headers"]))
    for field in _form_fields():
        controls = form.find_all(attrs={"name": field["field_name"]})
        controls = [c for c in controls if c.name in ("input", "select", "textarea")]
        assert len(controls) == 1, f"{field['field_name']}: {len(controls)} controls"
        fieldset = controls[0].find_parent("fieldset", class_="busan-form-section")
        assert fieldset is not None and fieldset["id"] == f"busan-section-{field['section']}", field["field_name"]
    # fields kept off the form (harvest provenance) stay off
    schema = scheming_get_dataset_schema("dataset")
    for field in schema["dataset_fields"]:
        if field.get("form_snippet", "") is None:
            assert not form.find_all(attrs={"name": field["field_name"]}), field["field_name"]


def test_edit_form_in_the_same_sections_with_the_stored_values(app, publisher):
    dataset = factories.Dataset(
        **valid_dataset(
            owner_org=publisher["org"]["id"],
            spatial_districts=[HAEUNDAE, SUYEONG],
            spatial=json.dumps(BEACH),
            temporal_start="2024-01-01",
        )
    )
    form = _form(_page(app, f"/dataset/edit/{dataset['name']}", publisher["headers"]))
    assert _legends(form) == KOREAN_LEGENDS
    chosen = [o["value"] for o in form.select("#field-spatial_districts option[selected]")]
    assert chosen == [HAEUNDAE, SUYEONG]
    assert json.loads(form.find("textarea", id="field-spatial").get_text()) == BEACH
    assert form.find("input", id="field-temporal_start")["value"] == "2024-01-01"
    assert form.find("input", id="field-next_registration_date")["value"] == dataset["next_registration_date"]


def test_widgets_work_without_javascript(app, publisher):
    form = _form(_page(app, "/dataset/new", publisher["headers"]))
    # dates: a text input taking ISO dates (the picker is the busan-date module's)
    for name in ("next_registration_date", "temporal_start", "temporal_end"):
        date = form.find("input", id=f"field-{name}")
        assert date["type"] == "text" and date["data-module"] == "busan-date", name
        assert date["placeholder"] == "YYYY-MM-DD"
        assert date["data-module-locale"] == "ko"
    # districts: one compact multi-select (select2 on top), every 구·군 and 전체, Korean labels
    districts = form.find("select", id="field-spatial_districts")
    assert districts.has_attr("multiple") and districts["data-module"] == "autocomplete"
    labels = [o.get_text(strip=True) for o in districts.find_all("option")]
    assert len(labels) == 17 and labels[0] == "부산광역시 전체" and "해운대구" in labels
    assert form.find("label", attrs={"for": "field-spatial_districts"}).get_text(strip=True).endswith("공간범위")
    # extent: the posted textarea inside the map widget, with the districts' boundaries URL
    widget = form.find(attrs={"data-module": "busan-extent"})
    assert widget.find("textarea", attrs={"name": "spatial"}) is not None
    assert widget["data-module-boundaries"].endswith("/busan-map/districts.geojson")
    assert widget["data-module-districts"] == "#field-spatial_districts"
    button = widget.find("button", class_="busan-extent-from-districts")
    assert button.get_text(strip=True) == "선택한 구·군 범위 사용" and button["type"] == "button"
    strings = json.loads(widget["data-module-i18n"])
    assert strings["from_districts"] == "선택한 구·군을 감싸는 범위를 넣었습니다."
    # the URL preview from the Korean title and the derived_from autocomplete are kept
    assert "busan-slug-title" in form.find("input", id="field-title")["data-module"]
    assert form.find("input", id="field-derived_from")["data-module"] == "autocomplete"


def test_english_widgets_at_en(app, publisher):
    form = _form(_page(app, "/en/dataset/new", publisher["headers"]))
    assert form.find("input", id="field-temporal_start")["data-module-locale"] == "en"
    assert form.find("button", class_="busan-extent-from-districts").get_text(strip=True) == (
        "Use the chosen districts' extent"
    )
    labels = [o.get_text(strip=True) for o in form.select("#field-spatial_districts option")]
    assert "Haeundae-gu" in labels


def test_the_form_stores_iso_dates_districts_and_the_drawn_extent(app, publisher):
    response = _post_form(
        app,
        publisher["headers"],
        _form_data(
            publisher["org"],
            title="해운대 방문객",
            spatial_districts=[HAEUNDAE, SUYEONG],
            spatial=json.dumps(BEACH),
            temporal_start="2024.01.01",  # typed by hand, as the server also accepts
            temporal_end="2024-12-31",
            next_registration_date="2030-06-01",
        ),
    )
    assert response.status_code == 302, response.body[:2000]
    assert "/resource/new" in response.headers["Location"]
    name = re.search(r"/dataset/([^/]+)/resource/new", response.headers["Location"]).group(1)
    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": name})
    assert dataset["temporal_start"] == "2024-01-01"
    assert dataset["temporal_end"] == "2024-12-31"
    assert dataset["next_registration_date"] == "2030-06-01"
    assert dataset["spatial_districts"] == [HAEUNDAE, SUYEONG]
    assert json.loads(dataset["spatial"]) == BEACH

    # stage 2: the resource form has the date picker for 데이터 기준일자
    page = _page(app, f"/dataset/{name}/resource/new", publisher["headers"])
    reference = page.find("input", id="field-reference_date")
    assert reference["type"] == "text" and reference["data-module"] == "busan-date"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("next_registration_date", "2025-13-45", "날짜를 YYYY-MM-DD 형식으로 입력하세요."),
        ("temporal_start", "어제", "날짜를 YYYY-MM-DD 형식으로 입력하세요."),
        ("spatial", json.dumps(SEOUL), "좌표는 부산 범위(경도 128.70~129.35, 위도 34.85~35.45) 안에 있어야 합니다."),
        ("spatial", "{not json", "올바른 GeoJSON 도형이 아닙니다."),
    ],
)
def test_bad_dates_and_extents_come_back_as_korean_field_errors(app, publisher, field, value, message):
    data = _form_data(publisher["org"], title="잘못된 범위", **{field: value})
    response = _post_form(app, publisher["headers"], data)
    assert response.status_code == 200
    form = _form(BeautifulSoup(response.body, "html.parser"))
    control = form.find(attrs={"name": field})
    group = control.find_parent(class_="form-group")
    assert "error" in group["class"]
    assert message in group.get_text(" ", strip=True)
    # the publisher's text is kept for correction, in its section
    assert value in (control.get("value") or control.get_text())
    assert _legends(form) == KOREAN_LEGENDS
    if field == "spatial":
        # the GeoJSON carrying the error is not folded away behind the map
        assert control.find_parent(attrs={"data-module": "busan-extent"}) is not None
    assert model.Session.query(model.Package).filter_by(title="잘못된 범위").count() == 0
