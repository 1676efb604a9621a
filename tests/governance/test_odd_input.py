"""Odd input to the governance actions is a clear refusal (4xx), never an HTTP 500, and changes
nothing: wrong types, empty, huge, decomposed Hangul, lists and objects for every parameter."""

from __future__ import annotations

import unicodedata

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ..builders import valid_dataset

ODD = [
    None,
    "",
    [],
    {},
    ["a", "b"],
    {"x": 1},
    12,
    True,
    "x" * 100_000,
    unicodedata.normalize("NFD", "해운대구"),
    "'; --",
]
ACTIONS = {
    "lineage_show": ["id"],
    "busan_dataset_internal_show": ["id"],
    "busan_dataset_internal_update": ["id", "steward_name", "steward_contact", "privacy_review_notes"],
    "busan_pii_report_show": ["id"],
    "busan_privacy_review": ["id"],
    "busan_access_log_list": ["package_id", "user", "limit", "offset"],
    "busan_governance_dashboard_show": ["id"],
}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_odd_values_for_every_parameter_are_refused_without_a_crash(app):
    admin = factories.SysadminWithToken()
    org = factories.Organization()
    dataset = tk.get_action("package_create")({"user": admin["name"]}, valid_dataset(owner_org=org["id"], name="probe"))
    base = {"id": dataset["id"]}
    crashes = []
    for action, params in ACTIONS.items():
        for param in params:
            for value in ODD:
                body = {**base, param: value}
                resp = app.post(
                    f"/api/3/action/{action}",
                    json=body,
                    headers={"Authorization": admin["token"]},
                    expect_errors=True,
                )
                if resp.status_code >= 500:
                    crashes.append((action, param, repr(value)[:40], resp.status_code))
    assert crashes == []
    # nothing was written by the refused internal-field updates
    shown = tk.get_action("busan_dataset_internal_show")({"user": admin["name"]}, base)
    assert all(len(shown[k]) < 100_000 for k in ("steward_name", "steward_contact", "privacy_review_notes"))
