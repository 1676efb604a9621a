"""The inventory workflow in a real browser (Debian's headless chromium): an organisation admin
selects and excludes tables on /inventory with CSRF-protected forms, the harvest collects the
selected table, and the page links its dataset. Screenshots: test-artifacts/inventory/."""

from __future__ import annotations

import json
import subprocess

import ckan.plugins.toolkit as tk
import pytest

from ..browser.portal import BROWSER_DIR, running_portal
from .test_inventory import (  # noqa: F401 - fixtures
    PASSWORD,
    SCHEMA,
    city_db,  # noqa: F401 - fixture
    harvest,
    records,
    setup,
)

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("clean_db", "clean_index")]
PARKING, LOG = f"{SCHEMA}.tb_parking", f"{SCHEMA}.tb_temp_log"


def flow(phase: str, base: str, out_dir) -> dict:
    run = subprocess.run(
        [
            "node",
            str(BROWSER_DIR / "inventory_flow.mjs"),
            *(phase, base, "traffic-admin", PASSWORD, str(out_dir), PARKING, LOG),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def test_admin_selects_and_excludes_then_the_harvest_collects(setup, artifacts_dir):  # noqa: F811
    harvest(setup["source"])
    out_dir = artifacts_dir / "inventory"
    with running_portal() as base:
        decided = flow("decide", base, out_dir)
        assert decided["title"] == "데이터 전수조사"
        assert decided["before"] == {"select": "후보", "exclude": "후보"}
        assert "결정 사유를 입력하세요." in decided["refusal"] and decided["afterRefusal"] == "후보"
        assert decided["after"] == {"select": "선정", "exclude": "제외"}

        harvest(setup["source"])
        checked = flow("check", base, out_dir)
    assert checked["after"]["select"] == "수집"
    package_id = records(setup["admin"])[PARKING]["package_id"]
    assert checked["datasetLink"].endswith(f"/dataset/{package_id}")
    assert tk.get_action("package_show")({"ignore_auth": True}, {"id": package_id})["title"] == "공영주차장 현황"
    for name in ("1-candidates", "2-decided", "3-collected"):
        assert (out_dir / f"{name}.png").stat().st_size > 10_000
