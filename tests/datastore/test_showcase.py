"""Analysis showcases (분석 실증과제): linked to their datasets both ways, with an embedded chart,
on the home page; the demo ones built from the demo content by `ckan busan-showcase seed-demo`."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

from .conftest import act, new_dataset

FIELDS = [{"id": "구군", "type": "text"}, {"id": "PM10", "type": "numeric"}]
RECORDS = [{"구군": "중구", "PM10": 38}, {"구군": "사상구", "PM10": 45}]


def new_showcase(publisher: dict, dataset: dict, **fields) -> dict:
    """An analysis showcase of the publisher's organisation that uses ``dataset``."""
    return act(
        "package_create",
        publisher["user"],
        type="showcase",
        owner_org=publisher["org"]["id"],
        showcase_datasets=[dataset["name"]],
        **fields,
    )


@pytest.fixture
def analysed(clean_datastore, clean_index, publisher):
    dataset = new_dataset(publisher, title="구·군별 대기질")
    table = act(
        "datastore_create",
        publisher["user"],
        resource={"package_id": dataset["id"], "name": "미세먼지"},
        fields=FIELDS,
        records=RECORDS,
    )
    chart = act(
        "resource_view_create",
        publisher["user"],
        resource_id=table["resource_id"],
        view_type="charts_view",
        title="구군별 미세먼지",
        engine="plotly",
        type="Bar",
        x="구군",
        y="PM10",
    )
    showcase = new_showcase(
        publisher,
        dataset,
        name="air-by-district",
        title="구·군별 대기질 비교",
        notes="측정소별 연평균을 비교했습니다.",
        showcase_chart_view=chart["id"],
    )
    return {"dataset": dataset, "showcase": showcase}


def test_showcase_and_dataset_link_both_ways_with_the_chart(analysed, app):
    dataset, showcase = analysed["dataset"], analysed["showcase"]
    assert showcase["showcase_datasets"] == [dataset["name"]]
    page = app.get("/showcase/air-by-district").body
    assert "구·군별 대기질 비교" in page and "구군별 미세먼지" in page and "활용 데이터" in page
    assert f"/dataset/{dataset['name']}" in page
    dataset_page = app.get(f"/dataset/{dataset['name']}").body
    assert "이 데이터를 활용한 분석 실증과제" in dataset_page and "/showcase/air-by-district" in dataset_page
    home = app.get("/").body
    assert "분석 실증과제" in home and "구·군별 대기질 비교" in home


def test_a_private_showcase_is_never_linked_from_the_dataset_page(analysed, publisher, app):
    dataset = analysed["dataset"]
    new_showcase(
        publisher,
        dataset,
        name="air-draft",
        title="대기질 분석 초안",
        notes="공개 전 검토 중인 분석입니다.",
        private=True,
    )
    visitor = app.get(f"/dataset/{dataset['name']}").body
    assert "/showcase/air-by-district" in visitor and "/showcase/air-draft" not in visitor
    member = app.get(f"/dataset/{dataset['name']}", headers={"Authorization": publisher["token"]}).body
    assert "/showcase/air-by-district" in member and "/showcase/air-draft" not in member
    assert "/showcase/air-draft" in app.get("/showcase/", headers={"Authorization": publisher["token"]}).body


def test_a_showcase_needs_existing_datasets(clean_datastore, publisher):
    with pytest.raises(tk.ValidationError) as error:
        new_showcase(publisher, {"name": "no-such-dataset"}, name="nothing", title="없는 데이터", notes="-")
    assert "showcase_datasets" in error.value.error_dict


def test_demo_showcases_are_seeded_from_the_demo_content(cli, clean_datastore, clean_index):
    from ckan.cli.cli import ckan as ckan_cli

    assert cli.invoke(ckan_cli, ["busan", "seed-demo"]).exit_code == 0
    result = cli.invoke(ckan_cli, ["busan-showcase", "seed-demo"])
    assert result.exit_code == 0, result.output
    again = cli.invoke(ckan_cli, ["busan-showcase", "seed-demo"])  # idempotent
    assert again.exit_code == 0, again.output
    found = act("package_search", None, fq="+dataset_type:showcase")
    assert {s["name"] for s in found["results"]} == {"beach-visitors-and-metro-ridership", "air-quality-by-district"}
    beach = act("package_show", None, id="beach-visitors-and-metro-ridership")
    view = act("resource_view_show", None, id=beach["showcase_chart_view"])
    assert view["view_type"] == "charts_view"
    rows = act("datastore_search", None, resource_id=view["resource_id"], sort="방문객수 desc", limit=1)
    assert rows["total"] == 62 and rows["records"][0]["방문객수"] > 100_000
