"""Typo-tolerant dataset autocomplete (chained package_autocomplete) on real Solr."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ..builders import valid_dataset


@pytest.fixture
def centres(clean_db, clean_index):
    org = factories.Organization(name="busan-sahagu", title="부산광역시 사하구")
    other = factories.Organization(name="busan-bukgu", title="부산광역시 북구")
    editor = factories.User()
    outsider = factories.User()
    tk.get_action("organization_member_create")(
        {"ignore_auth": True}, {"id": other["id"], "username": outsider["name"], "role": "editor"}
    )
    tk.get_action("organization_member_create")(
        {"ignore_auth": True}, {"id": org["id"], "username": editor["name"], "role": "editor"}
    )
    public = factories.Dataset(
        **valid_dataset(name="saha-senior-centres", title="부산광역시 사하구_경로당 현황", owner_org=org["id"])
    )
    private = factories.Dataset(
        **valid_dataset(
            name="saha-senior-centres-internal", title="사하구 경로당 내부 점검", owner_org=org["id"], private=True
        )
    )
    return {"public": public, "private": private, "editor": editor, "outsider": outsider}


def complete(q: str, user: dict | None = None) -> list[str]:
    context = {"user": user["name"]} if user else {}
    return [d["name"] for d in tk.get_action("package_autocomplete")(context, {"q": q, "limit": 5})]


def test_a_typo_still_completes(centres):
    assert complete("경노당") == ["saha-senior-centres"]  # 경로당 with one letter wrong


def test_exact_text_still_completes_as_in_ckan(centres):
    assert complete("경로당") == ["saha-senior-centres"]


def test_private_datasets_are_offered_only_to_those_who_may_see_them(centres):
    assert "saha-senior-centres-internal" not in complete("경노당")
    assert "saha-senior-centres-internal" not in complete("경노당", centres["outsider"])
    assert "saha-senior-centres-internal" in complete("경노당", centres["editor"])


def test_unrelated_text_completes_nothing(centres):
    assert complete("도서관") == []


def test_api_answers_odd_input(app, centres):
    for q in ['"', "*:*", "경노당 OR title:x", "{!lucene}x", "a"]:
        resp = app.get("/api/3/action/package_autocomplete", params={"q": q}, status=None)
        assert resp.status_code in (200, 400), (q, resp.body[:300])  # never a server error
