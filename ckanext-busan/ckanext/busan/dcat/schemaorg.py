"""schema.org ``Dataset`` of a dataset page (JSON-LD for search engines) with the Busan fields.

ckanext-dcat's ``structured_data`` plugin embeds ``h.structured_data(pkg)`` in every dataset
page, serialised with ``ckanext.dcat.structured_data.profiles = schemaorg busan_dcat_ap``:
ckanext-dcat's ``schemaorg`` profile writes the core CKAN fields, then ``busan_dcat_ap`` sees a
schema.org graph (``schema:Dataset``) and calls ``add_busan_fields`` instead of its DCAT
mapping (one profile entry point for both vocabularies). What it writes or rewrites:

- ``license``: the 공공누리 (or other) licence's URL; ``inLanguage`` ``ko``;
  ``isAccessibleForFree`` from 유료 여부; ``conditionsOfAccess`` for partial or closed
  disclosure (what was withheld, the legal ground, how to request it), in Korean;
- ``spatialCoverage``: each 구·군 as a ``Place`` (Korean name, English alternate name,
  법정동코드 as identifier, the portal's concept IRI as ``sameAs``) and the 공간범위 geometry
  as a ``GeoShape`` (``box``, and ``polygon`` for a polygon) in schema.org's "lat lon" text;
- ``publisher`` and ``creator`` (the organisation): English alternate name and its
  행정기관코드 as a ``PropertyValue`` identifier; their ``contactPoint`` is the 관리부서 with
  its phone and e-mail;
- ``about``: the 분류체계 category as a ``DefinedTerm`` of the portal's scheme;
- ``distribution``: ``encodingFormat`` as the IANA media type (the format name when none);
- ``isBasedOn``: the pages of the public upstream datasets (원천 데이터셋) and the source page;
- quality (when the governance plugins run): ``contentRating`` ``Rating``\\ s for the quality
  grade (A best, D worst) and the metadata completeness (0-100). ``additionalProperty`` is not
  a property of schema.org's ``Dataset`` (its domain is products, places and values), and
  ``variableMeasured`` names what the data measure, so a rating of the dataset is the fit.

``temporalCoverage`` (``start/end``), ``keywords``, ``dateModified`` and ``name``/
``description`` are ckanext-dcat's already.
"""

from __future__ import annotations

import json

import ckan.model as model
import ckan.plugins.toolkit as tk
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ckanext.busan.dataset import codelists
from ckanext.busan.dcat import mapping, quality
from ckanext.dcat.profiles import SCHEMA

# ckanext-dcat's schemaorg: the dataset's own properties we write instead
REPLACED = (SCHEMA.license, SCHEMA.inLanguage, SCHEMA.isAccessibleForFree, SCHEMA.conditionsOfAccess)


def _set(g, subject, predicate, objects) -> None:
    g.remove((subject, predicate, None))
    for obj in objects:
        g.add((subject, predicate, obj))


def _drop_tree(g, node) -> None:
    """A blank node and the blank nodes below it."""
    for obj in list(g.objects(node, None)):
        if isinstance(obj, BNode):
            _drop_tree(g, obj)
    g.remove((node, None, None))


def _site() -> str:
    return (tk.config.get("ckan.site_url") or "").rstrip("/")


def _latlon(points) -> str:
    """GeoJSON [lon, lat] positions as schema.org's "lat lon lat lon ..." text."""
    return " ".join(f"{lat} {lon}" for lon, lat, *_ in points)


def add_busan_fields(g, d: dict, dataset_ref, base: str, org: dict | None) -> None:
    for predicate in REPLACED:
        g.remove((dataset_ref, predicate, None))
    g.add((dataset_ref, SCHEMA.inLanguage, Literal("ko")))
    licence = mapping.licence_uri(d.get("license_id"))
    if licence:
        g.add((dataset_ref, SCHEMA.license, URIRef(licence)))
    g.add((dataset_ref, SCHEMA.isAccessibleForFree, Literal(d.get("is_charged") != "Y", datatype=XSD.boolean)))
    conditions = conditions_of_access(d)
    if conditions:
        g.add((dataset_ref, SCHEMA.conditionsOfAccess, Literal(conditions, lang="ko")))
    _spatial(g, d, dataset_ref, base)
    _agents(g, d, dataset_ref, org)
    _category(g, d, dataset_ref, base)
    _distributions(g, d)
    for url in based_on(d):
        g.add((dataset_ref, SCHEMA.isBasedOn, URIRef(url)))
    _ratings(g, d, dataset_ref)


def conditions_of_access(d: dict) -> str | None:
    """공개 구분 other than 공개, in Korean: the class, what was withheld, the legal ground and
    how to request it."""
    classification = codelists.lookup("security_classifications", d.get("security_classification") or "")
    if classification is None or d.get("security_classification") == "open":
        return None
    parts = [classification.ko]
    if d.get("withheld_scope"):
        parts.append(f"비공개 범위: {d['withheld_scope']}")
    ground = codelists.lookup("withholding_grounds", d.get("withheld_legal_ground") or "")
    if ground is not None:
        parts.append(f"근거: {ground.ko}")
    if d.get("withheld_request_info"):
        parts.append(f"청구 방법: {d['withheld_request_info']}")
    return ". ".join(parts)


def based_on(d: dict) -> list[str]:
    """Pages of the upstream datasets that anyone may see, then the source page."""
    ids = d.get("derived_from") or []
    if isinstance(ids, str):
        try:
            ids = json.loads(ids)
        except ValueError:
            ids = []
    urls = []
    if isinstance(ids, list) and ids:
        rows = (
            model.Session.query(model.Package.id, model.Package.name)
            .filter(model.Package.id.in_([str(i) for i in ids]))
            .filter(model.Package.private == False, model.Package.state == "active")  # noqa: E712
            .filter(model.Package.type == "dataset")
        )
        names = dict(rows)
        urls = [f"{_site()}/dataset/{names[i]}" for i in ids if i in names]
    if d.get("source_url"):
        urls.append(d["source_url"])
    return urls


def _spatial(g, d: dict, dataset_ref, base: str) -> None:
    for place in list(g.objects(dataset_ref, SCHEMA.spatialCoverage)):
        if isinstance(place, BNode):
            _drop_tree(g, place)
    g.remove((dataset_ref, SCHEMA.spatialCoverage, None))
    for code in d.get("spatial_districts") or []:
        entry = codelists.lookup("districts", code)
        if entry is None:
            continue
        place = BNode()
        g.add((dataset_ref, SCHEMA.spatialCoverage, place))
        g.add((place, RDF.type, SCHEMA.Place))
        g.add((place, SCHEMA.name, Literal(entry.ko)))
        g.add((place, SCHEMA.alternateName, Literal(entry.en)))
        g.add((place, SCHEMA.identifier, Literal(entry.value)))
        g.add((place, SCHEMA.sameAs, URIRef(mapping.concept_uri(base, "district", code))))
    geometry = mapping.geometry_of(d.get("spatial"))
    if geometry is None:
        return
    from shapely.geometry import shape

    place, shape_node = BNode(), BNode()
    g.add((dataset_ref, SCHEMA.spatialCoverage, place))
    g.add((place, RDF.type, SCHEMA.Place))
    g.add((place, SCHEMA.geo, shape_node))
    g.add((shape_node, RDF.type, SCHEMA.GeoShape))
    west, south, east, north = shape(geometry).bounds
    g.add((shape_node, SCHEMA.box, Literal(f"{south} {west} {north} {east}")))
    if geometry.get("type") == "Polygon":
        g.add((shape_node, SCHEMA.polygon, Literal(_latlon(geometry["coordinates"][0]))))


def _agents(g, d: dict, dataset_ref, org: dict | None) -> None:
    """The organisation (publisher and creator) with its English name, 행정기관코드 and the
    관리부서 as its contact point."""
    agents = {*g.objects(dataset_ref, SCHEMA.publisher), *g.objects(dataset_ref, SCHEMA.creator)}
    for agent in agents:
        if org:
            _set(g, agent, SCHEMA.name, [Literal(org.get("title") or org.get("name"))])
            if org.get("title_en"):
                _set(g, agent, SCHEMA.alternateName, [Literal(org["title_en"])])
            if org.get("agency_code"):
                for old in list(g.objects(agent, SCHEMA.identifier)):
                    if isinstance(old, BNode):
                        _drop_tree(g, old)
                identifier = BNode()
                _set(g, agent, SCHEMA.identifier, [identifier])
                g.add((identifier, RDF.type, SCHEMA.PropertyValue))
                g.add((identifier, SCHEMA.propertyID, Literal("행정기관코드")))
                g.add((identifier, SCHEMA.value, Literal(org["agency_code"])))
        for contact in list(g.objects(agent, SCHEMA.contactPoint)):
            if isinstance(contact, BNode):
                _drop_tree(g, contact)
        g.remove((agent, SCHEMA.contactPoint, None))
        if not (d.get("dept_name") or d.get("dept_phone") or d.get("contact_email")):
            continue
        contact = BNode()
        g.add((agent, SCHEMA.contactPoint, contact))
        g.add((contact, RDF.type, SCHEMA.ContactPoint))
        g.add((contact, SCHEMA.contactType, Literal("customer service")))
        if d.get("dept_name"):
            g.add((contact, SCHEMA.name, Literal(d["dept_name"])))
        if d.get("dept_phone"):
            tel = mapping.tel_uri(d["dept_phone"])
            g.add((contact, SCHEMA.telephone, Literal(tel.removeprefix("tel:") if tel else d["dept_phone"])))
        if d.get("contact_email"):
            g.add((contact, SCHEMA.email, Literal(d["contact_email"])))


def _category(g, d: dict, dataset_ref, base: str) -> None:
    entry = codelists.lookup("categories", d.get("category") or "")
    if entry is None:
        return
    term = URIRef(mapping.concept_uri(base, "category", entry.value))
    g.add((dataset_ref, SCHEMA.about, term))
    g.add((term, RDF.type, SCHEMA.DefinedTerm))
    g.add((term, SCHEMA.name, Literal(entry.ko)))
    g.add((term, SCHEMA.alternateName, Literal(entry.en)))
    g.add((term, SCHEMA.termCode, Literal(entry.value)))
    g.add((term, SCHEMA.inDefinedTermSet, URIRef(mapping.scheme_uri(base, "category"))))


def _distributions(g, d: dict) -> None:
    from ckanext.dcat.utils import resource_uri

    for resource in d.get("resources") or []:
        if not resource.get("format"):
            continue
        media = mapping.media_type_uri(resource["format"])
        value = media.removeprefix(mapping.IANA_MEDIA_TYPE_BASE) if media else resource["format"]
        _set(g, URIRef(resource_uri(resource)), SCHEMA.encodingFormat, [Literal(value)])


def _ratings(g, d: dict, dataset_ref) -> None:
    values = quality.of(d)
    ratings = []
    if values.get("quality_grade"):
        ratings.append(("데이터 품질 등급", values["quality_grade"], "A", "D"))
    if values.get("metadata_completeness") is not None:
        ratings.append(("메타데이터 완전성", values["metadata_completeness"], 100, 0))
    for aspect, value, best, worst in ratings:
        rating = BNode()
        g.add((dataset_ref, SCHEMA.contentRating, rating))
        g.add((rating, RDF.type, SCHEMA.Rating))
        g.add((rating, SCHEMA.reviewAspect, Literal(aspect)))
        g.add((rating, SCHEMA.ratingValue, Literal(value)))
        g.add((rating, SCHEMA.bestRating, Literal(best)))
        g.add((rating, SCHEMA.worstRating, Literal(worst)))
