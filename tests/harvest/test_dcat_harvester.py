"""A DCAT catalogue through ckanext-dcat's own RDF harvester, adapted by busan_dcat: records get
the Busan schema's required fields (update cycle from the EU frequency, department from the
contact point), and the stock deletion of everything missing is held back by the guard."""

from __future__ import annotations

import contextlib
import json

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckanext.harvest.model import HarvestGatherError, HarvestJob

from ckanext.busan.harvesters.datagokr_dcat import repair_graph
from ckanext.busan.harvesters.dcat_catalog import busan_fields as dcat_busan_fields

from .fake_datagokr import make_records
from .fake_datagokr import serve as serve_catalog_api
from .support import run_job, serve_documents, site_context

CONFIG = {"category": "environment-weather", "dept_phone": "051-888-5000", "withdrawal_guard_share": 0.3}
PREFIXES = """@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix vcard: <http://www.w3.org/2006/vcard/ns#> .
"""


def dataset_ttl(n: int) -> str:
    return f"""
<https://catalog.example.kr/dataset/{n}> a dcat:Dataset ;
    dct:identifier "dcat-{n}" ;
    dct:title "대기질 측정 자료 {n}"@ko ;
    dct:description "측정소별 대기질 자료 {n}"@ko ;
    dcat:keyword "대기질"@ko, "미세먼지"@ko ;
    dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/MONTHLY> ;
    dcat:contactPoint [ a vcard:Organization ; vcard:fn "대기환경과" ; vcard:hasEmail <mailto:air@busan.example.kr> ] ;
    dcat:distribution [ a dcat:Distribution ; dct:title "CSV" ; dcat:accessURL <https://catalog.example.kr/{n}.csv> ;
                        dct:format "CSV" ] .
"""


class Catalogue:
    def __init__(self, numbers):
        self.numbers = list(numbers)

    def ttl(self) -> bytes:
        body = PREFIXES + "<https://catalog.example.kr/catalog> a dcat:Catalog"
        body += "".join(f" ;\n    dcat:dataset <https://catalog.example.kr/dataset/{n}>" for n in self.numbers)
        body += " .\n" + "".join(dataset_ttl(n) for n in self.numbers)
        return body.encode()


@contextlib.contextmanager
def serve(catalogue: Catalogue):
    with serve_documents(lambda path: (catalogue.ttl(), "text/turtle")) as base:
        yield f"{base}/catalog.ttl"


def run(source: dict) -> HarvestJob:
    return run_job(source, "busan_dcat")


def active_titles() -> set[str]:
    model.Session.expire_all()
    return {pkg.title for pkg in model.Session.query(model.Package).filter_by(type="dataset") if pkg.state == "active"}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_dcat_records_get_busan_fields_and_withdrawals_are_guarded():
    catalogue = Catalogue(range(1, 5))
    with serve(catalogue) as url:
        owner = factories.Organization()
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        source = tk.get_action("harvest_source_create")(
            {"user": site, "ignore_auth": True},
            {
                "owner_org": owner["id"],
                "url": url,
                "name": "air-catalogue",
                "title": "대기 DCAT",
                "source_type": "busan_dcat",
                "config": json.dumps({**CONFIG, "rdf_format": "text/turtle"}),
            },
        )
        first = run(source)
        errors = [e.message for o in first.objects for e in o.errors]
        assert active_titles() == {f"대기질 측정 자료 {n}" for n in range(1, 5)}, errors
        dataset = next(
            tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg.id})
            for pkg in model.Session.query(model.Package).filter_by(type="dataset")
        )
        assert dataset["update_cycle"] == "monthly" and dataset["dept_name"] == "대기환경과"
        assert dataset["category"] == "environment-weather" and dataset["dept_phone"] == "051-888-5000"
        assert dataset["contact_email"] == "air@busan.example.kr"

        catalogue.numbers = []  # the catalogue comes back empty: nothing is deleted
        empty = run(source)
        assert len(active_titles()) == 4
        assert model.Session.query(HarvestGatherError).filter_by(harvest_job_id=empty.id).count() >= 1

        catalogue.numbers = [2, 3, 4]  # one of four gone: within the 30% guard
        run(source)
        assert active_titles() == {f"대기질 측정 자료 {n}" for n in (2, 3, 4)}


@pytest.mark.pure
def test_busan_fields_from_a_parsed_dcat_record():
    parsed = {
        "title": "대기질",
        "frequency": "http://publications.europa.eu/resource/authority/frequency/QUARTERLY",
        "modified": "2025-01-10T09:00:00",
        "contact": [{"name": "대기환경과", "email": "mailto:air@busan.example.kr"}],
        "publisher": [{"name": "부산광역시"}],
        "temporal_coverage": [{"start": "2024-01-01"}],
        "extras": [{"key": "identifier", "value": "dcat-1"}],
    }
    filled = dcat_busan_fields(parsed, CONFIG, "https://catalog.example.kr")
    assert filled["update_cycle"] == "quarterly" and filled["next_registration_date"] == "2025-04-12"
    assert filled["dept_name"] == "대기환경과" and filled["contact_email"] == "air@busan.example.kr"
    assert "contact" not in filled and "temporal_coverage" not in filled
    assert filled["source_identifier"] == "dcat-1"


# One record as data.go.kr's /dcat/metadata/{id} publishes it: language tag "kr", comma-joined
# keywords, a literal theme, rights as a wording and an empty access URL.
DATAGOKR_RDF = """<?xml version="1.0" encoding="UTF-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:dcat="http://www.w3.org/ns/dcat#"
         xmlns:dct="http://purl.org/dc/terms/" xmlns:foaf="http://xmlns.com/foaf/0.1/">
  <dcat:Dataset rdf:about="https://www.data.go.kr/data/15012345/fileData.do">
    <dct:identifier>15012345</dct:identifier>
    <dct:title xml:lang="kr">부산광역시_공영주차장 정보</dct:title>
    <dct:description xml:lang="kr">부산광역시 공영주차장의 위치와 주차면수</dct:description>
    <dcat:keyword xml:lang="kr">주차장,공영주차장, 주차 요금</dcat:keyword>
    <dcat:theme>교통물류 - 도로</dcat:theme>
    <dct:rights>공공저작물_출처표시</dct:rights>
    <dct:publisher>
      <foaf:Organization><foaf:name xml:lang="kr">부산광역시 교통국</foaf:name></foaf:Organization>
    </dct:publisher>
    <dct:issued rdf:datatype="http://www.w3.org/2001/XMLSchema#date">2023-05-10</dct:issued>
    <dcat:distribution>
      <dcat:Distribution>
        <dct:title xml:lang="kr">공영주차장 CSV</dct:title>
        <dcat:accessURL></dcat:accessURL>
        <dcat:downloadURL rdf:resource="https://www.data.go.kr/cmm/cmm/fileDownload.do?atchFileId=FILE_1"/>
        <dct:format>CSV</dct:format>
      </dcat:Distribution>
    </dcat:distribution>
  </dcat:Dataset>
</rdf:RDF>
"""


@pytest.mark.pure
def test_datagokr_rdf_defects_are_repaired_in_the_graph():
    from rdflib import Graph
    from rdflib.namespace import DCAT, DCTERMS

    graph = Graph().parse(data=DATAGOKR_RDF, format="xml")
    repaired = repair_graph(graph)
    assert repaired
    titles = list(graph.objects(None, DCTERMS.title))
    assert titles and all(t.language == "ko" for t in titles)
    assert {str(k) for k in graph.objects(None, DCAT.keyword)} == {"주차장", "공영주차장", "주차 요금"}
    assert not [u for u in graph.objects(None, DCAT.accessURL) if not str(u).strip()]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_datagokr_record_is_harvested_with_its_defects_repaired():
    class One(Catalogue):
        def ttl(self) -> bytes:
            return DATAGOKR_RDF.encode()

    with serve(One([])) as url:
        owner = factories.Organization()
        source = tk.get_action("harvest_source_create")(
            site_context(),
            {
                "owner_org": owner["id"],
                "url": url.replace("catalog.ttl", "dcat/metadata/15012345"),
                "name": "datagokr-dcat",
                "title": "공공데이터포털 DCAT",
                "source_type": "busan_dcat",
                "config": json.dumps(
                    {"repair": "datagokr", "rdf_format": "application/rdf+xml", "dept_phone": "051-888-1234"}
                ),
            },
        )
        job = run(source)
    errors = [e.message for o in job.objects for e in o.errors]
    datasets = [
        tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg.id})
        for pkg in model.Session.query(model.Package).filter_by(type="dataset")
    ]
    assert len(datasets) == 1, errors
    dataset = datasets[0]
    assert dataset["title"] == "부산광역시_공영주차장 정보"
    assert dataset["category"] == "transport-logistics"  # from the literal theme
    assert dataset["license_id"] == "kogl-type1"  # from the rights wording
    assert sorted(t["name"] for t in dataset["tags"]) == ["공영주차장", "주차 요금", "주차장"]
    assert dataset["dept_name"] == "부산광역시 교통국"  # from the publisher


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_datagokr_dcat_is_harvested_record_by_record_from_the_catalog_listing(monkeypatch):
    """data.go.kr serves DCAT per list (/dcat/metadata/{id}); the ids come from the catalog API."""
    records = make_records(6, org_codes=("6260000",), seed=11)
    list_ids = sorted({r["list_id"] for r in records})
    served = {"ids": list(list_ids)}

    def respond(path: str):
        list_id = path.rstrip("/").rsplit("/", 1)[-1]
        if list_id not in served["ids"]:
            return None
        data = DATAGOKR_RDF.replace("15012345", list_id).replace("공영주차장 정보", f"공영주차장 정보 {list_id}")
        return data.encode(), "application/rdf+xml"

    monkeypatch.setenv("BUSAN_DATAGOKR_API_KEY", "per+record/key==")
    with serve_documents(respond) as base, serve_catalog_api(records, api_key="per+record/key==") as api:
        owner = factories.Organization()
        source = tk.get_action("harvest_source_create")(
            site_context(),
            {
                "owner_org": owner["id"],
                "url": f"{base}/dcat/metadata",
                "name": "datagokr-dcat-records",
                "title": "공공데이터포털 DCAT",
                "source_type": "busan_dcat",
                "config": json.dumps(
                    {
                        "records_from": "datagokr_catalog",
                        "catalog_api": api.base_url,
                        "org_codes": ["6260000"],
                        "repair": "datagokr",
                        "rdf_format": "application/rdf+xml",
                        "dept_phone": "051-888-1234",
                        "withdrawal_guard_share": 0.5,
                    }
                ),
            },
        )
        job = run(source)
        errors = [e.message for o in job.objects for e in o.errors]
        assert len(active_titles()) == len(list_ids), errors

        served["ids"] = list_ids[1:]  # one record's DCAT is missing: not read, so nothing withdrawn
        run(source)
        assert len(active_titles()) == len(list_ids)

        api.records = [r for r in records if r["list_id"] != list_ids[0]]  # gone from the listing
        run(source)
        assert len(active_titles()) == len(list_ids) - 1
