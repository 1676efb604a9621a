"""Shared pieces of the DCAT tests: a dataset with every Busan field filled, the one SHACL call
(DCAT-AP 3.0.0 shapes from ../shared), and graphs of what the portal serves."""

from __future__ import annotations

import datetime as dt
import warnings
from functools import cache
from pathlib import Path

import ckan.plugins.toolkit as tk
import yaml
from ckan.tests import factories
from rdflib import Graph, Namespace

from tests.builders import NEXT_YEAR, valid_dataset
from tests.conftest import shared_file

SH = Namespace("http://www.w3.org/ns/shacl#")
SHAPES = "shacl/dcat-ap-3.0.0-SHACL.ttl"


@cache
def _shapes() -> Graph:
    return Graph().parse(shared_file(SHAPES), format="turtle")


def shacl_report(graph: Graph) -> tuple[list[str], list[str]]:
    """Violations and warnings of `graph` against the DCAT-AP 3.0.0 shapes.

    The one pyshacl call of the project (README "DCAT-AP"): no inference, every shape, all
    results. Warnings and infos are reported through Python warnings (pytest's summary)."""
    from pyshacl import validate

    _conforms, results, _text = validate(
        data_graph=graph,
        shacl_graph=_shapes(),
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
        meta_shacl=False,
        advanced=False,
        debug=False,
    )
    found: dict[str, list[str]] = {"Violation": [], "Warning": [], "Info": []}
    for result in results.subjects(SH.resultSeverity, None):
        severity = str(results.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        line = (
            f"{results.value(result, SH.focusNode)} {results.value(result, SH.resultPath)}: "
            f"{results.value(result, SH.resultMessage)}"
        )
        found.setdefault(severity, []).append(line)
    for line in found["Warning"] + found["Info"]:
        warnings.warn(f"DCAT-AP SHACL: {line}", stacklevel=2)
    return found["Violation"], found["Warning"]


def sysadmin_headers() -> dict:
    user = factories.SysadminWithToken()
    return {"Authorization": user["token"]}


def organization(**overrides) -> dict:
    data = {
        "name": "busan-haeundaegu",
        "title": "부산광역시 해운대구",
        "title_en": "Haeundae-gu, Busan",
        "org_type": "district",
        "agency_code": "3330000",
        "agency_code_system": "행정기관코드",
    }
    data.update(overrides)
    return factories.Organization(**data)


SCHEMA = Path(__file__).resolve().parents[2] / "ckanext-busan/ckanext/busan/schemas/dataset.yaml"
# Schema fields that are not the dataset's own metadata: the URL name (the DCAT IRI is the id)
# and the organisation (dct:publisher, checked by its own tests).
NOT_ROUND_TRIPPED = {"name", "owner_org"}


def schema_fields() -> tuple[list[str], list[str]]:
    """The dataset and resource field names of the Busan scheming schema (the YAML itself)."""
    schema = yaml.safe_load(SCHEMA.read_text(encoding="utf-8"))
    return [f["field_name"] for f in schema["dataset_fields"]], [f["field_name"] for f in schema["resource_fields"]]


def upstream_dataset(org: dict, name: str) -> dict:
    """A plain public dataset that a full dataset is derived from (원천 데이터셋)."""
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    try:
        return tk.get_action("package_show")({"ignore_auth": True}, {"id": name})
    except tk.ObjectNotFound:
        data = valid_dataset(name=name, title=f"원천 {name}", owner_org=org["id"])
        return tk.get_action("package_create")({"user": site, "ignore_auth": True}, data)


def full_dataset(org: dict, **overrides) -> dict:
    """package_create with every field of the Busan schema filled; returns package_show.

    It is derived from two upstream datasets (created when missing, named after it), so
    ``derived_from`` is filled too; tests/dcat/test_profile.py checks that no field of the YAML is
    left empty here."""
    name = overrides.get("name") or "haeundae-beach-visitors"
    if "derived_from" not in overrides:
        overrides["derived_from"] = [upstream_dataset(org, f"{name}-src{i}")["id"] for i in (1, 2)]
    data = valid_dataset(
        name="haeundae-beach-visitors",
        title="해운대구_해운대해수욕장 방문객 통계",
        notes="해운대해수욕장 개장 기간 일별 방문객 수",
        tags=[{"name": "해수욕장"}, {"name": "관광"}],
        owner_org=org["id"],
        category="culture-tourism",
        brm_category="문화체육관광 > 관광",
        dept_name="관광문화과",
        dept_phone="051-749-4061",
        contact_email="tour@haeundae.example.kr",
        legal_basis="관광진흥법 제47조",
        collection_method="지능형 CCTV 무인계수",
        update_cycle="daily",
        next_registration_date=NEXT_YEAR,
        spatial_districts=["2635000000", "2650000000"],
        spatial='{"type": "Polygon", "coordinates": [[[129.155, 35.155], [129.168, 35.155], '
        "[129.168, 35.162], [129.155, 35.162], [129.155, 35.155]]]}",
        temporal_start="2025-06-01",
        temporal_end="2025-09-10",
        license_id="kogl-type3",
        provision_type="open-api",
        is_charged="Y",
        cost_basis="건당 100원",
        is_core_data="Y",
        is_std_data="N",
        data_limitations="우천 시 집계 누락",
        other_notes="해수욕장 개장 기간만 집계",
        source_url="https://www.data.go.kr/data/15012345/fileData.do",
        security_classification="partial",
        withheld_scope="방문객 개인 식별 영상",
        withheld_legal_ground="oia-9-1-6",
        withheld_request_info="정보공개포털(open.go.kr)에서 정보공개청구",
        processing_description="CCTV 계수 원자료를 일별로 합산하고 중복 계수를 제거",
        source_system="부산 관광 통계 시스템",
        source_identifier="TOUR-2025-0001",
        source_modified="2025-09-11",
        version="2025-09-10",
        resources=[
            {
                "name": "2025년 일별 방문객",
                "url": "https://data.busan.example/haeundae-2025.csv",
                "format": "CSV",
                "description": "일별 방문객 수",
                "encoding": "CP949",
                "reference_date": "2025-09-10",
            },
            {"name": "보고서", "url": "https://data.busan.example/report.hwp", "format": "HWP"},
        ],
    )
    data.update(overrides)
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    created = tk.get_action("package_create")({"user": site, "ignore_auth": True}, data)
    return tk.get_action("package_show")({"ignore_auth": True}, {"id": created["id"]})


def graph_of(text: str, fmt: str = "turtle") -> Graph:
    return Graph().parse(data=text, format=fmt)


def with_quality_report(dataset: dict) -> None:
    """A finished quality report, as busan_governance's job writes it, then the dataset
    reindexed (the grade and the completeness are read from the index)."""
    from ckan import model
    from ckan.lib.search import rebuild

    from ckanext.busan_governance.model import report_table

    model.Session.connection().execute(
        report_table.insert().values(
            resource_id=dataset["resources"][0]["id"], package_id=dataset["id"], version="v1", status="done",
            score=87.5, grade="B", compliance_rate=0.75, created=dt.datetime.utcnow(), finished=dt.datetime.utcnow(),
        )
    )  # fmt: skip
    model.Session.commit()
    rebuild(dataset["id"])
