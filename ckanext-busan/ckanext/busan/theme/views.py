"""The footer's legal pages: 개인정보처리방침 (/privacy) and 이용약관 (/terms)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
from flask import Blueprint

busan_theme = Blueprint("busan_theme", __name__)


def _page(name: str):
    # The texts are legal documents: one template per language rather than hundreds of msgids.
    lang = "en" if (tk.h.lang() or "").startswith("en") else "ko"
    return tk.render(f"busan_theme/{name}_{lang}.html", extra_vars={"legal": tk.h.busan_legal()})


@busan_theme.route("/privacy")
def privacy():
    return _page("privacy")


@busan_theme.route("/terms")
def terms():
    return _page("terms")
