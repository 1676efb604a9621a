"""An uploaded table with personal information holds its dataset private (and its DataStore
load) until an organisation admin reviews it; a clean table loads as usual. Real worker."""

from __future__ import annotations

import time

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ..datastore.conftest import wait_for_load
from .conftest import act, new_dataset, upload
from .test_pii import OLD_RRN


def _scanned(owner: dict, dataset_id: str, seconds: int = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        model.Session.expire_all()
        report = act("busan_pii_report_show", owner["user"], id=dataset_id)
        if report["scans"] and all(s["status"] != "pending" for s in report["scans"]):
            return report
        time.sleep(0.5)
    pytest.fail("the personal-information scan did not finish")


def test_personal_information_holds_the_dataset_until_an_admin_reviews(worker, publisher, app):
    admin = factories.User()
    tk.get_action("organization_member_create")(
        {"ignore_auth": True}, {"id": publisher["org"]["id"], "username": admin["name"], "role": "admin"}
    )
    dataset = new_dataset(publisher, name="visitors-with-ids")
    rrn = f"{OLD_RRN[:6]}-{OLD_RRN[6:]}"
    data = f"성명,주민등록번호,방문일\n홍길동,{rrn},2024-01-02\n김영희,{rrn},2024-01-03\n".encode()
    resource = upload(publisher, dataset, data, "visitors.csv", format="CSV")

    report = _scanned(publisher, dataset["id"])
    assert report["held"] is True, report
    finding = report["scans"][0]["findings"]["columns"][0]
    assert finding["column"] == "주민등록번호" and finding["findings"][0]["count"] == 2
    assert OLD_RRN[6:] not in str(report)  # masked samples only
    model.Session.expire_all()
    assert model.Package.get(dataset["id"]).private is True
    with pytest.raises(tk.NotAuthorized):
        tk.get_action("package_show")({"user": ""}, {"id": dataset["id"]})
    page = app.get(f"/dataset/{dataset['name']}", extra_environ={"REMOTE_USER": publisher["user"]["name"]}).body
    assert "개인정보" in page and OLD_RRN[6:] not in page
    with pytest.raises(tk.ObjectNotFound):  # the load waits for the review
        tk.get_action("datastore_search")({"ignore_auth": True}, {"resource_id": resource["id"]})

    with pytest.raises(tk.NotAuthorized):
        act("busan_privacy_review", publisher["user"], id=dataset["id"])  # editors cannot release
    released = act("busan_privacy_review", admin, id=dataset["id"])
    assert released["held"] is False
    model.Session.expire_all()
    assert tk.get_action("package_show")({"user": ""}, {"id": dataset["id"]})["private"] is False
    assert wait_for_load(resource["id"], worker)["state"] == "complete"


def test_a_clean_table_is_scanned_and_loads(worker, publisher):
    dataset = new_dataset(publisher, name="clean-visitors")
    resource = upload(publisher, dataset, "방문일,방문객\n2024-01-02,120\n".encode(), "clean.csv", format="CSV")
    report = _scanned(publisher, dataset["id"])
    assert report["held"] is False and report["scans"][0]["findings"]["columns"] == []
    assert wait_for_load(resource["id"], worker)["state"] == "complete"
