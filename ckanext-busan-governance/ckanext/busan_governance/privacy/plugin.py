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
from ckanext.busan_governance.privacy import actions, auth, cli, views  # noqa: F401 - cli adds its command


def busan_internal_fields(pkg_id: str) -> dict | None:
    """Template helper: the internal fields for someone who may see them, else None."""
    context = {"user": tk.current_user.name if tk.current_user.is_authenticated else ""}
    try:
        return tk.get_action("busan_dataset_internal_show")(context, {"id": pkg_id})
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


@tk.blanket.config_declarations
@tk.blanket.actions(
    {
        name: getattr(actions, name)
        for name in ("busan_dataset_internal_show", "busan_dataset_internal_update", "busan_access_log_list")
    }
)
@tk.blanket.auth_functions(auth)
@tk.blanket.blueprints([views.privacy])
@tk.blanket.helpers({"busan_internal_fields": busan_internal_fields})
class BusanPrivacyPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IClick)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    def get_commands(self):
        return [governance]
