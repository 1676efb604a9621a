"""``busan_dcat_ap``: the Busan dataset schema in DCAT-AP 3, both ways (ckanext-dcat RDF profile).

It runs after ckanext-dcat's ``euro_dcat_ap_3`` (``ckanext.dcat.rdf.profiles = euro_dcat_ap_3
busan_dcat_ap``), which writes the core CKAN fields, and rewrites or adds what the Busan schema
means (docs/api.md has the table):

- Korean literals (``@ko``) for titles, descriptions and keywords; the language as the EU
  language IRI; public access rights;
- 분류체계 as a ``dcat:theme`` of the portal's own SKOS scheme (``{base}/vocab/category``),
  구·군 as ``dct:spatial`` concepts of ``{base}/vocab/district``, 업데이트 주기 as an EU frequency;
- 관리부서, phone and e-mail as a ``vcard:Organization`` contact point; 수집방법 as
  ``dct:provenance``; the source page as ``prov:wasDerivedFrom``; the source id as
  ``adms:identifier``; the rest as ``busan:`` properties;
- 공개 구분 as ``dct:accessRights`` (EU access rights PUBLIC / RESTRICTED / NON_PUBLIC), what was
  withheld and how to request it as Korean ``busan:`` literals, the legal ground as a concept of
  the portal's ``{base}/vocab/withholding-ground`` scheme;
- lineage in PROV-O: each upstream dataset of 원천 데이터셋 (``derived_from``) as
  ``prov:wasDerivedFrom`` its DCAT IRI with a ``prov:qualifiedDerivation``; 가공 방법 as the
  ``prov:Activity`` (``busan:Processing``) that the dataset ``prov:wasGeneratedBy`` and that
  the derivations name; a harvested dataset's last harvest as another activity
  (``busan:Harvest``, output only);
- quality (when the governance plugins run) as DQV measurements (``quality.py``, output only);
- distributions with the 공공누리 licence, an EU file type and an IANA media type, the
  encoding (``cnt:characterEncoding``) and the reference date.

IRIs that DCAT-AP types by range (access URLs, landing pages, licences, formats, ...) are typed
explicitly, so that a SHACL validator without RDFS inference sees the classes the shapes ask for.

The parser does the reverse on any DCAT graph (ours or another portal's): it only fills the
fields it recognises and moves ckanext-dcat's extras that are Busan schema fields to the root,
so the DCAT harvester's ``busan_fields`` only has to fill what a foreign record lacks.
"""

from __future__ import annotations

import json

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from rdflib import BNode, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from ckanext.busan.dataset import codelists
from ckanext.busan.dcat import mapping, prefetch, quality, schemaorg
from ckanext.busan.dcat.vocab import add_concept, add_scheme_header
from ckanext.dcat.profiles import ADMS, CNT, DCAT, DCT, FOAF, GSP, SKOS, VCARD, CleanedURIRef, RDFProfile
from ckanext.dcat.utils import catalog_uri, dataset_uri, publisher_uri_organization_fallback, resource_uri

BUSAN = Namespace(mapping.BUSAN_NS)
DQV = Namespace("http://www.w3.org/ns/dqv#")
LANG = "ko"

# DCAT-AP ranges materialised as rdf:type (SHACL shapes check sh:class without inference).
RANGE_TYPES = {
    DCAT.accessURL: RDFS.Resource,
    DCAT.downloadURL: RDFS.Resource,
    DCAT.endpointURL: RDFS.Resource,
    DCAT.endpointDescription: RDFS.Resource,
    DCT.relation: RDFS.Resource,
    DCT.isReferencedBy: RDFS.Resource,
    DCAT.landingPage: FOAF.Document,
    FOAF.page: FOAF.Document,
    FOAF.homepage: FOAF.Document,
    DCT.license: DCT.LicenseDocument,
    DCT["format"]: DCT.MediaTypeOrExtent,
    DCAT.mediaType: DCT.MediaType,
    DCT.language: DCT.LinguisticSystem,
    DCT.accrualPeriodicity: DCT.Frequency,
    DCT.accessRights: DCT.RightsStatement,
    DCT.spatial: DCT.Location,
    DCT.conformsTo: DCT.Standard,
}

# Busan schema fields written as busan: literals: (field, property, Korean text?)
TEXT_FIELDS = (
    ("brm_category", BUSAN.brmCategory, True),
    ("legal_basis", BUSAN.legalBasis, True),
    ("cost_basis", BUSAN.costBasis, True),
    ("data_limitations", BUSAN.dataLimitations, True),
    ("other_notes", BUSAN.otherNotes, True),
    ("source_system", BUSAN.sourceSystem, False),
    ("withheld_scope", BUSAN.withheldScope, True),
    ("withheld_request_info", BUSAN.withheldRequestInfo, True),
    ("provision_type", BUSAN.provisionType, False),
)
FLAG_FIELDS = (("is_charged", BUSAN.isCharged), ("is_core_data", BUSAN.isCoreData), ("is_std_data", BUSAN.isStdData))
DATE_FIELDS = (("next_registration_date", BUSAN.nextRegistrationDate), ("source_modified", BUSAN.sourceModified))
# ckanext-dcat's extras that the parser turns into Busan fields (or that would clash with them)
CONSUMED_EXTRAS = {
    "frequency",
    "theme",
    "provenance",
    "spatial",
    "spatial_uri",
    "spatial_text",
    "spatial_bbox",
    "spatial_centroid",
    "contact_name",
    "contact_email",
    "contact_uri",
    "contact_identifier",
    "contact_url",
    "access_rights",
}


def _base() -> str:
    return catalog_uri().rstrip("/")


def _replace(g, subject, predicate, objects) -> None:
    g.remove((subject, predicate, None))
    for obj in objects:
        g.add((subject, predicate, obj))


def _remove_node(g, subject, predicate) -> None:
    """Remove subject's predicate and the blank nodes it pointed to (one level)."""
    for obj in list(g.objects(subject, predicate)):
        if isinstance(obj, BNode):
            g.remove((obj, None, None))
    g.remove((subject, predicate, None))


def type_ranges(g, subject) -> None:
    """Type the IRIs that `subject` and the nodes it points to (distributions, publisher,
    contact, ...) refer to. Only around the subject: a catalogue page holds 100 datasets."""
    nodes = {subject, *(o for o in g.objects(subject, None) if not isinstance(o, Literal))}
    for node in nodes:
        for predicate, obj in list(g.predicate_objects(node)):
            cls = RANGE_TYPES.get(predicate)
            if cls is not None and isinstance(obj, URIRef) and (obj, RDF.type, cls) not in g:
                g.add((obj, RDF.type, cls))


def _date(value) -> Literal | None:
    text = str(value or "")[:10]
    return Literal(text, datatype=XSD.date) if len(text) == 10 else None


def _upstream_uris(datasets: list[dict]) -> dict[str, list[str]]:
    """{dataset id: DCAT IRIs of the public datasets (active or withdrawn) that its derived_from
    names}, for many datasets in two queries."""
    wanted = {d["id"]: [str(i) for i in _id_list(d.get("derived_from")) if i] for d in datasets}
    ids = {i for found in wanted.values() for i in found}
    if not ids:
        return {}
    rows = (
        model.Session.query(model.Package.id)
        .filter(model.Package.id.in_(ids), model.Package.private == False)  # noqa: E712
        .filter(model.Package.state.in_(("active", "deleted")))
    )
    public = {row[0] for row in rows}
    extras = (
        model.Session.query(model.PackageExtra.package_id, model.PackageExtra.value)
        .filter(model.PackageExtra.package_id.in_(public), model.PackageExtra.key == "uri")
        .filter(model.PackageExtra.state != "deleted")
    )
    uris = {package_id: value for package_id, value in extras}
    return {
        dataset_id: [
            dataset_uri({"id": i, "extras": [{"key": "uri", "value": uris[i]}] if i in uris else []})
            for i in found
            if i in public
        ]
        for dataset_id, found in wanted.items()
    }


def _id_list(value) -> list:
    return value if isinstance(value, list) else _json_list(value)


def _json_list(value) -> list:
    try:
        loaded = json.loads(value) if isinstance(value, str) and value else []
    except ValueError:
        return []
    return loaded if isinstance(loaded, list) else []


def _local_dataset(uri: str) -> str | None:
    """The id of the dataset of this portal that an IRI names: one of our dataset IRIs, or the
    IRI a dataset harvested from another catalogue keeps (its ``uri`` extra)."""
    ref = mapping.dataset_ref_of(uri, _base())
    package = model.Package.get(ref) if ref else None
    if package is None:
        row = (
            model.Session.query(model.Package)
            .join(model.PackageExtra, model.PackageExtra.package_id == model.Package.id)
            .filter(model.PackageExtra.key == "uri", model.PackageExtra.value == uri)
            .filter(model.Package.state == "active")
            .first()
        )
        package = row
    if package is None or package.type != "dataset" or package.state != "active":
        return None
    return package.id


def _last_harvests(datasets: list[dict]) -> dict:
    """{dataset id: (started, finished)} of the harvest jobs that last wrote harvested datasets."""
    ids = [d["id"] for d in datasets if d.get("source_system")]
    if not ids or not p.plugin_loaded("harvest"):
        return {}
    from ckanext.harvest.model import HarvestJob, HarvestObject

    rows = (
        model.Session.query(HarvestObject.package_id, HarvestJob.gather_started, HarvestJob.finished)
        .join(HarvestObject, HarvestObject.harvest_job_id == HarvestJob.id)
        .filter(HarvestObject.package_id.in_(ids), HarvestObject.current == True)  # noqa: E712
    )
    runs: dict = {}
    for package_id, started, finished in rows:
        runs.setdefault(package_id, (started, finished))
    return runs


def _organization_by_name(name: str) -> dict | None:
    """The catalogue publisher's id and names, read from the model: organization_show would
    also count its datasets with a search, on every catalogue page."""
    group = model.Group.get(name)
    if group is None or not group.is_organization:
        return None
    return {"id": group.id, "title": group.title, "title_en": (group.extras or {}).get("title_en")}


class BusanDCATAPProfile(RDFProfile):
    # ---------------------------------------------------------------- serialize
    def graph_from_dataset(self, dataset_dict, dataset_ref):
        g, d, base = self.g, dataset_dict, _base()
        g.bind("busan", BUSAN)
        g.bind("prov", PROV)
        if d.get("title"):
            _replace(g, dataset_ref, DCT.title, [Literal(d["title"], lang=LANG)])
        if d.get("notes"):
            _replace(g, dataset_ref, DCT.description, [Literal(d["notes"], lang=LANG)])
        _replace(g, dataset_ref, DCAT.keyword, [Literal(t["name"], lang=LANG) for t in d.get("tags") or []])
        _replace(g, dataset_ref, DCT.language, [URIRef(mapping.EU_LANGUAGE_KOR)])
        if d.get("name"):
            site = (tk.config.get("ckan.site_url") or base).rstrip("/")
            _replace(g, dataset_ref, DCAT.landingPage, [URIRef(f"{site}/dataset/{d['name']}")])
        access = mapping.access_right_uri(d.get("security_classification"))
        if access is None and not d.get("private"):
            access = mapping.EU_ACCESS_PUBLIC
        _replace(g, dataset_ref, DCT.accessRights, [URIRef(access)] if access else [])
        ground = add_concept(g, base, "withholding-ground", d.get("withheld_legal_ground") or "")
        if ground is not None:
            g.add((dataset_ref, BUSAN.withheldLegalGround, ground))

        concept = add_concept(g, base, "category", d.get("category") or "")
        if concept is not None:
            g.add((dataset_ref, DCAT.theme, concept))
        for code in d.get("spatial_districts") or []:
            place = add_concept(g, base, "district", code)
            if place is not None:
                g.add((dataset_ref, DCT.spatial, place))
                g.add((place, DCT.identifier, Literal(code)))
        self._geometry(d.get("spatial"), dataset_ref)
        frequency = mapping.eu_frequency(d.get("update_cycle"))
        _replace(g, dataset_ref, DCT.accrualPeriodicity, [URIRef(frequency)] if frequency else [])

        self._contact_point(d, dataset_ref)
        self._publisher(d, dataset_ref)
        _remove_node(g, dataset_ref, DCT.provenance)
        if d.get("collection_method"):
            statement = BNode()
            g.add((dataset_ref, DCT.provenance, statement))
            g.add((statement, RDF.type, DCT.ProvenanceStatement))
            g.add((statement, RDFS.label, Literal(d["collection_method"], lang=LANG)))
        if d.get("source_url"):
            g.add((dataset_ref, PROV.wasDerivedFrom, CleanedURIRef(d["source_url"])))
        self._lineage(d, dataset_ref)
        self._harvest(d, dataset_ref)
        self._quality(d, dataset_ref)
        if d.get("source_identifier"):
            identifier = BNode()
            g.add((dataset_ref, ADMS.identifier, identifier))
            g.add((identifier, RDF.type, ADMS.Identifier))
            g.add((identifier, SKOS.notation, Literal(d["source_identifier"])))
        for field, predicate, korean in TEXT_FIELDS:
            if d.get(field):
                g.add((dataset_ref, predicate, Literal(d[field], lang=LANG if korean else None)))
        for field, predicate in FLAG_FIELDS:
            if d.get(field) in ("Y", "N"):
                g.add((dataset_ref, predicate, Literal(d[field] == "Y")))
        for field, predicate in DATE_FIELDS:
            value = _date(d.get(field))
            if value is not None:
                g.add((dataset_ref, predicate, value))

        # DCAT 3 gives every catalogued resource a licence: the dataset carries it too, so that one
        # without distributions keeps it
        licence = self._licence(d.get("license_id"))
        _replace(g, dataset_ref, DCT.license, [licence] if licence is not None else [])
        for resource in d.get("resources") or []:
            self._distribution(d, resource)
        type_ranges(g, dataset_ref)

    def _lineage(self, d: dict, dataset_ref) -> None:
        """원천 데이터셋 and 가공 방법 in PROV-O. Only upstream datasets that anyone may see are
        named (a private one is left out), under their DCAT IRI (ckanext-dcat's dataset_uri)."""
        g = self.g
        uris = prefetch.lookup("upstreams", d, _upstream_uris, []) if d.get("id") and d.get("derived_from") else []
        upstreams = [URIRef(uri) for uri in uris]
        activity = None
        if d.get("processing_description"):
            activity = BNode()
            g.add((dataset_ref, PROV.wasGeneratedBy, activity))
            g.add((activity, RDF.type, PROV.Activity))
            g.add((activity, RDF.type, BUSAN.Processing))
            g.add((activity, DCT.description, Literal(d["processing_description"], lang=LANG)))
        for upstream in upstreams:
            g.add((dataset_ref, PROV.wasDerivedFrom, upstream))
            g.add((upstream, RDF.type, PROV.Entity))
            derivation = BNode()
            g.add((dataset_ref, PROV.qualifiedDerivation, derivation))
            g.add((derivation, RDF.type, PROV.Derivation))
            g.add((derivation, PROV.entity, upstream))
            if activity is not None:
                g.add((derivation, PROV.hadActivity, activity))
                g.add((activity, PROV.used, upstream))

    def _harvest(self, d: dict, dataset_ref) -> None:
        """The last harvest that wrote a harvested dataset (ckanext-harvest's tables)."""
        if not d.get("source_system") or not d.get("id"):
            return
        run = prefetch.lookup("harvests", d, _last_harvests)
        if run is None:
            return
        g, activity = self.g, BNode()
        g.add((dataset_ref, PROV.wasGeneratedBy, activity))
        g.add((activity, RDF.type, PROV.Activity))
        g.add((activity, RDF.type, BUSAN.Harvest))
        g.add((activity, RDFS.label, Literal(f"{d['source_system']} 수집", lang=LANG)))
        g.add((activity, BUSAN.sourceSystem, Literal(d["source_system"])))
        for predicate, value in ((PROV.startedAtTime, run[0]), (PROV.endedAtTime, run[1])):
            if value is not None:
                g.add((activity, predicate, Literal(value.replace(microsecond=0).isoformat(), datatype=XSD.dateTime)))

    def _quality(self, d: dict, dataset_ref) -> None:
        """dqv:hasQualityMeasurement for each metric the governance plugins know of the dataset."""
        values = quality.of(d)
        if not values:
            return
        g = self.g
        g.bind("dqv", DQV)
        for key, value in values.items():
            term, datatype, ko, en, definition = quality.METRICS[key]
            metric = BUSAN[term]
            if (metric, RDF.type, DQV.Metric) not in g:  # once per catalogue page
                g.add((metric, RDF.type, DQV.Metric))
                g.add((metric, SKOS.prefLabel, Literal(ko, lang=LANG)))
                g.add((metric, SKOS.prefLabel, Literal(en, lang="en")))
                g.add((metric, SKOS.definition, Literal(definition, lang="en")))
                g.add((metric, DQV.expectedDataType, XSD[datatype]))
            measurement = BNode()
            g.add((dataset_ref, DQV.hasQualityMeasurement, measurement))
            g.add((measurement, RDF.type, DQV.QualityMeasurement))
            g.add((measurement, DQV.computedOn, dataset_ref))
            g.add((measurement, DQV.isMeasurementOf, metric))
            literal = Literal(str(value) if datatype == "string" else value, datatype=XSD[datatype])
            g.add((measurement, DQV.value, literal))

    def _contact_point(self, d: dict, dataset_ref) -> None:
        g = self.g
        _remove_node(g, dataset_ref, DCAT.contactPoint)
        if not (d.get("dept_name") or d.get("dept_phone") or d.get("contact_email")):
            return
        contact = BNode()
        g.add((dataset_ref, DCAT.contactPoint, contact))
        g.add((contact, RDF.type, VCARD.Organization))
        g.add((contact, RDF.type, VCARD.Kind))  # the class the shapes check (no inference)
        if d.get("dept_name"):
            g.add((contact, VCARD.fn, Literal(d["dept_name"], lang=LANG)))
        tel = mapping.tel_uri(d.get("dept_phone"))
        if tel:
            g.add((contact, VCARD.hasTelephone, URIRef(tel)))
        if d.get("contact_email"):
            g.add((contact, VCARD.hasEmail, CleanedURIRef("mailto:" + d["contact_email"].removeprefix("mailto:"))))

    def _geometry(self, spatial, dataset_ref) -> None:
        """공간범위 as a dct:Location: dcat:bbox and dcat:centroid (WKT literals, which ckanext-dcat
        reads) and the exact geometry as a GeoSPARQL node (gsp:hasGeometry, with its GeoJSON and
        WKT). Not locn:geometry: DCAT-AP 3.0.0's shapes want a node there, which ckanext-dcat's
        parser cannot read, and its own literal keeps only 4 decimals."""
        g = self.g
        for node in [o for o in g.objects(dataset_ref, DCT.spatial) if isinstance(o, BNode)]:
            for geometry in g.objects(node, GSP.hasGeometry):
                g.remove((geometry, None, None))
            g.remove((node, None, None))
            g.remove((dataset_ref, DCT.spatial, node))
        literals = mapping.geometry_literals(str(spatial)) if spatial else None
        if literals is None:
            return
        wkt, bbox, centroid = literals
        place, shape = BNode(), BNode()
        g.add((dataset_ref, DCT.spatial, place))
        g.add((place, RDF.type, DCT.Location))
        g.add((place, DCAT.bbox, Literal(bbox, datatype=GSP.wktLiteral)))
        g.add((place, DCAT.centroid, Literal(centroid, datatype=GSP.wktLiteral)))
        g.add((place, GSP.hasGeometry, shape))
        g.add((shape, RDF.type, GSP.Geometry))
        g.add((shape, GSP.asWKT, Literal(wkt, datatype=GSP.wktLiteral)))
        g.add((shape, GSP.asGeoJSON, Literal(spatial, datatype=GSP.geoJSONLiteral)))

    def _organization(self, d: dict) -> dict | None:
        """organization_show of the dataset's organisation, in ckanext-dcat's per-process cache."""
        org_id = (d.get("organization") or {}).get("id")
        if not org_id:
            return None
        if org_id not in self._org_cache:
            try:
                self._org_cache[org_id] = tk.get_action("organization_show")({"ignore_auth": True}, {"id": org_id})
            except tk.ObjectNotFound:
                return None
        return self._org_cache[org_id]

    def _publisher(self, d: dict, dataset_ref) -> None:
        """ckanext-dcat names the organisation; we add its English name and agency code."""
        org_id = (d.get("organization") or {}).get("id")
        publisher = self.g.value(dataset_ref, DCT.publisher)
        org = self._org_cache.get(org_id) if org_id else None
        if publisher is None or not org:
            return
        _replace(self.g, publisher, FOAF.name, [Literal(org.get("title") or org["name"], lang=LANG)])
        if org.get("title_en"):
            self.g.add((publisher, FOAF.name, Literal(org["title_en"], lang="en")))
        if org.get("agency_code"):
            _replace(self.g, publisher, DCT.identifier, [Literal(org["agency_code"])])

    def _distribution(self, d: dict, resource: dict) -> None:
        g = self.g
        dist = URIRef(resource_uri(resource))
        if resource.get("name"):
            _replace(g, dist, DCT.title, [Literal(resource["name"], lang=LANG)])
        if resource.get("description"):
            _replace(g, dist, DCT.description, [Literal(resource["description"], lang=LANG)])
        fmt, media = mapping.format_uri(resource.get("format")), mapping.media_type_uri(resource.get("format"))
        _replace(g, dist, DCT["format"], [URIRef(fmt)] if fmt else [])
        if fmt:
            g.add((URIRef(fmt), RDFS.label, Literal(resource["format"])))
        _replace(g, dist, DCAT.mediaType, [URIRef(media)] if media else [])
        licence = self._licence(d.get("license_id"))
        _replace(g, dist, DCT.license, [licence] if licence is not None else [])
        if resource.get("url_type") == "upload" and resource.get("url"):
            _replace(g, dist, DCAT.downloadURL, [CleanedURIRef(resource["url"])])
        if resource.get("encoding"):
            g.add((dist, CNT.characterEncoding, Literal(resource["encoding"])))
        value = _date(resource.get("reference_date"))
        if value is not None:
            g.add((dist, BUSAN.referenceDate, value))

    def _licence(self, license_id) -> URIRef | None:
        uri = mapping.licence_uri(license_id)
        if not uri:
            return None
        ref = URIRef(uri)
        self.g.remove((ref, DCT.type, None))  # ckanext-dcat's UnknownIPR, an untyped concept (added each time)
        ko, en = mapping.licence_titles(license_id)
        if (ref, DCT.title, Literal(ko, lang=LANG)) not in self.g:  # titled once per page
            _replace(self.g, ref, DCT.title, [Literal(ko, lang=LANG), Literal(en, lang="en")])
        return ref

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        g, base = self.g, _base()
        g.bind("busan", BUSAN)
        config = tk.config
        title_en = config.get("ckanext.busan.dcat.catalog_title_en") or "Busan Data Portal"
        _replace(g, catalog_ref, DCT.title, [Literal(config.get("ckan.site_title"), lang=LANG)])
        g.add((catalog_ref, DCT.title, Literal(title_en, lang="en")))
        descriptions = [Literal(config.get("ckan.site_intro_text") or config.get("ckan.site_title"), lang=LANG)]
        if config.get("ckan.site_description"):
            descriptions.append(Literal(config.get("ckan.site_description"), lang="en"))
        _replace(g, catalog_ref, DCT.description, descriptions)
        _replace(g, catalog_ref, DCT.language, [URIRef(mapping.EU_LANGUAGE_KOR)])
        for scheme in mapping.THEME_SCHEMES:
            g.add((catalog_ref, DCAT.themeTaxonomy, add_scheme_header(g, base, scheme)))
        _remove_node(g, catalog_ref, DCT.publisher)
        name = config.get("ckanext.busan.dcat.catalog_publisher") or "busan"
        org = _organization_by_name(name)
        publisher = URIRef(publisher_uri_organization_fallback({"organization": org})) if org else BNode()
        g.add((catalog_ref, DCT.publisher, publisher))
        g.add((publisher, RDF.type, FOAF.Agent))
        g.add((publisher, FOAF.name, Literal((org or {}).get("title") or "부산광역시", lang=LANG)))
        g.add((publisher, FOAF.name, Literal((org or {}).get("title_en") or "Busan Metropolitan City", lang="en")))
        type_ranges(g, catalog_ref)

    # ---------------------------------------------------------------- parse
    def _text(self, subject, predicate) -> str | None:
        values = [o for o in self.g.objects(subject, predicate) if isinstance(o, Literal) and str(o).strip()]
        values.sort(key=lambda o: (o.language or "") not in (LANG, "kr", ""))  # Korean (or untagged) first
        return str(values[0]).strip() if values else None

    def parse_dataset(self, dataset_dict, dataset_ref):
        g, d = self.g, dataset_dict
        found: dict = {}
        for theme in g.objects(dataset_ref, DCAT.theme):
            category = mapping.theme_category(str(theme))
            if category:
                found["category"] = category
                break
        districts = []
        for place in g.objects(dataset_ref, DCT.spatial):
            code = mapping.concept_code(str(place), "district") or str(g.value(place, DCT.identifier) or "")
            if code in codelists.values("districts") and code not in districts:
                districts.append(code)
        if districts:  # RDF has no order: the code list's
            found["spatial_districts"] = [c.value for c in codelists.codelist("districts") if c.value in districts]
        cycle = mapping.update_cycle_of(g.value(dataset_ref, DCT.accrualPeriodicity))
        if cycle:
            found["update_cycle"] = cycle
        for contact in g.objects(dataset_ref, DCAT.contactPoint):
            found["dept_name"] = self._text(contact, VCARD.fn) or self._text(contact, VCARD["organization-name"])
            phones = map(mapping.phone_of, g.objects(contact, VCARD.hasTelephone))
            found["dept_phone"] = next(filter(None, phones), None)
            email = g.value(contact, VCARD.hasEmail)
            found["contact_email"] = str(email).removeprefix("mailto:") if email else None
            break
        for statement in g.objects(dataset_ref, DCT.provenance):
            found["collection_method"] = self._text(statement, RDFS.label)
        found["derived_from"], found["source_url"] = self._parse_lineage(dataset_ref)
        found["processing_description"] = next(
            filter(None, (self._text(a, DCT.description) for a in self._processing(dataset_ref))), None
        )
        found["security_classification"] = mapping.classification_of(g.value(dataset_ref, DCT.accessRights))
        for ground in g.objects(dataset_ref, BUSAN.withheldLegalGround):
            found["withheld_legal_ground"] = mapping.concept_code(str(ground), "withholding-ground")
        for identifier in g.objects(dataset_ref, ADMS.identifier):
            found["source_identifier"] = self._text(identifier, SKOS.notation)
        for field, predicate, _korean in TEXT_FIELDS:
            found[field] = self._text(dataset_ref, predicate)
        if found.get("provision_type") not in codelists.values("provision_types"):
            found.pop("provision_type")
        for field, predicate in FLAG_FIELDS:
            found[field] = mapping.boolean_of(g.value(dataset_ref, predicate))
        for field, predicate in DATE_FIELDS:
            value = g.value(dataset_ref, predicate)
            found[field] = str(value) if value is not None else None
        holders = [dataset_ref, *g.objects(dataset_ref, DCAT.distribution)]
        licences = (mapping.license_id_of(g.value(holder, DCT.license)) for holder in holders)
        found["license_id"] = next(filter(None, licences), None)
        found["spatial"] = self._parse_geometry(dataset_ref, d)
        d.update({k: v for k, v in found.items() if v})
        d["extras"] = [e for e in d.get("extras") or [] if e.get("key") not in CONSUMED_EXTRAS]
        d.pop("provenance_activity", None)  # euro_dcat_ap_2's reading of prov:wasGeneratedBy: ours above
        for resource in d.get("resources") or []:
            self._parse_distribution(resource)
        return d

    def _processing(self, dataset_ref) -> list:
        g = self.g
        activities = [a for a in g.objects(dataset_ref, PROV.wasGeneratedBy) if (a, RDF.type, BUSAN.Processing) in g]
        for derivation in g.objects(dataset_ref, PROV.qualifiedDerivation):
            activities += [a for a in g.objects(derivation, PROV.hadActivity) if a not in activities]
        return activities

    def _parse_lineage(self, dataset_ref) -> tuple[list[str], str | None]:
        """prov:wasDerivedFrom and the qualified derivations: a dataset of this portal (its IRI
        here, or the IRI a harvested copy came from) is an upstream dataset; another dataset
        named by a derivation that is not here is left out (원천 데이터셋 only names datasets of
        the portal); anything else is the source page (source_url)."""
        g = self.g
        entities = {e for q in g.objects(dataset_ref, PROV.qualifiedDerivation) for e in g.objects(q, PROV.entity)}
        objects = sorted({*g.objects(dataset_ref, PROV.wasDerivedFrom), *entities}, key=str)
        derived, source = [], None
        for obj in objects:
            if not isinstance(obj, URIRef):
                continue
            local = _local_dataset(str(obj))
            if local:
                if local not in derived:
                    derived.append(local)
            elif obj not in entities and mapping.dataset_ref_of(obj, _base()) is None and source is None:
                source = str(obj)
        return derived, source

    def _parse_geometry(self, dataset_ref, d: dict) -> str | None:
        """Our GeoJSON node, or ckanext-dcat's reading of a foreign location; kept only when
        it lies within Busan (the schema's rule), so a foreign record is not refused for it."""
        candidates = [
            self.g.value(shape, GSP.asGeoJSON)
            for place in self.g.objects(dataset_ref, DCT.spatial)
            for shape in self.g.objects(place, GSP.hasGeometry)
        ]
        extras = {e.get("key"): e.get("value") for e in d.get("extras") or [] if isinstance(e, dict)}
        candidates += [d.get("spatial"), extras.get("spatial"), extras.get("spatial_bbox")]
        return next((str(c) for c in candidates if c and mapping.geometry_of(str(c)) is not None), None)

    def _parse_distribution(self, resource: dict) -> None:
        ref = resource.get("distribution_ref")
        if not ref:
            return
        dist = BNode(ref) if not ref.startswith(("http://", "https://")) else URIRef(ref)
        fmt = mapping.format_of(self.g.value(dist, DCT["format"]))
        if fmt:
            resource["format"] = fmt
            resource.pop("mimetype", None)
        encoding = self._text(dist, CNT.characterEncoding)
        if encoding in codelists.values("encodings"):
            resource["encoding"] = encoding
        value = self.g.value(dist, BUSAN.referenceDate)
        if value is not None:
            resource["reference_date"] = str(value)
        for key in ("license", "rights"):
            resource.pop(key, None)


class BusanSchemaOrgProfile(BusanDCATAPProfile):
    """schema.org JSON-LD of dataset pages (`ckanext.dcat.structured_data.profiles = schemaorg
    busan_schemaorg`): the Busan fields on top of ckanext-dcat's `schemaorg` graph."""

    def graph_from_dataset(self, dataset_dict, dataset_ref):
        schemaorg.add_busan_fields(self.g, dataset_dict, dataset_ref, _base(), self._organization(dataset_dict))

    def graph_from_catalog(self, catalog_dict, catalog_ref):
        """Dataset pages only: the catalogue stays DCAT-AP."""
