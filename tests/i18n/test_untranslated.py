"""Korean everywhere: the main pages in ko_KR show no English interface text, and CKAN's JS
catalogue for ko_KR carries the strings of the JavaScript modules those pages load."""

from __future__ import annotations

import json
import re

import pytest
from ckan.lib.i18n import build_js_translations

from .portal import build_portal, get_page
from .visible import untranslated

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def test_main_pages_show_no_english_interface_text(app, artifacts_dir):
    portal = build_portal()
    report = {}
    for name, url, user in portal["pages"]:
        resp = get_page(app, url, user)
        left = untranslated(resp.body, portal["data"]) if resp.status_code == 200 else [f"HTTP {resp.status_code}"]
        if left:
            report[f"{name} ({url})"] = left
    (artifacts_dir / "i18n-untranslated-ko.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    assert not report, "English left on Korean pages:\n" + json.dumps(report, ensure_ascii=False, indent=1)
