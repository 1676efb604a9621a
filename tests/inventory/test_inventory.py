"""The data inventory of a city database, end to end against a real PostgreSQL schema with
Korean comments that the test creates: tables and views registered as 후보, selected or
excluded by an organisation admin through the API and the page, selected tables published by
the next harvest as datasets (수집), vanished tables marked gone, and the database URL with
its password never shown."""

from __future__ import annotations

import json

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
import sqlalchemy as sa
from bs4 import BeautifulSoup
from ckan.tests import factories
from ckanext.harvest.model import HarvestGatherError, HarvestJob

from ..harvest.support import run_job

SCHEMA = "citydb_inventory_test"
PASSWORD = "Traffic-Admin-2026"

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def city_db(ckan_config, monkeypatch):
    """A schema standing in for a department's database: two tables and a view, commented in Korean."""
    url = ckan_config["sqlalchemy.url"]
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        conn.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
        conn.execute(
            sa.text(
                f"CREATE TABLE {SCHEMA}.tb_parking (prk_id varchar(20) PRIMARY KEY, prk_nm varchar(100), "
                f"prk_cnt integer, use_yn char(1))"
            )
        )
        conn.execute(sa.text(f"COMMENT ON TABLE {SCHEMA}.tb_parking IS '공영주차장 현황'"))
        comments = (("prk_id", "주차장ID"), ("prk_nm", "주차장명"), ("prk_cnt", "주차면수"), ("use_yn", "사용여부"))
        for column, comment in comments:
            conn.execute(sa.text(f"COMMENT ON COLUMN {SCHEMA}.tb_parking.{column} IS '{comment}'"))
        conn.execute(
            sa.text(
                f"INSERT INTO {SCHEMA}.tb_parking VALUES ('P1', '해운대 공영주차장', 120, 'Y'), "
                f"('P2', '광안리 공영주차장', 80, 'Y'), ('P3', '서면 공영주차장', 200, 'N')"
            )
        )
        conn.execute(sa.text(f"CREATE TABLE {SCHEMA}.tb_temp_log (log_id serial, msg text)"))
        conn.execute(sa.text(f"COMMENT ON TABLE {SCHEMA}.tb_temp_log IS '임시 로그'"))
        conn.execute(
            sa.text(
                f"CREATE VIEW {SCHEMA}.vw_parking_in_use AS SELECT prk_id, prk_nm FROM {SCHEMA}.tb_parking "
                "WHERE use_yn = 'Y'"
            )
        )
        conn.execute(sa.text(f"COMMENT ON VIEW {SCHEMA}.vw_parking_in_use IS '운영 중인 공영주차장'"))
    monkeypatch.setenv("BUSAN_CITYDB_URL", url)
    yield engine
    with engine.begin() as conn:
        conn.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


@pytest.fixture
def setup(city_db):
    admin = factories.User(name="traffic-admin", password=PASSWORD)
    other = factories.User(name="other-admin")
    org = factories.Organization(name="busan-traffic", users=[{"name": admin["name"], "capacity": "admin"}])
    factories.Organization(name="busan-culture", users=[{"name": other["name"], "capacity": "admin"}])
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    source = tk.get_action("harvest_source_create")(
        {"user": site, "ignore_auth": True},
        {
            "owner_org": org["id"],
            "url": "postgresql://citydb.busan.local/traffic",
            "name": "traffic-db",
            "title": "교통정보 DB",
            "source_type": "busan_db_inventory",
            "config": json.dumps(
                {
                    "url_env": "BUSAN_CITYDB_URL",
                    "schemas": [SCHEMA],
                    "category": "transport-logistics",
                    "dept_name": "교통정책과",
                    "dept_phone": "051-888-3000",
                }
            ),
        },
    )
    return {"admin": admin, "other": other, "org": org, "source": source}


def harvest(source: dict) -> HarvestJob:
    return run_job(source, "busan_db_inventory")


def act(action: str, user: dict | None, **data):
    return tk.get_action(action)({"user": user["name"] if user else None}, data)


def records(user) -> dict[str, dict]:
    return {f"{r['schema_name']}.{r['table_name']}": r for r in act("busan_inventory_list", user)["results"]}


def test_tables_and_views_become_candidates_with_korean_comments(setup):
    harvest(setup["source"])
    found = records(setup["admin"])
    assert set(found) == {f"{SCHEMA}.tb_parking", f"{SCHEMA}.tb_temp_log", f"{SCHEMA}.vw_parking_in_use"}
    parking = found[f"{SCHEMA}.tb_parking"]
    assert parking["status"] == "candidate" and parking["comment"] == "공영주차장 현황"
    assert parking["row_count"] == 3 and parking["kind"] == "table"
    columns = {c["name"]: c for c in parking["columns"]}
    assert columns["prk_nm"]["comment"] == "주차장명" and "VARCHAR" in columns["prk_nm"]["type"]
    assert found[f"{SCHEMA}.vw_parking_in_use"]["kind"] == "view"
    assert model.Session.query(model.Package).filter(model.Package.type == "dataset").count() == 0


def test_selected_table_is_collected_as_a_dataset_and_excluded_one_is_not(setup):
    harvest(setup["source"])
    found = records(setup["admin"])
    with pytest.raises(tk.ValidationError) as no_reason:
        act("busan_inventory_decide", setup["admin"], id=found[f"{SCHEMA}.tb_parking"]["id"], status="selected")
    assert "status" in no_reason.value.error_dict
    act(
        "busan_inventory_decide",
        setup["admin"],
        id=found[f"{SCHEMA}.tb_parking"]["id"],
        status="selected",
        reason="시민 수요가 많은 주차 정보",
    )
    act(
        "busan_inventory_decide",
        setup["admin"],
        id=found[f"{SCHEMA}.tb_temp_log"]["id"],
        status="excluded",
        reason="운영 로그: 공개 대상 아님",
    )
    harvest(setup["source"])
    after = records(setup["admin"])
    parking = after[f"{SCHEMA}.tb_parking"]
    assert parking["status"] == "collected" and parking["package_id"]
    dataset = tk.get_action("package_show")({"ignore_auth": True}, {"id": parking["package_id"]})
    assert dataset["title"] == "공영주차장 현황" and dataset["owner_org"] == setup["org"]["id"]
    assert "| prk_nm | VARCHAR(100) | 주차장명 |" in dataset["notes"]
    # the column list is the DataStore data dictionary of the dataset's table resource
    (table,) = [r for r in dataset["resources"] if r.get("url_type") == "datastore"]
    search = tk.get_action("datastore_search")({"ignore_auth": True}, {"resource_id": table["id"], "limit": 0})
    fields = search["fields"]
    by_name = {f["id"]: f for f in fields}
    assert by_name["prk_nm"]["info"]["label"] == "주차장명" and by_name["prk_nm"]["type"] == "text"
    assert by_name["prk_cnt"]["type"] == "int4" and by_name["use_yn"]["info"]["label"] == "사용여부"
    assert after[f"{SCHEMA}.tb_temp_log"]["status"] == "excluded"
    assert after[f"{SCHEMA}.tb_temp_log"]["package_id"] is None
    # a collected record cannot be selected again
    with pytest.raises(tk.ValidationError):
        act("busan_inventory_decide", setup["admin"], id=parking["id"], status="selected", reason="x")


def test_only_the_sources_organisation_admins_decide_and_visitors_see_nothing(setup, app):
    harvest(setup["source"])
    record = records(setup["admin"])[f"{SCHEMA}.tb_parking"]
    with pytest.raises(tk.NotAuthorized):
        act("busan_inventory_decide", setup["other"], id=record["id"], status="excluded", reason="다른 기관")
    assert records(setup["other"]) == {}  # another organisation's admin does not even see it
    with pytest.raises(tk.NotAuthorized):
        act("busan_inventory_list", None)
    assert app.get("/api/3/action/busan_inventory_list", status=403)
    assert app.get("/inventory", status=403)


def test_inventory_page_in_korean_for_the_admin(setup, app):
    harvest(setup["source"])
    token = factories.APIToken(user=setup["admin"]["name"])["token"]
    page = BeautifulSoup(app.get("/inventory", headers={"Authorization": token}).body, "html.parser")
    rows = {r["data-table"]: r for r in page.select("tr.inventory-record")}
    assert f"{SCHEMA}.tb_parking" in rows
    assert rows[f"{SCHEMA}.tb_parking"].select_one(".inventory-status").get_text(strip=True) == "후보"
    assert rows[f"{SCHEMA}.tb_parking"].find("button", attrs={"value": "selected"}) is not None
    assert page.find("input", attrs={"name": "_csrf_token"}) or page.find("input", attrs={"name": "csrf_token"})


def test_vanished_table_is_marked_gone_and_nothing_is_deleted(setup, city_db):
    harvest(setup["source"])
    with city_db.begin() as conn:
        conn.execute(sa.text(f"DROP TABLE {SCHEMA}.tb_temp_log"))
    harvest(setup["source"])
    gone = records(setup["admin"])[f"{SCHEMA}.tb_temp_log"]
    assert gone["gone"] is not None and gone["status"] == "candidate"


def test_database_errors_never_show_the_url(setup, monkeypatch):
    monkeypatch.setenv("BUSAN_CITYDB_URL", "postgresql://busan:s3cret-pw@127.0.0.1:1/nowhere")
    job = harvest(setup["source"])
    errors = [e.message for e in model.Session.query(HarvestGatherError).filter_by(harvest_job_id=job.id)]
    assert errors and all("s3cret-pw" not in e for e in errors)
