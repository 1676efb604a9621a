"""Another CKAN portal through ckanext-harvest's own CKAN harvester, adapted by busan_ckan:
stock records get the Busan schema's required fields, and datasets gone from the remote
portal are withdrawn within the guard (the stock harvester never deletes)."""

from __future__ import annotations

import json

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories
from ckanext.harvest.model import HarvestGatherError, HarvestJob

from ckanext.busan.harvesters.ckan_portal import busan_fields

from .fake_ckan import serve, stock_dataset
from .support import run_job

CONFIG = {"category": "transport-logistics", "dept_phone": "051-888-1234", "withdrawal_guard_share": 0.3}


@pytest.mark.pure
def test_stock_record_gets_busan_fields():
    filled = busan_fields(stock_dataset(1), CONFIG, "https://remote.example.kr")
    assert filled["category"] == "transport-logistics" and filled["dept_phone"] == "051-888-1234"
    assert filled["dept_name"] == "데이터담당관" and filled["update_cycle"] == "irregular"
    assert filled["spatial_districts"] == '["2635000000"]'  # the remote's own value wins over the default
    assert filled["license_id"] == "kogl-type1" and filled["source_identifier"] == stock_dataset(1)["id"]
    assert "extras" not in filled  # stock extras would clash with schema fields


def run(source: dict) -> HarvestJob:
    return run_job(source, "busan_ckan")


def active() -> set[str]:
    model.Session.expire_all()
    return {
        pkg.extras.get("source_identifier")
        for pkg in model.Session.query(model.Package).filter(model.Package.type == "dataset")
        if pkg.state == "active"
    }


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_remote_datasets_are_harvested_and_withdrawn_within_the_guard():
    datasets = [stock_dataset(n) for n in range(1, 7)]
    with serve(datasets) as fake:
        owner = factories.Organization()
        site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
        source = tk.get_action("harvest_source_create")(
            {"user": site, "ignore_auth": True},
            {
                "owner_org": owner["id"],
                "url": fake.base_url,
                "name": "remote-ckan",
                "title": "원격 CKAN",
                "source_type": "busan_ckan",
                "config": json.dumps(CONFIG),
            },
        )
        run(source)
        assert active() == {d["id"] for d in datasets}
        shown = tk.get_action("package_show")({"ignore_auth": True}, {"id": "remote-dataset-1"})
        assert shown["category"] == "transport-logistics" and shown["source_system"].startswith("CKAN")

        fake.datasets = datasets[1:]  # one of six gone: within the 30% guard
        run(source)
        assert active() == {d["id"] for d in datasets[1:]}
        assert model.Package.get("remote-dataset-1").state == "deleted"  # kept, not purged

        fake.datasets = datasets[4:]  # three of five gone: over the guard
        job = run(source)
        assert active() == {d["id"] for d in datasets[1:]}
        assert model.Session.query(HarvestGatherError).filter_by(harvest_job_id=job.id).count() >= 1

        fake.down = True  # the remote portal is down: nothing withdrawn
        run(source)
        assert active() == {d["id"] for d in datasets[1:]}
