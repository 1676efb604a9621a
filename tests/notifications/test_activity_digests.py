"""CKAN's activity e-mail digests, as the docker scheduler sends them (`ckan notify
send_emails`): a user who opted in and follows a dataset and an organisation gets a Korean
e-mail when someone else changes them; a user who did not opt in gets nothing. Mail goes to a
local SMTP catcher (aiosmtpd)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from tests import TEST_INI

from ..builders import valid_dataset
from ..mail import ini_with_smtp, smtp_catcher

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")
CKAN = str(Path(sys.executable).with_name("ckan"))


@pytest.fixture
def mailbox():
    with smtp_catcher() as catcher:
        yield catcher


def send_emails(directory, port: int) -> None:
    """The scheduler's command (`ckan busan send-emails`, the stock `notify send_emails` in the
    site's language), run as it is in docker, against this test's database."""
    ini = ini_with_smtp(TEST_INI, directory, port, **{"ckan.activity_streams_email_notifications": "true"})
    run = subprocess.run([CKAN, "-c", ini, "busan", "send-emails"], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0 and "not enabled" not in run.stdout + run.stderr, run.stdout + run.stderr


def test_followers_who_opted_in_get_a_korean_digest(mailbox, tmp_path):
    editor = factories.User(name="tour-editor")
    org = factories.Organization(
        name="busan-tour", title="관광과", users=[{"name": "tour-editor", "capacity": "editor"}]
    )
    dataset = factories.Dataset(owner_org=org["id"], name="beach-visitors", **valid_dataset(title="해수욕장 방문객"))
    subscriber = factories.User(name="subscriber", email="subscriber@example.kr")
    factories.User(name="quiet", email="quiet@example.kr")
    tk.get_action("user_patch")(
        {"user": "subscriber"}, {"id": subscriber["id"], "activity_streams_email_notifications": True}
    )
    for user in ("subscriber", "quiet"):
        tk.get_action("follow_dataset")({"user": user}, {"id": dataset["id"]})
        tk.get_action("follow_group")({"user": user}, {"id": org["id"]})

    tk.get_action("package_patch")({"user": editor["name"]}, {"id": dataset["id"], "notes": "2026년 여름 방문객 추가"})
    send_emails(tmp_path, mailbox.port)

    [digest] = mailbox.to("subscriber@example.kr")
    assert digest["subject"] == "부산 데이터 통합 포털에 1개의 새로운 활동이 있습니다"
    assert "부산 데이터 통합 포털 대시보드에 새 활동이 1건 있습니다." in digest["body"]
    assert "알림 메일을 끌 수 있습니다" in digest["body"] and "/dashboard" in digest["body"]
    assert mailbox.to("quiet@example.kr") == []  # opt-in per user
    # Sent once: the next run has nothing new for them.
    send_emails(tmp_path, mailbox.port)
    assert len(mailbox.to("subscriber@example.kr")) == 1
