"""The Korean catalogues: complete, compiled files in sync, and CKAN's poor choices corrected."""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from ckan.tests import factories

from ..builders import valid_dataset

ROOT = Path(__file__).resolve().parents[2]
# (i18n directory, domain, language) of each catalogue of this project; the English one
# translates the few msgids written in Korean
CATALOGUES = [
    ("ckanext-busan/ckanext/busan/i18n", "ckanext-busan", "ko_KR"),
    ("ckanext-busan/ckanext/busan/i18n", "ckanext-busan", "en"),
    ("ckanext-busan-governance/ckanext/busan_governance/i18n", "ckanext-busan-governance", "ko_KR"),
]


def _frozen(value):
    return tuple(value) if isinstance(value, list | tuple) else value


def _messages(catalog) -> dict:
    return {_frozen(m.id): _frozen(m.string) for m in catalog if m.id}


@pytest.mark.pure
@pytest.mark.parametrize(("folder", "domain", "language"), CATALOGUES)
def test_compiled_catalogue_matches_source(folder, domain, language):
    base = ROOT / folder / language / "LC_MESSAGES" / domain
    with open(f"{base}.po", "rb") as po, open(f"{base}.mo", "rb") as mo:
        hint = f"run: .local/venv/bin/pybabel compile -d {folder} -D {domain}"
        assert _messages(read_po(po)) == _messages(read_mo(mo)), hint


@pytest.mark.pure
@pytest.mark.parametrize(("folder", "domain", "language"), CATALOGUES)
def test_catalogue_is_fully_translated(folder, domain, language):
    """Every msgid has its translation (every plural form), none is fuzzy, none is listed twice."""
    entries = polib.pofile(str(ROOT / folder / language / "LC_MESSAGES" / f"{domain}.po"))
    empty = [e.msgid for e in entries if not (e.msgstr or (e.msgstr_plural and all(e.msgstr_plural.values())))]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    ids = [(e.msgctxt, e.msgid) for e in entries]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    assert (empty, fuzzy, twice) == ([], [], [])


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


PLACEHOLDER = re.compile(r"%\([^)]*\)[sdfr]|%[sdfr]|\{[^{}]*\}")
TAG = re.compile(r"</?([a-zA-Z0-9]+)")


@pytest.mark.pure
@pytest.mark.parametrize(("folder", "domain", "language"), CATALOGUES)
def test_translations_keep_placeholders_and_markup(folder, domain, language):
    """A translation that drops or renames a placeholder fails at render time (KeyError, a 500)."""
    broken = []
    with open(ROOT / folder / language / "LC_MESSAGES" / f"{domain}.po", "rb") as po:
        for message in read_po(po):
            if not message.id:
                continue
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            for text in [message.string] if isinstance(message.string, str) else message.string:
                for pattern in (PLACEHOLDER, TAG):
                    if sorted(set(pattern.findall(msgid))) != sorted(set(pattern.findall(text or ""))):
                        broken.append(msgid)
    assert broken == []
