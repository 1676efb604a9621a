"""The quality report and the standards pages in a real browser (Debian's headless chromium),
with screenshots in test-artifacts/governance/."""

from __future__ import annotations

import json
import subprocess
from urllib.parse import quote

import pytest

from ..browser.portal import BROWSER_DIR, running_portal
from .conftest import new_dataset, upload, wait_for_report
from .test_quality_job import CSV

pytestmark = pytest.mark.browser


def test_report_and_standards_pages(worker, publisher, artifacts_dir):
    dataset = new_dataset(publisher, title="해운대구 공공시설 현황")
    resource = upload(publisher, dataset, CSV, "facilities.csv", format="CSV")
    assert wait_for_report(resource["id"], worker)["status"] == "done"
    out_dir = artifacts_dir / "governance"
    names = quote("API사용여부\n개방유무\n시설위치\nFCLT_OPN_YN")
    with running_portal() as base:
        pages = {
            "1-resource-report": f"{base}/dataset/{dataset['name']}/resource/{resource['id']}",
            "2-dataset-grade": f"{base}/dataset/{dataset['name']}",
            "3-standards": f"{base}/governance/standards?q={quote('여부')}&names={names}",
            "4-compliance-by-org": f"{base}/governance/compliance",
        }
        run = subprocess.run(
            ["node", str(BROWSER_DIR / "page_check.mjs"), str(out_dir), *(f"{k}={v}" for k, v in pages.items())],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout)
    assert {k: v["status"] for k, v in seen.items()} == dict.fromkeys(pages, 200)
    assert "공통표준 사전" in seen["3-standards"]["h1"]
    assert "기관별 표준준수율과 품질" in seen["4-compliance-by-org"]["h1"]
    for name in pages:
        assert (out_dir / f"{name}.png").stat().st_size > 10_000
