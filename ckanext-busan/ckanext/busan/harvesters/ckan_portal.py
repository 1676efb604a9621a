"""``busan_ckan``: other CKAN portals through ckanext-harvest's own CKAN harvester, adapted
through its hooks rather than rewritten.

- ``modify_package_dict`` fills what the Busan schema requires and a stock CKAN record lacks
  (분류체계, 관리부서, 전화번호, 업데이트 주기, 공간범위) from the source configuration and the
  record itself, maps its licence to 공공누리 where it can, and records provenance.
- The stock harvester never deletes: after its gather, the remote's full id list is read and
  datasets gone from it are withdrawn, with the same guard as the data.go.kr harvesters (a
  failed listing withdraws nothing).
"""

from __future__ import annotations

import datetime as dt
import json
from urllib.parse import urlencode

import ckan.plugins as p

from ckanext.busan.harvesters.base import (
    BusanHarvesterBase,
    OwnInstance,
    add_withdrawals,
    is_withdrawal,
    previous_objects,
    withdraw,
)
from ckanext.busan.harvesters.mapping import map_licence
from ckanext.busan.harvesters.reports import report_text
from ckanext.busan.harvesters.sync import DEFAULT_GUARD_SHARE, plan_sync
from ckanext.harvest.harvesters.ckanharvester import CKANHarvester, ContentFetchError
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestGatherError

# Busan fields a CKAN record may not carry, with the value used when the source config has none.
DEFAULTS = {"category": None, "dept_phone": None, "update_cycle": "irregular", "spatial_districts": ["2600000000"]}
BUSAN_KEYS = {"category", "dept_name", "dept_phone", "update_cycle", "spatial_districts", "default_license_id",
              "withdrawal_guard_share"}  # fmt: skip


def busan_fields(package_dict: dict, config: dict, source_url: str) -> dict:
    """A stock CKAN dataset dict with the Busan schema's required fields filled (pure)."""
    pkg = dict(package_dict)
    extras = {e.get("key"): e.get("value") for e in pkg.pop("extras", None) or [] if isinstance(e, dict)}
    for key, default in DEFAULTS.items():
        value = pkg.get(key) or extras.get(key) or config.get(key) or default
        if value is not None:
            pkg[key] = value
    organization = pkg.get("organization") or {}
    pkg["dept_name"] = (
        pkg.get("dept_name") or config.get("dept_name") or pkg.get("maintainer") or organization.get("title") or ""
    )
    if pkg.get("maintainer_email") and not pkg.get("contact_email"):
        pkg["contact_email"] = pkg["maintainer_email"]
    licence = map_licence(pkg.get("license_title")) or map_licence(pkg.get("license_id"))
    pkg["license_id"] = licence or config.get("default_license_id") or "kogl-type1"
    pkg["source_system"] = f"CKAN ({source_url})"[:200]
    pkg["source_identifier"] = pkg.get("id")
    if pkg.get("metadata_modified"):
        pkg["source_modified"] = str(pkg["metadata_modified"])[:10]
    pkg.setdefault("source_url", f"{source_url.rstrip('/')}/dataset/{pkg.get('name')}")
    return pkg


class BusanCKANHarvester(OwnInstance, CKANHarvester, p.SingletonPlugin):
    p.implements(IHarvester)

    def info(self):
        return {
            "name": "busan_ckan",
            "title": "CKAN 포털 (다른 CKAN 데이터 포털)",
            "description": (
                "다른 CKAN 포털의 데이터셋을 부산 스키마에 맞춰 수집하고, 원천에서 사라진 데이터셋은 철회합니다."
            ),
            "form_config_interface": "Text",
        }

    def validate_config(self, config):
        parsed = json.loads(config) if config else {}
        busan = {k: parsed.pop(k) for k in list(parsed) if k in BUSAN_KEYS}
        share = busan.get("withdrawal_guard_share", DEFAULT_GUARD_SHARE)
        if not isinstance(share, int | float) or not 0 <= share <= 1:
            raise ValueError("withdrawal_guard_share is a share between 0 and 1")
        super().validate_config(json.dumps(parsed) if parsed else "")
        return config

    def modify_package_dict(self, package_dict, harvest_object):
        return busan_fields(package_dict, self.config, harvest_object.source.url)

    # ------------------------------------------------------------------ deletions
    def _remote_ids(self, base_url: str) -> set[str]:
        ids: set[str] = set()
        start = 0
        while True:
            params = {"fl": "id", "rows": 1000, "start": start, "sort": "id asc"}
            content = self._get_content(f"{base_url}{self._get_search_api_offset()}?{urlencode(params)}")
            page = json.loads(content).get("result", {}).get("results", [])
            if not page:
                return ids
            ids |= {d["id"] for d in page if isinstance(d, dict) and d.get("id")}
            start += len(page)

    def gather_stage(self, harvest_job):
        object_ids = super().gather_stage(harvest_job) or []
        base_url = harvest_job.source.url.rstrip("/")
        previous = previous_objects(harvest_job.source.id)
        try:
            seen = dict.fromkeys(self._remote_ids(base_url), "")
            complete = True
        except (ContentFetchError, ValueError, KeyError, AttributeError) as e:
            seen, complete = {}, False
            message = report_text("Could not list the remote datasets: {error}", error=e)
            HarvestGatherError(message=message, job=harvest_job).save()
        if not previous:
            return object_ids
        share = float(self.config.get("withdrawal_guard_share", DEFAULT_GUARD_SHARE))
        plan = plan_sync(seen, previous, complete=complete, guard_share=share)
        if plan.guard_reason and complete:
            HarvestGatherError(message=report_text(plan.guard_reason, **plan.guard_params), job=harvest_job).save()
        return object_ids + add_withdrawals(harvest_job, plan.to_withdraw, previous, dt.datetime.utcnow())

    def fetch_stage(self, harvest_object):
        return True if is_withdrawal(harvest_object) else super().fetch_stage(harvest_object)

    def import_stage(self, harvest_object):
        if is_withdrawal(harvest_object):
            current = BusanHarvesterBase._current_object(harvest_object.guid, harvest_object.harvest_source_id)
            return withdraw(harvest_object, current)
        return super().import_stage(harvest_object)
