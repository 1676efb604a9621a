"""Running harvest jobs in tests: in-process, as ckanext-harvest's own test helper does
(the real queue and consumers are exercised in test_harvest_queue.py)."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestJob
from ckanext.harvest.tests.lib import run_harvest_job


def harvester(name: str):
    return next(h for h in p.PluginImplementations(IHarvester) if h.info()["name"] == name)


def run_job(source: dict, harvester_name: str | None = None) -> HarvestJob:
    """One job of a harvest source, gather to import; returns the finished job."""
    job = HarvestJob(source_id=source["id"])
    job.save()
    run_harvest_job(job, harvester(harvester_name or source["source_type"]))
    return job


def site_context() -> dict:
    return {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}
