"""The Korean catalogue: compiled file in sync, and CKAN's poor choices corrected."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from ckan.tests import factories

from ..builders import valid_dataset

I18N = Path(__file__).resolve().parents[2] / "ckanext-busan/ckanext/busan/i18n/ko_KR/LC_MESSAGES"


def _frozen(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def _messages(catalog) -> dict:
    return {_frozen(m.id): _frozen(m.string) for m in catalog if m.id}


def test_compiled_catalogue_matches_source():
    with open(I18N / "ckanext-busan.po", "rb") as po, open(I18N / "ckanext-busan.mo", "rb") as mo:
        hint = "run: pybabel compile -d ckanext-busan/ckanext/busan/i18n -D ckanext-busan"
        assert _messages(read_po(po)) == _messages(read_mo(mo)), hint


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_private_dataset_is_labelled_비공개(app):
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    dataset = factories.Dataset(**valid_dataset(owner_org=org["id"], private=True, title="내부 자료"))
    token = factories.APIToken(user=user["name"])["token"]
    body = app.get(f"/dataset/{dataset['name']}", headers={"Authorization": token}).body
    assert "비공개" in body
    # CKAN's own catalogue says 개인 ("individual") for Private: never as a label
    assert not re.search(r">\s*개인\s*<", body)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_home_intro_is_korean(app):
    body = app.get("/").body
    assert "부산광역시와 16개 구·군" in body
