"""Strings never marked for translation: the main pages rendered in a pseudo locale (every
msgid accented and bracketed) show no plain Latin interface text."""

from __future__ import annotations

import json

import ckan.lib.i18n as ckan_i18n
import pytest

from .portal import build_portal, get_page
from .pseudo import LOCALE, locale_words, marked_messages, write_catalogue
from .visible import untranslated


@pytest.fixture
def pseudo_app(ckan_config, monkeypatch, tmp_path, make_app):
    """The portal with CKAN's i18n directory replaced by one holding the pseudo catalogue."""
    write_catalogue(tmp_path, marked_messages())
    monkeypatch.setitem(ckan_config, "ckan.i18n_directory", str(tmp_path))
    monkeypatch.setitem(ckan_config, "ckan.locales_offered", ["ko_KR", "en", LOCALE])
    # CKAN keeps the locale lists it found at first use: let it look again
    for cached in ("locales", "locales_dict", "available_locales", "_non_translated_locals"):
        monkeypatch.setattr(ckan_i18n, cached, None)
    return make_app()


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_main_pages_have_no_unmarked_text(pseudo_app, artifacts_dir):
    portal = build_portal()
    # besides the content: Babel's month names, and the portal's English name, which CKAN
    # shows in any language but Korean (ckan.site_description in config/busan.ini)
    data = portal["data"] | locale_words() | {"Busan Data Portal"}
    report = {}
    for name, url, user in portal["pages"]:
        resp = get_page(pseudo_app, url, user, locale_prefix=f"/{LOCALE}")
        assert f'lang="{LOCALE}' in resp.body or resp.status_code != 200, f"{name} not in the pseudo locale"
        left = untranslated(resp.body, data) if resp.status_code == 200 else [f"HTTP {resp.status_code}"]
        if left:
            report[f"{name} ({url})"] = left
    (artifacts_dir / "i18n-unmarked.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    assert not report, "Text not marked for translation:\n" + json.dumps(report, ensure_ascii=False, indent=1)
