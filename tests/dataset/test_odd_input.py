"""Property-based: odd and bad values for every field of the Busan schema, through the Action
API over HTTP, never give a server error, and a refused call stores nothing.

The strategies come from the scheming schema itself (``scheming_dataset_schema_show``), so a
field added to dataset.yaml is driven here without a new test. The example budget is fixed
and the examples are derandomised, so CI runs the same cases every time; set
``HYPOTHESIS_PROFILE=explore`` for a longer, random run.
"""

from __future__ import annotations

import json
import os
import traceback
import unicodedata

import ckan.model as model
import ckan.plugins.toolkit as tk
import ckan.views.api as api_views
import pytest
from ckan.tests import factories
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..builders import valid_dataset

settings.register_profile(
    "ci",
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "explore",
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")


def schema() -> dict:
    return tk.get_action("scheming_dataset_schema_show")({}, {"type": "dataset", "expanded": True})


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def choices(field: dict) -> list[str]:
    if field.get("choices_helper"):
        return [c["value"] for c in getattr(tk.h, field["choices_helper"])(field)]
    return [c["value"] for c in field.get("choices", [])]


ODD_STRINGS = [
    "nan,nan,nan,nan",
    "129.1,35.1,inf,35.2",
    '{"type": "LineString", "coordinates": [[129.1, 35.1]]}',
    '{"type": "Point", "coordinates": [NaN, 35.1]}',
    '{"type": "Polygon", "coordinates": [[[129.1, 35.1], [129.2, 35.2], [129.1, 35.1]]]}',
    "2025-01-01junk",
    "2025111",
    "0000-00-00",
    "9999-12-31",
    "２０２５－０１－０１",
    "`0518881234",
    "[1, 2",
    '["2635000000"]',
    "2635000000,9999999999",
    "{}",
    "-1",
    "https://",
    "\x00",
    "\ud800",
    "해운대\u200b구",
]


def odd_values(field: dict) -> st.SearchStrategy:
    """Wrong types, empty, huge, NFD, full-width digits, control characters, nan/inf
    geometry, lists for scalars and scalars for lists; plus the field's own valid choices."""
    known = choices(field) or ["해운대구 관광 통계", "2025-07-01", "051-888-1234"]
    strategies = [
        st.none(),
        st.sampled_from(["", "   ", "\t\n"]),
        st.text(st.characters(exclude_categories=()), max_size=40),
        st.integers(min_value=150, max_value=12000).map(lambda n: "가" * n),
        st.integers(min_value=-(2**70), max_value=2**70),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.lists(st.one_of(st.text(max_size=12), st.integers(), st.none()), max_size=3),
        st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2),
        st.lists(st.dictionaries(st.text(max_size=4), st.text(max_size=4), max_size=2), min_size=1, max_size=2),
        st.sampled_from(known),
        st.sampled_from(known).map(lambda v: unicodedata.normalize("NFD", v)),
        st.sampled_from(known).map(full_width),
        st.sampled_from(known).map(lambda v: v + "\x00\x1b"),
        st.lists(st.sampled_from(known), max_size=3),
        st.sampled_from(ODD_STRINGS),
    ]
    return st.one_of(strategies)


def changes(fields: list[dict], skip: set[str] = frozenset()) -> st.SearchStrategy:
    """One to three fields of the schema, each given an odd value."""
    names = [f["field_name"] for f in fields if f["field_name"] not in skip]
    by_name = {f["field_name"]: f for f in fields}
    return st.lists(st.sampled_from(names), min_size=1, max_size=3, unique=True).flatmap(
        lambda chosen: st.fixed_dictionaries({n: odd_values(by_name[n]) for n in chosen})
    )


# A changed field may rightly put the error on a field whose rule reads it.
DEPENDENTS = {
    "title": {"name"},
    "update_cycle": {"next_registration_date"},
    "temporal_start": {"temporal_end"},
    "security_classification": {"withheld_scope", "withheld_legal_ground", "withheld_request_info"},
}


def allowed_error_keys(changed: set[str]) -> set[str]:
    keys = set(changed)
    for name in changed:
        keys |= DEPENDENTS.get(name, set())
    if "tag_string" in changed:
        keys.add("tags")
    return keys


SERVER_ERRORS: list[str] = []


@pytest.fixture(autouse=True)
def _server_errors(monkeypatch):
    """The Action API logs a 500's traceback with log.exception: keep it for the failure message."""
    SERVER_ERRORS.clear()
    monkeypatch.setattr(api_views.log, "exception", lambda *a, **k: SERVER_ERRORS.append(traceback.format_exc()))


def server_log() -> str:
    return "\n".join(SERVER_ERRORS)[-6000:]


def assert_answer(resp, changed: set[str]) -> bool:
    """200, or 409 with errors only on the changed fields (and their dependents), in Korean.
    Returns True when the call succeeded."""
    assert resp.status_code in (200, 409), (resp.status_code, resp.body[:2000], server_log())
    if resp.status_code == 200:
        return True
    error = resp.json["error"]
    assert error.pop("__type") == "Validation Error"
    assert error, resp.body
    assert set(error) <= allowed_error_keys(changed), (changed, error)
    return False


@pytest.fixture
def publisher():
    user = factories.User()
    org = factories.Organization(users=[{"name": user["name"], "capacity": "editor"}])
    return {"org": org, "headers": {"Authorization": factories.APIToken(user=user["name"])["token"]}}


def dataset_count() -> int:
    return model.Session.query(model.Package).count()


def post(app, action: str, body: dict, headers: dict):
    # allow_nan: NaN and Infinity reach CKAN as a JSON client may send them
    return app.post(
        f"/api/3/action/{action}",
        data=json.dumps(body, allow_nan=True),
        headers={**headers, "Content-Type": "application/json"},
    )


def test_package_create_with_odd_values(app, publisher):
    fields = schema()["dataset_fields"]

    @given(change=changes(fields, skip={"owner_org"}))
    def check(change):
        before = dataset_count()
        body = {**valid_dataset(owner_org=publisher["org"]["id"]), **change}
        body = {k: v for k, v in body.items() if v is not None or k in change}
        resp = post(app, "package_create", body, publisher["headers"])
        if assert_answer(resp, set(change)):
            created = resp.json["result"]
            # what was stored can be read back and shown
            assert app.get(f"/dataset/{created['name']}", headers=publisher["headers"]).status_code == 200
        else:
            assert dataset_count() == before

    check()


def test_package_update_with_odd_values(app, publisher):
    fields = schema()["dataset_fields"]
    body = valid_dataset(owner_org=publisher["org"]["id"], name="update-target")
    base = post(app, "package_create", body, publisher["headers"]).json["result"]

    @given(change=changes(fields, skip={"owner_org", "name"}))
    def check(change):
        before = post(app, "package_show", {"id": base["id"]}, publisher["headers"]).json["result"]
        body = {**before, **change}
        resp = post(app, "package_update", body, publisher["headers"])
        if not assert_answer(resp, set(change)):
            after = post(app, "package_show", {"id": base["id"]}, publisher["headers"]).json["result"]
            assert after == before  # a refused update changes nothing

    check()


def test_resource_create_with_odd_values(app, publisher):
    fields = schema()["resource_fields"]
    body = valid_dataset(owner_org=publisher["org"]["id"], name="resource-target")
    dataset = post(app, "package_create", body, publisher["headers"]).json["result"]

    @given(change=changes(fields))
    def check(change):
        before = post(app, "package_show", {"id": dataset["id"]}, publisher["headers"]).json["result"]
        body = {"package_id": dataset["id"], "url": "https://example.kr/data.csv", **change}
        resp = post(app, "resource_create", body, publisher["headers"])
        # resource_create reports the new resource's own errors
        if not assert_answer(resp, set(change)):
            after = post(app, "package_show", {"id": dataset["id"]}, publisher["headers"]).json["result"]
            assert len(after["resources"]) == len(before["resources"])

    check()


# CKAN's own keys around the schema fields, in shapes a careless client sends.
ODD_PAYLOADS = [
    {"resources": "data.csv"},
    {"resources": [1]},
    {"resources": [{"url": 5}]},
    {"resources": [{"url": ["https://a.kr"]}]},
    {"resources": [{"url": "javascript:alert(1)"}]},
    {"tags": "버스"},
    {"tags": [1, 2]},
    {"tags": [{"name": ["a"]}]},
    {"extras": "x"},
    {"extras": [{"key": "a"}]},
    {"groups": "x"},
    {"owner_org": ["busan"]},
    {"private": "maybe"},
    {"state": {"a": 1}},
]


@pytest.mark.parametrize("payload", ODD_PAYLOADS, ids=[next(iter(p)) + str(i) for i, p in enumerate(ODD_PAYLOADS)])
def test_package_create_with_odd_ckan_keys(app, publisher, payload):
    before = dataset_count()
    body = {**valid_dataset(owner_org=publisher["org"]["id"]), **payload}
    resp = post(app, "package_create", body, publisher["headers"])
    assert resp.status_code in (200, 409), (resp.status_code, resp.body[:1000], server_log())
    if resp.status_code == 409:
        assert dataset_count() == before


def test_body_that_is_not_an_object_is_refused(app, publisher):
    resp = post(app, "package_create", ["not", "an", "object"], publisher["headers"])
    assert resp.status_code in (400, 409), resp.body
