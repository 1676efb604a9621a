"""busan_metadata_quality: metadata completeness and freshness (메타데이터 품질·갱신 지연).

Both are computed from the dataset itself whenever it is indexed (every create and update
reindexes it), so no job and no table: the completeness score and band and the freshness due
date go to the search index for facets, filters and sorting; "overdue" is decided at query
time against today (NOW/DAY). The dataset page shows both; the missing fields only to those
who may edit the dataset.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.dataset import codelists
from ckanext.busan_governance.cli import governance
from ckanext.busan_governance.metadata import cli  # noqa: F401 - adds its command to the group
from ckanext.busan_governance.metadata.completeness import completeness
from ckanext.busan_governance.metadata.freshness import CURRENT_FILTER, OVERDUE_FILTER
from ckanext.busan_governance.metadata.rules import dataset_due_date

DATASET_TYPE = "dataset"
FRESHNESS = "freshness"
QUALITY = "metadata_quality"
# fq as CKAN's search page writes a facet choice: freshness:"overdue"
_FRESHNESS_FQ = re.compile(r'(?<![\w.])freshness:"?(overdue|current)"?')
_counting = contextvars.ContextVar("busan_freshness_counting", default=False)
# The search as the caller asked for it: package_search rewrites fq in place before the
# after_dataset_search hook sees it.
_asked = contextvars.ContextVar("busan_freshness_search", default=None)
_SEARCH_KEYS = ("q", "fq", "fq_list", "include_private", "include_drafts", "include_deleted")


def current_lang() -> str | None:
    try:
        return tk.h.lang()
    except (RuntimeError, TypeError, AttributeError):  # no request (CLI, background job): Korean labels
        return None


def dataset_fields(dataset_type: str = DATASET_TYPE) -> list[dict]:
    schema = tk.h.scheming_get_dataset_schema(dataset_type) or {}
    return schema.get("dataset_fields", [])


def busan_metadata_completeness(pkg: dict) -> dict:
    """Template helper: score, band label and the labels of the missing fields."""
    fields = dataset_fields(pkg.get("type") or DATASET_TYPE)
    result = completeness(pkg, fields)
    labels = {f["field_name"]: f.get("label") for f in fields}
    missing = [
        tk.h.scheming_language_text(labels[name]) if labels.get(name) else tk._("Data and resources")
        for name in result.missing
    ]
    band = codelists.lookup("metadata_quality", result.band)
    return {"score": result.score, "band": result.band, "band_label": band.label(current_lang()), "missing": missing}


def busan_freshness(pkg: dict) -> dict:
    """Template helper: the due date and whether it has passed today."""
    due = dataset_due_date(pkg)
    return {"due": due.isoformat() if due else None, "overdue": bool(due and due < dt.date.today())}


@tk.blanket.helpers({"busan_metadata_completeness": busan_metadata_completeness, "busan_freshness": busan_freshness})
class BusanMetadataQualityPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(p.IClick)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    def get_commands(self):
        return [governance]

    # -------------------------------------------------------------- index
    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        if pkg_dict.get("type") != DATASET_TYPE:
            return pkg_dict
        result = completeness(pkg_dict, dataset_fields())
        pkg_dict["metadata_completeness"] = result.score
        pkg_dict[QUALITY] = result.band
        due = dataset_due_date(pkg_dict)
        pkg_dict["freshness_due_date"] = f"{due.isoformat()}T00:00:00Z" if due else None
        if pkg_dict["freshness_due_date"] is None:
            pkg_dict.pop("freshness_due_date")
        return pkg_dict

    # -------------------------------------------------------------- search
    def before_dataset_search(self, search_params: dict[str, Any]) -> dict[str, Any]:
        fq = search_params.get("fq")
        if isinstance(fq, str) and "freshness:" in fq:
            search_params["fq"] = _FRESHNESS_FQ.sub(
                lambda m: OVERDUE_FILTER if m.group(1) == "overdue" else CURRENT_FILTER, fq
            )
        if not _counting.get():
            _asked.set({key: search_params[key] for key in _SEARCH_KEYS if search_params.get(key) is not None})
        return search_params

    def after_dataset_search(self, search_results: dict[str, Any], search_params: dict[str, Any]):
        facets = search_results.get("search_facets") or {}
        lang = current_lang()
        for item in facets.get(QUALITY, {}).get("items", []):
            code = codelists.lookup("metadata_quality", item["name"])
            if code:
                item["display_name"] = code.label(lang)
        if FRESHNESS in facets and not _counting.get():
            facets[FRESHNESS]["items"] = self._freshness_items(search_results.get("count", 0), _asked.get() or {}, lang)
        return search_results

    @staticmethod
    def _freshness_items(total: int, asked: dict, lang: str | None) -> list[dict]:
        """The freshness facet is a query at today's date, not a stored value: count it with
        a second search (same query, filters and permissions, no rows)."""
        if not total:
            return []
        query = dict(asked)
        query.update(fq=f"{asked.get('fq') or ''} +{OVERDUE_FILTER}", rows=0, facet="false")
        token = _counting.set(True)
        try:
            overdue = tk.get_action("package_search")({}, query)["count"]
        finally:
            _counting.reset(token)
        items = []
        for state, count in (("overdue", overdue), ("current", total - overdue)):
            if count:
                code = codelists.lookup("freshness_states", state)
                items.append({"name": state, "display_name": code.label(lang), "count": count})
        return items

    def dataset_facets(self, facets_dict, package_type):
        if package_type == DATASET_TYPE:
            facets_dict[FRESHNESS] = tk._("Freshness")
            facets_dict[QUALITY] = tk._("Metadata completeness")
        return facets_dict

    def organization_facets(self, facets_dict, organization_type, package_type):
        return self.dataset_facets(facets_dict, package_type or DATASET_TYPE)
