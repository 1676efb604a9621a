"""Publisher organisations: agency codes and the idempotent seed command."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


@pytest.fixture
def create_org(app):
    """organization_create over HTTP as a sysadmin; a ValidationError for a 409."""
    token = factories.APIToken(user=factories.Sysadmin()["name"])["token"]

    def create(**data):
        resp = app.post("/api/3/action/organization_create", json=data, headers={"Authorization": token})
        if resp.status_code == 409:
            raise tk.ValidationError(resp.json["error"])
        assert resp.status_code == 200, resp.body
        return resp.json["result"]

    return create


def test_agency_code_is_stored_with_its_system(create_org):
    org = create_org(
        name="busan", title="부산광역시", agency_code="6260000", agency_code_system="행정기관코드", org_type="city"
    )
    shown = tk.get_action("organization_show")({"ignore_auth": True}, {"id": org["id"]})
    assert (shown["agency_code"], shown["agency_code_system"], shown["org_type"]) == ("6260000", "행정기관코드", "city")


@pytest.mark.parametrize(
    ("code", "system", "message"),
    [
        ("626000", "행정기관코드", "행정기관코드는 7자리 숫자입니다"),
        ("62600001", "행정기관코드", "행정기관코드는 7자리 숫자입니다"),
        ("5515420", "data.go.kr 제공기관코드", "공공데이터포털 제공기관코드는"),
    ],
)
def test_bad_agency_code_is_refused(create_org, code, system, message):
    with pytest.raises(tk.ValidationError) as e:
        create_org(name="bad-org", title="잘못된 기관", agency_code=code, agency_code_system=system)
    assert message in e.value.error_dict["agency_code"][0]
    assert model.Group.by_name("bad-org") is None


def test_agency_code_is_unique(create_org):
    create_org(name="busan", title="부산광역시", agency_code="6260000")
    with pytest.raises(tk.ValidationError) as e:
        create_org(name="busan-copy", title="부산시 복제", agency_code="6260000")
    assert e.value.error_dict["agency_code"] == ["기관코드 6260000는 이미 부산광역시에서 사용하고 있습니다."]
    # updating the owner itself with its own code is fine
    tk.get_action("organization_patch")(
        {"ignore_auth": True, "user": factories.Sysadmin()["name"]},
        {"id": "busan", "agency_code": "6260000", "title": "부산광역시청"},
    )


def test_unknown_org_type_is_refused(create_org):
    with pytest.raises(tk.ValidationError) as e:
        create_org(name="x-org", title="X", org_type="village")
    assert "org_type" in e.value.error_dict


def test_seed_orgs_loads_the_city_districts_and_corporations_once(cli):
    first = cli.invoke(ckan_cli, ["busan", "seed-orgs"])
    assert first.exit_code == 0, first.output
    assert "23 created, 0 already present" in first.output
    orgs = tk.get_action("organization_list")(
        {"ignore_auth": True}, {"all_fields": True, "include_extras": True, "limit": 100}
    )
    by_name = {o["name"]: o for o in orgs}
    assert len(by_name) == 23
    assert by_name["busan"]["title"] == "부산광역시"
    districts = [o for o in orgs if o.get("org_type") == "district"]
    assert len(districts) == 16
    assert by_name["busan-haeundaegu"]["agency_code"] == "3330000"
    assert by_name["humetro"]["agency_code"] == "B551542"
    revisions = model.Session.query(model.Group).count()

    second = cli.invoke(ckan_cli, ["busan", "seed-orgs"])
    assert second.exit_code == 0, second.output
    assert "0 created, 23 already present" in second.output
    assert model.Session.query(model.Group).count() == revisions
