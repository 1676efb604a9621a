"""busan_search: Korean morpheme search over CKAN's own Solr queries.

The Solr schema (config/solr) copies titles, descriptions, tags and resource text into
nori-analysed ``*_ko`` fields; this plugin adds those fields to the query fields.
"""

from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.search.query_fields import with_korean_fields


@tk.blanket.config_declarations
class BusanSearchPlugin(p.SingletonPlugin):
    p.implements(p.IPackageController, inherit=True)

    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        return with_korean_fields(search_params, tk.config.get("ckanext.busan.search.korean_query_fields"))
