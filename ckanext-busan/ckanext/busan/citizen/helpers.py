"""Template helpers of citizen contributions (registered by tk.blanket.helpers)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.busan.citizen import policy
from ckanext.busan.citizen.space import citizen_org, contributor_of, is_moderator

__all__ = [
    "busan_citizen_contributor",
    "busan_citizen_submission",
    "busan_citizen_status_label",
    "busan_citizen_is_moderator",
    "busan_citizen_space",
]


def busan_citizen_contributor(package_id: str) -> str | None:
    """The contributor's display name, credited on the dataset page."""
    user = contributor_of(package_id)
    return user.display_name if user else None


def busan_citizen_submission(package_id: str) -> dict | None:
    """The moderation state, for the contributor and the moderators only."""
    try:
        return tk.get_action("busan_citizen_submission_show")(
            {"user": tk.current_user.name if tk.current_user.is_authenticated else None}, {"id": package_id}
        )
    except (tk.NotAuthorized, tk.ObjectNotFound):
        return None


def busan_citizen_status_label(status: str) -> str:
    return policy.label(status, tk.h.lang())


def busan_citizen_is_moderator() -> bool:
    return tk.current_user.is_authenticated and is_moderator(tk.current_user.name)


def busan_citizen_space() -> dict | None:
    org = citizen_org()
    return {"id": org.id, "name": org.name, "title": org.title} if org else None
