"""``busan_spatial``: ckanext-spatial's ISO 19139 harvesters (single document, WAF, CSW)
adapted through ``ISpatialHarvester.get_package_dict``: the Busan fields a spatial metadata
record carries under ISO names are mapped (maintenance frequency → 업데이트 주기, topic category
→ 분류체계, responsible organisation → 관리부서, contact e-mail), the rest comes from the source
configuration, and the extent moves from an extra to the schema's ``spatial`` field (kept only
when it lies within Busan). ``busan_waf`` and ``busan_csw`` are the WAF and CSW harvesters with
the withdrawal guard on their deletions."""

from __future__ import annotations

import csv
import json
from functools import cache

import ckan.model as model
import ckan.plugins as p

from ckanext.busan.dataset import rules
from ckanext.busan.dataset.codelists import CODELISTS
from ckanext.busan.harvesters.base import OwnInstance
from ckanext.busan.harvesters.reports import report_text
from ckanext.busan.harvesters.sync import DEFAULT_GUARD_SHARE, Previous, plan_withdrawals
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestGatherError, HarvestObject
from ckanext.spatial.harvesters import CSWHarvester, WAFHarvester
from ckanext.spatial.interfaces import ISpatialHarvester


@cache
def _table(name: str) -> dict[str, str]:
    with (CODELISTS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        return {row[0]: row[1] for row in reader}


def _first(value):
    if isinstance(value, list):
        return value[0] if value else None
    return value


def busan_fields(package: dict, iso_values: dict, config: dict) -> dict:
    """A package dict built by ckanext-spatial from an ISO record, with the Busan fields (pure)."""
    pkg = dict(package)
    extras = {e["key"]: e["value"] for e in pkg.get("extras") or [] if isinstance(e, dict)}
    frequency = _first(iso_values.get("frequency-of-update"))
    pkg["update_cycle"] = _table("iso_frequencies").get(frequency or "") or config.get("update_cycle") or "irregular"
    topics = iso_values.get("topic-category") or []
    category = next((_table("iso_topic_categories")[t] for t in topics if t in _table("iso_topic_categories")), None)
    pkg["category"] = category or config.get("category")
    party = _first(iso_values.get("responsible-organisation")) or {}
    pkg["dept_name"] = (party.get("organisation-name") if isinstance(party, dict) else None) or config.get("dept_name")
    email = party.get("contact-info", {}).get("email") if isinstance(party, dict) else None
    if email:
        pkg["contact_email"] = email
    pkg["dept_phone"] = config.get("dept_phone")
    pkg["spatial_districts"] = config.get("spatial_districts") or ["2600000000"]
    extent = extras.pop("spatial", None)
    if extent:
        try:
            rules.parse_geometry(extent)
            pkg["spatial"] = extent
        except rules.RuleError:
            pass  # outside Busan or malformed: the record is kept without its extent
    pkg["source_system"] = "ISO 19139 (ckanext-spatial)"
    pkg["source_identifier"] = extras.get("guid") or iso_values.get("guid")
    # extras that are schema fields now (or would clash with them) leave the extras list
    names = set(pkg) | {"spatial"}
    pkg["extras"] = [{"key": k, "value": v} for k, v in extras.items() if k not in names]
    if not pkg.get("next_registration_date"):
        last_change = iso_values.get("metadata-date")
        pkg["next_registration_date"] = rules.next_registration_after(pkg["update_cycle"], last_change)
    return {k: v for k, v in pkg.items() if v is not None}


class BusanSpatialHarvestPlugin(p.SingletonPlugin):
    p.implements(ISpatialHarvester, inherit=True)

    def get_package_dict(self, context, data_dict):
        harvest_object = data_dict["harvest_object"]
        try:
            config = json.loads(harvest_object.source.config or "{}")
        except ValueError:
            config = {}
        return busan_fields(data_dict["package_dict"], data_dict["iso_values"], config)


# ---------------------------------------------------------------- guarded deletions
def _status(obj) -> str | None:
    return next((e.value for e in obj.extras if e.key == "status"), None)


def hold_back_mass_deletion(harvest_job, ids: list[str] | None, share: float) -> list[str] | None:
    """ckanext-spatial's WAF and CSW gathers delete every record missing from the listing
    (even when the listing failed half-way). When that is more than `share` of what the
    source held, the deletions are dropped, the previous objects become current again, and a
    gather error explains; otherwise the list is returned as it is."""
    if not ids:
        return ids
    objects = model.Session.query(HarvestObject).filter(HarvestObject.id.in_(ids)).all()
    deleting = [o for o in objects if _status(o) == "delete"]
    kept = [o for o in objects if _status(o) == "change"]
    # The same guard as every Busan harvester: what was listed before, what is still listed.
    listed_before = {o.guid: Previous(None, o.package_id or o.guid) for o in deleting + kept}
    plan = plan_withdrawals({o.guid for o in kept}, listed_before, complete=True, guard_share=share)
    if not deleting or not plan.guard_reason:
        return ids
    for obj in deleting:
        previous = (
            model.Session.query(HarvestObject)
            .filter(HarvestObject.guid == obj.guid, HarvestObject.harvest_source_id == harvest_job.source.id)
            .filter(HarvestObject.id != obj.id, HarvestObject.package_id.isnot(None))
            .filter(HarvestObject.state == "COMPLETE")
            .order_by(HarvestObject.import_finished.desc())
            .first()
        )
        if previous is not None:
            previous.current = True
        model.Session.delete(obj)
    HarvestGatherError(
        message=report_text(plan.guard_reason, **plan.guard_params),
        job=harvest_job,
    ).save()
    model.Session.commit()
    dropped = {o.id for o in deleting}
    return [i for i in ids if i not in dropped]


def _share(harvest_job) -> float:
    try:
        return float(json.loads(harvest_job.source.config or "{}").get("withdrawal_guard_share", DEFAULT_GUARD_SHARE))
    except (ValueError, TypeError):
        return DEFAULT_GUARD_SHARE


class BusanWAFHarvester(OwnInstance, WAFHarvester):
    p.implements(IHarvester)

    def info(self):
        return {
            "name": "busan_waf",
            "title": "공간정보 WAF (ISO 19139, 철회 안전 한도)",
            "description": "웹 폴더(WAF)의 ISO 19139 메타데이터를 수집합니다. 대량 철회는 안전 한도로 막습니다.",
        }

    def gather_stage(self, harvest_job, collection_package_id=None):
        return hold_back_mass_deletion(harvest_job, super().gather_stage(harvest_job), _share(harvest_job))


class BusanCSWHarvester(OwnInstance, CSWHarvester):
    p.implements(IHarvester)

    def info(self):
        return {
            "name": "busan_csw",
            "title": "공간정보 CSW (ISO 19139, 철회 안전 한도)",
            "description": "CSW 서버의 ISO 19139 메타데이터를 수집합니다. 대량 철회는 안전 한도로 막습니다.",
        }

    def gather_stage(self, harvest_job):
        return hold_back_mass_deletion(harvest_job, super().gather_stage(harvest_job), _share(harvest_job))
