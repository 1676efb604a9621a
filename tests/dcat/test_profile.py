"""The busan_dcat_ap profile: DCAT-AP 3 output that the official shapes accept (no violation),
and a round trip RDF -> dataset dict that gives every Busan field back."""

from __future__ import annotations

import json

import pytest
from ckanext.dcat.processors import RDFParser, RDFSerializer
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from ckanext.busan.dcat import mapping
from ckanext.busan.dcat.profile import DCAT, DCT

from .support import full_dataset, graph_of, organization, shacl_report

# What a round trip must give back exactly (core CKAN fields and every Busan schema field).
DATASET_FIELDS = (
    "title notes category brm_category dept_name dept_phone contact_email legal_basis collection_method "
    "update_cycle next_registration_date spatial_districts temporal_start temporal_end license_id "
    "provision_type is_charged cost_basis is_core_data is_std_data data_limitations other_notes source_url version"
).split()
RESOURCE_FIELDS = ("name", "url", "format", "description", "encoding", "reference_date")


def serialize(dataset: dict, fmt: str = "ttl") -> str:
    return RDFSerializer().serialize_dataset(dataset, _format=fmt)


def parse(text: str, fmt: str = "turtle") -> list[dict]:
    parser = RDFParser()
    parser.parse(text, _format=fmt)
    return list(parser.datasets())


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_full_field_dataset_conforms_to_dcat_ap_3():
    dataset = full_dataset(organization())
    graph = graph_of(serialize(dataset))
    violations, _warnings = shacl_report(graph)
    assert violations == [], "\n".join(violations)
    ref = next(graph.subjects(RDF.type, DCAT.Dataset))
    theme = graph.value(ref, DCAT.theme)
    assert str(theme) == "http://test.ckan.net/vocab/category/culture-tourism"
    assert {str(label) for label in graph.objects(theme, SKOS.prefLabel)} == {"문화관광", "Culture and tourism"}
    assert graph.value(ref, DCT.accrualPeriodicity) == URIRef(mapping.eu_frequency("daily"))
    assert {t.language for t in graph.objects(ref, DCT.title)} == {"ko"}


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("xml", "xml"), ("jsonld", "json-ld")])
def test_round_trip_gives_every_busan_field_back(fmt, rdflib_format):
    dataset = full_dataset(organization())
    [parsed] = parse(serialize(dataset, fmt), rdflib_format)
    assert {k: parsed.get(k) for k in DATASET_FIELDS} == {k: dataset.get(k) for k in DATASET_FIELDS}
    # (districts in the code list's order: RDF keeps none; the dataset was created in that order)
    assert json.loads(parsed["spatial"]) == json.loads(dataset["spatial"])
    assert sorted(t["name"] for t in parsed["tags"]) == sorted(t["name"] for t in dataset["tags"])
    by_url = {r["url"]: r for r in parsed["resources"]}
    for resource in dataset["resources"]:
        expected = {k: resource.get(k) or None for k in RESOURCE_FIELDS}
        assert {k: by_url[resource["url"]].get(k) or None for k in RESOURCE_FIELDS} == expected
    # nothing the parser turned into Busan fields is left behind as a clashing extra
    assert not {e["key"] for e in parsed["extras"]} & set(DATASET_FIELDS + ["spatial", "theme", "frequency"])


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_minimal_dataset_without_resources_conforms_too():
    from tests.builders import valid_dataset

    from .support import tk

    org = organization(name="busan", title="부산광역시", agency_code="6260000", org_type="city")
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    created = tk.get_action("package_create")(
        {"user": site, "ignore_auth": True}, valid_dataset(name="minimal", owner_org=org["id"])
    )
    violations, _ = shacl_report(graph_of(serialize(created)))
    assert violations == [], "\n".join(violations)


@pytest.mark.pure
def test_update_cycles_map_to_eu_frequencies_and_back():
    from ckanext.busan.dataset import codelists

    for cycle in codelists.values("update_cycles"):
        iri = mapping.eu_frequency(cycle)
        assert iri and mapping.update_cycle_of(iri) == cycle
    assert mapping.update_cycle_of("http://publications.europa.eu/resource/authority/frequency/CONT") == (
        "irregular-frequent"
    )
    assert mapping.update_cycle_of("nonsense") is None


@pytest.mark.pure
def test_licences_phones_and_formats_map_both_ways():
    from ckanext.busan.dataset import codelists

    for licence in codelists.license_ids():
        assert mapping.license_id_of(mapping.licence_uri(licence)) == licence
    assert mapping.licence_uri("kogl-type1") == "https://www.kogl.or.kr/info/licenseType1.do"
    assert mapping.tel_uri("(051) 888-1234") == "tel:+82-51-888-1234"
    assert mapping.phone_of("tel:+82-51-888-1234") == "051-888-1234"
    assert mapping.tel_uri("not a phone") is None and mapping.phone_of("tel:") is None
    assert mapping.format_uri("csv") == "http://publications.europa.eu/resource/authority/file-type/CSV"
    assert mapping.format_of(mapping.format_uri("HWP")) == "HWP"
    assert mapping.format_of(mapping.format_uri("Weird Format!")) == "WEIRDFORMAT"
    assert mapping.theme_category("http://other.example/vocab/category/finance") == "finance"
    assert mapping.theme_category("보건 - 건강보험") == "health-medical"
    assert mapping.theme_category("http://other.example/vocab/category/unknown") is None


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_odd_values_still_serialize_to_conformant_rdf(app):
    odd_url = 'https://data.busan.example/자료 목록 "2025" <최종>.csv'
    dataset = full_dataset(
        organization(),
        title="해운대\u1112\u1161\u11ab 통계",  # decomposed Hangul: stored composed
        notes="첫 줄\n둘째 줄 \x07 <b>굵게</b> & 끝",
        source_url="https://www.data.go.kr/자료/목록 1",
        resources=[{"name": "이상한 링크", "url": odd_url, "format": "Weird Format!"}],
        tags=[{"name": "공백 있는 태그"}, {"name": "tag-with.dots"}],
    )
    text = serialize(dataset)
    violations, _ = shacl_report(graph_of(text))
    assert violations == [], "\n".join(violations)
    [parsed] = parse(text)
    assert parsed["title"] == dataset["title"] == "해운대한 통계"
    assert parsed["notes"] == dataset["notes"]
    [resource] = parsed["resources"]
    assert resource["url"] == odd_url.replace(" ", "%20").replace('"', "%22").replace("<", "%3C").replace(">", "%3E")
    assert resource["format"] == "WEIRDFORMAT"
    # and through the endpoint
    assert app.get(f"/dataset/{dataset['name']}.ttl").status_code == 200
    assert app.get("/catalog.jsonld").status_code == 200
