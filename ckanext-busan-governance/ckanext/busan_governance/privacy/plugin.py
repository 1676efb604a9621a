"""busan_privacy: the privacy duties of a public body around its datasets.

- internal governance fields (steward, privacy review notes) in this plugin's own table,
  shown only to the dataset's editors (never in the package dict, the search index,
  activity or /dataset/changes);
- the access log (접속기록) of who read internal fields or resources of datasets that are
  not public, kept for a configured period, visible to sysadmins.

The disclosure classification itself (공개/부분공개/비공개) is a field of the dataset schema;
비공개 makes the dataset CKAN-private in busan_dataset's chained actions.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan_governance.cli import governance
from ckanext.busan_governance.privacy import actions, auth, cli, scan, views  # noqa: F401 - cli adds its command

try:
    from ckanext.xloader.interfaces import IXloader
except ImportError:  # ckanext-xloader not installed: nothing waits for the scan
    IXloader = None


def busan_internal_fields(pkg_id: str) -> dict | None:
    """Template helper: the internal fields for someone who may see them, else None."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        return tk.get_action("busan_dataset_internal_show")(context, {"id": pkg_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def busan_pii_report(pkg_id: str) -> dict | None:
    """Template helper: the scan findings for the dataset's editors, else None."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        return tk.get_action("busan_pii_report_show")(context, {"id": pkg_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


@tk.blanket.config_declarations
@tk.blanket.actions(actions)
@tk.blanket.auth_functions(auth)
@tk.blanket.blueprints([views.privacy])
@tk.blanket.helpers({"busan_internal_fields": busan_internal_fields, "busan_pii_report": busan_pii_report})
class BusanPrivacyPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IClick)
    p.implements(p.IResourceController, inherit=True)
    if IXloader is not None:
        p.implements(IXloader, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    def get_commands(self):
        return [governance]

    # IResourceController: every uploaded table is scanned for personal information.
    def before_resource_update(self, context, current, resource):
        if resource.get("upload") is not None and getattr(resource.get("upload"), "filename", None):
            scan.mark_pending(current["id"], current["package_id"])

    def after_resource_create(self, context, resource):
        self._scan(resource)

    def after_resource_update(self, context, resource):
        self._scan(resource)

    @staticmethod
    def _scan(resource: dict) -> None:
        if scan.is_tabular_upload(resource):
            scan.mark_pending(resource["id"], resource["package_id"])
            import ckan.model as model

            model.Session.commit()
            scan.enqueue_scan(resource["id"])

    # IXloader: the DataStore load waits for the scan, and a held dataset does not load.
    def can_upload(self, resource_id):
        return scan.may_load(resource_id)

    def after_upload(self, context, resource_dict, dataset_dict):
        pass
