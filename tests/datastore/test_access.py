"""The data API of loaded tables: public ones for everyone (search, SQL, dumps in four formats,
the API page), private ones for nobody outside the organisation, whichever way they ask."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from .conftest import act, new_dataset, upload, wait_for_load

TABLE = '구분,방문객수,기준일\n해운대,"1,234",2024년 1월 2일\n광안리,567,2024년 1월 3일\n똠양꿍,89,2024년 1월 4일\n'


@pytest.fixture
def loaded(worker, publisher):
    public = new_dataset(publisher)
    private = new_dataset(publisher, private=True)
    resources = {}
    for name, dataset in (("public", public), ("private", private)):
        resource = upload(publisher, dataset, TABLE.encode("cp949"), f"{name}.csv")
        assert wait_for_load(resource["id"], worker)["state"] == "complete"
        resources[name] = {"resource": resource, "dataset": dataset}
    return resources


@pytest.fixture
def outsider():
    user = factories.User()
    factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return {"user": user, "token": factories.APIToken(user=user["name"])["token"]}


def test_public_table_is_searchable_by_anyone_in_korean(loaded, app):
    rid = loaded["public"]["resource"]["id"]
    found = act("datastore_search", None, resource_id=rid, filters={"구분": "똠양꿍"})
    assert found["total"] == 1 and found["records"][0]["방문객수"] == 89
    assert act("datastore_search", None, resource_id=rid, q="해운대")["records"][0]["방문객수"] == 1234
    sql = act("datastore_search_sql", None, sql=f'SELECT "구분" FROM "{rid}" WHERE "기준일" = \'2024-01-03\'')
    assert sql["records"] == [{"구분": "광안리"}]

    response = app.get(f"/api/3/action/datastore_search?resource_id={rid}&limit=1")
    assert json.loads(response.body)["result"]["records"][0]["구분"] == "해운대"


def test_dumps_in_csv_with_bom_tsv_json_and_xml(loaded, app):
    rid = loaded["public"]["resource"]["id"]
    csv_body = app.get(f"/datastore/dump/{rid}?bom=True").data
    assert csv_body.startswith(b"\xef\xbb\xbf") and "똠양꿍".encode() in csv_body
    assert "구분\t방문객수".encode() in app.get(f"/datastore/dump/{rid}?format=tsv&bom=True").data
    assert json.loads(app.get(f"/datastore/dump/{rid}?format=json").body)["records"][2][1] == "똠양꿍"
    assert "<구분>광안리</구분>" in app.get(f"/datastore/dump/{rid}?format=xml").body


@pytest.mark.parametrize("who", ["anonymous", "other organisation"])
def test_private_table_is_refused_through_search_sql_and_dump(loaded, app, outsider, who):
    rid = loaded["private"]["resource"]["id"]
    user = None if who == "anonymous" else outsider["user"]
    headers = {} if who == "anonymous" else {"Authorization": outsider["token"]}

    with pytest.raises(tk.NotAuthorized):
        act("datastore_search", user, resource_id=rid)
    with pytest.raises(tk.NotAuthorized):
        act("datastore_search_sql", user, sql=f'SELECT * FROM "{rid}"')
    for url in (
        f"/api/3/action/datastore_search?resource_id={rid}",
        f"/api/3/action/datastore_search_sql?sql=SELECT%20*%20FROM%20%22{rid}%22",
    ):
        response = app.get(url, headers=headers, status=403)
        assert "똠양꿍" not in response.body
    for fmt in ("csv", "tsv", "json", "xml"):
        response = app.get(f"/datastore/dump/{rid}?format={fmt}", headers=headers)
        assert response.status_code in (403, 404) and "똠양꿍" not in response.body
    dataset = loaded["private"]["dataset"]
    assert app.get(f"/dataset/{dataset['name']}/resource/{rid}/api", headers=headers).status_code == 404


def test_the_publisher_reads_its_private_table(loaded, publisher):
    rid = loaded["private"]["resource"]["id"]
    assert act("datastore_search", publisher["user"], resource_id=rid)["total"] == 3


def test_api_page_shows_examples_and_the_column_dictionary(loaded, app):
    dataset, resource = loaded["public"]["dataset"], loaded["public"]["resource"]
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/api").body
    assert "데이터 API" in page
    assert "from ckanapi import RemoteCKAN" in page and "curl -s" in page and "await fetch(" in page
    assert "datastore_search_sql" in page
    for column, kind in (("구분", "text"), ("방문객수", "numeric"), ("기준일", "date")):
        assert f"<code>{column}</code>" in page and kind in page
    resource_page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}").body
    assert f"/dataset/{dataset['name']}/resource/{resource['id']}/api" in resource_page
    assert f"/datastore/dump/{resource['id']}?bom=True" in resource_page


def test_api_page_names_the_standard_term_of_a_column(clean_datastore, publisher, app):
    from ckanext.busan_governance import store
    from ckanext.busan_governance.standards.reader import read_standards

    from ..governance.helpers import SAMPLE

    store.import_standards(read_standards([SAMPLE]))
    dataset = new_dataset(publisher)
    table = act(
        "datastore_create",
        publisher["user"],
        resource={"package_id": dataset["id"], "name": "시설"},
        fields=[{"id": "시설 명", "type": "text"}],
        records=[{"시설 명": "해운대도서관"}],
    )
    page = app.get(f"/dataset/{dataset['name']}/resource/{table['resource_id']}/api").body
    assert "<td>시설명</td>" in page  # the common standard term of the column "시설 명"
