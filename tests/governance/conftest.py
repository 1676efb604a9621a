"""Fixtures of the governance tests that run CKAN: the sample dictionary imported, a real
`ckan jobs worker`, a publisher with an organisation, uploads into the site's storage."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from pathlib import Path

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from werkzeug.datastructures import FileStorage

from tests import TEST_INI

from ..builders import valid_dataset
from .helpers import SAMPLE

ROOT = Path(__file__).resolve().parents[2]
CKAN = str(Path(sys.executable).with_name("ckan"))
CODES = SAMPLE.parent / "codes"


@pytest.fixture
def clean_governance(clean_db):
    """Empties this extension's tables (CKAN's reset only empties its own once they exist)."""
    from ckanext.busan_governance.model import metadata

    with model.Session.connection().begin_nested():
        for table in reversed(metadata.sorted_tables):
            model.Session.execute(table.delete())
    model.Session.commit()


@pytest.fixture
def standards(clean_governance):
    """The shipped sample dictionary and code list, imported."""
    from ckanext.busan_governance import store
    from ckanext.busan_governance.standards.reader import read_standards

    store.import_standards(read_standards([SAMPLE]))
    store.import_codes(sorted(CODES.glob("*.csv")))


@pytest.fixture
def worker(standards, clean_index, tmp_path):
    """`ckan jobs worker` as the demo and docker run it, on an emptied default queue."""
    from ckan.lib.jobs import get_queue

    get_queue().empty()
    log_path = tmp_path / "worker.log"
    with open(log_path, "a") as log:
        proc = subprocess.Popen(
            [CKAN, "-c", str(TEST_INI), "jobs", "worker"], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    yield log_path
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def publisher(clean_db):
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return {"user": user, "org": org}


def act(action: str, user: dict | None, **data):
    return tk.get_action(action)({"user": user["name"] if user else None, "ignore_auth": False}, data)


def new_dataset(publisher: dict, **overrides) -> dict:
    return act("package_create", publisher["user"], **valid_dataset(owner_org=publisher["org"]["id"], **overrides))


def upload(publisher: dict, dataset: dict, data: bytes, filename: str, **fields) -> dict:
    stream = FileStorage(io.BytesIO(data), filename, "upload")
    return act("resource_create", publisher["user"], package_id=dataset["id"], upload=stream, name=filename, **fields)


def wait_for_report(resource_id: str, worker_log: Path, seconds: int = 120, after: str | None = None) -> dict:
    """The resource's newest finished report (newer than report ``after``), once the worker wrote it."""
    from ckanext.busan_governance import jobs

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        model.Session.remove()  # the worker writes from another process
        report = jobs.latest(resource_id)
        if report and report["status"] in ("done", "error") and report["id"] != after:
            return report
        time.sleep(0.3)
    pytest.fail(f"no quality report for {resource_id} in {seconds}s; worker log:\n{worker_log.read_text()[-3000:]}")
