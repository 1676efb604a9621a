"""Citizen-contributed datasets against real PostgreSQL, Solr and Redis: self-registration with
its abuse controls, submissions that stay private to the contributor and the moderators on
every endpoint until approved, chained auth on the submitter (never a member), moderation with
a reason the contributor reads, resubmission, and the e-mails a local SMTP catcher receives."""

from __future__ import annotations

import re

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from bs4 import BeautifulSoup
from ckan.tests import factories

from ..builders import valid_dataset

pytestmark = pytest.mark.usefixtures("space")


def act(action: str, user: str | None, **data):
    return tk.get_action(action)({"user": user}, data)


def refused(action: str, user: str | None, **data):
    with pytest.raises(tk.NotAuthorized):
        act(action, user, **data)


def submit(user="citizen", **overrides):
    data = valid_dataset(name="busan-benches", title="해운대 해변 벤치 위치", owner_org="busan-citizen", private=False)
    data["resources"] = [{"url": "https://example.kr/benches.csv", "name": "벤치 위치", "format": "CSV"}]
    data.update(overrides)
    return act("package_create", user, **data)


def token(user: str) -> dict:
    return {"Authorization": factories.APIToken(user=user)["token"]}


# ---------------------------------------------------------------- registration
def test_self_registration_waits_for_the_e_mail_link(app, mailbox):
    form = BeautifulSoup(app.get("/user/register").body, "html.parser")
    assert form.find("input", attrs={"name": "homepage_url"}) is not None  # the honeypot is on the form
    created = app.post(
        "/api/3/action/user_create",
        json={"name": "new-citizen", "email": "new@example.kr", "password": "Busan-New-2026!"},
    ).json["result"]
    assert created["state"] == "pending"
    [mail] = mailbox.to("new@example.kr")
    assert "이메일주소확인" in mail["subject"].replace(" ", "")  # header folding may eat a space
    link = re.search(r"https?://\S+/user/verify/\S+", mail["body"]).group(0)
    assert app.get(link.replace("http://test.ckan.net", "").replace("?key=", "?key=wrong"), follow_redirects=False)
    assert model.User.get("new-citizen").state == "pending"
    app.get(link.replace("http://test.ckan.net", ""), follow_redirects=False)
    model.Session.expire_all()
    assert model.User.get("new-citizen").state == "active"
    app.get(link.replace("http://test.ckan.net", ""), follow_redirects=False)  # a second use is harmless


def test_a_filled_honeypot_is_refused_and_creates_nothing(app):
    response = app.post(
        "/api/3/action/user_create",
        json={"name": "bot", "email": "bot@example.kr", "password": "Busan-Bot-2026!", "homepage_url": "http://spam"},
        status=409,
    )
    assert response.json["error"]["registration"] == ["가입을 완료할 수 없습니다."]
    assert model.User.get("bot") is None


@pytest.mark.ckan_config("ckanext.busan.citizen.registrations_per_hour", "2")
def test_registrations_per_address_are_limited(app):
    for n in (1, 2):
        app.post(
            "/api/3/action/user_create",
            json={"name": f"c{n}", "email": f"c{n}@example.kr", "password": "Busan-Citizen-2026!"},
        )
    response = app.post(
        "/api/3/action/user_create",
        json={"name": "c3", "email": "c3@example.kr", "password": "Busan-Citizen-2026!"},
        status=409,
    )
    assert "registration" in response.json["error"] and model.User.get("c3") is None


@pytest.mark.ckan_config("ckanext.busan.citizen.registrations_per_hour", "1")
@pytest.mark.ckan_config("ckanext.busan.citizen.proxy_hops", "1")
def test_behind_the_proxy_each_client_address_has_its_own_limit(app):
    def register(name, forwarded, status=200):
        return app.post(
            "/api/3/action/user_create",
            json={"name": name, "email": f"{name}@example.kr", "password": "Busan-Citizen-2026!"},
            headers={"X-Forwarded-For": forwarded},
            status=status,
        )

    register("first", "203.0.113.1")
    register("second", "203.0.113.2")
    register("third", "9.9.9.9, 203.0.113.1", status=409)  # a forged left entry does not help


def test_sysadmins_and_the_site_still_create_users_without_these_checks():
    user = factories.User(name="made-by-factory", homepage_url="ignored")
    assert user["state"] == "active"


# ---------------------------------------------------------------- submissions stay private
def test_a_submission_is_private_and_the_citizen_is_no_member(space):
    dataset = submit()
    assert dataset["private"] is True and dataset["organization"]["name"] == "busan-citizen"
    assert act("organization_list_for_user", "citizen", permission="read") == []
    assert act("busan_citizen_submission_show", "citizen", id=dataset["id"])["status"] == "pending"
    offered = act("organization_list_for_user", "citizen", permission="create_dataset")
    assert [o["name"] for o in offered] == ["busan-citizen"]  # the form offers the space
    with pytest.raises(tk.NotAuthorized):  # but no other organisation
        submit(name="elsewhere", owner_org="busan-traffic")
    with pytest.raises((tk.NotAuthorized, tk.ValidationError)):  # and datasets only, no harvest source
        act(
            "harvest_source_create",
            "citizen",
            name="citizen-source",
            title="x",
            url="https://example.kr/catalog.rdf",
            source_type="dcat_rdf",
            owner_org="busan-citizen",
        )
    assert tk.get_action("package_search")({"ignore_auth": True}, {"fq": "dataset_type:harvest"})["count"] == 0


def test_unpublished_submissions_reach_only_the_contributor_and_moderators_on_every_endpoint(space, app):
    dataset = submit()
    resource = dataset["resources"][0]
    for user in (None, "neighbour", "traffic-editor"):
        refused("package_show", user, id=dataset["id"])
        refused("resource_show", user, id=resource["id"])
        refused("package_activity_list", user, id=dataset["id"])
        refused("busan_citizen_submission_show", user, id=dataset["id"])
        assert act("package_search", user, q="벤치", include_private=True)["count"] == 0
        assert act("package_search", user, fq="organization:busan-citizen", include_private=True)["count"] == 0
        org = act("organization_show", user, id="busan-citizen", include_datasets=True)
        assert org["packages"] == [] and org["package_count"] == 0
        assert dataset["name"] not in act("package_list", user)
        assert act("current_package_list_with_resources", user) == []
    hidden = (
        f"/dataset/{dataset['name']}",
        f"/dataset/{dataset['name']}/resource/{resource['id']}",
        f"/dataset/{dataset['name']}/resource/{resource['id']}/download",
        f"/dataset/{dataset['id']}.jsonld",
        f"/dataset/{dataset['id']}.ttl",
        f"/dataset/activity/{dataset['name']}",
        f"/api/3/action/package_show?id={dataset['id']}",
    )
    for user in (None, "neighbour", "traffic-editor"):
        headers = token(user) if user else {}
        for url in hidden:
            response = app.get(url, headers=headers, follow_redirects=False)
            assert response.status_code in (403, 404), (user, url, response.status_code)
            assert "해운대 해변 벤치" not in response.get_data(as_text=True)
        for url in (
            "/dataset/?q=벤치",
            "/organization/busan-citizen",
            "/api/3/action/package_search?q=벤치",
            "/catalog.ttl",
        ):
            assert "해운대 해변 벤치" not in app.get(url, headers=headers).get_data(as_text=True), (user, url)
    for user in ("citizen", "moderator"):
        assert act("package_show", user, id=dataset["id"])["title"] == "해운대 해변 벤치 위치"
        assert act("package_search", user, q="벤치", include_private=True)["count"] == 1
        assert app.get(f"/dataset/{dataset['name']}", headers=token(user)).status_code == 200


def test_only_the_contributor_edits_their_submission(space):
    dataset = submit()
    for user in (None, "neighbour", "traffic-editor"):
        refused("package_patch", user, id=dataset["id"], notes="바꿈")
        refused("resource_create", user, package_id=dataset["id"], url="https://example.kr/x.csv")
        refused("package_delete", user, id=dataset["id"])
    patched = act("package_patch", "citizen", id=dataset["id"], notes="의자 120개 위치", private=False)
    assert patched["notes"] == "의자 120개 위치" and patched["private"] is True
    with pytest.raises(tk.ValidationError):  # cannot move it out of the citizen space
        act("package_patch", "citizen", id=dataset["id"], owner_org="busan-traffic")
    act("resource_create", "citizen", package_id=dataset["id"], url="https://example.kr/b.csv", name="추가")
    assert len(act("package_show", "citizen", id=dataset["id"])["resources"]) == 2
    with pytest.raises(tk.ValidationError) as e:  # the Busan schema applies to citizens too
        act("package_patch", "citizen", id=dataset["id"], dept_phone="12")
    assert "dept_phone" in e.value.error_dict


# ---------------------------------------------------------------- moderation
def test_only_moderators_decide_and_a_rejection_needs_a_reason(space, mailbox):
    dataset = submit()
    for user in (None, "citizen", "neighbour", "traffic-editor"):
        refused("busan_citizen_approve", user, id=dataset["id"])
        refused("busan_citizen_reject", user, id=dataset["id"], reason="x")
    refused("busan_citizen_submission_list", None)
    with pytest.raises(tk.ValidationError) as e:
        act("busan_citizen_reject", "moderator", id=dataset["id"], reason=" ")
    assert "reason" in e.value.error_dict
    for odd in ("no-such-dataset", "a\x00b", 7, None):  # never a server error
        with pytest.raises(tk.ObjectNotFound):
            act("busan_citizen_approve", "moderator", id=odd)
        with pytest.raises(tk.ObjectNotFound):
            act("busan_citizen_submission_show", "moderator", id=odd)
    assert [s["status"] for s in act("busan_citizen_submission_list", "moderator")] == ["pending"]
    assert act("busan_citizen_submission_list", "neighbour") == []  # not theirs


def test_reject_fix_resubmit_approve(space, mailbox, app):
    dataset = submit()
    rejected = act("busan_citizen_reject", "moderator", id=dataset["id"], reason="출처와 조사 날짜를 적어 주세요.")
    assert rejected["status"] == "rejected"
    [mail] = mailbox.to("citizen@example.kr")
    assert "반려" in mail["subject"] and "출처와 조사 날짜를 적어 주세요." in mail["body"]
    mine = act("busan_citizen_submission_list", "citizen", mine=True)
    assert [(s["status"], s["reason"]) for s in mine] == [("rejected", "출처와 조사 날짜를 적어 주세요.")]
    page = BeautifulSoup(app.get("/dashboard/citizen", headers=token("citizen")).body, "html.parser")
    row = page.select_one('tr.citizen-submission[data-name="busan-benches"]')
    assert row.select_one(".citizen-status").get_text(strip=True) == "반려"
    assert "출처와 조사 날짜" in row.select_one(".citizen-reason").get_text()

    act("package_patch", "citizen", id=dataset["id"], notes="2026년 11월 현장 조사, 출처: 시민 조사")
    assert act("busan_citizen_submission_show", "moderator", id=dataset["id"])["status"] == "pending"
    assert act("package_search", None, q="벤치")["count"] == 0

    approved = act("busan_citizen_approve", "moderator", id=dataset["id"])
    assert approved["status"] == "approved"
    assert act("package_show", None, id=dataset["id"])["private"] is False
    assert act("package_search", None, q="벤치")["count"] == 1
    refused("package_patch", "citizen", id=dataset["id"], notes="승인 후 수정")  # moderators own it now
    page = BeautifulSoup(app.get("/dataset/busan-benches").body, "html.parser")
    assert "김부산" in page.select_one(".citizen-credit").get_text()
    assert page.select_one(".citizen-status") is None  # the state is for the contributor and moderators
    assert "승인" in mailbox.to("citizen@example.kr")[-1]["subject"]
