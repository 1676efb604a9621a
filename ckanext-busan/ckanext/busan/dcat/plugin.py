"""``busan_dcat_ap``: publishing the catalogue in DCAT-AP 3 with ckanext-dcat's own endpoints.

- The RDF profile itself is ``busan_dcat_ap`` in the ``ckan.rdf.profiles`` entry points
  (``profile.py``), listed after ``euro_dcat_ap_3`` in ``ckanext.dcat.rdf.profiles``.
- ckanext-dcat's catalogue (``/catalog.{fmt}``), ``/dcat.json`` and ``/dataset/{id}.{fmt}``
  show only what anyone may see, and only datasets of the Busan type: the DCAT actions are
  chained so that the searches they run (the catalogue page and its modification date) get
  separate Solr filters ``capacity:public`` and ``dataset_type:dataset`` (a caller's ``fq``
  cannot undo them), whoever calls: the portal's ``ckan.search.default_include_private`` would
  otherwise put a sysadmin's or a member's private datasets in the catalogue. A private
  dataset or another type (a harvest source) is not found at ``/dataset/{id}.{fmt}``.
- The catalogue's page links (hydra) are quoted: ckanext-dcat 2.4.4 answers a query with a
  space (``/catalog.ttl?q=부산 해운대``) with an HTTP 500 otherwise.
- Dataset pages embed schema.org JSON-LD (ckanext-dcat's ``structured_data`` with
  ``schemaorg busan_dcat_ap``: ``schemaorg.py``); a private dataset's page embeds an empty
  object: search engines only read public pages, and nothing of it should sit in a page that
  is cached or shared.
- ``/vocab/category`` and ``/vocab/district`` publish the SKOS schemes the profile refers to
  (Turtle by default, ``.ttl``/``.jsonld``/``.rdf``/``.n3`` or by Accept header); a concept's
  IRI (``/vocab/category/transport-logistics``) answers with that concept.
"""

from __future__ import annotations

import contextvars

import ckan.model as model
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from flask import Blueprint, make_response, request
from rdflib import Graph, URIRef
from requests.utils import requote_uri

from ckanext.busan import cache
from ckanext.busan.dcat import prefetch, store, turtle
from ckanext.busan.dcat.mapping import SCHEMES, concept_code, concept_uri
from ckanext.busan.dcat.vocab import scheme_graph
from ckanext.dcat import logic as dcat_logic
from ckanext.dcat.processors import RDFSerializer
from ckanext.dcat.utils import CONTENT_TYPES, catalog_uri, parse_accept_header, url_to_rdflib_format

DATASET_TYPE = "dataset"
_public_only = contextvars.ContextVar("busan_dcat_public_only", default=False)


def _public_only_action(original_action, context, data_dict):
    token = _public_only.set(True)
    try:
        return original_action(context, data_dict)
    finally:
        _public_only.reset(token)


def _serialized_catalog(context, data_dict, auth: str) -> str:
    """ckanext-dcat's catalogue actions with the page links quoted: upstream builds them from
    the raw query string, and a space in q or fq (``q=부산 해운대``) made an IRI that rdflib
    refuses to serialize (an HTTP 500)."""
    tk.check_access(auth, context, data_dict)
    query = dcat_logic._search_ckan_datasets(context, data_dict)
    pagination = {
        key: requote_uri(value) if isinstance(value, str) else value
        for key, value in dcat_logic._pagination_info(query, data_dict).items()
    }
    serializer = RDFSerializer(profiles=data_dict.get("profiles"))
    serializer.g = store.page_graph()  # serializer.g is the documented attribute
    fmt = data_dict.get("format")
    if fmt in ("ttl", "turtle"):
        fmt = turtle.FORMAT  # the same text, written faster
    with prefetch.page(query["results"]):  # what the profile reads from the database: once per page
        return serializer.serialize_catalog({}, query["results"], _format=fmt, pagination_info=pagination)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(original_action, context, data_dict):
    return _public_only_action(lambda c, d: _serialized_catalog(c, d, "dcat_catalog_show"), context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(original_action, context, data_dict):
    return _public_only_action(lambda c, d: _serialized_catalog(c, d, "dcat_catalog_search"), context, data_dict)


@tk.chained_action
@tk.side_effect_free
def dcat_datasets_list(original_action, context, data_dict):
    return _public_only_action(original_action, context, data_dict)


@tk.chained_action
def dcat_dataset_show(original_action, context, data_dict):
    package = model.Package.get(str(data_dict.get("id") or ""))
    if package is None or package.type != DATASET_TYPE or package.private or package.state != "active":
        raise tk.ObjectNotFound(tk._("Dataset not found"))
    return original_action(context, data_dict)


@tk.chained_helper
def structured_data(next_helper, dataset_dict, profiles=None):
    if dataset_dict.get("private"):
        return "{}"
    if not tk.current_user or tk.current_user.is_anonymous:
        # Every visitor gets the same JSON-LD until the dataset changes (metadata_modified is
        # in the key); governance values in it follow within the time-to-live. Signed-in users
        # may see fields visitors do not, so their pages are never cached or served from it.
        key = cache.site_key(
            "busan_dcat",
            "jsonld",
            str(dataset_dict.get("id")),
            str(dataset_dict.get("metadata_modified")),
            tk.h.lang() or "",
            " ".join(profiles or []),
        )
        ttl = tk.config.get("ckanext.busan.dcat.structured_data_cache_seconds")
        return cache.cached(key, ttl, lambda: next_helper(dataset_dict, profiles))
    return next_helper(dataset_dict, profiles)


# ---------------------------------------------------------------- vocabularies
vocab = Blueprint("busan_vocab", __name__)


def _rdf_response(g: Graph, fmt: str | None):
    fmt = fmt or parse_accept_header(request.headers.get("Accept", "")) or "ttl"
    rdflib_format = url_to_rdflib_format(fmt)
    options = {"auto_compact": True} if fmt == "jsonld" else {}
    body = g.serialize(format=rdflib_format, **options)
    response = make_response(body)
    response.headers["Content-Type"] = f"{CONTENT_TYPES[fmt]}; charset=utf-8"
    return response


def _scheme(scheme: str) -> Graph:
    if scheme not in SCHEMES:
        tk.abort(404, tk._("Not found"))
    return scheme_graph(catalog_uri(), scheme)


@vocab.route("/vocab/<scheme>", defaults={"fmt": None})
@vocab.route("/vocab/<scheme>.<any(ttl, jsonld, rdf, xml, n3):fmt>")
def scheme_view(scheme: str, fmt: str | None):
    return _rdf_response(_scheme(scheme), fmt)


@vocab.route("/vocab/<scheme>/<code>", defaults={"fmt": None})
@vocab.route("/vocab/<scheme>/<code>.<any(ttl, jsonld, rdf, xml, n3):fmt>")
def concept_view(scheme: str, code: str, fmt: str | None):
    full = _scheme(scheme)
    subject = URIRef(concept_uri(catalog_uri(), scheme, code))
    if concept_code(str(subject), scheme) is None:
        tk.abort(404, tk._("Not found"))
    g = Graph(namespace_manager=full.namespace_manager)
    for triple in full.triples((subject, None, None)):
        g.add(triple)
    return _rdf_response(g, fmt)


@tk.blanket.config_declarations
@tk.blanket.helpers({"structured_data": structured_data})
@tk.blanket.blueprints(lambda: [vocab])
@tk.blanket.actions(
    {
        "dcat_catalog_show": dcat_catalog_show,
        "dcat_catalog_search": dcat_catalog_search,
        "dcat_datasets_list": dcat_datasets_list,
        "dcat_dataset_show": dcat_dataset_show,
    }
)
class BusanDCATAPPlugin(p.SingletonPlugin):
    p.implements(p.IPackageController, inherit=True)

    def before_dataset_search(self, search_params):
        if _public_only.get():
            search_params["include_private"] = False
            search_params["include_drafts"] = False
            search_params["fq_list"] = [*(search_params.get("fq_list") or []), "capacity:public"]
            search_params["fq_list"].append(f"dataset_type:{DATASET_TYPE}")
        return search_params
