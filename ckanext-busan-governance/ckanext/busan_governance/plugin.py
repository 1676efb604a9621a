"""busan_governance: the national common standard dictionary (표준) and data quality (품질).

- Standards: the dictionary's own tables (model.py, migration/busan_governance), imported by
  ``ckan governance import-standards``; column names checked against it (compliance).
- Data dictionary: CKAN's DataStore dictionary (``fields[].info``) gains the keys of
  quality/specs.py INFO_KEYS through IDataDictionaryForm and the dictionary form snippet.
- Quality: every tabular resource diagnosed in a background job (jobs.py) when its dataset
  is created or updated (uploads and harvests alike) and on demand; reports in own tables,
  the dataset's grade indexed as ``busan_quality_grade`` and offered as a facet.
"""

from __future__ import annotations

import logging
from pathlib import Path

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

from ckanext.datastore.interfaces import IDataDictionaryForm
from ckanext.xloader.interfaces import IXloader

from . import actions, auth, helpers, views
from .commands import governance
from .quality.specs import INFO_KEYS

GRADE_FIELD = "busan_quality_grade"
log = logging.getLogger(__name__)


def _info_validator(value, context):
    """The data dictionary keys this extension adds, checked (length a whole number, flags
    true/false); a wrong value is a form error, not a 500."""
    if not isinstance(value, dict):
        return value
    length = value.get("busan_length")
    if length not in (None, "") and not str(length).strip().isdigit():
        raise tk.Invalid(tk._("Length must be a whole number."))
    for key in ("busan_required", "busan_key", "busan_personal"):
        if key in value:
            value[key] = "true" if tk.asbool(value[key] or False) else "false"
    return value


@tk.blanket.actions(actions)
@tk.blanket.auth_functions(auth)
@tk.blanket.helpers(helpers)
@tk.blanket.blueprints([views.governance])
@tk.blanket.config_declarations
class BusanGovernancePlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.ITranslation)
    p.implements(p.IConfigurer)
    p.implements(p.IClick)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IFacets, inherit=True)
    p.implements(IDataDictionaryForm, inherit=True)
    p.implements(IXloader, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    # ITranslation: this package's own Korean catalogue (listed after busan_i18n in
    # ckan.plugins, so busan_i18n's plural rule still wins: see ckanext/busan/i18n/plugin.py).
    def i18n_directory(self):
        return str(Path(__file__).resolve().parent / "i18n")

    def i18n_domain(self):
        return "ckanext-busan-governance"

    def get_commands(self):
        return [governance]

    # IPackageController: uploads (resource_create/update run package_update) and harvests
    # (package_create/update) both pass here; the job skips files already diagnosed.
    def after_dataset_create(self, context, pkg_dict):
        self._queue(pkg_dict)

    def after_dataset_update(self, context, pkg_dict):
        self._queue(pkg_dict)

    def _queue(self, pkg_dict):
        from . import jobs

        if pkg_dict.get("id") and pkg_dict.get("type", "dataset") == "dataset":
            jobs.enqueue_dataset(pkg_dict["id"])

    def before_dataset_index(self, pkg_dict):
        from . import jobs

        summary = jobs.dataset_summary(pkg_dict["id"]) if pkg_dict.get("id") else {}
        if summary:
            pkg_dict[GRADE_FIELD] = summary["grade"]
            if summary.get("compliance_rate") is not None:
                # 표준준수율 in whole percent, for the governance dashboard's facet
                pkg_dict["busan_compliance_rate"] = str(round(summary["compliance_rate"] * 100))
        return pkg_dict

    # IFacets
    def dataset_facets(self, facets_dict, package_type):
        # the dataset search only: /harvest and other types keep their own facets
        if package_type == "dataset":
            facets_dict[GRADE_FIELD] = tk._("Quality grade")
        return facets_dict

    # IXloader (busan_datastore calls it after each load): the new data dictionary filled
    # from the standards, then the file diagnosed again against it.
    def after_upload(self, context, resource_dict, dataset_dict):
        from . import jobs

        try:
            jobs.fill_dictionary(resource_dict["id"], dataset_dict["id"])
        except Exception:  # noqa: BLE001 - governance never fails a publisher's load
            log.exception("busan_governance: data dictionary of %s not filled", resource_dict["id"])
        jobs.enqueue_dataset(dataset_dict["id"])

    # IDataDictionaryForm
    def update_datastore_create_schema(self, schema):
        schema["fields"]["info"] = list(schema["fields"].get("info", [])) + [_info_validator]
        return schema


__all__ = ["BusanGovernancePlugin", "INFO_KEYS"]
