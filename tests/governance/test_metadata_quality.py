"""Metadata completeness and freshness (busan_metadata_quality): scored from the schema,
indexed for facets and sorting, overdue decided against today at query time, shown on the
dataset page, and reported to organisation admins by e-mail."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
import yaml
from ckan.tests import factories
from click.testing import CliRunner

from ckanext.busan_governance.metadata.cli import freshness_notify
from ckanext.busan_governance.metadata.completeness import completeness
from ckanext.busan_governance.metadata.freshness import due_date, is_overdue

from ..builders import valid_dataset
from ..mail import smtp_catcher

SCHEMA = Path(__file__).resolve().parents[2] / "ckanext-busan/ckanext/busan/schemas/dataset.yaml"
TODAY = dt.date.today()


def _fields() -> list[dict]:
    return yaml.safe_load(SCHEMA.read_text("utf-8"))["dataset_fields"]


# ------------------------------------------------------------------ pure rules
@pytest.mark.pure
def test_required_fields_weigh_more_than_recommended_and_missing_are_listed_by_weight():
    bare = completeness({"title": "t"}, _fields())
    assert bare.band == "low" and bare.missing[0] in {"notes", "category", "dept_name", "resources"}
    required_only = completeness({**valid_dataset(), "resources": [{"url": "http://x"}]}, _fields())
    everything = completeness(
        {
            **valid_dataset(),
            "resources": [{"url": "http://x"}],
            **{f["field_name"]: "x" for f in _fields() if f.get("recommended")},
        },
        _fields(),
    )
    assert bare.score < required_only.score < everything.score == 100
    assert everything.missing == [] and everything.band == "high"
    assert "contact_email" in required_only.missing and "notes" not in required_only.missing
    # fields only the system fills (harvest provenance) are never asked of publishers
    assert "source_system" not in bare.missing


@pytest.mark.pure
def test_due_date_is_the_earlier_of_the_next_date_and_one_cycle_after_the_last_change():
    assert due_date("2030-01-01", 31, "2029-12-20") == dt.date(2030, 1, 1)
    assert due_date("2030-06-01", 31, "2030-01-01T09:00:00") == dt.date(2030, 2, 1)
    assert due_date(None, None, "2030-01-01") is None  # irregular, no next date: never overdue
    assert due_date("not a date", 7, None) is None
    assert is_overdue(TODAY - dt.timedelta(days=1), TODAY) and not is_overdue(TODAY, TODAY)


# ------------------------------------------------------------------ index, search, page
pytestmark_db = pytest.mark.usefixtures("clean_db", "clean_index")


def _create(org, **fields) -> dict:
    user = factories.Sysadmin()
    return tk.get_action("package_create")({"user": user["name"]}, valid_dataset(owner_org=org["id"], **fields))


def _search(**params) -> dict:
    return tk.get_action("package_search")({"ignore_auth": True}, {"include_private": True, **params})


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_completeness_is_indexed_for_facets_filters_and_sorting():
    org = factories.Organization()
    sparse = _create(org, name="sparse")
    rich = _create(
        org,
        name="rich",
        tag_string="주차,교통",
        contact_email="parking@busan.go.kr",
        legal_basis="주차장법",
        collection_method="시스템 연계",
        license_id="kogl-type1",
        temporal_start="2024-01-01",
        temporal_end="2024-12-31",
        provision_type="file",
        resources=[{"url": "http://example.com/parking.csv", "name": "주차장", "format": "CSV"}],
    )
    ranked = _search(q="*:*", sort="metadata_completeness desc")["results"]
    assert [d["name"] for d in ranked] == ["rich", "sparse"]
    result = _search(q="*:*", **{"facet.field": '["metadata_quality"]'})
    labels = {i["name"]: i["display_name"] for i in result["search_facets"]["metadata_quality"]["items"]}
    assert labels.get("low", "").startswith("미흡")
    low = _search(fq="metadata_quality:low")["results"]
    assert [d["name"] for d in low] == ["sparse"]
    assert sparse["id"] != rich["id"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_overdue_is_decided_against_today_not_frozen_at_index_time():
    org = factories.Organization()
    yesterday = (TODAY - dt.timedelta(days=1)).isoformat()
    _create(org, name="late", next_registration_date=yesterday)
    _create(org, name="due-today", next_registration_date=TODAY.isoformat())
    _create(org, name="irregular", update_cycle="irregular", next_registration_date="")
    overdue = _search(fq='freshness:"overdue"')["results"]
    assert [d["name"] for d in overdue] == ["late"]
    current = {d["name"] for d in _search(fq='freshness:"current"')["results"]}
    assert current == {"due-today", "irregular"}
    # the stored value is a date, so tomorrow "due-today" is overdue without any reindex
    stored = _search(fq="name:due-today", fl="freshness_due_date")["results"][0]
    assert str(stored["freshness_due_date"]).startswith(TODAY.isoformat())
    facet = _search(q="*:*", **{"facet.field": '["freshness"]'})["search_facets"]["freshness"]["items"]
    assert {(i["name"], i["display_name"], i["count"]) for i in facet} == {
        ("overdue", "갱신 지연", 1),
        ("current", "최신", 2),
    }


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dataset_page_shows_score_and_freshness_and_missing_fields_only_to_editors(app):
    org = factories.Organization()
    editor = factories.User()
    tk.get_action("organization_member_create")(
        {"ignore_auth": True}, {"id": org["id"], "username": editor["name"], "role": "editor"}
    )
    dataset = _create(org, name="late-page", next_registration_date=(TODAY - dt.timedelta(days=3)).isoformat())
    anonymous = app.get(f"/dataset/{dataset['name']}", headers={"Accept-Language": "ko"}).body
    assert "메타데이터 완전성" in anonymous and "갱신 지연" in anonymous
    assert "보완할 항목" not in anonymous
    as_editor = app.get(f"/dataset/{dataset['name']}", extra_environ={"REMOTE_USER": editor["name"]}).body
    assert "보완할 항목" in as_editor and "담당자 이메일" in as_editor


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_nightly_notice_mails_each_organisations_admins_about_its_overdue_datasets(ckan_config, monkeypatch):
    org = factories.Organization(title="해운대구")
    admin = factories.User(email="admin@haeundae.go.kr")
    tk.get_action("organization_member_create")(
        {"ignore_auth": True}, {"id": org["id"], "username": admin["name"], "role": "admin"}
    )
    _create(org, name="late-beach", title="해수욕장 이용객", next_registration_date="2020-01-01")
    _create(org, name="fresh-beach", title="해수욕장 수질")
    with smtp_catcher() as mail:
        monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{mail.port}")
        # in this process, so that the command sees the catcher's address in the config
        result = CliRunner().invoke(freshness_notify, [])
        assert result.exit_code == 0, result.output
        received = mail.to("admin@haeundae.go.kr")
    assert len(received) == 1, result.output
    assert "갱신 지연 데이터 1건" in received[0]["subject"]
    assert "해수욕장 이용객" in received[0]["body"] and "해수욕장 수질" not in received[0]["body"]
    assert "갱신 지연 1건" in result.output
