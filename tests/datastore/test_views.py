"""Views of loaded tables: the Korean table preview, a chart a publisher adds, the 위도/경도 map,
and the default views of GeoJSON and PDF files."""

from __future__ import annotations

import json

from .conftest import act, new_dataset, upload, wait_for_load

STATIONS = (
    '측정소,위도,경도,미세먼지\n연산동,35.1856,129.0819,"1,021"\n광복동,35.0988,129.0303,38\n좌동,35.1696,129.1779,25\n'
)


def view_types(resource_id: str, user: dict) -> set[str]:
    return {v["view_type"] for v in act("resource_view_list", user, id=resource_id)}


def test_table_gets_preview_and_map_and_a_publisher_adds_a_chart(worker, publisher, app):
    dataset = new_dataset(publisher)
    resource = upload(publisher, dataset, STATIONS.encode("cp949"), "stations.csv")
    assert wait_for_load(resource["id"], worker)["state"] == "complete"
    views = act("resource_view_list", publisher["user"], id=resource["id"])
    # titled in the site's language although the worker has no request
    assert {(v["view_type"], v["title"]) for v in views} >= {
        ("datatables_view", "테이블"),
        ("busan_latlon_view", "지도"),
    }

    points = json.loads(app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/points.geojson").body)
    assert len(points["features"]) == 3
    first = points["features"][0]
    assert first["geometry"]["coordinates"] == [129.0819, 35.1856] and first["properties"]["측정소"] == "연산동"

    chart = act(
        "resource_view_create",
        publisher["user"],
        resource_id=resource["id"],
        view_type="charts_view",
        title="측정소별 미세먼지",
        engine="plotly",
        type="Bar",
        x="측정소",
        y="미세먼지",
    )
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}?view_id={chart['id']}").body
    assert "측정소별 미세먼지" in page

    # the publisher's chart form and xloader's DataStore tab are in Korean
    auth = {"Authorization": publisher["token"]}
    form = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/edit_view/{chart['id']}", headers=auth)
    assert form.status_code == 200
    assert "X축" in form.body and "차트 종류를 고르세요" in form.body and "막대" in form.body
    assert "Select the type of the chart" not in form.body and ">X Axis<" not in form.body
    tab = app.get(f"/dataset/{dataset['name']}/resource_data/{resource['id']}", headers=auth)
    assert tab.status_code == 200
    assert "Upload to DataStore" not in tab.body and "Delete from DataStore" not in tab.body


def test_private_points_are_not_served_to_anonymous(worker, publisher, app):
    dataset = new_dataset(publisher, private=True)
    resource = upload(publisher, dataset, STATIONS.encode(), "stations.csv")
    assert wait_for_load(resource["id"], worker)["state"] == "complete"
    response = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/points.geojson")
    assert response.status_code == 404 and "연산동" not in response.body


def test_geojson_and_pdf_files_get_their_views(publisher):
    dataset = new_dataset(publisher)
    geojson = {"type": "FeatureCollection", "features": []}
    geo = upload(publisher, dataset, json.dumps(geojson).encode(), "beaches.geojson", format="GeoJSON")
    pdf = upload(publisher, dataset, b"%PDF-1.4\n%%EOF\n", "report.pdf", format="PDF")
    assert "geojson_view" in view_types(geo["id"], publisher["user"])
    assert "pdf_view" in view_types(pdf["id"], publisher["user"])
