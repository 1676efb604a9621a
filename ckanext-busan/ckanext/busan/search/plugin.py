"""busan_search: Korean morpheme search over CKAN's own Solr queries.

The Solr schema (config/solr) copies titles, descriptions, tags and resource text into
nori-analysed ``*_ko`` fields; this plugin adds those fields to the query fields.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.search.facets import FACETS, index_list_fields, label_facet_items
from ckanext.busan.search.query_fields import with_korean_fields


def _current_lang() -> str | None:
    try:
        return tk.h.lang()
    except (RuntimeError, TypeError, AttributeError):  # no request (CLI, background job)
        return None


@tk.blanket.config_declarations
class BusanSearchPlugin(p.SingletonPlugin):
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        return with_korean_fields(search_params, tk.config.get("ckanext.busan.search.korean_query_fields"))

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        return index_list_fields(pkg_dict)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]):
        label_facet_items(search_results.get("search_facets", {}), _current_lang())
        return search_results

    # IFacets: the search page's facets, in data.go.kr's order, titled in the current language.
    def dataset_facets(self, facets_dict, package_type):
        return {field: tk._(title) for field, (title, _codes) in FACETS.items()}

    def organization_facets(self, facets_dict, organization_type, package_type):
        return {f: t for f, t in self.dataset_facets(facets_dict, package_type).items() if f != "organization"}
