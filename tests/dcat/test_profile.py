"""The busan_dcat_ap profile: DCAT-AP 3 output that the official shapes accept (no violation),
and a round trip RDF -> dataset dict that gives every Busan field back."""

from __future__ import annotations

import json

import pytest
from ckanext.dcat.processors import RDFParser, RDFSerializer
from rdflib import Namespace, URIRef
from rdflib.namespace import RDF, SKOS

from ckanext.busan.dcat import mapping
from ckanext.busan.dcat.profile import DCAT, DCT

from .support import (
    NOT_ROUND_TRIPPED,
    full_dataset,
    graph_of,
    organization,
    schema_fields,
    shacl_report,
    with_quality_report,
)

# What a round trip must give back exactly: every field of the scheming YAML (read from it, so a
# field added later fails these tests until the profile maps it) and CKAN's version. Compared
# in their own way: tags (tag_string), the geometry (JSON), derived_from (a set: RDF keeps no order).
SPECIAL_FIELDS = {"tag_string", "spatial", "derived_from"}
YAML_FIELDS, YAML_RESOURCE_FIELDS = schema_fields()
DATASET_FIELDS = [f for f in YAML_FIELDS if f not in NOT_ROUND_TRIPPED | SPECIAL_FIELDS] + ["version"]
RESOURCE_FIELDS = tuple(YAML_RESOURCE_FIELDS)
PROV = Namespace("http://www.w3.org/ns/prov#")
DQV = Namespace("http://www.w3.org/ns/dqv#")


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
    assert graph.value(ref, DCT.accessRights) == URIRef(mapping.EU_ACCESS_RIGHT_BASE + "RESTRICTED")
    assert (graph.value(ref, DCT.accessRights), RDF.type, DCT.RightsStatement) in graph
    # lineage: the upstream datasets by their DCAT IRIs, qualified by the processing activity
    upstreams = {URIRef(f"http://test.ckan.net/dataset/{i}") for i in dataset["derived_from"]}
    assert upstreams < set(graph.objects(ref, PROV.wasDerivedFrom))
    [activity] = {graph.value(q, PROV.hadActivity) for q in graph.objects(ref, PROV.qualifiedDerivation)}
    assert (ref, PROV.wasGeneratedBy, activity) in graph and (activity, RDF.type, PROV.Activity) in graph
    assert set(graph.objects(activity, PROV.used)) == upstreams


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_every_schema_field_is_filled_by_the_full_dataset():
    """A field added to the YAML must be filled here (and so mapped, for the round trip)."""
    dataset = full_dataset(organization())
    empty = [f for f in YAML_FIELDS if f != "tag_string" and dataset.get(f) in (None, "", [], {})]
    assert empty == [] and dataset["tags"]
    for resource in dataset["resources"][:1]:
        assert [f for f in YAML_RESOURCE_FIELDS if not resource.get(f)] == []


@pytest.mark.usefixtures("clean_db", "clean_index")
@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("xml", "xml"), ("jsonld", "json-ld")])
def test_round_trip_gives_every_busan_field_back(fmt, rdflib_format):
    dataset = full_dataset(organization())
    [parsed] = parse(serialize(dataset, fmt), rdflib_format)
    assert {k: parsed.get(k) for k in DATASET_FIELDS} == {k: dataset.get(k) for k in DATASET_FIELDS}
    assert sorted(parsed["derived_from"]) == sorted(dataset["derived_from"]) and len(dataset["derived_from"]) == 2
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


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_quality_is_published_as_dqv_measurements(app):
    """The governance plugins' values (report action, index) as dqv:QualityMeasurement nodes,
    on the dataset endpoint and on the catalogue; not read back into fields."""
    dataset = full_dataset(organization())
    with_quality_report(dataset)  # busan_governance indexes the grade, busan_metadata_quality the completeness

    for url in (f"/dataset/{dataset['name']}.ttl", "/catalog.ttl"):
        graph = graph_of(app.get(url).body)
        ref = URIRef(f"http://test.ckan.net/dataset/{dataset['id']}")
        values = {
            str(graph.value(m, DQV.isMeasurementOf)).rsplit("#", 1)[-1]: graph.value(m, DQV.value).toPython()
            for m in graph.objects(ref, DQV.hasQualityMeasurement)
        }
        assert values.pop("metadataCompleteness") > 50
        assert values == {"qualityScore": 87.5, "qualityGrade": "B", "standardComplianceRate": 0.75}, url
        assert (URIRef(mapping.BUSAN_NS + "qualityScore"), RDF.type, DQV.Metric) in graph
        violations, _ = shacl_report(graph)
        assert violations == [], "\n".join(violations)
    [parsed] = parse(serialize(dataset))
    assert not {e["key"] for e in parsed["extras"]} & {"quality_score", "metadata_completeness"}


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_lineage_names_only_public_upstreams_and_reads_foreign_graphs():
    from .support import tk, upstream_dataset

    org = organization()
    hidden = upstream_dataset(org, "hidden-source")
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    tk.get_action("package_patch")({"user": site, "ignore_auth": True}, {"id": hidden["id"], "private": True})
    dataset = full_dataset(org, derived_from=[hidden["id"]], name="derived-from-private")
    graph = graph_of(serialize(dataset))
    assert hidden["id"] not in graph.serialize(format="turtle")
    [parsed] = parse(serialize(dataset))
    assert not parsed.get("derived_from")  # nothing public to point at
    assert parsed["source_url"] == dataset["source_url"]

    # another catalogue's record: a derivation from a dataset that is not here is left out,
    # a plain prov:wasDerivedFrom is the source page; NON_PUBLIC is a closed dataset
    foreign = """
    @prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
    @prefix prov: <http://www.w3.org/ns/prov#> .
    <http://other.example/dataset/1> a dcat:Dataset ; dct:title "남의 데이터"@ko ;
        dct:accessRights <http://publications.europa.eu/resource/authority/access-right/NON_PUBLIC> ;
        prov:wasDerivedFrom <http://other.example/page>, <http://other.example/dataset/0> ;
        prov:qualifiedDerivation [ a prov:Derivation ; prov:entity <http://other.example/dataset/0> ;
            prov:hadActivity [ a prov:Activity ; dct:description "합산"@ko ] ] .
    """
    [record] = parse(foreign)
    assert record["source_url"] == "http://other.example/page"
    assert not record.get("derived_from")
    assert record["processing_description"] == "합산"
    assert record["security_classification"] == "closed"
    assert "provenance_activity" not in record


@pytest.mark.pure
def test_access_rights_and_dataset_iris_map_both_ways():
    for classification in ("open", "partial", "closed"):
        assert mapping.classification_of(mapping.access_right_uri(classification)) == classification
    assert mapping.access_right_uri(None) is None and mapping.classification_of("http://x") is None
    assert mapping.dataset_ref_of("http://a.example/dataset/abc", "http://a.example/") == "abc"
    assert mapping.dataset_ref_of("http://b.example/dataset/abc", "http://a.example") is None
    assert mapping.dataset_ref_of("http://a.example/dataset/abc/resource/1", "http://a.example") is None


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_harvested_dataset_was_generated_by_its_last_harvest():
    import datetime as dt

    from ckan import model
    from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource

    dataset = full_dataset(organization())
    source = HarvestSource(url="https://tour.example/catalog.ttl", type="dcat_rdf", title="관광 통계")
    source.save()
    started, finished = dt.datetime(2025, 9, 11, 2, 0, 5), dt.datetime(2025, 9, 11, 2, 3, 7)
    job = HarvestJob(source=source, status="Finished", gather_started=started, finished=finished)
    job.save()
    HarvestObject(guid="TOUR-2025-0001", job=job, source=source, package_id=dataset["id"], current=True).save()
    model.Session.commit()

    graph = graph_of(serialize(dataset))
    ref = URIRef(f"http://test.ckan.net/dataset/{dataset['id']}")
    [harvest] = [a for a in graph.objects(ref, PROV.wasGeneratedBy) if (a, RDF.type, PROV.Activity) in graph
                 and (a, RDF.type, URIRef(mapping.BUSAN_NS + "Harvest")) in graph]  # fmt: skip
    assert graph.value(harvest, PROV.endedAtTime).toPython() == finished
    assert str(graph.value(harvest, URIRef(mapping.BUSAN_NS + "sourceSystem"))) == dataset["source_system"]
    violations, _ = shacl_report(graph)
    assert violations == [], "\n".join(violations)
    [parsed] = parse(serialize(dataset))  # the harvest activity is not the processing
    assert parsed["processing_description"] == dataset["processing_description"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_catalogue_page_gives_each_dataset_its_own_lineage_harvest_and_quality(app):
    """What the profile reads for a whole page at once (prefetch.py) lands on the right dataset,
    the batched quality summaries are the governance job's own, and the page's Turtle is the
    text rdflib's serializer writes."""
    import datetime as dt

    from ckan import model
    from ckan.lib.search import rebuild
    from ckanext.harvest.model import HarvestJob, HarvestObject, HarvestSource

    from ckanext.busan.dcat import turtle
    from ckanext.busan_governance import jobs
    from ckanext.busan_governance.model import report_table
    from ckanext.busan_governance.summaries import dataset_summaries

    org = organization()
    first = full_dataset(org, name="first-beach")
    second = full_dataset(org, name="second-beach")
    plain = full_dataset(org, name="plain-beach", derived_from=[], source_system="")
    now = dt.datetime.utcnow()
    for dataset, grade, score in ((first, "A", 95.0), (second, "C", 61.5)):
        for resource in dataset["resources"]:
            model.Session.connection().execute(
                report_table.insert().values(
                    resource_id=resource["id"], package_id=dataset["id"], version="v1", status="done",
                    score=score, grade=grade, compliance_rate=0.5, created=now, finished=now,
                )
            )  # fmt: skip
    source = HarvestSource(url="https://tour.example/catalog.ttl", type="dcat_rdf", title="관광 통계")
    source.save()
    job = HarvestJob(source=source, status="Finished", gather_started=now, finished=now)
    job.save()
    HarvestObject(guid="g-2", job=job, source=source, package_id=second["id"], current=True).save()
    model.Session.commit()
    for dataset in (first, second, plain):
        rebuild(dataset["id"])

    ids = [first["id"], second["id"], plain["id"]]
    assert dataset_summaries(ids) == {i: jobs.dataset_summary(i) for i in ids[:2]}

    graph = graph_of(app.get("/catalog.ttl").get_data(as_text=True))

    def ref(dataset):
        return URIRef(f"http://test.ckan.net/dataset/{dataset['id']}")

    def grade(dataset):
        return {
            graph.value(m, DQV.value).toPython()
            for m in graph.objects(ref(dataset), DQV.hasQualityMeasurement)
            if str(graph.value(m, DQV.isMeasurementOf)).endswith("qualityGrade")
        }

    assert (grade(first), grade(second), grade(plain)) == ({"A"}, {"C"}, set())
    for dataset in (first, second):
        upstreams = {URIRef(f"http://test.ckan.net/dataset/{i}") for i in dataset["derived_from"]}
        assert upstreams == set(graph.objects(ref(dataset), PROV.wasDerivedFrom)) - {URIRef(dataset["source_url"])}
    assert not set(graph.objects(ref(plain), PROV.qualifiedDerivation))
    harvests = {
        d["name"]
        for d in (first, second, plain)
        for a in graph.objects(ref(d), PROV.wasGeneratedBy)
        if (a, RDF.type, URIRef(mapping.BUSAN_NS + "Harvest")) in graph
    }
    assert harvests == {"second-beach"}
    violations, _ = shacl_report(graph)
    assert violations == [], "\n".join(violations)

    serializer = RDFSerializer()
    serializer.serialize_catalog({}, [first, second, plain], _format="ttl")
    assert serializer.g.serialize(format=turtle.FORMAT) == serializer.g.serialize(format="turtle")
