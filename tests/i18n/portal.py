"""The main pages of the portal with realistic content, for the language tests.

Every value the test creates is Korean or listed in `DATA`, so that what remains in Latin
letters on a page is interface text.
"""

from __future__ import annotations

import json
import re

import ckan.model as model
import ckan.plugins.toolkit as tk
import sqlalchemy as sa
from ckan.tests import factories

from ..builders import valid_dataset

HANGUL = re.compile("[가-힣]")
# Latin-letter values the content below contains (user names, URL names), and URL names the
# forms show: the harvest sources' path in the URL preview, the organisation form's example
DATA = {
    "editor-kim", "admin-lee", "busan-traffic", "parking-lots", "parking-csv", "harvest-source", "showcase-parking",
    "harvest", "busan",
}  # fmt: skip


def build_portal() -> dict:
    """Content for every main page: an organisation, a dataset with a resource, people, a
    harvest source, a data request and a showcase. Returns the pages as (name, url, user)."""
    model.Session.execute(sa.text("TRUNCATE busan_data_request CASCADE"))
    model.Session.commit()
    editor = factories.User(name="editor-kim", fullname="김편집", email="editor@example.kr", about="")
    sysadmin = factories.Sysadmin(name="admin-lee", fullname="이관리", email="admin@example.kr", about="")
    org = factories.Organization(
        name="busan-traffic",
        title="부산광역시 교통국",
        description="부산광역시 교통 정책과 주차 데이터를 관리합니다.",
        users=[{"name": editor["name"], "capacity": "editor"}],
    )
    dataset = factories.Dataset(
        **valid_dataset(name="parking-lots", owner_org=org["id"], tags=[{"name": "주차장"}, {"name": "교통"}])
    )
    resource = factories.Resource(
        package_id=dataset["id"],
        name="공영주차장 목록",
        description="구·군별 공영주차장 목록",
        url="http://data.busan.go.kr/parking.csv",
        format="CSV",
    )
    site = {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}
    # a table in the DataStore, for the chart form (its columns are the table's)
    table = {
        "fields": [{"id": "구·군", "type": "text"}, {"id": "주차면수", "type": "int"}],
        "records": [{"구·군": "해운대구", "주차면수": 120}, {"구·군": "수영구", "주차면수": 80}],
    }
    tk.get_action("datastore_create")(dict(site), {"resource_id": resource["id"], "force": True, **table})
    source = tk.get_action("harvest_source_create")(
        site,
        {
            "owner_org": org["id"],
            "url": "http://data.busan.go.kr/catalog.rdf",
            "name": "harvest-source",
            "title": "부산 교통 데이터 수집",
            "source_type": "busan_dcat",
            "frequency": "DAILY",
            "config": json.dumps({}),
        },
    )
    ask = tk.get_action("busan_request_create")(
        {"user": editor["name"], "ignore_auth": False},
        {
            "title": "공영주차장 실시간 주차가능 대수",
            "description": "구·군별 공영주차장의 실시간 주차가능 대수",
            "purpose": "주차 안내 앱 개발",
            "desired_format": "CSV",
            "consent": True,
        },
    )
    showcase = tk.get_action("package_create")(
        {"user": editor["name"], "ignore_auth": False},
        {
            "type": "showcase",
            "name": "showcase-parking",
            "title": "공영주차장 이용 분석",
            "notes": "구·군별 공영주차장 이용을 비교했습니다.",
            "owner_org": org["id"],
            "showcase_datasets": [dataset["name"]],
        },
    )
    content = [editor, sysadmin, org, dataset, resource, table, source, ask, showcase, valid_dataset()]
    korean = {v for d in content for v in _strings(d) if HANGUL.search(v)}
    who = {"editor": editor["name"], "sysadmin": sysadmin["name"], None: None}
    pages = [
        ("home", "/", None),
        ("dataset search", "/dataset/", None),
        ("dataset", "/dataset/parking-lots", None),
        ("resource", f"/dataset/parking-lots/resource/{resource['id']}", None),
        ("organisation list", "/organization/", None),
        ("organisation", "/organization/busan-traffic", None),
        ("dataset form (new)", "/dataset/new", "editor"),
        ("dataset form (edit)", "/dataset/edit/parking-lots", "editor"),
        ("resource form", "/dataset/parking-lots/resource/new", "editor"),
        ("resource form (edit)", f"/dataset/parking-lots/resource/{resource['id']}/edit", "editor"),
        ("chart form", f"/dataset/parking-lots/resource/{resource['id']}/new_view?view_type=charts_view", "editor"),
        ("login", "/user/login", None),
        ("register", "/user/register", None),
        ("user", "/user/editor-kim", "editor"),
        ("dashboard", "/dashboard/datasets", "editor"),
        ("harvest source list", "/harvest/", "sysadmin"),
        ("harvest source", f"/harvest/{source['name']}", "sysadmin"),
        ("about", "/about", None),
        ("data requests", "/request", None),
        ("data request", f"/request/{ask['id']}", None),
        ("data request form", "/request/new", "editor"),
        ("showcase list", "/showcase/", None),
        ("showcase", "/showcase/showcase-parking", None),
        # beyond the main pages: what publishers and administrators use often
        ("dataset activity", "/dataset/activity/parking-lots", "editor"),
        ("news feed", "/dashboard/", "editor"),
        ("API tokens", "/user/editor-kim/api-tokens", "editor"),
        ("organisation form", "/organization/new", "sysadmin"),
        ("organisation members", "/organization/members/busan-traffic", "sysadmin"),
        ("harvest source form", "/harvest/new", "sysadmin"),
        ("harvest source admin", f"/harvest/admin/{source['name']}", "sysadmin"),
    ]
    return {"pages": [(name, url, who[role]) for name, url, role in pages], "data": set(DATA), "korean": korean}


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def get_page(app, url: str, user: str | None, locale_prefix: str = ""):
    headers = {"Authorization": factories.APIToken(user=user)["token"]} if user else {}
    resp = app.get(locale_prefix + url, headers=headers)
    return resp
