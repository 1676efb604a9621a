"""Contests and events: sysadmins open a contest page (period, theme, datasets to use, how to
enter, results); signed-in users enter it while it is open with this project's own entry type;
open contests are on the home page; nobody else changes what is not theirs."""

from __future__ import annotations

import datetime as dt
import json
import subprocess

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from ckan.tests import factories
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ckanext.busan.contests import rules

from ..browser.portal import BROWSER_DIR, running_portal
from ..builders import valid_dataset

D = dt.date


@pytest.mark.pure
def test_period_and_entry_links():
    assert rules.is_open(D(2026, 11, 1), D(2026, 11, 30), D(2026, 11, 30))
    assert not rules.is_open(D(2026, 11, 1), D(2026, 11, 30), D(2026, 12, 1))
    assert rules.phase(D(2026, 12, 1), D(2026, 12, 31), D(2026, 11, 25)) == "upcoming"
    with pytest.raises(rules.ContestError):
        rules.check_period(D(2026, 12, 1), D(2026, 11, 1))
    with pytest.raises(rules.ContestError):
        rules.parse_day("starts", "2026-13-01")
    with pytest.raises(rules.ContestError):
        rules.check_entry_url("javascript:alert(1)")
    assert rules.check_entry_url(" https://app.example.kr ") == "https://app.example.kr"


def act(action, user, **data):
    return tk.get_action(action)({"user": user}, data)


@pytest.fixture
def contest(clean_db, clean_index, freezer):
    # CKAN's reset_db drops only CKAN's own tables
    model.Session.execute(sa.text("TRUNCATE busan_contest CASCADE"))
    model.Session.commit()
    freezer.move_to("2026-11-25 03:00:00")
    factories.Sysadmin(name="portal-admin")
    factories.User(name="citizen", fullname="김부산")
    factories.User(name="neighbour")
    org = factories.Organization(
        name="busan-tour", users=[{"name": factories.User(name="tour-editor")["name"], "capacity": "editor"}]
    )
    factories.Dataset(owner_org=org["id"], name="beach-visitors", **valid_dataset(title="해수욕장 방문객"))
    factories.Dataset(owner_org=org["id"], name="hidden", private=True, **valid_dataset(title="비공개"))
    yield act(
        "busan_contest_create",
        "portal-admin",
        name="data-contest-2026",
        title="2026 부산 공공데이터 활용 공모전",
        theme="관광",
        description="해수욕장 데이터를 활용한 서비스 아이디어",
        how_to_enter="아래 양식으로 작품 링크를 제출하세요.",
        starts="2026-11-01",
        ends="2026-12-15",
        datasets="beach-visitors",
    )
    # nor does a later test's: an open contest left behind would show on its home page
    model.Session.rollback()
    model.Session.execute(sa.text("TRUNCATE busan_contest CASCADE"))
    model.Session.commit()


def test_only_sysadmins_open_and_change_contests(contest):
    assert contest["phase"] == "open" and contest["datasets"][0]["name"] == "beach-visitors"
    for user in (None, "citizen", "tour-editor"):
        with pytest.raises(tk.NotAuthorized):
            act("busan_contest_create", user, name="x", title="x", starts="2026-11-01", ends="2026-11-02")
        with pytest.raises(tk.NotAuthorized):
            act("busan_contest_update", user, id=contest["id"], results="1등")
    with pytest.raises(tk.ValidationError) as e:
        act(
            "busan_contest_create",
            "portal-admin",
            name="Bad Name",
            title="",
            starts="2026-13-01",
            ends="x",
            datasets="hidden",
        )
    assert {"name", "title", "starts", "ends", "datasets"} <= set(e.value.error_dict)
    with pytest.raises(tk.ValidationError) as e:
        act("busan_contest_update", "portal-admin", id=contest["id"], ends="2026-10-01")
    assert "ends" in e.value.error_dict
    updated = act("busan_contest_update", "portal-admin", id=contest["name"], results="대상: 해변 혼잡도 앱")
    assert updated["results"] == "대상: 해변 혼잡도 앱" and updated["title"] == contest["title"]


def test_entries_while_open_by_signed_in_users(contest, freezer):
    with pytest.raises(tk.NotAuthorized):
        act("busan_contest_entry_create", None, id=contest["id"], title="익명")
    with pytest.raises(tk.ValidationError) as e:
        act("busan_contest_entry_create", "citizen", id=contest["id"], title="앱", url="ftp://x", datasets="hidden")
    assert {"url", "datasets"} <= set(e.value.error_dict)
    entry = act(
        "busan_contest_entry_create",
        "citizen",
        id=contest["name"],
        title="해변 혼잡도 앱",
        url="https://beach.example.kr",
        datasets=["beach-visitors"],
    )
    assert entry["author"] == "김부산" and entry["datasets"][0]["title"] == "해수욕장 방문객"
    with pytest.raises(tk.NotAuthorized):
        act("busan_contest_entry_delete", "neighbour", id=entry["id"])
    freezer.move_to("2026-12-16 03:00:00")
    with pytest.raises(tk.ValidationError):
        act("busan_contest_entry_create", "neighbour", id=contest["id"], title="늦은 작품")
    assert [e["title"] for e in act("busan_contest_show", None, id=contest["id"])["entries"]] == ["해변 혼잡도 앱"]
    act("busan_contest_entry_delete", "citizen", id=entry["id"])
    assert act("busan_contest_show", None, id=contest["id"])["entries"] == []


def test_open_contests_on_the_home_page_and_the_contest_page_in_korean(contest, app, freezer):
    home = BeautifulSoup(app.get("/").body, "html.parser")
    assert [a.get_text(strip=True) for a in home.select(".open-contest a")] == ["2026 부산 공공데이터 활용 공모전"]
    assert "공모전·이벤트" in [a.get_text(strip=True) for a in home.select("header nav a")]
    page = BeautifulSoup(app.get("/contest/data-contest-2026").body, "html.parser")
    assert page.select_one(".contest-phase").get_text(strip=True) == "접수 중"
    assert page.select_one(".contest-datasets a")["href"].endswith("/dataset/beach-visitors")
    freezer.move_to("2026-12-16 03:00:00")
    assert BeautifulSoup(app.get("/").body, "html.parser").select(".open-contest") == []


@pytest.mark.browser
def test_contest_pages_in_the_browser(contest, artifacts_dir):
    act(
        "busan_contest_entry_create",
        "citizen",
        id=contest["id"],
        title="해변 혼잡도 앱",
        url="https://beach.example.kr",
        datasets="beach-visitors",
        description="해수욕장별 혼잡도를 보여 줍니다.",
    )
    out = artifacts_dir / "contests"
    with running_portal() as base:
        run = subprocess.run(
            [
                "node",
                str(BROWSER_DIR / "page_check.mjs"),
                str(out),
                f"home={base}/",
                f"contest={base}/contest/data-contest-2026",
                f"contests={base}/contest",
            ],
            capture_output=True,
            text=True,
            timeout=180,
            check=False,
        )
    assert run.returncode == 0, run.stderr[-2000:]
    pages = json.loads(run.stdout)
    assert pages["contest"]["status"] == 200 and pages["contest"]["h1"][0].startswith(
        "2026 부산 공공데이터 활용 공모전"
    )
    assert pages["contests"]["h1"] == ["공모전·이벤트"]
    for name in ("home", "contest", "contests"):
        assert (out / f"{name}.png").stat().st_size > 10_000


def test_an_entry_can_be_a_published_showcase(contest, app):
    showcase = act(
        "package_create",
        "tour-editor",
        type="showcase",
        name="beach-crowds",
        title="해수욕장 혼잡도 분석",
        notes="방문객 통계로 혼잡 시간대를 분석했습니다.",
        owner_org="busan-tour",
        showcase_datasets=["beach-visitors"],
    )
    with pytest.raises(tk.ValidationError) as e:  # a dataset is not a showcase
        act("busan_contest_entry_create", "tour-editor", id=contest["id"], showcase="beach-visitors")
    assert "showcase" in e.value.error_dict
    entry = act("busan_contest_entry_create", "tour-editor", id=contest["id"], showcase=showcase["name"])
    assert entry["title"] == "해수욕장 혼잡도 분석" and entry["showcase"]["name"] == "beach-crowds"
    page = BeautifulSoup(app.get("/contest/data-contest-2026").body, "html.parser")
    assert page.select_one(".contest-entry-showcase")["href"].endswith("/showcase/beach-crowds")
    act("package_patch", "tour-editor", id=showcase["id"], private=True)
    assert act("busan_contest_show", None, id=contest["id"])["entries"][0]["showcase"] is None  # never leaks


ODD = st.one_of(
    st.none(),
    st.text(max_size=20),
    st.integers(),
    st.booleans(),
    st.lists(st.one_of(st.text(max_size=5), st.integers()), max_size=2),
    st.dictionaries(st.text(max_size=3), st.text(max_size=3), max_size=2),
    st.sampled_from(["", "\x00", "\ud800", "2026-02-30", "beach-visitors", "hidden", "javascript:x", "가" * 300]),
)
CONTEST_FIELDS = ["name", "title", "theme", "starts", "ends", "datasets", "results"]
ENTRY_FIELDS = ["title", "description", "url", "datasets", "showcase"]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_odd_input_is_a_field_error_and_changes_nothing(contest, data):
    action = data.draw(st.sampled_from(["busan_contest_create", "busan_contest_update", "busan_contest_entry_create"]))
    fields = ENTRY_FIELDS if action == "busan_contest_entry_create" else CONTEST_FIELDS
    payload = data.draw(st.fixed_dictionaries({}, optional={f: ODD for f in fields}), label="payload")
    if action != "busan_contest_create":
        payload["id"] = contest["id"]
    user = "citizen" if action == "busan_contest_entry_create" else "portal-admin"
    before = act("busan_contest_show", None, id=contest["id"])
    try:
        act(action, user, **payload)
    except tk.ValidationError as e:
        assert e.error_dict and all(isinstance(m, str) for msgs in e.error_dict.values() for m in msgs)
        assert act("busan_contest_show", None, id=contest["id"]) == before
