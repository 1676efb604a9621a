"""CKAN glue shared by the Busan harvesters (ckanext-harvest ``IHarvester``).

A harvester subclass only reads its source and maps records (pure functions in mapping.py);
this base does the rest the same way for every source:

- gather: map each record as it is read, compare its content hash with the current harvest
  object (sync.is_unchanged) and decide there: new and changed records get a harvest object for the
  fetch queue; unchanged ones are recorded as 'not modified' in one bulk insert (no queue
  round-trip, no package_update, no activity, no reindex); records gone from the source are
  withdrawn unless the mass-withdrawal guard holds them back; a fault while reading the
  source is a gather error and withdraws nothing.
- import: create or update the dataset through the Action API, exactly as a publisher's
  form would (the same validators), creating the organisation from its agency code if it is
  missing; an optional field the schema refuses is dropped with a warning; withdrawals are
  soft deletes (the dataset is kept and can be restored).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable

import ckan.model as model
import ckan.plugins.toolkit as tk
from sqlalchemy import and_

from ckanext.busan.harvesters.mapping import Agency, MappedRecord, MappingError
from ckanext.busan.harvesters.reports import report_text
from ckanext.busan.harvesters.sync import DEFAULT_GUARD_SHARE, Previous, is_unchanged, plan_withdrawals
from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestGatherError, HarvestObject, HarvestObjectError, HarvestObjectExtra

log = logging.getLogger(__name__)

HASH_KEY = "content_hash"
STATUS_KEY = "status"
WITHDRAW = "withdraw"
WARNINGS_KEY = "warnings"
# Fields a harvested record may carry that the schema can drop when their value is refused.
BATCH = 1000  # harvest objects inserted at a time in gather
REQUIRED_FIELDS = {"title", "notes", "category", "dept_name", "dept_phone", "update_cycle", "spatial_districts"}


class SourceReadError(Exception):
    """Reading the source stopped early (fault, quota, bad key): a gather error, no withdrawals."""


def object_content(guid: str, record: MappedRecord) -> str:
    """What import needs of a mapped record, as the harvest object's JSON content."""
    return json.dumps(
        {
            "guid": guid,
            "dataset": record.dataset,
            "agency": {
                "code": record.agency.code,
                "code_system": record.agency.code_system,
                "name": record.agency.name,
            },
            "source_modified": record.source_modified,
            "warnings": [[w.field, w.value, w.message] for w in record.warnings],
        },
        ensure_ascii=False,
    )


class ReadResult:
    """What a harvester reads from its source, handed on record by record as it is read
    (gather decides and writes each one at once, so a 145k-record listing is never held in
    memory), plus whether the listing is complete."""

    def __init__(self, accept: Callable[[str, MappedRecord | MappingError], None] | None = None):
        # GUIDs of every record the source listed (mapped or not): what is not here is gone
        self.seen: set[str] = set()
        self.failed = 0
        self.complete = True
        self.fault: str | None = None
        self._accept = accept

    def add(self, guid: str, item: MappedRecord | MappingError) -> None:
        """The first record of a GUID wins (a duplicate at the source is one dataset)."""
        if guid in self.seen:
            return
        self.seen.add(guid)
        self.failed += isinstance(item, MappingError)
        if self._accept is not None:
            self._accept(guid, item)


def _utcnow() -> dt.datetime:
    return dt.datetime.utcnow()


def _site_context() -> dict:
    user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    return {"user": user, "ignore_auth": True}


class BusanHarvesterBase(HarvesterBase):
    """Subclasses implement info(), read_source(job, config) and source_system."""

    source_system = ""
    config_keys: dict[str, type] = {}

    # ------------------------------------------------------------------ configuration
    def _config(self, source) -> dict:
        try:
            return json.loads(source.config) if source.config else {}
        except ValueError:
            return {}

    def validate_config(self, config: str | None) -> str:
        if not config:
            return config
        try:
            parsed = json.loads(config)
        except ValueError as e:
            raise ValueError(f"The configuration is not valid JSON: {e}") from None
        if not isinstance(parsed, dict):
            raise ValueError("The configuration must be a JSON object.")
        allowed = {
            "withdrawal_guard_share": (int, float),
            "default_phone": str,
            "org_codes": list,
            "owned_fields": list,
            **self.config_keys,
        }
        for key, value in parsed.items():
            if key not in allowed:
                raise ValueError(f"Unknown configuration key: {key}")
            if not isinstance(value, allowed[key]):
                raise ValueError(f"Wrong type for {key}")
        share = parsed.get("withdrawal_guard_share", DEFAULT_GUARD_SHARE)
        if not 0 <= share <= 1:
            raise ValueError("withdrawal_guard_share is a share between 0 and 1")
        return config

    # ------------------------------------------------------------------ gather
    def read_source(self, harvest_job, config: dict, result: ReadResult) -> None:  # pragma: no cover - abstract
        """Read the source and hand every record to result.add(guid, mapped record or MappingError);
        set result.complete/fault (or raise SourceReadError) when the listing stops early."""
        raise NotImplementedError

    @staticmethod
    def _previous(source_id: str) -> dict[str, Previous]:
        rows = (
            model.Session.query(HarvestObject.guid, HarvestObject.package_id, HarvestObjectExtra.value)
            .outerjoin(
                HarvestObjectExtra,
                and_(HarvestObjectExtra.harvest_object_id == HarvestObject.id, HarvestObjectExtra.key == HASH_KEY),
            )
            .filter(HarvestObject.harvest_source_id == source_id, HarvestObject.current == True)  # noqa: E712
            .all()
        )
        return {guid: Previous(content_hash, package_id) for guid, package_id, content_hash in rows}

    def gather_stage(self, harvest_job) -> list[str]:
        config = self._config(harvest_job.source)
        previous = self._previous(harvest_job.source.id)
        now = _utcnow()
        ids: list[str] = []
        unchanged: list[str] = []
        batch: list[tuple[dict, dict]] = []

        def accept(guid: str, item: MappedRecord | MappingError) -> None:
            # Decided as read: only GUIDs and hashes stay in memory, never the listing.
            if isinstance(item, MappingError):
                self._failed_object(harvest_job, guid, item, now)
            elif is_unchanged(previous.get(guid), item.content_hash):
                unchanged.append(guid)
            else:
                batch.append(self._object_to_import(harvest_job, guid, item, now))
                ids.append(batch[-1][0]["id"])
                if len(batch) >= BATCH:
                    self._insert(batch)

        result = ReadResult(accept)
        try:
            self.read_source(harvest_job, config, result)
        except SourceReadError as e:
            result.complete, result.fault = False, str(e)
        except Exception:
            model.Session.rollback()  # no half-written listing: the objects inserted so far go
            raise
        self._insert(batch)
        if result.fault:
            self._gather_error(harvest_job, result.fault)
        plan = plan_withdrawals(
            result.seen,
            previous,
            complete=result.complete,
            guard_share=float(config.get("withdrawal_guard_share", DEFAULT_GUARD_SHARE)),
        )
        if plan.guard_reason:
            self._gather_error(harvest_job, report_text(plan.guard_reason, **plan.guard_params))
        self._record_unchanged(harvest_job, unchanged, previous, now)
        ids += add_withdrawals(harvest_job, plan.to_withdraw, previous, now)
        model.Session.commit()
        log.info(
            "busan harvest %s: %d to import, %d unchanged, %d to withdraw, %d failed",
            harvest_job.source.id,
            len(ids) - len(plan.to_withdraw),
            len(unchanged),
            len(plan.to_withdraw),
            result.failed,
        )
        return ids

    def _gather_error(self, harvest_job, message: str) -> None:
        model.Session.add(HarvestGatherError(message=message, job=harvest_job))
        model.Session.flush()

    @staticmethod
    def _object_to_import(harvest_job, guid: str, record: MappedRecord, now) -> tuple[dict, dict]:
        """The rows of a harvest object (and its hash extra) for one bulk insert per batch:
        ORM objects attached to the job would all stay in memory until the commit."""
        content_hash, content = record.content_hash, object_content(guid, record)
        object_id = model.types.make_uuid()
        row = {
            "id": object_id,
            "guid": guid,
            "harvest_job_id": harvest_job.id,
            "harvest_source_id": harvest_job.source.id,
            "content": content,
            "state": "WAITING",
            "current": False,
            "retry_times": 0,
            "gathered": now,
        }
        extra = {
            "id": model.types.make_uuid(),
            "harvest_object_id": object_id,
            "key": HASH_KEY,
            "value": content_hash,
        }
        return row, extra

    @staticmethod
    def _insert(batch: list[tuple[dict, dict]]) -> None:
        if batch:
            model.Session.bulk_insert_mappings(HarvestObject, [row for row, _ in batch])
            model.Session.bulk_insert_mappings(HarvestObjectExtra, [extra for _, extra in batch])
            batch.clear()

    def _failed_object(self, harvest_job, guid: str, error: MappingError, now) -> None:
        obj = HarvestObject(
            guid=guid, job=harvest_job, state="ERROR", report_status="errored", gathered=now, import_finished=now
        )
        model.Session.add(obj)
        model.Session.flush()
        message = report_text(
            "Required field {field} could not be mapped from {value!r}: {message}",
            field=error.field,
            value=error.value,
            message=error.message,
        )
        model.Session.add(HarvestObjectError(object=obj, message=message, stage="Gather"))

    @staticmethod
    def _record_unchanged(harvest_job, guids: list[str], previous: dict[str, Previous], now) -> None:
        """One bulk insert: the job's report counts them and 'last seen' comes from here."""
        if not guids:
            return
        model.Session.bulk_insert_mappings(
            HarvestObject,
            [
                {
                    "id": model.types.make_uuid(),
                    "guid": guid,
                    "harvest_job_id": harvest_job.id,
                    "harvest_source_id": harvest_job.source.id,
                    "package_id": previous[guid].package_id,
                    "state": "COMPLETE",
                    "report_status": "not modified",
                    "current": False,
                    "gathered": now,
                    "import_finished": now,
                }
                for guid in guids
            ],
        )

    # ------------------------------------------------------------------ fetch and import
    def fetch_stage(self, harvest_object) -> bool:
        return True  # gather already holds the mapped record

    def import_stage(self, harvest_object):
        if is_withdrawal(harvest_object):
            return self._withdraw(harvest_object)
        content = json.loads(harvest_object.content)
        context = _site_context()
        try:
            owner_org = self._organisation(Agency(**content["agency"]), context)
        except tk.ValidationError as e:
            self._save_object_error(f"organisation: {e.error_dict}", harvest_object, "Import")
            return False
        previous = self._current_object(harvest_object.guid, harvest_object.harvest_source_id)
        # The same list reached through another source (API and bulk file) is one dataset.
        holder = previous or self._current_object(harvest_object.guid, None)
        package = model.Package.get(holder.package_id) if holder and holder.package_id else None
        dataset = {**content["dataset"], "owner_org": owner_org}
        dataset.setdefault("source_system", self.source_system)
        dataset.setdefault("source_identifier", harvest_object.guid)
        if content.get("source_modified"):
            dataset.setdefault("source_modified", content["source_modified"])
        warnings = [tuple(w) for w in content.get("warnings", [])]
        owned = self._config(harvest_object.source).get("owned_fields")
        # `owned_fields`: on a dataset that exists already (created by this or another source),
        # this source writes only these fields; a dataset it creates gets everything.
        if package is not None and owned:
            dataset = self._only_owned(dataset, package, owned)
        result = self._save_dataset(dataset, package, warnings, harvest_object)
        if result is None:
            return False
        if warnings:
            harvest_object.extras.append(
                HarvestObjectExtra(key=WARNINGS_KEY, value=json.dumps(warnings, ensure_ascii=False))
            )
        if previous is not None:
            previous.current = False
            previous.add()
        harvest_object.package_id = result["id"]
        harvest_object.current = True
        harvest_object.add()
        model.Session.commit()
        return True

    @staticmethod
    def _only_owned(dataset: dict, package, owned: list[str]) -> dict:
        """A dataset another source holds: this source writes only the fields it owns
        (source configuration `owned_fields`); the stored record keeps the rest."""
        stored = tk.get_action("package_show")({"ignore_auth": True, "for_update": True}, {"id": package.id})
        return {**stored, **{k: v for k, v in dataset.items() if k in owned}, "owner_org": stored["owner_org"]}

    def _save_dataset(self, dataset: dict, package, warnings: list, harvest_object) -> dict | None:
        """package_create/update; optional fields the schema refuses are dropped (with a
        warning) and the call repeated once; a refused required field fails the object."""
        for _attempt in range(2):
            context = _site_context()
            try:
                if package is None:
                    return tk.get_action("package_create")(context, dict(dataset))
                body = {**dataset, "id": package.id, "name": package.name, "state": "active"}
                return tk.get_action("package_update")(context, body)
            except tk.ValidationError as e:
                model.Session.rollback()
                refused = {k for k in e.error_dict if k != "__type"}
                required = refused & (REQUIRED_FIELDS | {"owner_org", "name", "resources"})
                if required or not refused:
                    field = sorted(required or refused or {"?"})[0]
                    self._save_object_error(
                        report_text(
                            "Required field {field} was refused ({value!r}): {errors}",
                            field=field,
                            value=dataset.get(field),
                            errors=e.error_dict.get(field, e.error_dict),
                        ),
                        harvest_object,
                        "Import",
                    )
                    return None
                for key in refused:
                    warnings.append((key, str(dataset.get(key)), "; ".join(map(str, e.error_dict[key]))))
                    dataset.pop(key, None)
        return None

    @staticmethod
    def _current_object(guid: str, source_id: str | None):
        """The object that holds the GUID's dataset now: in this source, or (source_id None)
        in any source."""
        query = model.Session.query(HarvestObject).filter(HarvestObject.guid == guid)
        if source_id is not None:
            query = query.filter(HarvestObject.harvest_source_id == source_id)
        return query.filter(HarvestObject.current == True).order_by(HarvestObject.gathered.desc()).first()  # noqa: E712

    def _withdraw(self, harvest_object) -> bool:
        return withdraw(harvest_object, self._current_object(harvest_object.guid, harvest_object.harvest_source_id))

    @staticmethod
    def _organisation(agency: Agency, context: dict) -> str:
        """The organisation with this agency code; created (with its code and code system)
        when the portal does not have it yet."""
        group = (
            model.Session.query(model.Group)
            .join(model.GroupExtra, model.GroupExtra.group_id == model.Group.id)
            .filter(model.GroupExtra.key == "agency_code", model.GroupExtra.value == agency.code)
            .filter(model.GroupExtra.state == "active", model.Group.state == "active")
            .filter(model.Group.is_organization == True)  # noqa: E712
            .first()
        )
        if group is not None:
            return group.id
        created = tk.get_action("organization_create")(
            dict(context),
            {
                "name": f"agency-{agency.code.lower()}",
                "title": agency.name or agency.code,
                "agency_code": agency.code,
                "agency_code_system": agency.code_system,
                "org_type": "other",
            },
        )
        return created["id"]


# ---------------------------------------------------------------- withdrawals, for every harvester
def previous_objects(source_id: str) -> dict[str, Previous]:
    """GUID -> the current harvest object (content hash, dataset) of a source."""
    return BusanHarvesterBase._previous(source_id)


def add_withdrawals(harvest_job, guids: list[str], previous: dict[str, Previous], now) -> list[str]:
    """Harvest objects that withdraw the datasets of these GUIDs at import."""
    ids = []
    for guid in guids:
        package_id = previous[guid].package_id
        obj = HarvestObject(guid=guid, job=harvest_job, package_id=package_id, content="{}", gathered=now)
        obj.extras = [HarvestObjectExtra(key=STATUS_KEY, value=WITHDRAW)]
        model.Session.add(obj)
        model.Session.flush()
        ids.append(obj.id)
    return ids


def is_withdrawal(harvest_object) -> bool:
    return any(e.key == STATUS_KEY and e.value == WITHDRAW for e in harvest_object.extras)


def _held_elsewhere(harvest_object) -> bool:
    """Another source still lists this dataset (the same list through the API and the bulk file)."""
    return (
        model.Session.query(HarvestObject.id)
        .filter(HarvestObject.package_id == harvest_object.package_id, HarvestObject.current == True)  # noqa: E712
        .filter(HarvestObject.harvest_source_id != harvest_object.harvest_source_id)
        .first()
        is not None
    )


def withdraw(harvest_object, previous) -> bool:
    """A soft delete: the dataset is kept (state deleted, restorable), never purged; not at all
    while another source still lists it."""
    if harvest_object.package_id and not _held_elsewhere(harvest_object):
        with contextlib.suppress(tk.ObjectNotFound):  # already purged by a sysadmin
            tk.get_action("package_delete")(_site_context(), {"id": harvest_object.package_id})
    if previous is not None:
        previous.current = False
        previous.add()
    harvest_object.current = False  # ckanext-harvest reports a non-current object as 'deleted'
    harvest_object.add()
    model.Session.commit()
    return True


class OwnInstance:
    """For subclasses of another extension's harvester plugin: CKAN's SingletonPlugin keeps
    one instance per class in ``cls._instance``, which a subclass would inherit, so that
    loading ``busan_waf`` after ``waf_harvester`` would hand back the stock instance. Put
    first in the bases, this keeps an instance of the subclass's own."""

    def __new__(cls, *args, **kwargs):
        if "_instance" not in cls.__dict__:
            cls._instance = object.__new__(cls)
        return cls._instance
