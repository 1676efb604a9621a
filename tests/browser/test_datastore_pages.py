"""Loaded tables and analysis showcases in a real browser: the demo showcases' charts are drawn,
the Korean table preview and the 위도/경도 map show the rows, the home page lists showcases.
Screenshots go to the artifacts folder (datastore/)."""

from __future__ import annotations

import json
import subprocess

import pytest
from ckan.cli.cli import ckan as ckan_cli

from ..datastore.conftest import act, clean_datastore  # noqa: F401 - fixture
from .portal import BROWSER_DIR, running_portal

pytestmark = pytest.mark.browser


def views_of(resource_id: str) -> dict[str, dict]:
    return {v["view_type"]: v for v in act("resource_view_list", None, id=resource_id)}


@pytest.mark.usefixtures("clean_datastore", "clean_index")
def test_showcases_charts_table_preview_and_map_render(cli, artifacts_dir):
    demo = cli.invoke(ckan_cli, ["busan", "seed-demo"])
    assert demo.exit_code == 0, "".join(__import__("traceback").format_exception(*demo.exc_info))
    seeded = cli.invoke(ckan_cli, ["busan-showcase", "seed-demo"])
    assert seeded.exit_code == 0, seeded.output
    beach = act("package_show", None, id="beach-visitors-and-metro-ridership")
    air = act("package_show", None, id="air-quality-by-district")
    chart_view = act("resource_view_show", None, id=air["showcase_chart_view"])
    resource = act("resource_show", None, id=chart_view["resource_id"])
    dataset = act("package_show", None, id=resource["package_id"])
    views = views_of(resource["id"])
    resource_url = f"/dataset/{dataset['name']}/resource/{resource['id']}"

    with running_portal() as base:
        pages = {
            "home": f"{base}/",
            "showcase-beach": f"{base}/showcase/{beach['name']}",
            "showcase-air": f"{base}/showcase/{air['name']}",
            "chart": f"{base}{resource_url}?view_id={chart_view['id']}",
            "table": f"{base}{resource_url}?view_id={views['datatables_view']['id']}",
            "map": f"{base}{resource_url}?view_id={views['busan_latlon_view']['id']}",
            "api": f"{base}{resource_url}/api",
        }
        out = subprocess.run(
            ["node", str(BROWSER_DIR / "datastore_check.mjs"), str(artifacts_dir / "datastore")]
            + [f"{name}={url}" for name, url in pages.items()],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert all(page["status"] == 200 for page in seen.values()), {k: v["status"] for k, v in seen.items()}
    assert "분석 실증과제" in seen["home"]["text"] and "해수욕장 방문객과 도시철도 이용의 관계" in seen["home"]["text"]
    for name in ("showcase-beach", "showcase-air", "chart"):
        assert seen[name]["chart"], (name, seen[name]["errors"])
    assert "활용 데이터" in seen["showcase-air"]["text"] and "측정소별 PM10" in seen["showcase-air"]["text"]
    assert seen["table"]["table"] and "광복동" in seen["table"]["text"] and "검색" in seen["table"]["text"]
    # a column named with a dot (PM2.5) shows its values beside PM10, not an empty column
    first = act("datastore_search", None, resource_id=resource["id"], sort="_id", limit=1)["records"][0]
    assert f"{first['PM10']}\t{first['PM2.5']}" in seen["table"]["text"], seen["table"]["text"][:2000]
    assert seen["map"]["markers"] == 10 and "지도" in seen["map"]["text"] and "테이블" in seen["map"]["text"]
    assert "데이터 API를 준비하고" not in seen["map"]["text"]  # DataStore-only: nothing to load
    assert "from ckanapi import RemoteCKAN" in seen["api"]["text"] and "PM2.5" in seen["api"]["text"]
