from __future__ import annotations

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.tests import factories

from ..mail import smtp_catcher

PASSWORD = "Busan-Citizen-2026"


@pytest.fixture
def mailbox(ckan_config, monkeypatch):
    """CKAN's mailer pointed at a local SMTP catcher for this test."""
    with smtp_catcher() as catcher:
        monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{catcher.port}")
        yield catcher


@pytest.fixture
def space(clean_db, clean_index, clean_redis):
    """The citizen space with its moderator, two citizens outside any organisation, and an
    editor of another organisation."""
    model.Session.execute(sa.text("TRUNCATE busan_citizen_submission"))
    model.Session.commit()
    people = {
        name: factories.User(name=name, fullname=full, email=f"{name}@example.kr", password=PASSWORD)
        for name, full in (
            ("citizen", "김부산"),
            ("neighbour", "이해운"),
            ("moderator", "시민데이터 담당"),
            ("traffic-editor", "교통 편집자"),
        )
    }
    people["org"] = factories.Organization(
        name="busan-citizen", title="시민 참여 데이터", users=[{"name": "moderator", "capacity": "editor"}]
    )
    people["traffic"] = factories.Organization(
        name="busan-traffic", title="교통국", users=[{"name": "traffic-editor", "capacity": "editor"}]
    )
    return people
