"""A publisher creates a dataset through CKAN's own forms in a real browser (Debian's
headless chromium): Korean title, the form in sections, districts picked in the compact
multi-select, dates from the Korean calendar and typed by hand, the extent taken from the
districts and drawn on the map (map tiles blocked), a CP949 and a UTF-8 CSV upload, and the
validation messages of a bad submission. Screenshots: test-artifacts/publish-form/ (the form
at 1280 and 390 px)."""

from __future__ import annotations

import json
import subprocess

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from shapely.geometry import box, shape

from .portal import BROWSER_DIR, running_portal

pytestmark = pytest.mark.browser
PASSWORD = "Busan-Editor-2026"
CSV = "구분,방문객수\n해운대,12345\n광안리,6789\n"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_publisher_creates_a_dataset_through_the_form(artifacts_dir, tmp_path, ckan_config, monkeypatch):
    storage = tmp_path / "storage"
    monkeypatch.setenv("CKAN_STORAGE_PATH", str(storage))  # the server process stores uploads here
    editor = factories.User(name="editor-kim", password=PASSWORD)
    factories.Organization(
        name="busan-haeundaegu", title="부산광역시 해운대구", users=[{"name": editor["name"], "capacity": "editor"}]
    )
    cp949 = tmp_path / "visitors_cp949.csv"
    cp949.write_bytes(CSV.encode("cp949"))
    utf8 = tmp_path / "visitors_utf8.csv"
    utf8.write_bytes(CSV.encode("utf-8"))
    out_dir = artifacts_dir / "publish-form"

    with running_portal() as base:
        run = subprocess.run(
            [
                "node",
                str(BROWSER_DIR / "publish_flow.mjs"),
                base,
                editor["name"],
                PASSWORD,
                str(cp949),
                str(utf8),
                str(out_dir),
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout)

    assert seen["loggedIn"]
    # the bad submission stayed on the form with Korean messages, and stored nothing
    errors = " ".join(seen["badErrors"])
    assert "051-888-1234와 같이 지역번호를 포함한 국내 전화번호를 입력하세요." in errors
    assert "정기적으로 갱신하는 데이터는 차기 등록 예정일을 입력해야 합니다." in errors
    assert "필수 입력 항목입니다." in errors  # category
    assert model.Session.query(model.Package).filter_by(title="잘못된 데이터셋").count() == 0
    assert seen["badDistricts"] == ["2635000000"]  # the returned form keeps the choice

    # the form in its sections; nothing wider than a phone at 390 px
    assert seen["legends"] == ["기본 정보", "관리 정보", "공간·시간 범위", "이용 조건", "출처·계보"]
    assert seen["narrowOverflow"] == []

    # districts picked by typing in the multi-select
    assert seen["districts"] == ["2635000000", "2650000000"]

    # the Korean calendar gives ISO dates; dates typed by hand become ISO too
    assert seen["calendarWeekdays"] == "일월화수목금토"
    assert seen["calendarMonth"].endswith("월")
    assert seen["picked"] == seen["pickedExpected"]
    assert seen["typedEnd"] == "2030-12-31"
    assert seen["typedNext"] == "2030-06-01"
    assert seen["typedReference"] == "2025-07-01"

    # the extent: the chosen districts' box first, then the drawn rectangle, in Korean
    assert seen["extentStatus"] == "선택한 구·군을 감싸는 범위를 넣었습니다."
    assert seen["extentTextFolded"]
    assert {"사각형 그리기", "다각형 그리기", "범위 편집", "범위 지우기"} <= set(seen["drawTitles"])
    from_districts = shape(json.loads(seen["extentFromDistricts"]))
    haeundae_beach = box(129.155, 35.157, 129.162, 35.160)
    assert from_districts.contains(haeundae_beach)  # 해운대구 and 수영구
    assert from_districts.bounds[0] > 129.05 and from_districts.bounds[2] < 129.35
    drawn = json.loads(seen["extentDrawn"])
    assert drawn["type"] == "Polygon"

    # the Korean title gave a readable URL in the form
    assert seen["slug"] == "haeundaehaesuyokjang-bangmungaek-tonggye"
    assert seen["datasetUrl"].endswith("/dataset/haeundaehaesuyokjang-bangmungaek-tonggye")

    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": seen["slug"]})
    assert dataset["dept_phone"] == "051-749-4061"  # stored normalised
    assert dataset["spatial_districts"] == ["2635000000", "2650000000"]
    assert dataset["temporal_start"] == seen["pickedExpected"]
    assert dataset["temporal_end"] == "2030-12-31"
    assert dataset["next_registration_date"] == "2030-06-01"
    assert json.loads(dataset["spatial"]) == drawn
    assert box(128.7650, 34.8806, 129.3036, 35.3933).contains(shape(drawn))
    assert dataset["resources"][0]["reference_date"] == "2025-07-01"
    assert [(r["name"], r["encoding"], r["format"]) for r in dataset["resources"]] == [
        ("방문객 집계 (CP949)", "CP949", "CSV"),
        ("방문객 집계 (UTF-8)", "UTF-8", "CSV"),
    ]

    # the dataset page shows the Korean fields with Korean labels and values
    rows = {row[0]: row[1] for row in seen["additionalInfo"] if len(row) == 2}
    assert rows["분류체계"] == "문화관광"
    assert rows["관리부서 전화번호"] == "051-749-4061"
    assert rows["업데이트 주기"] == "월간"
    assert rows["공간범위"].split() == ["해운대구", "수영구"]
    assert any("해운대해수욕장 방문객 통계" in h for h in seen["h1"])
    for name in (
        "form-1280",
        "form-390",
        "1-bad-submission",
        "2-form-with-korean-title",
        "3-upload-cp949",
        "4-dataset-page",
        "5-korean-date-picker",
        "6-extent-drawn",
    ):
        assert (out_dir / f"{name}.png").stat().st_size > 10_000
