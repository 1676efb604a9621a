"""Disclosure classification (공개/부분공개/비공개), internal governance fields visible only to
the dataset's editors, and the access log (접속기록) of who read them or held resources."""

from __future__ import annotations

import json

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ..builders import valid_dataset

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

SECRET = "내부검토메모-CANARY-7f3a"


@pytest.fixture
def org_people():
    org = factories.Organization()
    other_org = factories.Organization()
    editor, outsider, sysadmin = factories.UserWithToken(), factories.User(), factories.Sysadmin()
    member_create = tk.get_action("organization_member_create")
    member_create({"ignore_auth": True}, {"id": org["id"], "username": editor["name"], "role": "editor"})
    member_create({"ignore_auth": True}, {"id": other_org["id"], "username": outsider["name"], "role": "editor"})
    return {"org": org, "editor": editor, "outsider": outsider, "sysadmin": sysadmin}


def _create(user, org, **fields):
    return tk.get_action("package_create")({"user": user["name"]}, valid_dataset(owner_org=org["id"], **fields))


def test_not_disclosed_is_private_whatever_the_caller_sends(org_people):
    editor, org = org_people["editor"], org_people["org"]
    closed = _create(editor, org, name="closed-set", security_classification="closed", private=False)
    assert closed["private"] is True
    opened = _create(editor, org, name="open-set")
    assert opened["private"] is False and opened["security_classification"] == "open"
    patched = tk.get_action("package_patch")(
        {"user": editor["name"]}, {"id": opened["id"], "security_classification": "closed"}
    )
    assert patched["private"] is True


def test_partly_disclosed_must_say_what_why_and_how_to_request(app, org_people):
    editor, org = org_people["editor"], org_people["org"]
    body = valid_dataset(owner_org=org["id"], name="partial-set", security_classification="partial")
    resp = app.post(
        "/api/3/action/package_create",
        json=body,
        headers={"Authorization": editor["token"]},
        status=409,
    )
    errors = resp.json["error"]
    assert set(errors) - {"__type"} == {"withheld_scope", "withheld_legal_ground", "withheld_request_info"}
    assert "부분공개" in errors["withheld_scope"][0]
    assert model.Package.get("partial-set") is None  # nothing half-created
    body.update(
        withheld_scope="개인 식별 정보 열",
        withheld_legal_ground="oia-9-1-6",
        withheld_request_info="정보공개포털(open.go.kr)에서 청구",
    )
    created = _create(editor, org, **{k: v for k, v in body.items() if k != "owner_org"})
    assert created["private"] is False and created["withheld_legal_ground"] == "oia-9-1-6"


def test_internal_fields_only_for_editors_and_never_in_the_dataset_record(app, org_people):
    editor, outsider, org = org_people["editor"], org_people["outsider"], org_people["org"]
    dataset = _create(editor, org, name="with-internal")
    update = tk.get_action("busan_dataset_internal_update")
    update({"user": editor["name"]}, {"id": dataset["id"], "steward_name": "김담당", "privacy_review_notes": SECRET})
    # a change of the dataset afterwards must not carry the notes into activity or the index
    tk.get_action("package_patch")({"user": editor["name"]}, {"id": dataset["id"], "notes": "설명 변경"})

    shown = tk.get_action("busan_dataset_internal_show")({"user": editor["name"]}, {"id": dataset["id"]})
    assert shown["privacy_review_notes"] == SECRET
    for user in (outsider["name"], ""):
        with pytest.raises(tk.NotAuthorized):
            tk.get_action("busan_dataset_internal_show")({"user": user}, {"id": dataset["id"]})
        app.get(f"/dataset/{dataset['name']}/internal", extra_environ={"REMOTE_USER": user} if user else {}, status=403)

    assert SECRET in app.get(f"/dataset/{dataset['name']}", extra_environ={"REMOTE_USER": editor["name"]}).body
    for env in ({"REMOTE_USER": outsider["name"]}, {}):
        assert SECRET not in app.get(f"/dataset/{dataset['name']}", extra_environ=env).body
    # the dataset record, its index entry, activity and changes never hold internal fields
    places = [
        json.dumps(tk.get_action("package_show")({"user": editor["name"]}, {"id": dataset["id"]})),
        app.get("/api/3/action/package_search", params={"q": "*:*", "fl": "*"}).body,
        app.get("/api/3/action/package_search", params={"q": SECRET}).body,
        json.dumps(tk.get_action("package_activity_list")({"user": editor["name"]}, {"id": dataset["id"]})),
        app.get(f"/dataset/activity/{dataset['name']}", extra_environ={"REMOTE_USER": editor["name"]}).body,
    ]
    activity_id = tk.get_action("package_activity_list")({"user": editor["name"]}, {"id": dataset["id"]})[0]["id"]
    places.append(app.get(f"/dataset/changes/{activity_id}", extra_environ={"REMOTE_USER": editor["name"]}).body)
    for place in places:
        assert SECRET not in place


def test_reads_of_internal_fields_and_held_resources_are_logged_for_sysadmins(app, org_people):
    editor, outsider, sysadmin, org = (org_people[k] for k in ("editor", "outsider", "sysadmin", "org"))
    held = _create(
        editor,
        org,
        name="held-set",
        private=True,
        resources=[{"url": "http://example.com/held.csv", "name": "보류 자료", "format": "CSV"}],
    )
    resource_id = held["resources"][0]["id"]
    tk.get_action("busan_dataset_internal_show")({"user": editor["name"]}, {"id": held["id"]})
    app.get(f"/dataset/{held['name']}/resource/{resource_id}", extra_environ={"REMOTE_USER": editor["name"]})
    app.get(
        f"/dataset/{held['name']}/resource/{resource_id}", extra_environ={"REMOTE_USER": outsider["name"]}, status=404
    )

    log = tk.get_action("busan_access_log_list")({"user": sysadmin["name"]}, {"package_id": held["id"]})
    actions = {(e["user"], e["action"]) for e in log["results"]}
    assert (editor["name"], "internal_show") in actions
    assert (editor["name"], "resource_read") in actions
    assert not any(e["user"] == outsider["name"] for e in log["results"])  # refused reads showed nothing
    with pytest.raises(tk.NotAuthorized):
        tk.get_action("busan_access_log_list")({"user": editor["name"]}, {})
    page = app.get("/ckan-admin/access-log", extra_environ={"REMOTE_USER": sysadmin["name"]}).body
    assert "internal_show" in page
    app.get("/ckan-admin/access-log", extra_environ={"REMOTE_USER": editor["name"]}, status=403)
