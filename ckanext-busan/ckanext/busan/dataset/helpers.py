"""Template helpers of busan_dataset (registered by tk.blanket.helpers)."""

from __future__ import annotations

import datetime as dt

import ckan.plugins.toolkit as tk

from ckanext.busan.dataset import rules
from ckanext.busan.dataset.codelists import codelist, licenses, prefers_english


def busan_codelist_choices(field: dict) -> list[dict]:
    """scheming `choices_helper`: the choices of the code list named by the field's `codelist`."""
    return [c.as_choice() for c in codelist(field["codelist"])]


def busan_license_title(license_id: str, default: str = "") -> str:
    """Licence title in the current language (licenses.json has Korean and English)."""
    for lic in licenses():
        if lic["id"] == license_id:
            return lic["title_en"] if prefers_english(tk.h.lang()) else lic["title"]
    return default or license_id


def busan_is_overdue(next_date: str | None) -> bool:
    """갱신 지연: the next registration date has passed (judged today, never stored)."""
    return rules.is_overdue(next_date, dt.date.today())
