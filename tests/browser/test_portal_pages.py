"""What a visitor sees in a real browser: Debian's headless chromium on a running portal."""

from __future__ import annotations

import json
import subprocess

import pytest
from ckan.tests import factories

from ..builders import valid_dataset
from .portal import BROWSER_DIR, running_portal

pytestmark = pytest.mark.browser


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_home_and_dataset_pages_in_korean(artifacts_dir):
    org = factories.Organization(name="busan-haeundaegu", title="부산광역시 해운대구")
    dataset = factories.Dataset(
        **valid_dataset(
            name="haeundae-beach-visitors",
            title="해운대해수욕장 방문객 통계",
            notes="해운대구의 여름철 방문객 수를 집계한 자료",
            owner_org=org["id"],
        )
    )
    with running_portal() as base:
        pages = {
            "home-ko": f"{base}/",
            "dataset-ko": f"{base}/dataset/{dataset['name']}",
            "search-ko": f"{base}/dataset/?q=해수욕장",
            "home-en": f"{base}/en/",
        }
        out = subprocess.run(
            ["node", str(BROWSER_DIR / "page_check.mjs"), str(artifacts_dir / "foundation")]
            + [f"{name}={url}" for name, url in pages.items()],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)

    for name in ("home-ko", "dataset-ko", "search-ko"):
        assert seen[name]["status"] == 200
        assert seen[name]["lang"].startswith("ko"), seen[name]
        assert "데이터셋" in seen[name]["nav"], seen[name]["nav"]
        assert "Noto Sans KR" in seen[name]["bodyFont"]  # the theme's stylesheet applied
    assert any(h.startswith("해운대해수욕장 방문객 통계") for h in seen["dataset-ko"]["h1"])
    assert "부산 데이터 통합 포털" in seen["home-ko"]["h1"]
    assert seen["home-en"]["lang"].startswith("en") and "Datasets" in seen["home-en"]["nav"]
