"""Harvest messages in Korean and English.

Gather and import run in consumer processes with no request, so CKAN's ``_`` has no
language to pick; the stock job pages show the stored text as it is. Messages are therefore
stored in both languages, Korean first (the portal's language), from this bundle's catalogue.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import Translations

I18N_DIR = Path(__file__).resolve().parents[1] / "i18n"


@cache
def _korean() -> Translations:
    return Translations.load(str(I18N_DIR), ["ko_KR"], domain="ckanext-busan")


def report_text(msgid: str, **params) -> str:
    english = msgid.format(**params)
    korean = _korean().gettext(msgid).format(**params)
    return english if korean == english else f"{korean} ({english})"
