"""busan_harvest_ops: operating ckanext-harvest at city scale, for every harvester.

- ``harvest_jobs_run`` (what ``ckan harvester run`` calls) is chained: objects stuck in
  FETCH/IMPORT with no progress for ``ckanext.busan.harvest.stuck_object_minutes`` (a killed
  consumer, a Redis restart that lost the object's in-flight key) are put back to WAITING, so
  ckanext-harvest's own resubmission sends them to the fetch queue again instead of holding
  the job until ``ckan.harvest.timeout``. Imports are idempotent (create or update by GUID),
  so a repeated object does no harm; after five attempts ckanext-harvest marks it ERROR.
- ``ckan busan harvest-report`` / ``harvest-prune`` (cli.py) and the "last harvested" helper.
"""

from __future__ import annotations

import datetime as dt
import logging

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from sqlalchemy import func

from ckanext.busan.harvesters import helpers
from ckanext.busan.harvesters.cli import busan
from ckanext.harvest.model import HarvestJob, HarvestObject

log = logging.getLogger(__name__)


def requeue_stuck_objects(minutes: float) -> int:
    """Put objects of running jobs that have made no progress for `minutes` back to WAITING."""
    cutoff = dt.datetime.utcnow() - dt.timedelta(minutes=minutes)
    started = func.coalesce(HarvestObject.import_started, HarvestObject.fetch_started, HarvestObject.gathered)
    stuck = (
        model.Session.query(HarvestObject)
        .join(HarvestJob, HarvestJob.id == HarvestObject.harvest_job_id)
        .filter(HarvestJob.status == "Running", HarvestObject.state.in_(("FETCH", "IMPORT")), started < cutoff)
        .all()
    )
    for obj in stuck:
        obj.state = "WAITING"
    if stuck:
        model.Session.commit()
        log.warning("requeued %d harvest objects stuck for over %s minutes", len(stuck), minutes)
    return len(stuck)


@tk.chained_action
def harvest_jobs_run(original_action, context, data_dict):
    requeue_stuck_objects(float(tk.config.get("ckanext.busan.harvest.stuck_object_minutes")))
    return original_action(context, data_dict)


@tk.blanket.config_declarations
@tk.blanket.helpers(helpers)
@tk.blanket.actions({"harvest_jobs_run": harvest_jobs_run})
class BusanHarvestOpsPlugin(p.SingletonPlugin):
    p.implements(p.IClick)

    def get_commands(self):
        return [busan]
