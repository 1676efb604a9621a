from __future__ import annotations

import pytest

from ..mail import smtp_catcher


@pytest.fixture
def mailbox(ckan_config, monkeypatch):
    """CKAN's mailer pointed at a local SMTP catcher for this test."""
    with smtp_catcher() as catcher:
        monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{catcher.port}")
        yield catcher


@pytest.fixture(autouse=True)
def empty_request_tables(request):
    """CKAN's reset_db drops only CKAN's own tables: start each test without old requests."""
    if "clean_db" in request.fixturenames:
        import ckan.model as model
        import sqlalchemy as sa

        request.getfixturevalue("clean_db")
        model.Session.execute(sa.text("TRUNCATE busan_data_request CASCADE"))
        model.Session.commit()
