"""Fixtures of the DataStore tests: a real `ckan jobs worker` process on the test site's Redis
queue, uploads into the test site's storage (which the worker reads), an empty DataStore."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from pathlib import Path

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from ckan.tests import factories
from werkzeug.datastructures import FileStorage

from tests import TEST_INI

from ..builders import valid_dataset

ROOT = Path(__file__).resolve().parents[2]
CKAN = str(Path(sys.executable).with_name("ckan"))


@pytest.fixture
def clean_datastore(clean_db):
    """Drops the tables that earlier tests left in the DataStore database."""
    engine = sa.create_engine(tk.config["ckan.datastore.write_url"])
    with engine.begin() as conn:
        names = conn.execute(sa.text("select tablename from pg_tables where schemaname = 'public'")).scalars().all()
        for name in names:
            conn.execute(sa.text(f'drop table if exists "{name}" cascade'))
    engine.dispose()


@pytest.fixture
def worker(clean_datastore, tmp_path):
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
def publisher():
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return {"user": user, "org": org, "token": factories.APIToken(user=user["name"])["token"]}


def act(action: str, user: dict | None, **data):
    return tk.get_action(action)({"user": user["name"] if user else None, "ignore_auth": False}, data)


def new_dataset(publisher: dict, **overrides) -> dict:
    return act("package_create", publisher["user"], **valid_dataset(owner_org=publisher["org"]["id"], **overrides))


def upload(publisher: dict, dataset: dict, data: bytes, filename: str, **fields) -> dict:
    """resource_create with a file, stored under the site's ckan.storage_path (the worker's)."""
    stream = FileStorage(io.BytesIO(data), filename, "upload")
    return act("resource_create", publisher["user"], package_id=dataset["id"], upload=stream, name=filename, **fields)


def wait_for_load(resource_id: str, worker_log: Path, seconds: int = 300) -> dict:
    """The resource's load status once the worker has finished with it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        model.Session.expire_all()  # the worker writes from another process
        try:
            task = tk.get_action("task_status_show")(
                {"ignore_auth": True}, {"entity_id": resource_id, "task_type": "xloader", "key": "xloader"}
            )
        except tk.ObjectNotFound:
            task = {}
        if task.get("state") in ("complete", "error"):
            return {**task, "value": json.loads(task["value"]), "error": json.loads(task["error"])}
        time.sleep(0.5)
    pytest.fail(f"resource {resource_id} not loaded in {seconds}s; worker log:\n{worker_log.read_text()[-3000:]}")
