"""A citizen dataset in a real browser (headless chromium): a visitor registers and confirms
the address from the e-mail (local SMTP catcher), shares a dataset with the Busan form in the
citizen space, the moderator rejects it with a reason, the citizen reads it on the dashboard,
fixes the dataset (resubmitted), the moderator approves it and a visitor finds it in search.
Screenshots: test-artifacts/citizen/."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from ckan.tests import factories

from tests import TEST_INI

from ..browser.portal import BROWSER_DIR, running_portal
from ..mail import ini_with_smtp, smtp_catcher
from .conftest import PASSWORD

pytestmark = pytest.mark.browser


def flow(phase, base, user, out, arg="", csv=None) -> dict:
    run = subprocess.run(
        ["node", str(BROWSER_DIR / "citizen_flow.mjs"), phase, base, user, PASSWORD, str(out), arg],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        env=dict(os.environ, CITIZEN_CSV=str(csv or "")),
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def test_register_share_reject_fix_approve_found(space, artifacts_dir, tmp_path):
    csv = tmp_path / "benches.csv"
    csv.write_text("번호,위치,위도,경도\n1,해운대 광장,35.1587,129.1604\n", encoding="utf-8")
    out = artifacts_dir / "citizen"
    factories.Sysadmin()  # the site has its admin; the moderator is an editor of the space
    with smtp_catcher() as mail, running_portal(ini_with_smtp(TEST_INI, tmp_path, mail.port)) as base:
        registered = flow("register", base, "haeundae-walker", out, "walker@example.kr")
        assert registered["honeypotOffscreen"] is True
        assert "walker@example.kr" in registered["flash"]
        [verify] = mail.to("walker@example.kr")
        link = re.search(r"http\S+/user/verify/\S+", verify["body"]).group(0)

        submitted = flow("submit", base, "haeundae-walker", out, link, csv)
        assert "이메일 주소가 확인되었습니다" in submitted["verified"]
        assert submitted["offered"] == ["시민 참여 데이터"]  # the only organisation offered
        assert submitted["status"] == "검토 대기" and "김부산" in submitted["credit"]
        name = submitted["datasetUrl"].rstrip("/").split("/")[-1]

        rejected = flow("reject", base, "moderator", out, name)
        assert rejected["listed"] and "결정을 저장했습니다" in rejected["flash"] or rejected["flash"]
        [told] = [m for m in mail.to("walker@example.kr") if "반려" in m["subject"]]
        assert "조사 날짜와 출처를 설명에 적어 주세요." in told["body"]

        fixed = flow("fix", base, "haeundae-walker", out, name)
        assert fixed["status"] == "반려" and fixed["reason"] == "조사 날짜와 출처를 설명에 적어 주세요."
        assert fixed["after"] == "검토 대기"

        before = flow("search", base, "-", out, name)
        assert "해운대 해변 벤치 위치" not in before["found"]

        approved = flow("approve", base, "moderator", out, name)
        assert approved["listed"]
        found = flow("search", base, "-", out, name)
    assert "해운대 해변 벤치 위치" in found["found"] and "김부산" in found["credit"]
    for shot in (
        "1-register",
        "2-check-your-mail",
        "3-share-form",
        "4-submitted-pending",
        "5-moderator-rejects",
        "6-dashboard-rejected",
        "7-resubmitted",
        "8-moderator-approves",
        "9-found-in-search",
        "10-public-dataset-page",
    ):
        assert (out / f"{shot}.png").stat().st_size > 10_000, shot
