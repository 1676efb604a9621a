"""The schema.org JSON-LD of a public dataset page is built once and shared by every visitor who
is not signed in (Redis, `ckanext.busan.dcat.structured_data_cache_seconds`): an edit shows at
once, and a signed-in user's page is never served from that copy nor stored in it."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import pytest
from ckan.lib.redis import connect_to_redis
from rdflib.namespace import RDF

from .support import full_dataset, organization, sysadmin_headers
from .test_schemaorg import SDO, embedded, page_graph, values


def _cached_keys(dataset_id: str) -> list[bytes]:
    return list(connect_to_redis().scan_iter(f"*:busan_dcat:jsonld:{dataset_id}:*"))


def _anonymous_block(app, name: str) -> str:
    response = app.get(f"/dataset/{name}")
    assert response.status_code == 200
    return _decoded(response)


def _decoded(response) -> str:
    """The embedded JSON-LD as text with its Korean unescaped."""
    [block] = embedded(response.get_data(as_text=True))
    return json.dumps(json.loads(block), ensure_ascii=False)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_an_edit_shows_in_the_embedded_data_at_once(app):
    dataset = full_dataset(organization())
    assert dataset["title"] in _anonymous_block(app, dataset["name"])
    assert _cached_keys(dataset["id"])  # the second visitor gets the stored copy

    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    edit = {"id": dataset["id"], "title": "해운대 해수욕장 수질 (개정)"}
    tk.get_action("package_patch")({"user": site, "ignore_auth": True}, edit)

    graph = page_graph(app, dataset["name"])
    [ref] = graph.subjects(RDF.type, SDO.Dataset)
    assert values(graph, ref, SDO.name) == {"해운대 해수욕장 수질 (개정)"}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_visitors_share_one_copy_and_signed_in_users_never_get_it(app):
    dataset = full_dataset(organization())
    _anonymous_block(app, dataset["name"])
    [key] = _cached_keys(dataset["id"])
    redis = connect_to_redis()
    # mark the stored copy: a visitor's page must show exactly what is stored
    redis.set(key, json.dumps('{"busan-cache-marker": true}'))
    assert "busan-cache-marker" in _anonymous_block(app, dataset["name"])

    admin = app.get(f"/dataset/{dataset['name']}", headers=sysadmin_headers())
    admin_block = _decoded(admin)
    assert "busan-cache-marker" not in admin_block and dataset["title"] in admin_block
    assert redis.get(key) == json.dumps('{"busan-cache-marker": true}').encode()  # not overwritten

    redis.delete(key)  # what the time-to-live does
    assert dataset["title"] in _anonymous_block(app, dataset["name"])
