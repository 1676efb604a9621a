"""Overdue (갱신 지연) is a state shown to people, never a lock: a dataset whose next
registration date has passed can be created, edited, given a resource and re-imported the
way a harvester writes, and its page says it is overdue."""

from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from ..builders import valid_dataset

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

PAST = (dt.date.today() - dt.timedelta(days=400)).isoformat()
FUTURE = (dt.date.today() + dt.timedelta(days=30)).isoformat()


@pytest.fixture
def editor():
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return {"user": user, "org": org, "headers": {"Authorization": factories.APIToken(user=user["name"])["token"]}}


def act(action: str, user: dict, **data):
    return tk.get_action(action)({"user": user["name"]}, data)


def test_overdue_dataset_is_created_edited_given_a_resource_and_reimported(editor):
    dataset = act(
        "package_create", editor["user"], **valid_dataset(owner_org=editor["org"]["id"], next_registration_date=PAST)
    )
    assert dataset["next_registration_date"] == PAST

    edited = act("package_patch", editor["user"], id=dataset["id"], notes="설명을 고쳤습니다")
    assert edited["notes"] == "설명을 고쳤습니다" and edited["next_registration_date"] == PAST

    resource = act("resource_create", editor["user"], package_id=dataset["id"], url="https://example.kr/a.csv")
    assert resource["package_id"] == dataset["id"]

    # A harvester re-imports the record as the site user with package_update, date unchanged.
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    record = tk.get_action("package_show")({"ignore_auth": True}, {"id": dataset["id"]})
    record["title"] = "부산광역시 공영주차장 정보 (재수집)"
    reimported = tk.get_action("package_update")({"user": site_user, "ignore_auth": True}, record)
    assert reimported["title"].endswith("(재수집)") and reimported["next_registration_date"] == PAST


def test_dataset_page_shows_overdue_only_when_the_date_has_passed(app, editor):
    overdue = act(
        "package_create",
        editor["user"],
        **valid_dataset(owner_org=editor["org"]["id"], name="late", next_registration_date=PAST),
    )
    on_time = act(
        "package_create",
        editor["user"],
        **valid_dataset(owner_org=editor["org"]["id"], name="on-time", next_registration_date=FUTURE),
    )
    late_page = BeautifulSoup(app.get(f"/dataset/{overdue['name']}").body, "html.parser")
    badge = late_page.select_one(".busan-overdue")
    assert badge is not None and badge.get_text(strip=True) == "갱신 지연"
    english = BeautifulSoup(app.get(f"/en/dataset/{overdue['name']}").body, "html.parser")
    assert english.select_one(".busan-overdue").get_text(strip=True) == "Overdue"
    fine_page = BeautifulSoup(app.get(f"/dataset/{on_time['name']}").body, "html.parser")
    assert fine_page.select_one(".busan-overdue") is None
