"""Lineage (계보): harvested datasets get their upstream from the harvest records, publishers
declare "derived from" datasets, lineage_show returns the graph (only what the caller may
see), a withdrawn upstream marks its downstream datasets, and the page draws the graph."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckanext.harvest.model import HarvestJob, HarvestObject

from ckanext.busan_governance.lineage.graph import LineageGraph, add_provenance, parse_references

from ..browser.portal import running_portal
from ..builders import valid_dataset

HERE = Path(__file__).resolve().parent


@pytest.mark.pure
def test_references_are_read_as_stored_or_as_typed():
    assert parse_references('["a", "b"]') == ["a", "b"]
    assert parse_references("a, b\nc,a") == ["a", "b", "c"]
    assert parse_references(None) == [] and parse_references("") == []
    with pytest.raises(ValueError):
        parse_references([1, 2])


@pytest.mark.pure
def test_provenance_chain_source_system_job_dataset():
    graph = LineageGraph()
    add_provenance(graph, {"id": "d1", "source_system": "공공데이터포털"}, {"job_id": "j1", "job_label": "수집 작업"})
    assert [(e["source"], e["target"], e["relation"]) for e in graph.edges] == [
        ("job:j1", "dataset:d1", "harvested_by"),
        ("system:공공데이터포털", "job:j1", "run_of"),
    ]


@pytest.fixture
def publisher():
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return {"user": user, "org": org, "context": lambda: {"user": user["name"]}}


def _create(pub, **fields) -> dict:
    return tk.get_action("package_create")(pub["context"](), valid_dataset(owner_org=pub["org"]["id"], **fields))


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_derived_datasets_form_a_graph_both_ways_with_the_processing(publisher):
    air = _create(publisher, name="air-quality", title="대기질 측정 자료")
    by_district = _create(
        publisher,
        name="air-by-district",
        title="구·군별 대기질",
        derived_from="air-quality",
        processing_description="측정소 값을 구·군별 평균으로 집계",
    )
    assert by_district["derived_from"] == [air["id"]]  # stored as ids, shown as a list
    _create(publisher, name="air-report", title="대기질 보고서", derived_from=["air-by-district"])

    graph = tk.get_action("lineage_show")({"user": ""}, {"id": "air-by-district"})
    labels = {n["id"]: n["label"] for n in graph["nodes"]}
    edges = {(labels[e["source"]], e["relation"], labels[e["target"]], e["description"]) for e in graph["edges"]}
    assert ("대기질 측정 자료", "derived_from", "구·군별 대기질", "측정소 값을 구·군별 평균으로 집계") in edges
    assert ("구·군별 대기질", "derived_from", "대기질 보고서", "") in edges


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_unknown_private_or_self_references_are_field_errors(app, publisher):
    other = factories.Organization()
    hidden = tk.get_action("package_create")(
        {"ignore_auth": True, "user": factories.Sysadmin()["name"]},
        valid_dataset(owner_org=other["id"], name="other-private", private=True),
    )
    for ref, expected in (("no-such-set", "no-such-set"), (hidden["name"], hidden["name"])):
        with pytest.raises(tk.ValidationError) as e:
            _create(publisher, name="derived", derived_from=ref)
        assert expected in e.value.error_dict["derived_from"][0]
    created = _create(publisher, name="derived")
    with pytest.raises(tk.ValidationError) as e:
        tk.get_action("package_patch")(publisher["context"](), {"id": created["id"], "derived_from": "derived"})
    assert "derived_from" in e.value.error_dict
    assert model.Package.get("derived").extras.get("derived_from") in (None, "[]")


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_harvested_dataset_traces_back_to_its_source_system_and_job(publisher):
    dataset = _create(publisher, name="harvested", source_system="공공데이터포털 목록조회서비스")
    source = tk.get_action("harvest_source_create")(
        {"user": factories.Sysadmin()["name"]},
        {
            "name": "datagokr",
            "url": "http://127.0.0.1:9/catalog",
            "source_type": "busan_datagokr",
            "title": "공공데이터포털",
            "owner_org": publisher["org"]["id"],
        },
    )
    job = HarvestJob(source_id=source["id"], status="Finished", finished=dt.datetime(2026, 11, 25, 3, 0))
    job.save()
    HarvestObject(guid="datagokr:1", job=job, source=job.source, package_id=dataset["id"], current=True).save()
    graph = tk.get_action("lineage_show")({"user": ""}, {"id": "harvested"})
    kinds = {n["kind"] for n in graph["nodes"]}
    assert {"source_system", "harvest_job", "dataset"} <= kinds
    job_node = next(n for n in graph["nodes"] if n["kind"] == "harvest_job")
    assert job_node["finished"].startswith("2026-11-25T03:00")


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_withdrawn_upstream_marks_downstream_and_private_downstream_stays_hidden(app, publisher):
    upstream = _create(publisher, name="upstream", title="원천 자료")
    _create(publisher, name="downstream", title="가공 자료", derived_from="upstream")
    _create(publisher, name="secret-downstream", title="비공개 가공 ZQXSECRET", derived_from="upstream", private=True)
    as_visitor = tk.get_action("lineage_show")({"user": ""}, {"id": "upstream"})
    assert "ZQXSECRET" not in json.dumps(as_visitor, ensure_ascii=False)
    as_editor = tk.get_action("lineage_show")(publisher["context"](), {"id": "upstream"})
    assert "ZQXSECRET" in json.dumps(as_editor, ensure_ascii=False)

    tk.get_action("package_delete")(publisher["context"](), {"id": upstream["id"]})  # withdrawn
    graph = tk.get_action("lineage_show")({"user": ""}, {"id": "downstream"})
    center = next(n for n in graph["nodes"] if n.get("center"))
    assert center["has_withdrawn_source"] is True
    page = app.get("/dataset/downstream").body
    assert "원천 데이터셋이 철회되었습니다" in page


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_lineage_page_draws_the_graph_in_a_browser(publisher, artifacts_dir):
    _create(publisher, name="beach-visitors", title="해수욕장 방문객")
    _create(
        publisher,
        name="beach-transit",
        title="해수욕장 방문객과 교통",
        derived_from="beach-visitors",
        processing_description="일별 방문객과 지하철 승하차를 날짜로 결합",
    )
    with running_portal() as base:
        out = subprocess.run(
            [
                "node",
                str(HERE / "lineage_check.mjs"),
                str(artifacts_dir / "lineage.png"),
                f"{base}/dataset/beach-transit/lineage",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert out.returncode == 0, out.stderr
    seen = json.loads(out.stdout)
    assert seen["status"] == 200 and seen["errors"] == []
    assert seen["drawn"] == 2
    assert any("해수욕장 방문객" in row and "결합" in row for row in seen["rows"])
