"""``busan_dcat``: DCAT catalogues through ckanext-dcat's own RDF harvester, adapted through
its hooks rather than rewritten.

- ``IDCATRDFHarvester.before_create`` / ``before_update`` (for every DCAT source, stock
  ``dcat_rdf`` ones included) fill what the Busan schema requires and DCAT records carry under
  other names or not at all: 업데이트 주기 from ``dct:accrualPeriodicity`` (EU frequency IRIs,
  code list ``eu_frequencies.csv``), 관리부서 from the contact point or publisher, the phone
  and category from the source configuration, and provenance.
- The stock DCAT harvester deletes every dataset missing from the source, even when the source
  returned nothing: ``busan_dcat`` applies the same withdrawal guard as the other Busan
  harvesters to its deletion list.
"""

from __future__ import annotations

import json
import logging
import os

import ckan.model as model
import ckan.plugins as p

from ckanext.busan.dataset import rules
from ckanext.busan.dcat.mapping import theme_category, update_cycle_of
from ckanext.busan.harvesters.base import OwnInstance, previous_objects
from ckanext.busan.harvesters.datagokr_dcat import repair_graph
from ckanext.busan.harvesters.mapping import map_licence
from ckanext.busan.harvesters.odcloud import CatalogClient, CatalogError
from ckanext.busan.harvesters.reports import report_text
from ckanext.busan.harvesters.sync import DEFAULT_GUARD_SHARE, plan_sync
from ckanext.dcat.exceptions import RDFParserException
from ckanext.dcat.harvesters.rdf import DCATRDFHarvester
from ckanext.dcat.interfaces import IDCATRDFHarvester
from ckanext.dcat.processors import RDFParser
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestGatherError, HarvestObject

log = logging.getLogger(__name__)

BUSAN_KEYS = {
    "category",
    "dept_name",
    "dept_phone",
    "update_cycle",
    "spatial_districts",
    "withdrawal_guard_share",
    "repair",
    "records_from",
    "catalog_api",
    "org_codes",
    "api_key_env",
}


def _extra(dataset: dict, key: str):
    value = dataset.get(key)
    if value:
        return value
    for extra in dataset.get("extras") or []:
        if isinstance(extra, dict) and extra.get("key") == key:
            return extra.get("value")
    return None


CORE_LISTS = {"resources", "tags", "extras", "groups"}


def _first_of(value, key: str):
    """ckanext-dcat's scheming-style output: contact = [{"name": ..., "email": ...}]."""
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0].get(key)
    return None


def _theme_category(dataset: dict) -> str | None:
    """A category from the themes: one of ours (any Busan portal's concept IRI), or data.go.kr's
    literal '보건 - 건강보험' (the profile's mapping, ckanext/busan/dcat/mapping.py)."""
    themes = _extra(dataset, "theme") or []
    if isinstance(themes, str):
        try:
            themes = json.loads(themes)
        except ValueError:
            themes = [themes]
    return next(filter(None, map(theme_category, themes if isinstance(themes, list) else [])), None)


def busan_fields(dataset: dict, config: dict, source_url: str) -> dict:
    """A dataset dict parsed from DCAT with the Busan schema's required fields filled (pure)."""
    frequency = _extra(dataset, "frequency")
    cycle = update_cycle_of(frequency)
    dataset["update_cycle"] = dataset.get("update_cycle") or cycle or config.get("update_cycle") or "irregular"
    if not dataset.get("next_registration_date"):
        modified = _extra(dataset, "modified") or _extra(dataset, "issued")
        dataset["next_registration_date"] = rules.next_registration_after(dataset["update_cycle"], modified)
    dataset["category"] = dataset.get("category") or _theme_category(dataset) or config.get("category")
    rights = [_extra(dataset, "rights"), _extra(dataset, "access_rights")]
    rights += [r.get("rights") for r in dataset.get("resources") or [] if isinstance(r, dict)]
    licence = next((lic for lic in map(map_licence, filter(None, rights)) if lic), None)
    if licence and dataset.get("license_id") in (None, "", "notspecified"):
        dataset["license_id"] = licence
    contact, publisher = dataset.get("contact"), dataset.get("publisher")
    dataset["dept_name"] = (
        dataset.get("dept_name")
        or _first_of(contact, "name")
        or _extra(dataset, "contact_name")
        or _first_of(publisher, "name")
        or _extra(dataset, "publisher_name")
        or config.get("dept_name")
    )
    dataset["dept_phone"] = dataset.get("dept_phone") or config.get("dept_phone")
    dataset.setdefault("spatial_districts", config.get("spatial_districts") or ["2600000000"])
    email = _first_of(contact, "email") or _extra(dataset, "contact_email")
    if email and not dataset.get("contact_email"):
        dataset["contact_email"] = str(email).removeprefix("mailto:")
    dataset["source_system"] = f"DCAT ({source_url})"[:200]
    dataset["source_identifier"] = _extra(dataset, "identifier") or _extra(dataset, "uri")
    # extras that now are schema fields would be refused as duplicates
    names = {"update_cycle", "category", "dept_name", "dept_phone", "contact_email", "spatial_districts"}
    dataset["extras"] = [e for e in dataset.get("extras") or [] if isinstance(e, dict) and e.get("key") not in names]
    # DCAT's composite fields (contact, publisher, temporal_coverage ...) are not Busan fields;
    # derived_from is (busan_dcat_ap fills it only with datasets found on this portal)
    for key in [k for k, v in dataset.items() if k not in CORE_LISTS and isinstance(v, list | dict)]:
        if key not in ("spatial_districts", "derived_from"):
            del dataset[key]
    return {k: v for k, v in dataset.items() if v is not None}


def _config(harvest_object) -> dict:
    try:
        return json.loads(harvest_object.source.config or "{}")
    except ValueError:
        return {}


class BusanDCATHarvester(OwnInstance, DCATRDFHarvester, p.SingletonPlugin):
    p.implements(IHarvester)
    p.implements(IDCATRDFHarvester, inherit=True)

    def info(self):
        return {
            "name": "busan_dcat",
            "title": "DCAT 카탈로그 (DCAT-AP RDF)",
            "description": "DCAT 카탈로그의 데이터셋을 부산 스키마에 맞춰 수집하고, 철회에는 안전 한도를 적용합니다.",
        }

    def validate_config(self, source_config):
        parsed = json.loads(source_config) if source_config else {}
        rest = {k: v for k, v in parsed.items() if k not in BUSAN_KEYS}
        super().validate_config(json.dumps(rest) if rest else "")
        return source_config

    # data.go.kr publishes DCAT one dataset per URL ({source url}/{list_id}), not as a
    # catalogue: with "records_from": "datagokr_catalog" the ids come from the catalog API.
    def gather_stage(self, harvest_job):
        config = json.loads(harvest_job.source.config or "{}")
        if config.get("records_from") != "datagokr_catalog":
            return super().gather_stage(harvest_job)
        list_ids, complete = self._listed_ids(harvest_job, config)
        self._names_taken = []
        source_dataset = model.Package.get(harvest_job.source.id)
        guids, object_ids = [], []
        for list_id in list_ids:
            url = f"{harvest_job.source.url.rstrip('/')}/{list_id}"
            content, rdf_format = self._get_content_and_type(url, harvest_job, 1, content_type=config.get("rdf_format"))
            parser = RDFParser()
            try:
                if not content:
                    raise RDFParserException("no content")
                parser.parse(content, _format=rdf_format)
            except RDFParserException as e:
                complete = False  # a record we could not read is not known to be gone
                self._save_gather_error(report_text("Could not read {url}: {error}", url=url, error=e), harvest_job)
                continue
            if config.get("repair") == "datagokr":
                repair_graph(parser.g)
            for dataset in parser.datasets():
                dataset["name"] = dataset.get("name") or self._gen_new_name(dataset["title"])
                if source_dataset is not None and source_dataset.owner_org and not dataset.get("owner_org"):
                    dataset["owner_org"] = source_dataset.owner_org
                guid = self._get_guid(dataset, source_url=url) or f"datagokr:{list_id}"
                dataset.setdefault("extras", []).append({"key": "guid", "value": guid})
                guids.append(guid)
                obj = HarvestObject(guid=guid, job=harvest_job, content=json.dumps(dataset))
                obj.save()
                object_ids.append(obj.id)
        if complete:
            object_ids += self._mark_datasets_for_deletion(guids, harvest_job)
        return object_ids

    def _listed_ids(self, harvest_job, config) -> tuple[list[str], bool]:
        key = os.environ.get(config.get("api_key_env") or "BUSAN_DATAGOKR_API_KEY", "")
        client = CatalogClient(config.get("catalog_api") or "https://api.odcloud.kr/api/15077093/v1", key)
        ids: list[str] = []
        try:
            for endpoint in ("file-data-list", "open-data-list", "standard-data-list"):
                for record in client.iter_records(endpoint, org_codes=config.get("org_codes") or None):
                    list_id = str(record.get("list_id") or "")
                    if list_id and list_id not in ids:
                        ids.append(list_id)
            return ids, True
        except CatalogError as e:
            message = client.redact(report_text("Reading the catalog API stopped: {error}", error=e))
            self._save_gather_error(message, harvest_job)
            return ids, False

    # The stock deletion list, held back by the guard when the source lost too much.
    def _mark_datasets_for_deletion(self, guids_in_source, harvest_job):
        config = json.loads(harvest_job.source.config or "{}")
        previous = previous_objects(harvest_job.source.id)
        seen = dict.fromkeys(guids_in_source, "")
        share = float(config.get("withdrawal_guard_share", DEFAULT_GUARD_SHARE))
        plan = plan_sync(seen, previous, complete=True, guard_share=share)
        if plan.guard_reason:
            HarvestGatherError(message=report_text(plan.guard_reason, **plan.guard_params), job=harvest_job).save()
            return []
        return super()._mark_datasets_for_deletion(guids_in_source, harvest_job)

    # IDCATRDFHarvester: data.go.kr's defects repaired in the graph, for sources that ask
    def after_parsing(self, rdf_parser, harvest_job):
        config = json.loads(harvest_job.source.config or "{}")
        if config.get("repair") == "datagokr" and rdf_parser:
            repaired = repair_graph(rdf_parser.g)
            log.info("data.go.kr DCAT repaired: %s", "; ".join(sorted(set(repaired))) or "nothing")
        return rdf_parser, []

    # IDCATRDFHarvester: Busan fields for every DCAT source
    def before_create(self, harvest_object, dataset_dict, temp_dict):
        _replace(dataset_dict, busan_fields(dict(dataset_dict), _config(harvest_object), harvest_object.source.url))

    def before_update(self, harvest_object, dataset_dict, temp_dict):
        _replace(dataset_dict, busan_fields(dict(dataset_dict), _config(harvest_object), harvest_object.source.url))


def _replace(target: dict, new: dict) -> None:
    # the hooks must change the harvester's own dict in place
    target.clear()
    target.update(new)
