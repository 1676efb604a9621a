"""busan_search: Korean morpheme search over CKAN's own Solr queries.

The Solr schema (config/solr) copies titles, descriptions, tags and resource text into
nori-analysed ``*_ko`` fields; this plugin adds those fields to the query fields.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan import authz, model
from ckan.lib import plugins as lib_plugins
from ckan.lib import search

from ckanext.busan.dataset.codelists import codelist
from ckanext.busan.search import autocomplete
from ckanext.busan.search.facets import FACETS, index_list_fields, label_facet_items
from ckanext.busan.search.query_fields import nfc, with_korean_fields

# The dataset type whose search page this plugin shapes (the Busan scheming schema).
DATASET_TYPE = "dataset"


def _current_lang() -> str | None:
    try:
        return tk.h.lang()
    except (RuntimeError, TypeError, AttributeError):  # no request (CLI, background job)
        return None


def _districts() -> list[tuple[str, str]]:
    # the 16 구·군 (not the whole-city code, which every citywide dataset carries)
    return [(c.value, c.ko) for c in codelist("districts") if not c.value.startswith("26000")]


@tk.chained_action
def package_autocomplete(original, context, data_dict):
    """CKAN's autocomplete (titles containing the text), then titles that differ by a typo.

    The fuzzy candidates come from Solr under the same permission labels as CKAN's own query,
    so a private dataset is offered only to those who may see it (and never anonymously).
    """
    results = original(context, data_dict)
    limit = int(data_dict.get("limit", 10))
    q = data_dict.get("q") or ""
    fuzzy_q = autocomplete.candidate_query(q)
    if len(results) >= limit or not fuzzy_q:
        return results
    user = context.get("user")
    if context.get("ignore_auth") or (user and authz.is_sysadmin(user)):
        labels = None
    else:
        labels = lib_plugins.get_permission_labels().get_user_dataset_labels(context.get("auth_user_obj"))
    query = search.query_for(model.Package)
    candidates = query.run({"q": fuzzy_q, "fl": "name,title", "rows": 100}, permission_labels=labels)["results"]
    seen = {r["name"] for r in results}
    for pkg in autocomplete.rank(q, [c for c in candidates if c["name"] not in seen], limit - len(results)):
        results.append(
            {
                "name": pkg["name"],
                "title": pkg["title"],
                "match_field": "title",
                "match_displayed": f"{pkg['title']} ({pkg['name']})",
            }
        )
    return results


@tk.blanket.config_declarations
class BusanSearchPlugin(p.SingletonPlugin):
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IActions)

    def get_actions(self):
        return {"package_autocomplete": package_autocomplete}

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        return with_korean_fields(
            search_params,
            tk.config.get("ckanext.busan.search.korean_query_fields"),
            tk.config.get("ckanext.busan.search.user_fields"),
            mm=tk.config.get("ckanext.busan.search.mm"),
            parser=tk.config.get("ckanext.busan.search.query_parser"),
            districts=_districts(),
        )

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        # Harvested or older records may hold decomposed Hangul: the index holds NFC only.
        pkg_dict = {k: nfc(v) for k, v in pkg_dict.items()}
        return index_list_fields(pkg_dict)

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]):
        label_facet_items(search_results.get("search_facets", {}), _current_lang())
        return search_results

    # IFacets: the Busan facets, titled in the current language, added to what other plugins
    # put there, and only on the search of the dataset type this plugin owns (/harvest keeps
    # ckanext-harvest's facets).
    def dataset_facets(self, facets_dict, package_type):
        for field, (title, _codes) in FACETS.items():
            # other types (showcases) get search.facets too: title the ones they show
            if package_type == DATASET_TYPE or field in facets_dict:
                facets_dict[field] = tk._(title)
        return facets_dict

    def organization_facets(self, facets_dict, organization_type, package_type):
        if package_type in (None, DATASET_TYPE):
            for field, (title, _codes) in FACETS.items():
                if field != "organization":
                    facets_dict[field] = tk._(title)
        return facets_dict
