"""A data request in a real browser (headless chromium): a citizen asks (refused without the
personal data consent), the organisation's editor marks it 검토 중 and closes it with a
dataset, the citizen gets the e-mail (local SMTP catcher) and sees the answer; the dataset page
lists the request. Screenshots: test-artifacts/requests/."""

from __future__ import annotations

import json
import subprocess

import pytest
from ckan.tests import factories

from tests import TEST_INI

from ..browser.portal import BROWSER_DIR, running_portal
from ..builders import valid_dataset
from ..mail import ini_with_smtp, smtp_catcher

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("clean_db", "clean_index")]
PASSWORD = "Busan-Citizen-2026"


def flow(*args) -> dict:
    run = subprocess.run(
        ["node", str(BROWSER_DIR / "requests_flow.mjs"), *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout)


def test_citizen_asks_editor_closes_with_a_dataset_citizen_is_told(artifacts_dir, tmp_path):
    factories.User(name="citizen", fullname="김부산", email="citizen@example.kr", password=PASSWORD)
    factories.User(name="traffic-editor", email="editor@example.kr", password=PASSWORD)
    org = factories.Organization(
        name="busan-traffic", title="교통국", users=[{"name": "traffic-editor", "capacity": "editor"}]
    )
    factories.Dataset(owner_org=org["id"], name="parking-live", **valid_dataset(title="공영주차장 실시간 정보"))
    out = artifacts_dir / "requests"
    with smtp_catcher() as mail, running_portal(ini_with_smtp(TEST_INI, tmp_path, mail.port)) as base:
        asked = flow("ask", base, "citizen", PASSWORD, out)
        assert asked["consentError"] == "신청하려면 개인정보 수집·이용에 동의해야 합니다."
        assert asked["keptTitle"] == "공영주차장 실시간 주차가능 대수"
        assert asked["status"] == "접수" and "/request/" in asked["url"] and asked["deadline"]
        assert "신청이 접수되었습니다." in asked["flash"]

        answered = flow("answer", base, "traffic-editor", PASSWORD, out, asked["url"], "parking-live")
        assert answered["reviewing"] == "검토 중" and answered["closed"] == "제공"
        assert answered["datasetLink"].endswith("/dataset/parking-live")
        assert [u.split("/request/")[1] for u in answered["answeredOnDataset"]] == [asked["url"].split("/request/")[1]]

        checked = flow("check", base, "citizen", PASSWORD, out, asked["url"])
        assert checked["status"] == "제공" and "공영주차장 실시간 정보" in checked["answer"]

        mails = mail.to("citizen@example.kr")
    assert [m["subject"].rsplit("— ", 1)[1] for m in mails] == ["검토 중 / Under review", "제공 / Provided"]
    assert "/dataset/parking-live" in mails[1]["body"] and asked["url"] in mails[1]["body"]
    for name in (
        "1-consent-required",
        "2-request-received",
        "3-under-review",
        "4-closed-with-dataset",
        "5-dataset-lists-the-request",
        "6-citizen-sees-the-answer",
    ):
        assert (out / f"{name}.png").stat().st_size > 10_000, name
