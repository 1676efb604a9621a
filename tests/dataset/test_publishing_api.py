"""Publishing through the Action API with the Busan dataset schema: every field rule gives a
clear error in the user's language and an invalid submission stores nothing."""

from __future__ import annotations

import datetime as dt
import json
import unicodedata

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ..builders import valid_dataset

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def editor():
    user = factories.User()
    org = factories.Organization(name="busan", title="부산광역시", users=[{"name": user["name"], "capacity": "editor"}])
    token = factories.APIToken(user=user["name"])["token"]
    return {"user": user, "org": org, "token": token}


def call(action: str, user: dict, **data):
    return tk.get_action(action)({"user": user["name"], "ignore_auth": False}, data)


def dataset_count() -> int:
    return model.Session.query(model.Package).filter(model.Package.type == "dataset").count()


FULL = dict(
    title="해운대구_해운대해수욕장 방문객 통계",
    notes="해운대구의 여름철 방문객 수",
    tags=[{"name": "해수욕장"}, {"name": "관광"}],
    category="culture-tourism",
    brm_category="문화체육관광 > 관광",
    dept_name="관광문화과",
    dept_phone="051-749-4061",
    contact_email="tour@haeundae.example.kr",
    legal_basis="관광진흥법 제47조",
    collection_method="지능형 CCTV 무인계수",
    update_cycle="monthly",
    next_registration_date=(dt.date.today() + dt.timedelta(days=30)).isoformat(),
    spatial_districts=["2635000000", "2650000000"],
    spatial='{"type": "Point", "coordinates": [129.16, 35.16]}',
    temporal_start="2025-06-01",
    temporal_end="2025-09-10",
    license_id="kogl-type2",
    security_classification="partial",
    withheld_scope="개인별 방문 기록",
    withheld_legal_ground="oia-9-1-6",
    withheld_request_info="정보공개포털(open.go.kr)에서 정보공개청구",
    provision_type="open-api",
    is_charged="Y",
    cost_basis="건당 100원",
    is_core_data="Y",
    is_std_data="N",
    data_limitations="강우 시 집계 누락",
    other_notes="개장 기간만 집계",
    derived_from=[],  # a real upstream dataset is tested in tests/governance/test_lineage.py
    processing_description="일별 집계를 월별로 합산",
    source_url="https://www.data.go.kr/data/15000000/fileData.do",
    source_system="공공데이터포털 목록조회서비스",
    source_identifier="datagokr:15000000",
    source_modified="2025-09-01",
)


def test_full_dataset_round_trips_every_field(editor):
    created = call("package_create", editor["user"], owner_org=editor["org"]["id"], name="haeundae", **FULL)
    shown = call("package_show", editor["user"], id=created["id"])
    for field, value in FULL.items():
        if field == "tags":
            assert sorted(t["name"] for t in shown["tags"]) == ["관광", "해수욕장"]
        else:
            assert shown[field] == value, field
    assert shown["license_title"].startswith("공공누리 제2유형")


def test_phone_is_stored_normalised(editor):
    created = call(
        "package_create", editor["user"], **valid_dataset(owner_org=editor["org"]["id"], dept_phone="`0518881234")
    )
    assert created["dept_phone"] == "051-888-1234"


def test_defaults(editor):
    created = call("package_create", editor["user"], **valid_dataset(owner_org=editor["org"]["id"]))
    assert created["license_id"] == "kogl-type1"
    assert created["provision_type"] == "file"
    assert created["is_charged"] == "N"


BAD = [
    ({"category": "sports"}, "category", '허용되지 않는 값입니다: "sports"'),
    ({"category": ""}, "category", "필수 입력 항목입니다."),
    ({"dept_phone": "051-88-12"}, "dept_phone", "051-888-1234와 같이 지역번호를 포함한 국내 전화번호를 입력하세요."),
    (
        {"temporal_start": "2025-09-10", "temporal_end": "2025-06-01"},
        "temporal_end",
        "시간범위 종료일은 시작일보다 앞설 수 없습니다.",
    ),
    (
        {"spatial": "126.97,37.56,126.99,37.58"},
        "spatial",
        "좌표는 부산 범위(경도 128.70~129.35, 위도 34.85~35.45) 안에 있어야 합니다.",
    ),
    ({"license_id": "cc-by"}, "license_id", "알 수 없는 이용허락범위입니다: cc-by."),
    (
        {"update_cycle": "monthly", "next_registration_date": ""},
        "next_registration_date",
        "정기적으로 갱신하는 데이터는 차기 등록 예정일을 입력해야 합니다.",
    ),
    ({"next_registration_date": "2025-02-30"}, "next_registration_date", "YYYY-MM-DD"),
    ({"next_registration_date": "2025-01-01junk"}, "next_registration_date", "YYYY-MM-DD"),
    ({"next_registration_date": "2025111"}, "next_registration_date", "YYYY-MM-DD"),
    ({"temporal_start": "2025-13-01", "temporal_end": "2025-06-01"}, "temporal_start", "YYYY-MM-DD"),
    ({"temporal_start": "2025-06-01", "temporal_end": "someday"}, "temporal_end", "YYYY-MM-DD"),
    ({"update_cycle": "weekly", "next_registration_date": "x"}, "next_registration_date", "YYYY-MM-DD"),
    ({"spatial": "nan,nan,nan,nan"}, "spatial", "경계상자"),
    ({"spatial": "129.1,35.1,inf,35.2"}, "spatial", "경계상자"),
    ({"spatial": '{"type": "LineString", "coordinates": [[129.1, 35.1]]}'}, "spatial", "GeoJSON"),
    ({"spatial": '{"type": "Point", "coordinates": [NaN, 35.1]}'}, "spatial", "GeoJSON"),
    ({"dept_phone": "٠٥١-٨٨٨-١٢٣٤"}, "dept_phone", "051-888-1234"),
    ({"title": ["가", "나"]}, "title", "하나의 값"),
    ({"spatial_districts": [{"code": "2635000000"}]}, "spatial_districts", "코드 값의 목록"),
    ({"title": "가" * 201}, "title", "200자 이내로 입력하세요 (현재 201자)."),
    ({"notes": "나" * 10001}, "notes", "10000자 이내로 입력하세요"),
    ({"spatial_districts": ["2635000000", "9999999999"]}, "spatial_districts", '허용되지 않는 값입니다: "9999999999"'),
    ({"spatial_districts": []}, "spatial_districts", "필수 입력 항목입니다."),
    ({"update_cycle": "hourly"}, "update_cycle", '허용되지 않는 값입니다: "hourly"'),
]


@pytest.mark.parametrize(("change", "field", "message"), BAD, ids=[b[1] + "-" + str(i) for i, b in enumerate(BAD)])
def test_invalid_field_is_refused_in_korean_and_nothing_stored(app, editor, change, field, message):
    before = dataset_count()
    body = valid_dataset(owner_org=editor["org"]["id"], name="bad-dataset", **change)
    resp = app.post("/api/3/action/package_create", json=body, headers={"Authorization": editor["token"]}, status=409)
    error = resp.json["error"]
    assert error["__type"] == "Validation Error"
    assert any(message in m for m in error[field]), error
    assert set(error) - {"__type"} == {field}  # only the broken field is reported
    assert dataset_count() == before
    assert model.Package.by_name("bad-dataset") is None


def test_errors_are_english_when_the_user_chose_english(app, editor):
    body = valid_dataset(owner_org=editor["org"]["id"], dept_phone="12345", category="sports")
    resp = app.post(
        "/en/api/3/action/package_create", json=body, headers={"Authorization": editor["token"]}, status=409
    )
    error = resp.json["error"]
    assert error["dept_phone"] == ["Enter a Korean phone number such as 051-888-1234."]
    assert error["category"] == ['unexpected choice "sports"']


def test_update_with_bad_value_changes_nothing(editor):
    created = call("package_create", editor["user"], **valid_dataset(owner_org=editor["org"]["id"]))
    with pytest.raises(tk.ValidationError):
        call("package_patch", editor["user"], id=created["id"], dept_phone="x", title="바뀐 제목")
    shown = call("package_show", editor["user"], id=created["id"])
    assert shown["title"] == created["title"] and shown["dept_phone"] == created["dept_phone"]


def test_korean_title_gets_a_readable_unique_name(editor):
    first = call(
        "package_create",
        editor["user"],
        **valid_dataset(owner_org=editor["org"]["id"], title="해운대해수욕장 방문객 통계"),
    )
    second = call(
        "package_create",
        editor["user"],
        **valid_dataset(owner_org=editor["org"]["id"], title="해운대해수욕장 방문객 통계"),
    )
    assert first["name"] == "haeundaehaesuyokjang-bangmungaek-tonggye"
    assert second["name"] == "haeundaehaesuyokjang-bangmungaek-tonggye-2"
    # an update keeps the name it has
    updated = call("package_patch", editor["user"], id=first["id"], notes="수정")
    assert updated["name"] == first["name"]


def test_name_suggestion_for_the_form(app, editor):
    call("package_create", editor["user"], **valid_dataset(owner_org=editor["org"]["id"], title="수영구 대기질"))
    headers = {"Authorization": editor["token"]}
    resp = app.get("/api/3/action/busan_dataset_name_suggest", params={"title": "수영구 대기질"}, headers=headers)
    assert resp.json["result"]["name"] == "suyeonggu-daegijil-2"
    blank = app.get("/api/3/action/busan_dataset_name_suggest", params={"title": "  "}, headers=headers)
    assert blank.json["result"]["name"] == ""


def test_name_suggestion_does_not_reveal_private_names_to_visitors(app, editor):
    call(
        "package_create",
        editor["user"],
        **valid_dataset(owner_org=editor["org"]["id"], title="내부 감사 자료", private=True),
    )
    resp = app.get("/api/3/action/busan_dataset_name_suggest", params={"title": "내부 감사 자료"}, status=403)
    assert "naebu" not in resp.body
    # a logged-in user who may not create datasets is refused too
    outsider = factories.APIToken(user=factories.User()["name"])["token"]
    app.get(
        "/api/3/action/busan_dataset_name_suggest",
        params={"title": "내부 감사 자료"},
        headers={"Authorization": outsider},
        status=403,
    )


def test_irregular_cycle_needs_no_next_date(editor):
    body = valid_dataset(owner_org=editor["org"]["id"], update_cycle="irregular")
    del body["next_registration_date"]
    created = call("package_create", editor["user"], **body)
    assert "next_registration_date" not in created or not created["next_registration_date"]


def test_district_given_as_a_number_is_read_as_its_code(editor):
    created = call(
        "package_create", editor["user"], **valid_dataset(owner_org=editor["org"]["id"], spatial_districts=2635000000)
    )
    assert created["spatial_districts"] == ["2635000000"]


def test_decomposed_hangul_is_stored_composed(editor):
    nfd = unicodedata.normalize("NFD", "해운대 관광 안내")
    created = call("package_create", editor["user"], **valid_dataset(owner_org=editor["org"]["id"], title=nfd))
    assert created["title"] == "해운대 관광 안내" and len(created["title"]) == 9
    assert created["name"] == "haeundae-gwangwang-annae"
    hits = call("package_search", editor["user"], q=unicodedata.normalize("NFD", "관광"))
    assert [d["id"] for d in hits["results"]] == [created["id"]]


def test_full_width_digits_and_control_characters_are_cleaned(editor):
    created = call(
        "package_create",
        editor["user"],
        **valid_dataset(
            owner_org=editor["org"]["id"],
            dept_phone="０５１－８８８－１２３４",
            next_registration_date="２０３０－０１－０２",
            notes="줄 하나\x00\x07\n줄 둘",
        ),
    )
    assert created["dept_phone"] == "051-888-1234"
    assert created["next_registration_date"] == "2030-01-02"
    assert created["notes"] == "줄 하나\n줄 둘"


def test_cross_field_errors_do_not_depend_on_key_order(editor):
    # periodic cycle without a date: one error, on the date; a bad cycle: no guess about the date
    with pytest.raises(tk.ValidationError) as missing_date:
        body = valid_dataset(owner_org=editor["org"]["id"], next_registration_date="")
        call("package_create", editor["user"], **body)
    assert set(missing_date.value.error_dict) == {"next_registration_date"}
    with pytest.raises(tk.ValidationError) as bad_cycle:
        call(
            "package_create",
            editor["user"],
            **valid_dataset(owner_org=editor["org"]["id"], update_cycle="hourly", next_registration_date=""),
        )
    assert set(bad_cycle.value.error_dict) == {"update_cycle"}


def test_licence_list_offers_kogl_in_korean_and_english(app):
    licences = {lic["id"]: lic for lic in app.get("/api/3/action/license_list").json["result"]}
    assert set(licences) == {"kogl-type1", "kogl-type2", "kogl-type3", "kogl-type4", "unrestricted"}
    assert licences["kogl-type1"]["title"] == "공공누리 제1유형: 출처표시"
    assert licences["kogl-type1"]["title_en"] == "KOGL Type 1: Attribution"
    assert licences["kogl-type1"]["url"] == "https://www.kogl.or.kr/info/licenseType1.do"


def test_bbox_is_stored_as_geojson_and_searchable_by_area(editor):
    created = call(
        "package_create",
        editor["user"],
        **valid_dataset(owner_org=editor["org"]["id"], spatial="129.15,35.15,129.17,35.17"),
    )
    assert json.loads(created["spatial"])["type"] == "Polygon"
    hits = call("package_search", editor["user"], ext_bbox="129.1,35.1,129.2,35.2")
    assert [d["id"] for d in hits["results"]] == [created["id"]]
    assert call("package_search", editor["user"], ext_bbox="128.9,35.0,129.0,35.05")["count"] == 0


def test_new_text_fields_are_searchable_in_korean(editor):
    created = call(
        "package_create",
        editor["user"],
        **valid_dataset(owner_org=editor["org"]["id"], legal_basis="관광진흥법 제47조", dept_name="관광진흥과"),
    )
    assert [d["id"] for d in call("package_search", editor["user"], q="관광진흥법")["results"]] == [created["id"]]
    assert call("package_search", editor["user"], q="도로교통법")["count"] == 0


def test_resource_encoding_and_format_detected_on_upload(editor, create_with_upload):
    dataset = call("package_create", editor["user"], **valid_dataset(owner_org=editor["org"]["id"]))
    text = "구분,방문객수\n해운대,12345\n광안리,6789\n"
    ctx = {"user": editor["user"]["name"]}
    cp949 = create_with_upload(text.encode("cp949"), "visitors_cp949.csv", context=dict(ctx), package_id=dataset["id"])
    utf8 = create_with_upload(text.encode("utf-8"), "visitors_utf8.csv", context=dict(ctx), package_id=dataset["id"])
    assert cp949["encoding"] == "CP949" and utf8["encoding"] == "UTF-8"
    assert cp949["format"] == "CSV" and utf8["format"] == "CSV"
    chosen = create_with_upload(
        text.encode("utf-8"), "x.csv", context=dict(ctx), package_id=dataset["id"], encoding="EUC-KR"
    )
    assert chosen["encoding"] == "EUC-KR"  # the publisher's choice wins


def test_licence_title_follows_the_page_language(app, editor):
    dataset = call("package_create", editor["user"], **valid_dataset(owner_org=editor["org"]["id"], name="lic"))
    headers = {"Authorization": editor["token"]}
    korean = app.get(f"/dataset/{dataset['name']}", headers=headers).body
    english = app.get(f"/en/dataset/{dataset['name']}", headers=headers).body
    assert "공공누리 제1유형: 출처표시" in korean
    assert "KOGL Type 1: Attribution" in english and "공공누리 제1유형" not in english


def test_provenance_survives_a_publishers_edit_that_leaves_it_out(editor):
    created = call(
        "package_create",
        editor["user"],
        **valid_dataset(owner_org=editor["org"]["id"], source_system="공공데이터포털 목록조회서비스"),
    )
    body = {k: v for k, v in created.items() if k != "source_system"}  # the form has no such field
    body["notes"] = "편집자가 고친 설명"
    updated = call("package_update", editor["user"], **body)
    assert updated["notes"] == "편집자가 고친 설명"
    assert updated["source_system"] == "공공데이터포털 목록조회서비스"
