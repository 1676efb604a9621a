"""The home page in a real browser: no sideways scrolling at 390 px, no serious axe-core
violation, the tiles, suggestions while typing and a category tile that opens the filtered
search (screenshots at 390 and 1280 px in test-artifacts/home)."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import parse_qs, urlparse

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib.redis import connect_to_redis
from ckan.tests import factories

from ckanext.busan.theme.aggregate import cache_key

from ..builders import valid_dataset
from .portal import BROWSER_DIR, running_portal

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_home_page_at_phone_and_desktop_widths(artifacts_dir):
    org = factories.Organization(name="busan-haeundaegu", title="부산광역시 해운대구", org_type="district")
    user = factories.Sysadmin()
    for name, title, category in (
        ("haeundae-beach-visitors", "해운대해수욕장 방문객 통계", "culture-tourism"),
        ("public-parking-lots", "부산광역시 공영주차장 정보", "transport-logistics"),
        ("bus-stops", "부산광역시 버스정류소 위치", "transport-logistics"),
    ):
        tk.get_action("package_create")(
            {"user": user["name"]},
            valid_dataset(name=name, title=title, category=category, owner_org=org["id"]),
        )
    connect_to_redis().delete(cache_key())  # counts of this catalogue, not of an earlier test's

    with running_portal() as base:
        out = subprocess.run(
            [
                "node",
                str(BROWSER_DIR / "home_check.mjs"),
                str(artifacts_dir / "home"),
                base,
                "해운대해수욕장 방문걕",  # a typo: the autocomplete tolerates it
                "해운대해수욕장 방문객 통계",
                "busan-haeundaegu",
            ],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)

    for width in ("390", "1280"):
        page = seen[width]
        assert page["status"] == 200
        assert page["scrollWidth"] <= page["clientWidth"], f"{width} px scrolls sideways: {page['wide']}"
        assert page["categoryTiles"] == 16 and page["districtTiles"] == 16
        assert {"데이터셋", "기관", "오픈API", "수집원", "최근 수집"} <= set(page["stats"])
        assert {"개인정보처리방침", "이용약관"} <= set(page["footer"])
        assert "부산 데이터 통합 포털" in page["h1"]
        assert page["placeholderImages"] == 0 and page["brokenImages"] == []
        serious = [v for v in page["axe"] if v["impact"] in ("serious", "critical")]
        assert serious == [], f"{width} px: {serious}"
    assert seen["390"]["clientWidth"] == 390
    for name, page in seen["narrow"].items():  # legal and organisation pages at 390 px too
        assert page["status"] == 200, name
        assert page["scrollWidth"] <= page["clientWidth"] == 390, f"{name} scrolls sideways: {page['wide']}"
        assert [v for v in page["axe"] if v["impact"] in ("serious", "critical")] == [], name

    suggest = seen["suggest"]
    assert "해운대해수욕장 방문객 통계" in suggest["suggestions"]
    assert parse_qs(urlparse(suggest["searchUrl"]).query)["q"] == ["해운대해수욕장 방문객 통계"]
    assert suggest["found"][0] == "해운대해수욕장 방문객 통계"

    tile = seen["tile"]
    assert parse_qs(urlparse(tile["url"]).query)["category"] == [tile["category"]]
    assert tile["count"] >= 1
