"""The data.go.kr harvesters against a local server that speaks the catalog API's format and
quirks (tests/harvest/fake_datagokr.py), with real CKAN, PostgreSQL and Solr: first run,
unchanged re-run, changed and deleted records, the withdrawal guard, faults, the API key kept
secret, and the bulk CSV reaching the same datasets."""

from __future__ import annotations

import datetime as dt
import json

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckanext.activity.model import Activity
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestGatherError, HarvestJob, HarvestObject
from ckanext.harvest.tests.lib import run_harvest_job

from .fake_datagokr import bulk_csv_bytes, make_records, serve

API_KEY = "a1b2+c3d4/e5f6=="
ORG_CODES = ("6260000", "3330000", "B551542")

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def _harvester(name: str):
    return next(h for h in p.PluginImplementations(IHarvester) if h.info()["name"] == name)


def sysadmin_context() -> dict:
    return {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}


def create_source(url: str, source_type: str, **config) -> dict:
    # A harvest source is owned by an organisation like any dataset: the city's data team.
    owner = model.Group.by_name("busan-data-team") or model.Group.get(
        factories.Organization(name="busan-data-team", title="부산광역시 빅데이터통계과")["id"]
    )
    return tk.get_action("harvest_source_create")(
        sysadmin_context(),
        {
            "owner_org": owner.id,
            "url": url,
            "name": f"{source_type.replace('_', '-')}-source",
            "title": "공공데이터포털",
            "source_type": source_type,
            "frequency": "DAILY",
            "config": json.dumps(config) if config else "",
        },
    )


def run(source: dict, name: str = "busan_datagokr") -> dict:
    job = HarvestJob(source_id=source["id"])
    job.save()
    results = run_harvest_job(job, _harvester(name))
    report = tk.get_action("harvest_job_show")(sysadmin_context(), {"id": job.id})
    return {
        "job": job,
        "results": results,
        "stats": report["stats"],
        "errors": gather_errors(job.id),
        "object_errors": object_errors(job.id),
    }


def object_errors(job_id: str) -> list[str]:
    return [
        f"{o.guid}: {e.message}"
        for o in model.Session.query(HarvestObject).filter_by(harvest_job_id=job_id)
        for e in o.errors
    ]


def gather_errors(job_id: str) -> list[str]:
    return [e.message for e in model.Session.query(HarvestGatherError).filter_by(harvest_job_id=job_id)]


def harvested_datasets(state: str = "active") -> dict[str, dict]:
    ids = {o.package_id for o in model.Session.query(HarvestObject).filter(HarvestObject.current == True)}  # noqa: E712
    ids |= {pkg.id for pkg in model.Session.query(model.Package).filter(model.Package.state == "deleted")}
    out = {}
    for pkg_id in filter(None, ids):
        pkg = model.Package.get(pkg_id)
        if pkg is not None and pkg.state == state:
            shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": pkg_id})
            out[pkg.extras.get("source_identifier")] = shown
    return out


def list_ids(records) -> set[str]:
    return {f"datagokr:{r['list_id']}" for r in records}


@pytest.fixture
def api_key(monkeypatch):
    monkeypatch.setenv("BUSAN_DATAGOKR_API_KEY", API_KEY)
    return API_KEY


@pytest.fixture
def catalog(api_key):
    records = make_records(30, org_codes=ORG_CODES, seed=7)
    with serve(records, api_key=api_key) as fake:
        source = create_source(fake.base_url, "busan_datagokr", org_codes=list(ORG_CODES), retry_backoff=0.01)
        yield {"fake": fake, "records": records, "source": source}


def test_first_run_creates_one_dataset_per_list_in_the_busan_schema(catalog):
    first = run(catalog["source"])
    expected = list_ids(catalog["records"])
    datasets = harvested_datasets()
    assert first["errors"] == [] and first["object_errors"] == []
    assert set(datasets) == expected
    assert first["stats"]["added"] == len(expected)
    some = next(iter(datasets.values()))
    assert some["category"] and some["spatial_districts"] and some["dept_phone"]
    assert some["source_system"] == "공공데이터포털 목록조회서비스"
    # organisations found (or created) by agency code
    codes = {model.Group.get(d["owner_org"]).extras.get("agency_code") for d in datasets.values()}
    assert codes <= set(ORG_CODES)


def test_overdue_records_are_imported_as_they_are(catalog):
    run(catalog["source"])
    overdue = [d for d in harvested_datasets().values() if d.get("next_registration_date", "9999") < "2026-01-01"]
    assert overdue, "the fake catalogue carries past next registration dates"


def test_unchanged_rerun_writes_nothing(catalog):
    run(catalog["source"])
    before = {k: d["metadata_modified"] for k, d in harvested_datasets().items()}
    activities = model.Session.query(Activity).count()
    second = run(catalog["source"])
    assert second["stats"]["not modified"] == len(before)
    assert second["stats"]["added"] == second["stats"]["updated"] == 0
    after = {k: d["metadata_modified"] for k, d in harvested_datasets().items()}
    assert after == before  # no package_update
    assert model.Session.query(Activity).count() == activities  # no new activity


def test_changed_record_is_updated_and_deleted_record_withdrawn(catalog):
    run(catalog["source"])
    records = catalog["records"]
    changed = records[0]
    changed["desc"] = "설명이 바뀌었습니다"
    gone_id = records[-1]["list_id"]
    catalog["fake"].records = [r for r in records if r["list_id"] != gone_id]
    result = run(catalog["source"])
    assert result["stats"]["updated"] >= 1 and result["stats"]["deleted"] == 1
    active = harvested_datasets()
    assert f"datagokr:{gone_id}" not in active
    withdrawn = harvested_datasets("deleted")
    assert f"datagokr:{gone_id}" in withdrawn  # kept, not purged
    assert active[f"datagokr:{changed['list_id']}"]["notes"] == "설명이 바뀌었습니다"


def test_mass_withdrawal_is_held_back_and_explained(catalog):
    run(catalog["source"])
    count = len(harvested_datasets())
    catalog["fake"].records = catalog["records"][: len(catalog["records"]) // 3]
    result = run(catalog["source"])
    assert len(harvested_datasets()) == count
    assert any("아무것도 철회하지 않았습니다" in e for e in result["errors"]), result["errors"]  # in Korean


@pytest.mark.parametrize(
    "fault",
    [
        lambda fake: fake.fail_next(50, status=503),
        lambda fake: fake.die_after_page(1),
        lambda fake: fake.truncate_next_page(),
        lambda fake: fake.quota_after(1),
    ],
    ids=["5xx", "dies-mid-paging", "truncated-page", "quota"],
)
def test_a_fault_is_recorded_and_loses_nothing(catalog, fault):
    run(catalog["source"])
    count = len(harvested_datasets())
    fault(catalog["fake"])
    result = run(catalog["source"])
    assert result["errors"], "the fault is recorded as a gather error"
    assert len(harvested_datasets()) == count  # nothing withdrawn, nothing lost
    assert all(API_KEY not in e and "a1b2" not in e for e in result["errors"])
    catalog["fake"].reset()
    healed = run(catalog["source"])
    assert healed["errors"] == [] and len(harvested_datasets()) == count


def test_an_agency_cut_off_mid_listing_keeps_every_resource(api_key):
    """A list's file and API entries come from different endpoints and pages: when the source
    dies part-way through an agency, its half-read lists must not replace complete datasets."""
    records = make_records(30, org_codes=ORG_CODES, seed=7)
    with serve(records, api_key=api_key) as fake:
        source = create_source(fake.base_url, "busan_datagokr", org_codes=list(ORG_CODES), per_page=3)
        run(source)
        before = {guid: len(d["resources"]) for guid, d in harvested_datasets().items()}
        assert any(n > 1 for n in before.values()), "the fixture has lists with several entries"
        fake.records = [dict(r, updated_at="2030-01-01") for r in records]  # every list changed...
        fake.die_after_page(1)  # ...but the source dies after the first page
        result = run(source)
    assert result["errors"]
    assert {guid: len(d["resources"]) for guid, d in harvested_datasets().items()} == before


def test_wrong_key_is_reported_without_the_key(catalog, monkeypatch):
    monkeypatch.setenv("BUSAN_DATAGOKR_API_KEY", "wrong+key/value==")
    result = run(catalog["source"])
    assert result["errors"] and all("wrong+key" not in e and "wrong%2Bkey" not in e for e in result["errors"])
    assert harvested_datasets() == {}


def test_bulk_csv_in_cp949_reaches_the_same_datasets(catalog, tmp_path):
    run(catalog["source"])
    api_datasets = harvested_datasets()
    listing = tmp_path / "목록개방현황.csv"
    listing.write_bytes(bulk_csv_bytes(catalog["records"], encoding="cp949"))
    bulk = create_source(str(listing), "busan_datagokr_bulk", org_codes=list(ORG_CODES))
    result = run(bulk, "busan_datagokr_bulk")
    assert result["errors"] == []
    assert set(harvested_datasets()) == set(api_datasets)  # one dataset per list, whichever source


def test_harvest_report_lists_counts_and_every_error(catalog, cli):
    run(catalog["source"])
    catalog["fake"].fail_next(50, status=503)
    run(catalog["source"])
    result = cli.invoke(ckan_cli, ["busan", "harvest-report", catalog["source"]["name"]])
    assert result.exit_code == 0, result.output
    assert "변경 없음 unchanged" in result.output and "[gather]" in result.output
    assert API_KEY not in result.output


def test_prune_keeps_what_datasets_point_to(catalog, cli):
    run(catalog["source"])
    run(catalog["source"])  # a second run leaves 'not modified' objects that no dataset points to
    old = dt.datetime.utcnow() - dt.timedelta(days=40)
    model.Session.query(HarvestObject).update({"gathered": old})
    model.Session.commit()
    current = model.Session.query(HarvestObject).filter(HarvestObject.current == True).count()  # noqa: E712
    result = cli.invoke(ckan_cli, ["busan", "harvest-prune", "--older-than", "30"])
    assert result.exit_code == 0, result.output
    model.Session.expire_all()
    remaining = model.Session.query(HarvestObject).all()
    assert len(remaining) == current and all(o.current for o in remaining)
    assert len(harvested_datasets()) == current


def test_a_second_source_writes_only_the_fields_it_owns(catalog, tmp_path):
    run(catalog["source"])
    first = catalog["records"][0]
    guid = f"datagokr:{first['list_id']}"
    before = harvested_datasets()[guid]
    rows = [dict(r) for r in catalog["records"]]
    for row in rows:
        if row["list_id"] == first["list_id"]:
            row["list_title"] = row["title"] = "대량 파일의 다른 제목"
            row["dept_nm"] = "새 관리부서"
    listing = tmp_path / "listing.csv"
    listing.write_bytes(bulk_csv_bytes(rows, encoding="utf-8"))
    bulk = create_source(str(listing), "busan_datagokr_bulk", org_codes=list(ORG_CODES), owned_fields=["dept_name"])
    result = run(bulk, "busan_datagokr_bulk")
    assert result["errors"] == [] and result["object_errors"] == []
    after = harvested_datasets()[guid]
    assert after["dept_name"] == "새 관리부서"  # owned by the bulk source
    assert after["title"] == before["title"]  # owned by the API source
    run(bulk, "busan_datagokr_bulk")  # and again on its next night
    assert harvested_datasets()[guid]["title"] == before["title"]


def test_a_dataset_another_source_still_lists_is_not_withdrawn(catalog, tmp_path):
    run(catalog["source"])
    listing = tmp_path / "listing.csv"
    listing.write_bytes(bulk_csv_bytes(catalog["records"], encoding="utf-8"))
    bulk = create_source(str(listing), "busan_datagokr_bulk", org_codes=list(ORG_CODES), withdrawal_guard_share=1.0)
    run(bulk, "busan_datagokr_bulk")
    gone = catalog["records"][0]["list_id"]
    listing.write_bytes(bulk_csv_bytes([r for r in catalog["records"] if r["list_id"] != gone], encoding="utf-8"))
    run(bulk, "busan_datagokr_bulk")
    assert f"datagokr:{gone}" in harvested_datasets()  # the API source still lists it


def test_dataset_page_shows_where_it_came_from_and_when_it_was_last_harvested(catalog, app):
    run(catalog["source"])
    dataset = next(iter(harvested_datasets().values()))
    page = app.get(f"/dataset/{dataset['name']}").body
    assert "원천 시스템" in page and "공공데이터포털 목록조회서비스" in page
    assert "마지막 수집" in page  # from the harvest tables
    assert dataset["source_identifier"] in page
