"""busan_citizen: citizen-contributed datasets (시민 참여 데이터).

People register themselves (honeypot, a rate limit per address, e-mail address verification,
no outside service) and submit datasets with the Busan schema to the citizen space, an
organisation they never become members of. A submission is private until a moderator (an
editor of the citizen space) approves it; auth is chained on the submitter, and a permission
label lets the contributor alone (besides the moderators) find it. Moderation state in its own
table (migration in ckanext/busan/migration/busan_citizen).
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultPermissionLabels

from ckanext.busan.citizen import actions, auth, cli, helpers, views  # noqa: F401 - cli adds its command
from ckanext.busan.citizen.space import citizen_org
from ckanext.busan.cli import busan


@tk.blanket.config_declarations
@tk.blanket.actions(actions)
@tk.blanket.auth_functions(auth)
@tk.blanket.helpers(helpers)
@tk.blanket.blueprints([views.citizen])
class BusanCitizenPlugin(DefaultPermissionLabels, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IClick)
    p.implements(p.IPermissionLabels)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    def get_commands(self):
        return [busan]

    def get_dataset_labels(self, dataset_obj):
        """CKAN's labels, plus the contributor's own label on their unpublished submission."""
        labels = super().get_dataset_labels(dataset_obj)
        # creator_user_id is the contributor and is set before the first indexing; a public
        # dataset (most checks) needs no look-up of the citizen space
        if labels == ["public"] or not dataset_obj.creator_user_id:
            return labels
        org = citizen_org()
        if org is not None and dataset_obj.owner_org == org.id:
            labels.append(f"creator-{dataset_obj.creator_user_id}")
        return labels
