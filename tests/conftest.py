"""Shared fixtures. CKAN's own pytest plugin (ckan.tests.pytest_ckan) is loaded
automatically and reads test.ini (pyproject.toml: --ckan-ini=test.ini)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ckan.plugins import plugin_loaded

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTIFACTS = Path(os.environ.get("BUSAN_TEST_ARTIFACTS", ROOT / "test-artifacts"))

# Plugins whose alembic migrations create tables the portal needs.
MIGRATED_PLUGINS = (
    "activity",
    "harvest",
    "busan_inventory",
    "busan_requests",
    "busan_citizen",
    "busan_contests",
    "busan_governance",
    "busan_privacy",
)


@pytest.fixture(autouse=True)
def load_portal_plugins(request):
    """Every test runs with the portal's plugin list from test.ini (CKAN's pytest plugin
    unloads non-system plugins at session start), except tests of pure functions marked
    `pure`, which need no CKAN at all."""
    if request.node.get_closest_marker("pure") is None:
        request.getfixturevalue("with_plugins")


@pytest.fixture
def clean_db(load_portal_plugins, reset_db, migrate_db_for):
    """CKAN's clean_db plus the extension tables (harvest, activity)."""
    reset_db()
    for plugin in MIGRATED_PLUGINS:
        # a site may run without some plugins (ckan.plugins of its ini): their tables are not needed
        if plugin_loaded(plugin):
            migrate_db_for(plugin)
    _site_user()
    _forget_cached_pages()


def _forget_cached_pages() -> None:
    """The portal's Redis caches (home aggregate, JSON-LD) outlive the database reset: a page
    must not show what an earlier test published."""
    import ckan.plugins.toolkit as tk
    from ckan.lib.redis import connect_to_redis

    redis = connect_to_redis()
    for key in redis.scan_iter(f"{tk.config.get('ckan.site_id')}:busan_*"):
        redis.delete(key)


def _site_user() -> None:
    """CKAN's site user, made now: CKAN's get_site_user creates it on first use, and a portal
    process of the previous test still shutting down may do the same at that moment (the
    unique name then fails one of the two inserts)."""
    from ckan import model
    from ckan.tests.helpers import call_action
    from sqlalchemy.exc import IntegrityError

    for _attempt in range(3):
        try:
            call_action("get_site_user")
            model.Session.commit()
            return
        except IntegrityError:
            model.Session.rollback()


@pytest.fixture
def artifacts_dir() -> Path:
    """Where tests save screenshots and reports for review (git-ignored)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def shared_file(relative: str) -> Path:
    """A file from ../shared (data from outside the project). Missing means the
    checkout is incomplete: fail loudly rather than skip."""
    path = SHARED / relative
    if not path.exists():
        pytest.fail(f"required shared file missing: {path} (the project expects ../shared beside the clone)")
    return path
