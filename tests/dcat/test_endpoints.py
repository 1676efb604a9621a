"""ckanext-dcat's endpoints with the Busan profile: the demo catalogue conforms to DCAT-AP 3,
only public datasets of the dataset type appear (whoever asks, whatever fq says), and the
portal serves the SKOS schemes its datasets refer to."""

from __future__ import annotations

import json

import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories
from ckanext.dcat.processors import RDFSerializer
from rdflib import Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from ckanext.busan.dcat.profile import DCAT, DCT
from ckanext.busan.seed.data import read_demo
from tests.builders import valid_dataset

from .support import graph_of, shacl_report, sysadmin_headers

HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")
DEMO = read_demo(__import__("pathlib").Path(__file__).resolve().parents[2] / "config" / "seed" / "demo.yaml")


def catalog_datasets(graph) -> set[str]:
    return {str(d) for d in graph.subjects(RDF.type, DCAT.Dataset)}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_demo_catalogue_conforms_to_dcat_ap_3(app, cli):
    result = cli.invoke(ckan_cli, ["busan", "seed-demo"])
    assert result.exit_code == 0, result.output
    response = app.get("/catalog.ttl")
    assert response.headers["Content-Type"].startswith("text/turtle")
    graph = graph_of(response.get_data(as_text=True))
    assert len(catalog_datasets(graph)) == len(DEMO["datasets"])
    violations, _warnings = shacl_report(graph)
    assert violations == [], "\n".join(violations)
    catalog = URIRef("http://test.ckan.net")
    assert graph.value(catalog, DCAT.themeTaxonomy) is not None
    assert {str(t.language) for t in graph.objects(catalog, DCT.title)} == {"ko", "en"}
    # every format of the endpoint is served
    for fmt, parse_format in (("rdf", "xml"), ("jsonld", "json-ld"), ("n3", "n3")):
        other = graph_of(app.get(f"/catalog.{fmt}").get_data(as_text=True), parse_format)
        assert len(catalog_datasets(other)) == len(DEMO["datasets"])
    # the page is built in the portal's own triple store (dcat/store.py) with its queries made
    # once per page (dcat/prefetch.py): the same graph as ckanext-dcat's serializer builds in
    # its ConjunctiveGraph from the same datasets, one by one
    search = {"fq": "+capacity:public +dataset_type:dataset", "rows": 1000, "include_private": False}
    public = tk.get_action("package_search")({"ignore_auth": True}, search)["results"]
    reference = graph_of(RDFSerializer().serialize_catalog({}, public, _format="turtle"))
    for page in list(graph.subjects(RDF.type, HYDRA.PagedCollection)):  # the page links
        graph.remove((page, None, None))
    for built in (graph, reference):  # the newest modification of what each search could see
        built.remove((catalog, DCT.modified, None))
    assert isomorphic(graph, reference)


@pytest.fixture
def mixed_content():
    """A public dataset, a private one and a harvest source, in one organisation."""
    org = factories.Organization(name="busan", title="부산광역시")
    site = {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}
    public = tk.get_action("package_create")(dict(site), valid_dataset(name="public-one", owner_org=org["id"]))
    private = tk.get_action("package_create")(
        dict(site), valid_dataset(name="private-one", title="비공개 데이터", owner_org=org["id"], private=True)
    )
    source = tk.get_action("harvest_source_create")(
        dict(site),
        {
            "name": "a-source",
            "title": "수집원",
            "url": "http://127.0.0.1:9/catalog.ttl",
            "source_type": "busan_dcat",
            "owner_org": org["id"],
        },
    )
    return {"public": public, "private": private, "source": source}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_only_public_datasets_of_the_dataset_type_are_published(app, mixed_content):
    public, private, source = mixed_content["public"], mixed_content["private"], mixed_content["source"]
    headers = sysadmin_headers()  # a sysadmin sees private datasets in a normal search here
    found = tk.get_action("package_search")({"ignore_auth": True}, {"q": "*:*", "include_private": True})
    assert found["count"] == 2  # the portal's own search does include the private one

    for fq in ("", "capacity:private", "dataset_type:harvest", "*:* OR capacity:private"):
        response = app.get("/catalog.ttl", query_string={"fq": fq}, headers=headers)
        assert response.status_code == 200, (fq, response.get_data(as_text=True)[:300])
        graph = graph_of(response.get_data(as_text=True))
        uris = catalog_datasets(graph)
        assert all(private["id"] not in u and source["id"] not in u for u in uris), (fq, uris)
        if not fq:
            assert uris == {f"http://test.ckan.net/dataset/{public['id']}"}

    listed = app.get("/dcat.json", headers=headers).json
    assert [d["title"] for d in listed] == [public["title"]]

    assert app.get(f"/dataset/{public['name']}.ttl").status_code == 200
    for hidden in (private["id"], private["name"], source["id"]):
        assert app.get(f"/dataset/{hidden}.ttl", headers=headers, status=404)
    # the catalogue's modification date comes from the public datasets only
    graph = graph_of(app.get("/catalog.ttl").get_data(as_text=True))
    assert str(graph.value(URIRef("http://test.ckan.net"), DCT.modified)).startswith(public["metadata_modified"][:19])


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_category_scheme_is_published_with_korean_and_english_labels(app):
    graph = graph_of(app.get("/vocab/category.ttl").get_data(as_text=True))
    scheme = URIRef("http://test.ckan.net/vocab/category")
    concepts = set(graph.subjects(SKOS.inScheme, scheme))
    assert len(concepts) == 16 and (scheme, RDF.type, SKOS.ConceptScheme) in graph
    for concept in concepts:
        assert {label.language for label in graph.objects(concept, SKOS.prefLabel)} == {"ko", "en"}
    transport = URIRef("http://test.ckan.net/vocab/category/transport-logistics")
    assert {str(x) for x in graph.objects(transport, SKOS.prefLabel)} == {"교통물류", "Transport and logistics"}
    violations, _ = shacl_report(graph)
    assert violations == [], "\n".join(violations)

    jsonld = app.get("/vocab/category.jsonld")
    assert jsonld.headers["Content-Type"].startswith("application/ld+json")
    assert len(set(graph_of(jsonld.get_data(as_text=True), "json-ld").subjects(SKOS.inScheme, scheme))) == 16
    negotiated = app.get("/vocab/category", headers={"Accept": "application/ld+json"})
    assert negotiated.headers["Content-Type"].startswith("application/ld+json")
    assert app.get("/vocab/category").headers["Content-Type"].startswith("text/turtle")

    one = graph_of(app.get("/vocab/category/transport-logistics").get_data(as_text=True))
    assert set(one.subjects()) == {transport}
    districts = graph_of(app.get("/vocab/district.ttl").get_data(as_text=True))
    assert len(set(districts.subjects(RDF.type, SKOS.Concept))) == 17
    grounds = graph_of(app.get("/vocab/withholding-ground.ttl").get_data(as_text=True))
    privacy = URIRef("http://test.ckan.net/vocab/withholding-ground/oia-9-1-6")
    assert len(set(grounds.subjects(RDF.type, SKOS.Concept))) == 10
    assert {x.language for x in grounds.objects(privacy, SKOS.prefLabel)} == {"ko", "en"}
    for missing in ("/vocab/nothing.ttl", "/vocab/category/nothing", "/vocab/district/1234"):
        app.get(missing, status=404)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_odd_catalogue_parameters_are_refused_without_a_server_error(app):
    assert app.get("/catalog.ttl", query_string={"page": "x"}).status_code == 409
    assert app.get("/catalog.ttl", query_string={"page": "0"}).status_code == 409
    assert app.get("/catalog.ttl", query_string={"modified_since": "yesterday-ish"}).status_code == 409
    assert app.get("/catalog.ttl", query_string={"q": "해운대 :: (("}).status_code in (200, 409)
    tk.get_action("package_create")(
        {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True},
        valid_dataset(name="parking", owner_org=factories.Organization()["id"]),
    )
    for query in ({"q": "부산광역시 공영주차장"}, {"fq": "category:transport-logistics  update_cycle:annual"}):
        response = app.get("/catalog.ttl", query_string=query)
        assert response.status_code == 200, query
        assert len(catalog_datasets(graph_of(response.get_data(as_text=True)))) == 1, query
    assert app.get("/dataset/없는-데이터.ttl", status=404)
    json.loads(json.dumps(app.get("/dcat.json", query_string={"page": "2"}).json))
