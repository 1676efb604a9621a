"""``busan_db_inventory``: a harvest source that points at a city database.

Gather reads every table and view of the configured schemas (reader.py) and keeps the
inventory up to date: new tables become 후보 (candidates), known ones get their comments,
columns and row counts refreshed, vanished ones are marked gone. Tables that a person has
선정 (selected) — and collected tables whose structure changed — get a harvest object;
import publishes them as Busan datasets (수집). The database URL, credentials included, is
read only from an environment variable named in the source configuration.
"""

from __future__ import annotations

import datetime as dt
import json
import os

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.plugins import plugin_loaded
from sqlalchemy.exc import SQLAlchemyError

from ckanext.busan.inventory.mapping import DICTIONARY_RESOURCE_NAME, data_dictionary, dataset_from_table, table_hash
from ckanext.busan.inventory.model import COLLECTED, SELECTED, InventoryRecord
from ckanext.busan.inventory.reader import read_tables
from ckanext.harvest.harvesters.base import HarvesterBase
from ckanext.harvest.model import HarvestGatherError, HarvestObject, HarvestObjectError, HarvestObjectExtra

CONFIG_KEYS = {
    "url_env": str,
    "schemas": list,
    "category": str,
    "dept_name": str,
    "dept_phone": str,
    "update_cycle": str,
    "spatial_districts": list,
}


def _site_context() -> dict:
    return {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}


def _safe(text: str, url: str) -> str:
    """Never show the database URL (it holds the password)."""
    return text.replace(url, "<database url>") if url else text


class DatabaseInventoryHarvester(HarvesterBase):
    def info(self):
        return {
            "name": "busan_db_inventory",
            "title": "기관 데이터베이스 전수조사 (database inventory)",
            "description": (
                "기관 데이터베이스의 테이블과 뷰를 목록으로 등록하고, 선정된 테이블을 데이터셋으로 수집합니다."
            ),
            "form_config_interface": "Text",
        }

    def validate_config(self, config):
        if not config:
            raise ValueError('The configuration needs at least {"url_env": "NAME_OF_ENV_VAR"}')
        try:
            parsed = json.loads(config)
        except ValueError as e:
            raise ValueError(f"The configuration is not valid JSON: {e}") from None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("url_env"), str):
            raise ValueError('The configuration needs "url_env": the environment variable holding the database URL')
        for key, value in parsed.items():
            if key not in CONFIG_KEYS or not isinstance(value, CONFIG_KEYS[key]):
                raise ValueError(f"Unknown key or wrong type: {key}")
        return config

    def gather_stage(self, harvest_job):
        config = json.loads(harvest_job.source.config or "{}")
        url = os.environ.get(config.get("url_env", ""), "")
        if not url:
            self._error(harvest_job, f"Environment variable {config.get('url_env')} with the database URL is not set")
            return []
        try:
            tables = read_tables(url, config.get("schemas") or ["public"])
        except SQLAlchemyError as e:
            self._error(harvest_job, _safe(f"Reading the database failed: {e.__class__.__name__}: {e}", url))
            return []
        now = dt.datetime.utcnow()
        source_id = harvest_job.source.id
        known = {
            (r.schema_name, r.table_name): r
            for r in model.Session.query(InventoryRecord).filter(InventoryRecord.source_id == source_id)
        }
        ids = []
        seen = set()
        for table in tables:
            key = (table.schema, table.name)
            seen.add(key)
            record = known.get(key)
            if record is None:
                record = InventoryRecord(source_id=source_id, schema_name=table.schema, table_name=table.name)
                model.Session.add(record)
            before = table_hash(record.as_dict()) if record.columns else None
            record.kind, record.comment, record.columns = table.kind, table.comment, table.columns
            record.row_count, record.last_change, record.last_seen, record.gone = (
                table.row_count,
                table.last_change,
                now,
                None,
            )
            model.Session.flush()
            changed = before != table_hash(record.as_dict())
            if record.status == SELECTED or (record.status == COLLECTED and changed):
                obj = HarvestObject(guid=f"db:{table.schema}.{table.name}", job=harvest_job, content=record.id)
                obj.extras = [HarvestObjectExtra(key="inventory_record", value=record.id)]
                model.Session.add(obj)
                model.Session.flush()
                ids.append(obj.id)
        for key, record in known.items():
            if key not in seen and record.gone is None:
                record.gone = now  # kept in the inventory, marked as no longer in the database
        model.Session.commit()
        return ids

    def fetch_stage(self, harvest_object):
        return True

    def import_stage(self, harvest_object):
        record = model.Session.get(InventoryRecord, harvest_object.content)
        if record is None:
            return False
        config = json.loads(harvest_object.source.config or "{}")
        dataset = dataset_from_table(record.as_dict(), config)
        dataset["owner_org"] = harvest_object.source.publisher_id or self._source_org(harvest_object)
        dataset["source_system"] = harvest_object.source.title or "기관 데이터베이스"
        context = _site_context()
        try:
            if record.package_id and model.Package.get(record.package_id):
                package = model.Package.get(record.package_id)
                result = tk.get_action("package_update")(
                    context, {**dataset, "id": package.id, "name": package.name, "state": "active"}
                )
            else:
                result = tk.get_action("package_create")(context, dataset)
        except tk.ValidationError as e:
            model.Session.rollback()
            fields = ", ".join(f"{k}: {v}" for k, v in e.error_dict.items() if k != "__type")
            HarvestObjectError(object=harvest_object, message=f"{record.table_name}: {fields}", stage="Import").save()
            return False
        previous = (
            model.Session.query(HarvestObject)
            .filter(HarvestObject.guid == harvest_object.guid, HarvestObject.current == True)  # noqa: E712
            .all()
        )
        for obj in previous:
            obj.current = False
        harvest_object.package_id, harvest_object.current = result["id"], True
        record.status, record.package_id = COLLECTED, result["id"]
        model.Session.commit()
        if plugin_loaded("datastore"):
            self._data_dictionary(result, record.columns or [], context)
        return True

    @staticmethod
    def _data_dictionary(dataset: dict, columns: list[dict], context: dict) -> None:
        """The table's column list as the DataStore data dictionary of a resource of the
        dataset (structure only: the rows stay in the city's database until a load is
        agreed). A changed structure replaces the dictionary."""
        fields = data_dictionary(columns)
        if not fields:
            return
        existing = next(
            (r for r in dataset.get("resources", []) if r.get("url_type") == "datastore"),
            None,
        )
        if existing is not None:
            tk.get_action("datastore_delete")(dict(context), {"resource_id": existing["id"], "force": True})
            target = {"resource_id": existing["id"]}
        else:
            target = {"resource": {"package_id": dataset["id"], "name": DICTIONARY_RESOURCE_NAME, "format": "CSV"}}
        tk.get_action("datastore_create")(dict(context), {**target, "fields": fields, "records": [], "force": True})

    @staticmethod
    def _source_org(harvest_object) -> str | None:
        package = model.Package.get(harvest_object.source.id)
        return package.owner_org if package is not None else None

    @staticmethod
    def _error(harvest_job, message: str) -> None:
        HarvestGatherError(message=message, job=harvest_job).save()
