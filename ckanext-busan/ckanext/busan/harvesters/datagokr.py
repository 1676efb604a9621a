"""Harvesters of 공공데이터포털 (data.go.kr) listings for Busan's agencies.

- ``busan_datagokr``: the catalog API "목록조회서비스" (api.odcloud.kr 15077093), paged and
  filtered by agency code; the key comes from configuration or an environment variable and
  is redacted from every message.
- ``busan_datagokr_bulk``: the monthly 목록개방현황 CSV (a path or URL), the fast path for an
  initial load; CP949 or UTF-8, filtered by agency code.

Both map records with mapping.py and share one GUID per list (``datagokr:{list_id}``), so the
same list reached through both is one dataset.
"""

from __future__ import annotations

import json
import os
import zlib
from pathlib import Path

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import requests

from ckanext.busan.harvesters.base import BusanHarvesterBase, ReadResult, SourceReadError
from ckanext.busan.harvesters.bulk_csv import read_bulk_csv
from ckanext.busan.harvesters.mapping import (
    MappingError,
    group_by_list,
    is_withdrawn,
    list_key,
    map_bulk_row,
    map_catalog_record,
    wanted_agency_codes,
)
from ckanext.busan.harvesters.odcloud import CatalogClient, CatalogError, QuotaExceeded
from ckanext.busan.harvesters.reports import report_text
from ckanext.harvest.interfaces import IHarvester

DEFAULT_ENDPOINTS = ["file-data-list", "open-data-list", "standard-data-list"]
DEFAULT_KEY_ENV = "BUSAN_DATAGOKR_API_KEY"


def _agency_codes(config: dict) -> set[str]:
    if config.get("org_codes"):
        return {str(c) for c in config["org_codes"]}
    seed = Path(tk.config.get("ckanext.busan.seed_dir")) / "organizations.csv"
    return wanted_agency_codes(seed)


def _pack(entry: dict) -> bytes:
    return zlib.compress(json.dumps(entry, ensure_ascii=False).encode(), 1)


def _unpack(packed: bytes) -> dict:
    return json.loads(zlib.decompress(packed))


def _guid(list_id) -> str:
    return f"datagokr:{list_id}"


class DataGoKrCatalogHarvester(BusanHarvesterBase, p.SingletonPlugin):
    p.implements(IHarvester)

    source_system = "공공데이터포털 목록조회서비스"
    config_keys = {"endpoints": list, "api_key_env": str, "per_page": int, "retry_backoff": (int, float)}

    def info(self):
        return {
            "name": "busan_datagokr",
            "title": "공공데이터포털 목록조회서비스 (data.go.kr catalog API)",
            "description": "부산광역시·구·군·공사·공단이 공공데이터포털에 등록한 목록을 매일 동기화합니다.",
            "form_config_interface": "Text",
        }

    def _api_key(self, config: dict) -> str:
        key = tk.config.get("ckanext.busan.harvest.datagokr_api_key") or os.environ.get(
            config.get("api_key_env") or DEFAULT_KEY_ENV, ""
        )
        if not key:
            raise SourceReadError(
                "No data.go.kr API key: set ckanext.busan.harvest.datagokr_api_key or the environment variable "
                + (config.get("api_key_env") or DEFAULT_KEY_ENV)
            )
        return key

    def read_source(self, harvest_job, config: dict, result: ReadResult) -> None:
        client = CatalogClient(
            harvest_job.source.url.rstrip("/"),
            self._api_key(config),
            per_page=int(config.get("per_page", 500)),
            backoff=float(config.get("retry_backoff", 1.0)),  # seconds, doubled per retry of a 5xx or timeout
        )
        endpoints = config.get("endpoints") or DEFAULT_ENDPOINTS
        # One agency at a time: a list's file and API entries all carry its agency code, so an
        # agency's entries group into whole lists, and memory holds one agency's listing at most.
        for code in sorted(_agency_codes(config)):
            # An agency's entries by list, each kept as compressed JSON (a tenth of a parsed
            # dict's size) until its list is complete.
            by_list: dict[str, list[bytes]] = {}
            try:
                for endpoint in endpoints:
                    for entry in client.iter_records(endpoint, org_codes=[code]):
                        by_list.setdefault(list_key(entry), []).append(_pack(entry))
            except QuotaExceeded as e:
                message = "The API key's daily quota is used up; the next run continues. ({error})"
                result.complete, result.fault = False, client.redact(report_text(message, error=e))
            except CatalogError as e:
                message = "Reading the catalog API stopped: {error}"
                result.complete, result.fault = False, client.redact(report_text(message, error=e))
            if not result.complete:
                # The interrupted agency's lists may be missing entries: mapping them would drop
                # resources from their datasets. They are left as they are until the next run.
                return
            while by_list:
                _key, packed = by_list.popitem()
                (record,) = group_by_list(_unpack(entry) for entry in packed)
                if is_withdrawn(record):
                    continue  # deleted at the source: not seen, so withdrawn here (within the guard)
                guid = _guid(record.get("list_id") or record.get("id"))
                try:
                    result.add(guid, map_catalog_record(record, default_phone=config.get("default_phone")))
                except MappingError as e:
                    result.add(guid, e)


class DataGoKrBulkHarvester(BusanHarvesterBase, p.SingletonPlugin):
    p.implements(IHarvester)

    source_system = "공공데이터포털 목록개방현황"
    config_keys = {}

    def info(self):
        return {
            "name": "busan_datagokr_bulk",
            "title": "공공데이터포털 목록개방현황 CSV (data.go.kr bulk listing)",
            "description": "매월 공개되는 목록개방현황 CSV 파일(경로 또는 URL)에서 부산 기관의 목록을 읽습니다.",
            "form_config_interface": "Text",
        }

    @staticmethod
    def _read_bytes(location: str) -> bytes:
        try:
            if location.startswith(("http://", "https://")):
                resp = requests.get(location, timeout=tk.config.get("ckan.requests.timeout") or 60)
                resp.raise_for_status()
                return resp.content
            path = Path(location.removeprefix("file://"))
            return path.read_bytes()
        except (OSError, requests.RequestException) as e:
            raise SourceReadError(f"Could not read the listing {location}: {e}") from None

    def read_source(self, harvest_job, config: dict, result: ReadResult) -> None:
        data = self._read_bytes(harvest_job.source.url.strip())
        try:
            for row in read_bulk_csv(data, org_codes=_agency_codes(config)):
                guid = _guid(row.get("목록키"))
                try:
                    result.add(guid, map_bulk_row(row, default_phone=config.get("default_phone")))
                except MappingError as e:
                    result.add(guid, e)
        except (ValueError, UnicodeDecodeError) as e:  # a truncated or garbled file
            result.complete = False
            result.fault = report_text("The listing file could not be read to the end: {error}", error=e)
