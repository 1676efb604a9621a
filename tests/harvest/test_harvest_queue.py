"""The nightly path for real: Redis queues, long-running `ckan harvester gather-consumer` and
`fetch-consumer` processes and `ckan harvester run` (the scheduler's command), against the
local data.go.kr fake. Also a fetch consumer killed with SIGKILL and Redis restarted in the
middle of a job: looping `harvester run` converges and nothing is lost or withdrawn. And a
stuck job times out so that the next night's job can run."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckanext.harvest.model import HarvestJob, HarvestObject

from tests import TEST_INI

from .fake_datagokr import make_records, serve

ROOT = Path(__file__).resolve().parents[2]
CKAN = str(Path(sys.executable).with_name("ckan"))
API_KEY = "queue+test/key=="
ORG_CODES = ("6260000", "3330000")
REDIS_PORT = os.environ.get("BUSAN_REDIS_PORT", "6380")

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def site_context() -> dict:
    return {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}


class Consumers:
    """The two long-running consumer processes, as the docker services run them."""

    def __init__(self, log_dir: Path):
        self.log_dir = log_dir
        self.procs: dict[str, subprocess.Popen] = {}

    def start(self, *kinds: str) -> None:
        env = dict(os.environ, BUSAN_DATAGOKR_API_KEY=API_KEY)
        for kind in kinds:
            log = open(self.log_dir / f"{kind}.log", "a")  # noqa: SIM115 - closed with the process
            self.procs[kind] = subprocess.Popen(
                [CKAN, "-c", str(TEST_INI), "harvester", f"{kind}-consumer"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def kill(self, kind: str) -> None:
        proc = self.procs.pop(kind)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)

    def stop(self) -> None:
        for kind in list(self.procs):
            self.procs[kind].terminate()
            try:
                self.procs[kind].wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.procs[kind].kill()
            del self.procs[kind]


@pytest.fixture
def consumers(tmp_path):
    running = Consumers(tmp_path)
    yield running
    running.stop()


@pytest.fixture
def catalog():
    records = make_records(24, org_codes=ORG_CODES, seed=3)
    with serve(records, api_key=API_KEY) as fake:
        owner = factories.Organization(name="busan-data-team")
        source = tk.get_action("harvest_source_create")(
            site_context(),
            {
                "owner_org": owner["id"],
                "url": fake.base_url,
                "name": "datagokr-queue",
                "title": "공공데이터포털",
                "source_type": "busan_datagokr",
                "frequency": "DAILY",
                "config": json.dumps({"org_codes": list(ORG_CODES), "retry_backoff": 0.01}),
            },
        )
        model.Session.commit()
        yield {"fake": fake, "records": records, "source": source}


def harvester_run() -> None:
    """What the scheduler does every few minutes: start due jobs, resubmit lost objects,
    finish completed jobs."""
    tk.get_action("harvest_jobs_run")(site_context(), {})
    model.Session.commit()


def wait_for_job(job_id: str, seconds: int = 120, between=None) -> HarvestJob:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        model.Session.expire_all()
        harvester_run()
        job = HarvestJob.get(job_id)
        if job.status == "Finished":
            return job
        if between:
            between()
        time.sleep(1)
    pytest.fail(f"job {job_id} did not finish within {seconds} s (status {HarvestJob.get(job_id).status})")


def start_job(source_id: str) -> str:
    job = tk.get_action("harvest_job_create")(site_context(), {"source_id": source_id, "run": True})
    model.Session.commit()
    return job["id"]


def active_harvested() -> set[str]:
    model.Session.expire_all()
    rows = (
        model.Session.query(model.Package.id)
        .join(HarvestObject, HarvestObject.package_id == model.Package.id)
        .filter(HarvestObject.current == True, model.Package.state == "active")  # noqa: E712
    )
    return {r.id for r in rows}


def expected_lists(records) -> int:
    return len({r["list_id"] for r in records})


def test_nightly_run_through_the_real_queue_and_consumers(catalog, consumers):
    consumers.start("gather", "fetch")
    first = wait_for_job(start_job(catalog["source"]["id"]))
    assert len(active_harvested()) == expected_lists(catalog["records"])
    stats = tk.get_action("harvest_job_show")(site_context(), {"id": first.id})["stats"]
    assert stats["added"] == expected_lists(catalog["records"])

    second = wait_for_job(start_job(catalog["source"]["id"]))
    stats = tk.get_action("harvest_job_show")(site_context(), {"id": second.id})["stats"]
    assert stats["not modified"] == expected_lists(catalog["records"]) and stats["updated"] == 0


def restart_redis() -> None:
    subprocess.run(["redis-cli", "-p", REDIS_PORT, "shutdown", "nosave"], check=False, capture_output=True)
    subprocess.run([str(ROOT / "scripts" / "services.sh"), "start"], check=True, capture_output=True, timeout=120)


@pytest.mark.ckan_config("ckanext.busan.harvest.stuck_object_minutes", "0.1")
def test_killed_consumer_and_restarted_redis_lose_nothing(catalog, consumers):
    consumers.start("gather", "fetch")
    wait_for_job(start_job(catalog["source"]["id"]))
    before = active_harvested()
    assert len(before) == expected_lists(catalog["records"])

    # Every record changes at the source, so the next job has work for the fetch consumer.
    for record in catalog["records"]:
        record["desc"] = (record.get("desc") or "") + " (개정)"
    consumers.kill("fetch")
    job_id = start_job(catalog["source"]["id"])
    # gather runs; its objects wait in Redis for a fetch consumer that is gone ...
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        model.Session.expire_all()
        if HarvestJob.get(job_id).gather_finished:
            break
        time.sleep(0.5)
    consumers.start("fetch")
    time.sleep(1.5)
    consumers.kill("fetch")  # ... a new one starts and is killed mid-job ...
    restart_redis()  # ... and Redis restarts, losing the queue.
    consumers.stop()
    consumers.start("gather", "fetch")

    job = wait_for_job(job_id, seconds=240)
    model.Session.expire_all()
    after = active_harvested()
    assert after == before  # nothing lost, nothing withdrawn
    states = {o.state for o in model.Session.query(HarvestObject).filter_by(harvest_job_id=job.id)}
    assert states <= {"COMPLETE", "ERROR"}
    revised = [tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg_id})["notes"] for pkg_id in after]
    assert sum(notes.endswith("(개정)") for notes in revised) >= len(revised) - 1


def test_a_stuck_job_times_out_so_the_next_night_runs(catalog):
    timeout = tk.config.get("ckan.harvest.timeout")
    assert timeout and int(timeout) < 24 * 60 - 60, "a stuck job must end before the next night's run"
    job = HarvestJob(source_id=catalog["source"]["id"], status="Running")
    job.save()
    stuck_since = dt.datetime.utcnow() - dt.timedelta(minutes=int(timeout) + 5)
    job.created = job.gather_started = stuck_since
    obj = HarvestObject(guid="datagokr:stuck", job=job, state="FETCH", gathered=stuck_since)
    obj.fetch_started = stuck_since
    obj.save()
    job.save()
    harvester_run()
    model.Session.expire_all()
    assert HarvestJob.get(job.id).status == "Finished"
    # the next night's job can be created and runs
    next_job = tk.get_action("harvest_job_create")(site_context(), {"source_id": catalog["source"]["id"], "run": False})
    assert next_job["status"] == "New"
