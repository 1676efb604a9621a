"""A 비공개 (not disclosed) dataset leaks through no endpoint.

Its title, description, tags, resources and internal fields carry canary strings. Every
side-effect-free action of CKAN's action registry (the API's GET surface) and every GET
route of the URL map (pages, feeds, DCAT, dumps, downloads) is called as an anonymous
visitor and as an editor of another organisation, with the identifiers a prober could know
or guess (the dataset's id and name, its resource's id, its organisation, a prefix of its
words). No body and no redirect may contain a canary. Enumerated at run time, so an action
or a route that a plugin adds later is probed too.
"""

from __future__ import annotations

import re

import ckan.logic as logic
import ckan.plugins.toolkit as tk
import pytest
from ckan.tests import factories

from ..builders import valid_dataset

pytestmark = pytest.mark.usefixtures("clean_db", "clean_index")

# Canaries: found anywhere in a response = a leak. Probes use only the prefix ZQX (never a
# whole canary), so an echoed query can not look like a leak.
CANARY = re.compile(r"CANARY[A-Z0-9]*", re.IGNORECASE)
PREFIX = "ZQX"

# Routes that cannot be probed meaningfully with GET (they log out, or stream static files).
SKIPPED_ROUTES = re.compile(r"^/(user/_logout|user/logout|webassets|_debug|static|base|fanstatic)|<path:")


@pytest.fixture
def secret_dataset():
    org = factories.Organization(name="holder-org")
    other = factories.Organization(name="other-org")
    editor = factories.User(name="holder-editor")
    outsider = factories.User(name="other-editor")
    members = tk.get_action("organization_member_create")
    members({"ignore_auth": True}, {"id": org["id"], "username": editor["name"], "role": "editor"})
    members({"ignore_auth": True}, {"id": other["id"], "username": outsider["name"], "role": "editor"})
    dataset = tk.get_action("package_create")(
        {"user": editor["name"]},
        valid_dataset(
            owner_org=org["id"],
            name="held-dataset",
            title="부산 ZQXCANARYTITLE 비공개 자료",
            notes="설명 ZQXCANARYNOTES",
            tag_string="ZQXCANARYTAG,부산",
            dept_name="ZQXCANARYDEPT과",
            security_classification="closed",
            resources=[
                {
                    "url": "http://example.com/zqxcanaryurl.csv",
                    "name": "ZQXCANARYRESNAME",
                    "description": "ZQXCANARYRESDESC",
                    "format": "ZQXCANARYFMT",
                }
            ],
        ),
    )
    assert dataset["private"] is True
    tk.get_action("busan_dataset_internal_update")(
        {"user": editor["name"]}, {"id": dataset["id"], "privacy_review_notes": "ZQXCANARYINTERNAL"}
    )
    # a public dataset of the same organisation, so listings are not simply empty
    tk.get_action("package_create")({"user": editor["name"]}, valid_dataset(owner_org=org["id"], name="open-dataset"))
    return {"dataset": dataset, "org": org, "editor": editor, "outsider": outsider}


def _visitors(ctx) -> dict[str, dict]:
    return {"anonymous": {}, "other organisation": {"REMOTE_USER": ctx["outsider"]["name"]}}


def _leaks(resp) -> set[str]:
    text = resp.body if isinstance(resp.body, str) else resp.body.decode("utf-8", "replace")
    found = set(CANARY.findall(text)) | set(CANARY.findall(resp.headers.get("Location", "")))
    return {f.upper() for f in found}


def _read_actions() -> list[str]:
    tk.get_action("package_show")  # fills the registry
    return sorted(name for name, fn in logic._actions.items() if getattr(fn, "side_effect_free", False))


def test_no_action_of_the_registry_reveals_a_private_dataset(app, secret_dataset):
    d, org = secret_dataset["dataset"], secret_dataset["org"]
    probes = [
        {},
        {"id": d["id"]},
        {"id": d["name"]},
        {"id": d["resources"][0]["id"], "resource_id": d["resources"][0]["id"]},
        {"id": org["name"], "include_datasets": "true", "all_fields": "true"},
        {"id": secret_dataset["editor"]["name"], "include_datasets": "true"},
        {"q": PREFIX, "query": PREFIX, "rows": "1000", "all_fields": "true", "include_private": "true"},
        {"q": "부산", "fq": "", "include_private": "true", "include_drafts": "true", "facet.field": '["tags"]'},
        {"q": "*:*", "fl": "*", "facet.field": '["tags","res_format","dept_name","title"]'},
    ]
    leaks = []
    actions = _read_actions()
    assert len(actions) > 60, actions  # the registry really was enumerated
    for who, env in _visitors(secret_dataset).items():
        for name in actions:
            for params in probes:
                resp = app.get(f"/api/3/action/{name}", params=params, extra_environ=env, expect_errors=True)
                if resp.status_code >= 500:
                    leaks.append((who, name, params, f"HTTP {resp.status_code}"))
                elif found := _leaks(resp):
                    leaks.append((who, name, params, sorted(found)))
    assert leaks == [], "\n".join(map(str, leaks))


def _route_urls(app, ctx) -> list[str]:
    d = ctx["dataset"]
    values = {
        "id": [d["name"], d["id"], ctx["org"]["name"], ctx["editor"]["name"]],
        "resource_id": [d["resources"][0]["id"]],
        "package_type": ["dataset"],
        "_format": ["ttl", "rdf", "jsonld", "xml"],
    }
    urls = set()
    for rule in app.flask_app.url_map.iter_rules():
        if "GET" not in rule.methods or SKIPPED_ROUTES.search(rule.rule) or rule.rule.startswith("/api/"):
            continue
        variants = [{}]
        for arg in sorted(rule.arguments - set(rule.defaults or {})):
            choices = values.get(arg, [d["id"]])
            variants = [{**v, arg: c} for v in variants for c in choices]
        for args in variants:
            url = rule.rule
            for arg, value in args.items():
                url = re.sub(rf"<(?:[a-z]+:)?{arg}>", value, url)
            urls.add(url)
    return sorted(urls)


def test_no_page_feed_or_download_reveals_a_private_dataset(app, secret_dataset):
    urls = _route_urls(app, secret_dataset)
    assert any("/catalog" in u for u in urls) and any("/feeds/" in u for u in urls), urls[:20]
    leaks = []
    for who, env in _visitors(secret_dataset).items():
        for url in urls:
            for query in ({}, {"q": "부산"}, {"q": PREFIX}):
                resp = app.get(url, params=query, extra_environ=env, expect_errors=True)
                if resp.status_code >= 500:
                    leaks.append((who, url, query, f"HTTP {resp.status_code}"))
                elif found := _leaks(resp):
                    leaks.append((who, url, query, sorted(found)))
    assert leaks == [], "\n".join(map(str, leaks))


def test_the_probe_would_see_a_leak(app, secret_dataset):
    """The same probes as its editor do find the canaries: the test can fail."""
    env = {"REMOTE_USER": secret_dataset["editor"]["name"]}
    d = secret_dataset["dataset"]
    assert "CANARYTITLE" in _leaks(app.get(f"/dataset/{d['name']}", extra_environ=env))
    api = app.get("/api/3/action/package_show", params={"id": d["id"]}, extra_environ=env)
    assert {"CANARYRESNAME", "CANARYFMT"} <= _leaks(api)
