"""Busan datasets as rows of data.go.kr's bulk listing "공공데이터포털 목록개방현황" (pure: no CKAN
import), the inverse of ``harvesters/bulk_csv.py`` + ``harvesters/mapping.map_bulk_row``: the
same 36 columns (``mapping.BULK_COLUMNS``), so that the file goes back through the bulk
harvester (``busan_datagokr_bulk``) to the same Busan fields.

What the listing cannot hold is said here once:

- resources: only their formats (확장자, ``CSV+JSON``); the file links are not columns, so a
  re-import links the list page (목록 URL) instead;
- 공간범위 is written as district names; a re-import takes the district from the agency;
- 정부기능분류 (BRM) is the 분류체계 column when its first part names the same category
  (``교통및물류 > 대중교통``), else ``{category} - {BRM}``, which a re-import keeps whole;
- a version that is not a date (the listing only knows titles ending ``_YYYYMMDD``) and the
  contact e-mail have no column.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator

from ckanext.busan.dataset import codelists, rules
from ckanext.busan.harvesters.mapping import BULK_COLUMNS, GUID_PREFIX, category_id

ENCODINGS = {"utf-8": "utf-8-sig", "cp949": "cp949"}  # UTF-8 with a BOM, as spreadsheets want


def _label(codelist: str, value, column: str = "ko") -> str:
    code = codelists.lookup(codelist, value or "")
    return (code.get(column) if column != "ko" else code.ko) if code else ""


def _classification(category: str | None, brm: str | None) -> str:
    name = _label("categories", category)
    if not brm:
        return name
    head = rules.nfc(brm).replace(">", " - ").split(" - ")[0].strip()
    return brm if category_id(head) == category else f"{name} - {brm}"


def _list_title(title: str, version: str | None) -> str:
    try:
        day = rules.parse_date(version) if version else None
    except rules.RuleError:
        day = None
    return f"{title}_{day:%Y%m%d}" if day else title


def _formats(resources: list[dict]) -> str:
    formats: list[str] = []
    for resource in resources:
        fmt = str(resource.get("format") or "").strip().upper()
        if fmt and fmt not in formats:
            formats.append(fmt)
    return "+".join(formats)


def list_key(dataset: dict) -> str:
    """목록키: the data.go.kr list id of a dataset harvested from there, else the dataset id."""
    source = str(dataset.get("source_identifier") or "")
    return source.removeprefix(GUID_PREFIX) if source.startswith(GUID_PREFIX) else dataset["id"]


def dataset_row(dataset: dict, organization: dict, page_url: str) -> dict[str, str]:
    """One listing row (column -> text) for a package_show dict and its organization_show dict;
    `page_url` is the dataset's page, the 목록 URL when it has no source URL."""
    licence = next((lic for lic in codelists.licenses() if lic["id"] == dataset.get("license_id")), {})
    start, end = dataset.get("temporal_start"), dataset.get("temporal_end")
    resources = dataset.get("resources") or []
    provision = dataset.get("provision_type") or "file"
    row = {
        "목록키": list_key(dataset),
        "목록유형": _label("provision_types", provision, "datagokr_list_type"),
        "목록명": _list_title(dataset.get("title") or "", dataset.get("version")),
        "파일데이터명": resources[0].get("name") or dataset.get("title") if resources else dataset.get("title"),
        "분류체계": _classification(dataset.get("category"), dataset.get("brm_category")),
        "제공기관코드": organization.get("agency_code") or "",
        "제공기관": organization.get("title") or organization.get("name") or "",
        "관리 부서명": dataset.get("dept_name"),
        "관리부서 전화번호": dataset.get("dept_phone"),
        "보유근거": dataset.get("legal_basis"),
        "수집방법": dataset.get("collection_method"),
        "업데이트 주기": _label("update_cycles", dataset.get("update_cycle")),
        "차기 등록 예정일": dataset.get("next_registration_date"),
        "확장자(데이터포맷)": _formats(resources),
        "키워드": ",".join(t["name"] for t in dataset.get("tags") or []),
        "등록일": str(dataset.get("metadata_created") or "")[:10],
        "수정일": str(dataset.get("source_modified") or dataset.get("metadata_modified") or "")[:10],
        "데이터 한계": dataset.get("data_limitations"),
        "설명": dataset.get("notes"),
        "기타 유의사항": dataset.get("other_notes"),
        "공간범위": ", ".join(_label("districts", c) for c in dataset.get("spatial_districts") or []),
        "시간범위": f"{start or ''} ~ {end or ''}" if start or end else "",
        "비용부과유무": dataset.get("is_charged") or "N",
        "비용부과기준 및 단위": dataset.get("cost_basis"),
        "이용허락범위": licence.get("data_go_kr", ""),
        "API 유형": "LINK" if provision == "link" else "",
        "목록 URL": dataset.get("source_url") or page_url,
        "국가중점여부": dataset.get("is_core_data") or "N",
        "표준데이터여부": dataset.get("is_std_data") or "N",
    }
    return {column: str(row.get(column) or "") for column in BULK_COLUMNS}


def csv_chunks(rows: Iterable[dict[str, str]], encoding: str = "utf-8") -> Iterator[bytes]:
    """The listing as encoded CSV, header first, one chunk per row (for streaming). A character
    CP949 cannot hold is written as '?' rather than failing the whole export."""
    codec = ENCODINGS[encoding]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def flush() -> bytes:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode(codec if codec != "utf-8-sig" else "utf-8", errors="replace")

    writer.writerow(BULK_COLUMNS)
    yield ("\ufeff" if codec == "utf-8-sig" else "").encode("utf-8") + flush()
    for row in rows:
        writer.writerow([row[column] for column in BULK_COLUMNS])
        yield flush()
