"""schema.org JSON-LD in dataset pages (ckanext-dcat's structured_data with busan_dcat_ap): what a
search engine reads from the page's HTML carries the Busan fields and governance values, and a
private dataset's page never carries it."""

from __future__ import annotations

import json
import re

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from ckanext.busan.dataset import codelists

from .support import full_dataset, organization, sysadmin_headers, with_quality_report

SDO = Namespace("http://schema.org/")
LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def embedded(html: str) -> list[str]:
    return [block.strip() for block in LD_JSON.findall(html)]


def page_graph(app, name: str, **kwargs) -> Graph:
    response = app.get(f"/dataset/{name}", **kwargs)
    assert response.status_code == 200
    [block] = embedded(response.get_data(as_text=True))
    json.loads(block)  # plain JSON first: what a crawler's parser sees
    return Graph().parse(data=block, format="json-ld")


def values(graph: Graph, subject, predicate) -> set:
    return {o.toPython() if isinstance(o, Literal) else o for o in graph.objects(subject, predicate)}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_dataset_page_embeds_schema_org_with_the_busan_fields(app):
    dataset = full_dataset(organization())
    with_quality_report(dataset)
    graph = page_graph(app, dataset["name"])
    [ref] = graph.subjects(RDF.type, SDO.Dataset)

    assert values(graph, ref, SDO.name) == {dataset["title"]}
    assert values(graph, ref, SDO.inLanguage) == {"ko"}
    assert values(graph, ref, SDO.license) == {URIRef("https://www.kogl.or.kr/info/licenseType3.do")}
    assert values(graph, ref, SDO.keywords) == {"해수욕장", "관광"}
    assert values(graph, ref, SDO.temporalCoverage) == {"2025-06-01/2025-09-10"}
    assert values(graph, ref, SDO.dateModified)
    assert values(graph, ref, SDO.isAccessibleForFree) == {False}  # 유료 (건당 100원)
    [conditions] = values(graph, ref, SDO.conditionsOfAccess)
    assert "부분공개" in conditions and "방문객 개인 식별 영상" in conditions
    assert codelists.lookup("withholding_grounds", "oia-9-1-6").ko in conditions
    assert "open.go.kr" in conditions

    # 구·군 as places with their codes, the geometry as a schema.org shape
    places = list(graph.objects(ref, SDO.spatialCoverage))
    codes = {str(graph.value(p, SDO.identifier)) for p in places if graph.value(p, SDO.identifier)}
    assert codes == {"2635000000", "2650000000"}
    assert {str(graph.value(p, SDO.name)) for p in places if graph.value(p, SDO.identifier)} == {"해운대구", "수영구"}
    [shape] = [graph.value(p, SDO.geo) for p in places if graph.value(p, SDO.geo)]
    assert str(graph.value(shape, SDO.box)) == "35.155 129.155 35.162 129.168"
    assert str(graph.value(shape, SDO.polygon)).startswith("35.155 129.155 35.155 129.168")

    # the organisation with its 행정기관코드, the 관리부서 as contact point
    for role in (SDO.publisher, SDO.creator):
        agent = graph.value(ref, role)
        assert str(graph.value(agent, SDO.name)) == "부산광역시 해운대구"
        identifier = graph.value(agent, SDO.identifier)
        assert str(graph.value(identifier, SDO.propertyID)) == "행정기관코드"
        assert str(graph.value(identifier, SDO.value)) == "3330000"
        contact = graph.value(agent, SDO.contactPoint)
        assert str(graph.value(contact, SDO.name)) == "관광문화과"
        assert str(graph.value(contact, SDO.telephone)) == "+82-51-749-4061"
        assert str(graph.value(contact, SDO.email)) == "tour@haeundae.example.kr"

    category = graph.value(ref, SDO.about)
    assert str(category) == "http://test.ckan.net/vocab/category/culture-tourism"
    assert str(graph.value(category, SDO.name)) == "문화관광"

    distributions = graph.objects(ref, SDO.distribution)
    formats = {str(graph.value(d, SDO.name)): values(graph, d, SDO.encodingFormat) for d in distributions}
    assert formats == {"2025년 일별 방문객": {"text/csv"}, "보고서": {"application/x-hwp"}}  # IANA media types

    # 원천 데이터셋 (their pages) and the source page
    upstream_pages = {URIRef(f"http://test.ckan.net/dataset/{dataset['name']}-src{i}") for i in (1, 2)}
    assert values(graph, ref, SDO.isBasedOn) == upstream_pages | {URIRef(dataset["source_url"])}

    ratings = {str(graph.value(r, SDO.reviewAspect)): r for r in graph.objects(ref, SDO.contentRating)}
    grade = ratings["데이터 품질 등급"]
    assert (str(graph.value(grade, SDO.ratingValue)), str(graph.value(grade, SDO.bestRating))) == ("B", "A")
    assert graph.value(ratings["메타데이터 완전성"], SDO.ratingValue).toPython() > 50


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_english_pages_embed_the_same_data(app):
    dataset = full_dataset(organization())
    graph = page_graph(app, dataset["name"])
    english = Graph().parse(
        data=embedded(app.get(f"/en/dataset/{dataset['name']}").get_data(as_text=True))[0], format="json-ld"
    )
    [ref] = english.subjects(RDF.type, SDO.Dataset)
    assert values(english, ref, SDO.inLanguage) == {"ko"}  # the data's language, not the page's
    assert len(english) == len(graph)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_private_dataset_never_embeds_it(app):
    org = organization()
    dataset = full_dataset(org, name="private-beach", private=True)
    anonymous = app.get(f"/dataset/{dataset['name']}")
    assert anonymous.status_code in (403, 404)
    assert not embedded(anonymous.get_data(as_text=True))
    # an admin sees the page, but without any of the dataset in structured data
    page = app.get(f"/dataset/{dataset['name']}", headers=sysadmin_headers())
    assert page.status_code == 200
    assert embedded(page.get_data(as_text=True)) in ([], ["{}"])
    for block in embedded(page.get_data(as_text=True)):
        assert dataset["title"] not in block and dataset["id"] not in block
