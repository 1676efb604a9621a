"""Client compatibility: the registry's `ckanapi` client against a running portal round-trips
every field of the Busan schema unchanged."""

from __future__ import annotations

import copy

import ckanapi
import pytest
from ckan.tests import factories

from ..browser.portal import running_portal
from .test_publishing_api import FULL

RESOURCE = {
    "name": "2025년 방문객 집계",
    "url": "https://data.busan.example/haeundae-2025.csv",
    "format": "CSV",
    "description": "일별 방문객 수",
    "encoding": "CP949",
    "reference_date": "2025-09-10",
}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_ckanapi_round_trip_of_a_fully_filled_dataset():
    user = factories.User()
    org = factories.Organization(name="busan-haeundaegu", users=[{"name": user["name"], "capacity": "editor"}])
    token = factories.APIToken(user=user["name"])["token"]
    with running_portal() as base:
        client = ckanapi.RemoteCKAN(base, apikey=token, user_agent="busan-portal-tests")
        schema = client.action.scheming_dataset_schema_show(type="dataset")
        dataset_fields = [f["field_name"] for f in schema["dataset_fields"]]
        resource_fields = [f["field_name"] for f in schema["resource_fields"]]
        sent = dict(copy.deepcopy(FULL), name="haeundae-visitors", owner_org=org["id"], resources=[RESOURCE])

        created = client.action.package_create(**sent)
        shown = client.action.package_show(id=created["id"])
        check_fields(sent, shown, dataset_fields, resource_fields)

        changed = dict(
            sent,
            id=created["id"],
            dept_phone="051-749-4000",
            spatial_districts=["2600000000"],
            temporal_end="2025-09-30",
            tags=[{"name": "바다"}],
        )
        changed["resources"] = [dict(RESOURCE, id=shown["resources"][0]["id"], encoding="UTF-8")]
        client.action.package_update(**changed)
        check_fields(changed, client.action.package_show(id=created["id"]), dataset_fields, resource_fields)

        with pytest.raises(ckanapi.ValidationError) as e:
            client.action.package_patch(id=created["id"], dept_phone="x")
        assert "dept_phone" in e.value.error_dict
        assert client.action.package_show(id=created["id"])["dept_phone"] == "051-749-4000"


def check_fields(sent: dict, shown: dict, dataset_fields: list[str], resource_fields: list[str]) -> None:
    for field in dataset_fields:
        if field == "tag_string":
            assert sorted(t["name"] for t in shown["tags"]) == sorted(t["name"] for t in sent["tags"])
        elif field == "owner_org":
            assert shown["owner_org"] == sent["owner_org"]
        else:
            assert shown[field] == sent[field], field
    for field in resource_fields:
        assert shown["resources"][0][field] == sent["resources"][0][field], field
