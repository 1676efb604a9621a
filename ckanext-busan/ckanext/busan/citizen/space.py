"""The citizen space: the organisation that holds citizen contributions, its moderators
(its editors and admins) and the submission of a dataset."""

from __future__ import annotations

import ckan.authz as authz
import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.citizen.model import CitizenSubmission


def citizen_org() -> model.Group | None:
    """None until `ckan busan seed-citizen-space` has created it: contributions are then off."""
    group = model.Group.get(tk.config.get("ckanext.busan.citizen.organization"))
    return group if group is not None and group.is_organization and group.state == "active" else None


def is_moderator(user_name: str | None) -> bool:
    org = citizen_org()
    if not user_name or org is None:
        return False
    return authz.is_sysadmin(user_name) or authz.has_user_permission_for_group_or_org(
        org.id, user_name, "update_dataset"
    )


def submission(package_id: str | None) -> CitizenSubmission | None:
    return model.Session.get(CitizenSubmission, package_id) if package_id else None


def contributor_of(package_id: str) -> model.User | None:
    row = submission(package_id)
    return model.User.get(row.user_id) if row else None
