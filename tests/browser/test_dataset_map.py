"""The dataset extent map and the search-by-area widget render in headless chromium with map tiles
blocked (no network here, and a page must not depend on its tile provider)."""

from __future__ import annotations

import json
import subprocess

import pytest
from ckan.tests import factories

from ..builders import valid_dataset
from .portal import BROWSER_DIR, running_portal

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_extent_maps_render_without_tiles(artifacts_dir):
    org = factories.Organization(title="부산광역시 해운대구")
    factories.Dataset(
        name="haeundae-beach-visitors",
        owner_org=org["id"],
        **valid_dataset(title="해운대해수욕장 방문객 통계", spatial_districts=["2635000000"]),
    )
    factories.Dataset(
        name="gwangalli-box",
        owner_org=org["id"],
        **valid_dataset(
            title="광안리 해변 주차 현황", spatial_districts=["2650000000"], spatial="129.11,35.15,129.13,35.16"
        ),
    )
    with running_portal() as base:
        out = subprocess.run(
            ["node", str(BROWSER_DIR / "dataset_map_check.mjs"), str(artifacts_dir / "maps"), base]
            + ["haeundae-beach-visitors", "gwangalli-box"],
            capture_output=True,
            text=True,
            timeout=240,
            check=False,
        )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["errors"] == []
    assert seen["blockedTiles"] > 0  # tiles were asked for and refused: the maps below drew without them

    expected_source = {"haeundae-beach-visitors": "districts", "gwangalli-box": "spatial"}
    for name, widths in seen["datasets"].items():
        for width, shown in widths.items():
            assert shown["status"] == 200
            assert shown["source"] == expected_source[name]
            assert shown["extentPaths"] >= 1
            # The extent is drawn inside the map and the map fits the screen (no sideways scrolling).
            assert shown["mapBox"]["width"] > 200 and shown["mapBox"]["height"] > 150
            assert shown["extentBox"]["width"] > 10 and shown["extentBox"]["height"] > 10
            assert shown["pageWidth"] <= int(width), (name, width, shown["pageWidth"])
            assert shown["sections"][:3] == ["기본 정보", "관리 정보", "공간·시간 범위"]

    assert seen["search"]["heading"].startswith("지역으로 거르기")
    assert seen["search"]["mapBox"]["width"] > 150
