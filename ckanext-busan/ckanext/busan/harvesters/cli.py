"""`ckan busan harvest-report` and `ckan busan harvest-prune`: every error of a harvest job
(the stock job page shows the top 20), a progress bar while a job runs, and pruning of old
harvest objects that no dataset points to."""

from __future__ import annotations

import datetime as dt
import json
import time

import ckan.model as model
import ckan.plugins.toolkit as tk
import click
from sqlalchemy import func

from ckanext.busan.cli import busan
from ckanext.busan.harvesters.base import WARNINGS_KEY
from ckanext.harvest.model import (
    HarvestGatherError,
    HarvestJob,
    HarvestObject,
    HarvestObjectError,
    HarvestObjectExtra,
    HarvestSource,
)


def _source(name_or_id: str) -> HarvestSource:
    source = HarvestSource.get(name_or_id)
    if source is None:
        package = model.Package.get(name_or_id)
        source = HarvestSource.get(package.id) if package is not None else None
    if source is None:
        raise click.ClickException(f"no harvest source {name_or_id!r}")
    return source


def _progress(job: HarvestJob) -> tuple[int, int]:
    counts = dict(
        model.Session.query(HarvestObject.state, func.count(HarvestObject.id))
        .filter(HarvestObject.harvest_job_id == job.id)
        .group_by(HarvestObject.state)
        .all()
    )
    return counts.get("COMPLETE", 0) + counts.get("ERROR", 0), sum(counts.values())


def _follow(job: HarvestJob, interval: float) -> None:
    done, total = _progress(job)
    with click.progressbar(length=max(total, 1), label=f"job {job.id[:8]} ({job.status})") as bar:
        shown = 0
        while True:
            model.Session.expire_all()
            done, total = _progress(job)
            bar.length = max(total, 1)
            bar.update(done - shown)
            shown = done
            if job.status == "Finished" or (job.gather_finished and total and done >= total):
                break
            time.sleep(interval)


@busan.command("harvest-report")
@click.argument("source")
@click.option("--follow", is_flag=True, help="show a progress bar until the running job ends")
@click.option("--interval", default=2.0, show_default=True, help="seconds between progress checks")
def harvest_report(source: str, follow: bool, interval: float):
    """Counts and every error of the latest job of SOURCE (name or id)."""
    src = _source(source)
    job = (
        model.Session.query(HarvestJob)
        .filter(HarvestJob.source_id == src.id)
        .order_by(HarvestJob.created.desc())
        .first()
    )
    if job is None:
        click.echo(f"{src.title or src.url}: no job yet")
        return
    if follow and job.status != "Finished":
        _follow(job, interval)
    context = {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}
    shown = tk.get_action("harvest_job_show")(context, {"id": job.id})
    stats = shown.get("stats", {})
    click.echo(f"{src.title or src.url} — job {job.id} ({job.status}), started {job.created:%Y-%m-%d %H:%M} UTC")
    click.echo(
        "  추가 added {added} · 갱신 updated {updated} · 변경 없음 unchanged {unchanged} · "
        "철회 withdrawn {deleted} · 오류 errors {errored}".format(
            added=stats.get("added", 0),
            updated=stats.get("updated", 0),
            unchanged=stats.get("not modified", 0),
            deleted=stats.get("deleted", 0),
            errored=stats.get("errored", 0),
        )
    )
    for error in model.Session.query(HarvestGatherError).filter_by(harvest_job_id=job.id).order_by("created"):
        click.secho(f"  [gather] {error.message}", fg="red")
    errors = (
        model.Session.query(HarvestObject.guid, HarvestObjectError.stage, HarvestObjectError.message)
        .join(HarvestObjectError, HarvestObjectError.harvest_object_id == HarvestObject.id)
        .filter(HarvestObject.harvest_job_id == job.id)
        .order_by(HarvestObject.guid)
    )
    for guid, stage, message in errors:
        click.secho(f"  [{stage}] {guid}: {message}", fg="red")
    warnings = (
        model.Session.query(HarvestObject.guid, HarvestObjectExtra.value)
        .join(HarvestObjectExtra, HarvestObjectExtra.harvest_object_id == HarvestObject.id)
        .filter(HarvestObject.harvest_job_id == job.id, HarvestObjectExtra.key == WARNINGS_KEY)
        .order_by(HarvestObject.guid)
    )
    for guid, value in warnings:
        for field, field_value, message in json.loads(value):
            click.secho(f"  [warning] {guid}: {field} {field_value!r} dropped: {message}", fg="yellow")


@busan.command("harvest-prune")
@click.option("--older-than", "days", default=30, show_default=True, help="days to keep harvest objects")
@click.option("--batch", default=5000, show_default=True, help="objects deleted per transaction")
def harvest_prune(days: int, batch: int):
    """Delete old harvest objects (and their errors and extras) that no dataset points to:
    a city harvests ~145k records a night. Current objects are always kept."""
    cutoff = dt.datetime.utcnow() - dt.timedelta(days=days)
    query = model.Session.query(HarvestObject.id).filter(
        HarvestObject.current == False,  # noqa: E712
        HarvestObject.gathered < cutoff,
        HarvestObject.state.in_(("COMPLETE", "ERROR")),
    )
    total = query.count()
    removed = 0
    with click.progressbar(length=total, label="pruning harvest objects") as bar:
        while True:
            ids = [row.id for row in query.limit(batch).all()]
            if not ids:
                break
            for table in (HarvestObjectError, HarvestObjectExtra):
                model.Session.query(table).filter(table.harvest_object_id.in_(ids)).delete(synchronize_session=False)
            model.Session.query(HarvestObject).filter(HarvestObject.id.in_(ids)).delete(synchronize_session=False)
            model.Session.commit()
            removed += len(ids)
            bar.update(len(ids))
    click.secho(f"{removed} harvest objects older than {days} days removed", fg="green")
