"""The loading job: PostgreSQL's COPY of the file into a staging table, then the Korean typing
rules of ``table.py`` applied set-based (``sql.py``, ``load.py``) into a typed DataStore table.

``xloader_submit`` (chained in plugin.py) queues ``load_resource`` on CKAN's Redis queue; the
worker (``ckan jobs worker``) runs it. It keeps ckanext-xloader's task status
(task_type/key ``xloader``) so xloader's badge and DataStore tab show the state, with a Korean
message for a file that cannot be loaded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import socket
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

import ckan.plugins.toolkit as tk
import psycopg2
import requests
from ckan import model
from ckan.lib import uploader
from ckan.plugins import PluginImplementations

from ckanext.busan.dataset.encoding import SAMPLE_BYTES, detect_encoding
from ckanext.busan.datastore import quotes
from ckanext.busan.datastore.load import (
    Staging,
    complete,
    empty_target,
    fill,
    ids_after_rows,
    sampled_type,
    step,
    stream_copy,
)
from ckanext.busan.datastore.table import TableError, plan_table, prepare_table, remote_url_refusal

log = logging.getLogger(__name__)

TASK = {"entity_type": "resource", "task_type": "xloader", "key": "xloader"}
FORMATS = ("csv", "tsv", "xlsx", "xls")


def loadable(resource: dict) -> bool:
    """A table file; not a resource whose data lives only in the DataStore (written through
    the DataStore API: datastore_create with a ``resource`` creates it without a URL first)."""
    if resource.get("url_type") in ("datastore", "datapusher", "xloader"):
        return False
    if (resource.get("url") or "").endswith("_datastore_only_resource"):
        return False
    return (resource.get("format") or "").strip().lower().lstrip(".") in FORMATS


def set_status(resource_id: str, state: str, value: dict | None = None, error: dict | None = None) -> None:
    context = {"session": model.meta.create_local_session(), "ignore_auth": True}
    task = dict(
        TASK,
        entity_id=resource_id,
        state=state,
        last_updated=str(dt.datetime.utcnow()),
        value=json.dumps(value or {}),
        error=json.dumps(error or {}),
    )
    with contextlib.suppress(tk.ObjectNotFound):
        task["id"] = tk.get_action("task_status_show")(context, {"entity_id": resource_id, **TASK})["id"]
    tk.get_action("task_status_update")(context, task)
    context["session"].close()


def error_payload(error: TableError) -> dict:
    """The message in the site's language for xloader's DataStore tab (which shows it as it
    is), plus the msgid and parameters our resource page translates for each reader."""

    def translate():
        return tk._(error.message).format(**error.params)

    try:
        message = in_site_language(translate)
    except Exception:  # never lose the error itself over its translation
        message = str(error)
    return {"message": message, "busan": {"msgid": error.message, "params": error.params}}


def submit(resource: dict) -> bool:
    """Queue the load of ``resource`` (called by the chained ``xloader_submit``)."""
    if not loadable(resource) or not _others_allow(resource["id"]):
        return False
    job = tk.enqueue_job(
        load_resource,
        [resource["id"]],
        title=f"busan_datastore load {resource['id']}",
        rq_kwargs={"timeout": int(tk.config.get("ckanext.xloader.job_timeout") or 3600)},
    )
    set_status(resource["id"], "pending", {"job_id": job.id})
    return True


def _others_allow(resource_id: str) -> bool:
    """ckanext-xloader's IXloader.can_upload, which this submit replaces: another plugin may
    hold a load back (busan_privacy waits for its personal-information scan)."""
    try:
        from ckanext.xloader.interfaces import IXloader
    except ImportError:
        return True
    return all(plugin.can_upload(resource_id) for plugin in PluginImplementations(IXloader))


def _site_context() -> dict:
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"ignore_auth": True, "user": user["name"]}


def _throttle(host: str) -> None:
    """At most one download per host every ``remote_interval_seconds`` across workers."""
    from ckan.lib.redis import connect_to_redis

    interval = float(tk.config.get("ckanext.busan.datastore.remote_interval_seconds") or 0)
    if interval <= 0:
        return
    redis = connect_to_redis()
    key = f"{tk.config.get('ckan.site_id')}:busan_datastore:host:{host}"
    while not redis.set(key, "1", nx=True, px=int(interval * 1000)):
        time.sleep(min(interval, 0.5))


def _download(url: str, target) -> None:
    from urllib.parse import urlsplit

    host = urlsplit(url).hostname or ""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)} if host else set()
    except socket.gaierror:
        addresses = set()
    allowed = tk.aslist(tk.config.get("ckanext.busan.datastore.allowed_hosts"))
    refusal = remote_url_refusal(url, allowed, addresses)
    if refusal:
        raise refusal
    _throttle(host)
    limit = int(tk.config.get("ckanext.xloader.max_content_length") or 1_000_000_000)
    try:
        # No redirects: a redirect could lead to a host that was never checked.
        with requests.get(url, stream=True, timeout=60, allow_redirects=False) as response:
            response.raise_for_status()
            size = 0
            for chunk in response.iter_content(1024 * 1024):
                size += len(chunk)
                if size > limit:
                    raise TableError("The file is larger than {limit} bytes and is not loaded.", limit=limit)
                target.write(chunk)
    except requests.RequestException as error:
        raise TableError("The file could not be downloaded from {url}: {detail}", url=url, detail=str(error)) from None


def _source_file(resource: dict) -> tuple[str, bool]:
    """(path, is_temporary) of the resource's file: the upload itself, or a download."""
    if resource.get("url_type") == "upload":
        path = uploader.get_resource_uploader(resource).get_path(resource["id"])
        if not os.path.exists(path):
            raise TableError("The uploaded file is missing from the storage.")
        return path, False
    handle = tempfile.NamedTemporaryFile(delete=False, suffix=".download")  # noqa: SIM115 - outlives the call
    try:
        with handle:
            _download(resource.get("url") or "", handle)
    except BaseException:
        os.unlink(handle.name)
        raise
    return handle.name, True


def _encoding_of(resource: dict, path: str) -> str | None:
    # busan_dataset detected it on upload; harvested files are detected here the same way.
    if resource.get("encoding"):
        return resource["encoding"]
    with open(path, "rb") as handle:
        return detect_encoding(handle.read(SAMPLE_BYTES))


def _kept_notes(resource_id: str) -> dict:
    """Descriptions a publisher wrote in the data dictionary, kept across reloads."""
    try:
        info = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return {}
    return {f["id"]: f.get("info") or {} for f in info.get("fields", [])}


def _create_table(resource_id: str, columns: list[dict]) -> None:
    """The typed, empty DataStore table with its data dictionary (labels, type overrides, and
    what publishers and busan_governance wrote there before a reload)."""
    context = _site_context()
    kept = _kept_notes(resource_id)
    with contextlib.suppress(tk.ObjectNotFound):
        tk.get_action("datastore_delete")(dict(context), {"resource_id": resource_id, "force": True})
    fields = []
    for column in columns:
        # notes, label and the governance keys (standard term, domain, key, personal data)
        info = {
            k: v
            for k, v in kept.get(column["id"], {}).items()
            if (k in ("notes", "label") or k.startswith("busan_")) and v
        }
        info.setdefault("label", column["label"])
        if column["type"] != "text":
            info["type_override"] = column["type"]
        fields.append({"id": column["id"], "type": column["type"], "info": info})
    tk.get_action("datastore_create")(
        dict(context), {"resource_id": resource_id, "force": True, "fields": fields, "records": None}
    )


def _staged_copy(engine, path: str, plan, workers: int, timings: dict):
    """A staging table holding the file as COPY read it, or None when COPY refused it or
    would read its quotes otherwise than Python's csv (checked in Python beside the COPY)."""
    staging = Staging(engine, len(plan.columns), workers, timings)

    def check_quotes() -> bool:
        with step(staging.timings, "quote check"):
            return quotes.file_reads_alike(path, plan.delimiter)

    with ThreadPoolExecutor(max_workers=1) as pool:
        alike = pool.submit(check_quotes)
        copied = staging.copy(path, plan.delimiter, plan.copy_encoding)
        read_alike = alike.result()
    if copied and read_alike:
        return staging
    if copied:
        log.info("busan_datastore: a quote inside a value; reading the file in Python")
    staging.close()
    return None


def _python_staging(engine, source: str, resource: dict, encoding: str | None, workers: int, timings: dict):
    """The file read by the Python pass of ``table.py`` (which also gives the exact Korean
    message for a broken file) into a staging table: (staging, columns, candidates, encoding)."""
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", suffix=".csv", delete=False) as out:
        prepared = out.name
    try:
        with open(prepared, "w", encoding="utf-8", newline="") as out:
            table = prepare_table(source, resource.get("format"), encoding, out)
        columns = table.columns
        candidates = [set() if c["type"] == "text" else {c["type"]} for c in columns]
        staging = Staging(engine, len(columns), workers, timings)
        if not staging.copy(prepared, ",", "UTF8"):
            staging.close()
            raise TableError("The file could not be loaded into the DataStore: {detail}", detail="COPY")
        return staging, columns, candidates, table.encoding
    finally:
        os.unlink(prepared)


def _into_new_table(engine, resource_id: str, columns: list[dict], timings: dict) -> list[str]:
    """The DataStore table made again, empty, ready for rows; the indexes it will need."""
    with step(timings, "create"):
        _create_table(resource_id, columns)
        return empty_target(engine, resource_id)


def _typed_rows(
    engine, staging: Staging, resource_id: str, columns: list[dict], candidates, sample_holds: bool
) -> tuple:
    """The rows into a new DataStore table typed as the sample suggests (unless it is known not
    to hold). When a value further down is not of its column's type, the types are checked over
    whole columns and the table made again with the types that hold. Returns (rows, columns,
    the indexes to make)."""

    def into_new_table(typed: list[dict], guarded: bool) -> tuple:
        indexes = _into_new_table(engine, resource_id, typed, staging.timings)
        return fill(engine, staging, resource_id, typed, guarded), typed, indexes

    if sample_holds:
        try:
            sampled = [dict(c, type=sampled_type(kinds)) for c, kinds in zip(columns, candidates, strict=True)]
            return into_new_table(sampled, guarded=True)
        except psycopg2.DataError as error:
            log.info("busan_datastore: %s is unlike its sample (%s); checking whole columns", resource_id, error)
    types = staging.check(candidates)
    return into_new_table([dict(column, type=kind) for column, kind in zip(columns, types, strict=True)], guarded=False)


def _streamed(engine, source: str, plan, resource_id: str, workers: int, timings: dict) -> tuple | None:
    """The fast path: the file read and typed by Arrow as the sample suggests, streamed into
    the new DataStore table by COPY. (rows, columns, indexes, last line), or None when Arrow
    cannot read the file as Python would; ``UnlikeSample`` when a value further down is not of
    its column's sampled type. Either way the set-based path then makes the table again."""
    from ckanext.busan.datastore import arrow_typing

    kinds = [
        sampled_type(candidates) if seen else arrow_typing.EMPTY
        for candidates, seen in zip(plan.candidates, plan.seen, strict=True)
    ]
    # a column without a value in the whole file is text, as the rules type it
    columns = [
        dict(column, type="text" if kind == arrow_typing.EMPTY else kind)
        for column, kind in zip(plan.columns, kinds, strict=True)
    ]
    indexes = _into_new_table(engine, resource_id, columns, timings)
    typed = arrow_typing.TypedCsv(source, kinds, plan.delimiter, plan.codec)
    try:
        with step(timings, "typed copy"):
            stream_copy(engine, resource_id, columns, typed, workers)
    except arrow_typing.UNREADABLE as error:
        log.info("busan_datastore: %s not read on the fast path (%s)", resource_id, error)
        return None
    except psycopg2.DataError as error:  # PostgreSQL refused a value: an impossible date
        raise arrow_typing.UnlikeSample(0, f"of its type ({error})") from error
    ids_after_rows(engine, resource_id)
    return typed.rows, columns, indexes, typed.lines


def _set_based(
    engine, source: str, plan, resource: dict, encoding: str | None, sample_holds: bool, workers: int, timings: dict
) -> tuple:
    """The set-based path in PostgreSQL: COPY of the file into a staging table (or the
    Python pass's CSV, typed from every value), typed ``INSERT … SELECT``. (rows, columns,
    indexes, last line, encoding)."""
    columns, candidates = plan.columns, plan.candidates
    staging = _staged_copy(engine, source, plan, workers, timings) if plan.copy_encoding else None
    if staging is None:
        staging, columns, candidates, encoding = _python_staging(engine, source, resource, encoding, workers, timings)
        sample_holds = True
    with staging:
        rows, columns, indexes = _typed_rows(engine, staging, resource["id"], columns, candidates, sample_holds)
        return rows, columns, indexes, staging.rows, encoding


def _load(resource: dict, source: str, encoding: str | None, served=None) -> dict:
    """The file into the DataStore. CSV/TSV in UTF-8 or CP949 is read and typed by Arrow and
    streamed into the table by COPY (``_streamed``); when a value is unlike the sample's types
    or Arrow cannot read the file as Python would, PostgreSQL types it set-based (COPY into a
    staging table, then casts); XLSX/XLS and other encodings go through the Python pass of
    ``table.py`` first. Once the typed rows are in, the table answers (``datastore_active``,
    default views, ``served(seconds)``); its full text and indexes follow before this returns."""
    from ckanext.busan.datastore.arrow_typing import UnlikeSample
    from ckanext.xloader import loader
    from ckanext.xloader.utils import set_resource_metadata

    started = time.perf_counter()
    engine = loader.get_write_engine()
    workers = int(tk.config.get("ckanext.busan.datastore.load_workers") or 1)
    plan = plan_table(source, resource.get("format"), encoding)
    steps: dict[str, float] = {}
    # a column without a value in the sample may hold anything further down
    sample_holds = all(plan.seen)
    try:
        loaded = None
        if plan.copy_encoding:
            try:
                loaded = _streamed(engine, source, plan, resource["id"], workers, steps)
            except UnlikeSample as error:
                log.info("busan_datastore: %s is unlike its sample (%s)", resource["id"], error)
                sample_holds = False
        if loaded is not None:
            rows, columns, indexes, last_id = loaded
        else:
            rows, columns, indexes, last_id, encoding = _set_based(
                engine, source, plan, resource, encoding, sample_holds, workers, steps
            )
        if not rows:
            raise TableError("The file has a header row but no data rows.")
    except Exception:
        # never a half-loaded table
        with contextlib.suppress(tk.ObjectNotFound):
            tk.get_action("datastore_delete")(_site_context(), {"resource_id": resource["id"], "force": True})
        raise
    set_resource_metadata({"resource_id": resource["id"], "datastore_active": True})
    # The default views that need the DataStore (table preview, 위도/경도 map) with the table.
    context = _site_context()
    resource_dict = tk.get_action("resource_show")(dict(context), {"id": resource["id"]})
    dataset_dict = tk.get_action("package_show")(dict(context), {"id": resource_dict["package_id"]})
    create_default_views(resource_dict, dataset_dict)
    steps["served"] = round(time.perf_counter() - started, 3)
    if served:
        served(steps["served"], rows)
    memory = tk.config.get("ckanext.busan.datastore.index_memory")
    try:
        complete(engine, resource["id"], columns, indexes, last_id, workers=workers, index_memory=memory, timings=steps)
    except Exception as error:
        # the table stays served; what failed is its full-text search or an index
        log.exception("busan_datastore: %s loaded, but not completed", resource["id"])
        raise TableError(
            "The table was loaded and answers, but its full-text search or indexes could not be made: {detail}",
            detail=str(error)[:500],
        ) from error
    # What xloader's own status hook does on success, once the table is complete (busan_governance
    # writes the data dictionary and diagnoses the table there).
    from ckanext.xloader.interfaces import IXloader

    for plugin in PluginImplementations(IXloader):
        plugin.after_upload(dict(context), resource_dict, dataset_dict)
    steps["total"] = round(time.perf_counter() - started, 3)
    return {"rows": rows, "encoding": encoding, "columns": len(columns), "steps": steps}


def _flask_app():
    """The app to make a request context with: the current one (worker), or the CLI's."""
    import click
    from flask import current_app, has_app_context

    if has_app_context():
        return current_app._get_current_object()
    ctx = click.get_current_context(silent=True)
    return ctx.meta.get("flask_app") if ctx else None


def in_site_language(call):
    """``call()`` in the site's language: a worker or a CLI command has no request, whose
    language CKAN's translations and view titles would use."""
    from flask import has_request_context

    app = None if has_request_context() else _flask_app()
    if app is None:
        return call()
    with app.test_request_context(f"/{tk.config.get('ckan.locale_default', 'en')}/"):
        return call()


def create_default_views(resource: dict, package: dict) -> None:
    """The default views that need the DataStore (table preview, 위도/경도 map), titled in the
    site's language."""
    in_site_language(
        lambda: tk.get_action("resource_create_default_resource_views")(
            _site_context(), {"resource": resource, "package": package, "create_datastore_views": True}
        )
    )


def load_resource(resource_id: str) -> None:
    """The queued job. A file that cannot be loaded ends as task state ``error`` with a
    message (never a silent failure, never a retry loop)."""
    from rq import get_current_job

    job = get_current_job()
    job_id = job.id if job else None
    set_status(resource_id, "running", {"job_id": job_id})
    source = None
    temporary = False
    try:
        resource = tk.get_action("resource_show")(_site_context(), {"id": resource_id})
        if not loadable(resource):  # became a DataStore-only resource after it was queued
            tk.get_action("task_status_delete")(
                _site_context(),
                {"id": tk.get_action("task_status_show")(_site_context(), {"entity_id": resource_id, **TASK})["id"]},
            )
            return
        source, temporary = _source_file(resource)
        encoding = None
        if not (resource.get("format") or "").lower().lstrip(".").startswith("xls"):
            encoding = _encoding_of(resource, source)

        def served(seconds: float, rows: int) -> None:
            # the table answers; its full-text search and indexes are still being made
            set_status(resource_id, "running", {"job_id": job_id, "stage": "indexing", "rows": rows, "served": seconds})

        loaded = _load(resource, source, encoding, served)
        set_status(resource_id, "complete", {"job_id": job_id, **loaded})
        log.info("busan_datastore: loaded %s (%s rows, %s)", resource_id, loaded["rows"], loaded["encoding"])
    except TableError as error:
        log.warning("busan_datastore: %s not loaded: %s", resource_id, error)
        set_status(resource_id, "error", {"job_id": job_id}, error_payload(error))
    except Exception as error:  # the loader's own errors (COPY, datastore_create) included
        log.exception("busan_datastore: %s failed", resource_id)
        wrapped = TableError("The file could not be loaded into the DataStore: {detail}", detail=str(error)[:500])
        set_status(resource_id, "error", {"job_id": job_id}, error_payload(wrapped))
    finally:
        if source and temporary and os.path.exists(source):
            os.unlink(source)
