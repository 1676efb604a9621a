"""Korean everywhere: the main pages in ko_KR show no English interface text, and CKAN's JS
catalogue for ko_KR carries the strings of the JavaScript modules those pages load."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from ckan.common import config
from ckan.lib.i18n import build_js_translations, get_js_translations_dir

from .js_catalogue import POT, js_messages
from .portal import build_portal, get_page
from .visible import interface_texts, korean_left, untranslated

HANGUL = re.compile("[가-힣]")
# JS msgids whose Korean is the same Latin text
LATIN_AS_IS = {"URL"}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_main_pages_show_no_english_interface_text(app, artifacts_dir):
    portal = build_portal()
    report, seen = {}, {}
    for name, url, user in portal["pages"]:
        resp = get_page(app, url, user)
        # every text of the page, for a reviewer of the Korean wording
        seen[name] = interface_texts(resp.body)
        left = untranslated(resp.body, portal["data"]) if resp.status_code == 200 else [f"HTTP {resp.status_code}"]
        if left:
            report[f"{name} ({url})"] = left
    (artifacts_dir / "i18n-untranslated-ko.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    (artifacts_dir / "i18n-pages-ko.json").write_text(json.dumps(seen, ensure_ascii=False, indent=1))
    assert not report, "English left on Korean pages:\n" + json.dumps(report, ensure_ascii=False, indent=1)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_english_pages_show_no_korean_interface_text(app, artifacts_dir):
    portal = build_portal()
    # content: the test's own, a requester's masked name, the portal's name and about text
    # (ckan.site_title and ckan.site_about), proper names (the boundaries' publisher, the city)
    # and the Korean language in the language switcher
    data = portal["korean"] | {"김**", "국토지리정보원", "부산광역시", "한국어 (대한민국)"}
    data |= {config.get("ckan.site_title"), config.get("ckan.site_about")}
    report = {}
    for name, url, user in portal["pages"]:
        resp = get_page(app, url, user, locale_prefix="/en")
        left = korean_left(resp.body, data) if resp.status_code == 200 else [f"HTTP {resp.status_code}"]
        if left:
            report[f"{name} ({url})"] = left
    (artifacts_dir / "i18n-korean-left-en.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))
    assert not report, "Korean left on English pages:\n" + json.dumps(report, ensure_ascii=False, indent=1)


def test_js_catalogue_lists_the_modules_strings():
    """ckanext-busan.pot names every msgid of the JS modules with its .js file, so CKAN's
    build_js_translations puts it in /api/i18n/ko_KR."""
    with open(POT, "rb") as pot:
        listed = {m.id for m in read_po(pot) if m.id and any(f.endswith(".js") for f, _ in m.locations)}
    missing = set(js_messages()) - listed
    assert not missing, f"run: .local/venv/bin/python -m tests.i18n.js_catalogue ({sorted(missing)})"


def test_js_catalogue_for_korean_has_the_strings_of_the_pages_modules(app, ckan_config):
    # CKAN rebuilds a language's file only when a .po is newer: start from none
    target = Path(get_js_translations_dir()) / "ko_KR.js"
    target.unlink(missing_ok=True)
    build_js_translations()
    served = app.get("/api/i18n/ko_KR").json
    untranslated = {}
    for msgid in js_messages():
        entry = served.get(msgid)
        text = "".join(x for x in (entry or [])[1:] if x)
        if not HANGUL.search(text) and text not in LATIN_AS_IS:
            untranslated[msgid] = text
    assert not untranslated, untranslated


@pytest.mark.usefixtures("clean_db")
def test_password_reset_mail_is_korean(app):
    from ckan import model
    from ckan.lib import mailer
    from ckan.tests import factories

    user = model.User.get(factories.User(name="reader-park")["id"])
    with app.flask_app.test_request_context("/"):
        body = mailer.get_reset_link_body(user)
        subject = mailer.render("emails/reset_password_subject.txt", {"site_title": "부산 데이터 통합 포털"})
    assert "비밀번호 재설정을 요청하셨습니다" in body and "reader-park 님" in body
    assert subject.startswith("비밀번호 재설정 - ")
