"""Actions of busan_dataset (registered by tk.blanket.actions)."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.dataset import rules, slug

__all__ = [
    "busan_dataset_name_suggest",
    "package_create",
    "package_update",
    "package_patch",
    "resource_create",
    "resource_update",
    "resource_patch",
]


@tk.side_effect_free
def busan_dataset_name_suggest(context, data_dict):
    """A free, readable URL name for a (Korean) title: used by the dataset form's URL preview.

    :param title: the dataset title
    :param id: the dataset being edited (its own name does not count as taken)
    :returns: ``{"name": ...}``
    """
    tk.check_access("busan_dataset_name_suggest", context, data_dict)
    title = str(data_dict.get("title") or "")[:500]
    own_id = data_dict.get("id")

    def taken(name: str) -> bool:
        pkg = model.Package.by_name(name)
        return pkg is not None and pkg.id != own_id and pkg.name != own_id

    return {"name": slug.unique_name(slug.slug_from_title(title), taken) if title.strip() else ""}


# ---------------------------------------------------------------- payload shape
# CKAN's resource and package actions hand each resource's url to the uploader before any
# validator runs (urllib then fails on a number or a list: HTTP 500). These chained actions
# refuse such payloads first, as field errors in the user's language.
def _resource_shape_errors(resource) -> dict:
    if not isinstance(resource, dict):
        return {"resources": [tk._("Each resource must be an object.")]}
    url = resource.get("url")
    if url is not None and not isinstance(url, str):
        return {"url": [tk._("Enter a valid web address (http or https).")]}
    return {}


# CKAN core keys that its actions use before validation: lists of objects, and strings.
_OBJECT_LISTS = ("resources", "tags", "extras", "groups")
_STRINGS = ("id", "name", "owner_org", "type")


def _package_shape_errors(data_dict) -> dict:
    errors: dict = {}
    for key in _OBJECT_LISTS:
        value = data_dict.get(key)
        if value is not None and not (isinstance(value, list) and all(isinstance(v, dict) for v in value)):
            message = tk._("Must be a list of objects.")
            # ValidationError expects tag errors per tag, keyed by the tag's field
            errors[key] = [{"name": [message]}] if key == "tags" else [message]
    for key in _STRINGS:
        value = data_dict.get(key)
        if value is not None and not isinstance(value, str):
            errors[key] = [tk._("Must be text.")]
    if "resources" not in errors:
        resource_errors = [_resource_shape_errors(r) for r in data_dict.get("resources") or []]
        if any(resource_errors):
            errors["resources"] = resource_errors
    return errors


def _checked(shape_errors):
    def chained(original_action, context, data_dict):
        if not isinstance(data_dict, dict):
            raise tk.ValidationError({"message": tk._("The request body must be a JSON object.")})
        errors = shape_errors(data_dict)
        if errors:
            raise tk.ValidationError(errors)
        return original_action(context, data_dict)

    return tk.chained_action(chained)


def _classified(shape_errors):
    """Shape checks, then the disclosure rule: a dataset classified 비공개 is saved private
    whatever the caller sent, so no stock endpoint can show it."""
    checked = _checked(shape_errors)

    def chained(original_action, context, data_dict):
        if isinstance(data_dict, dict) and rules.must_be_private(_text(data_dict.get("security_classification"))):
            data_dict = {**data_dict, "private": True}
        return checked(original_action, context, data_dict)

    return tk.chained_action(chained)


def _text(value) -> str | None:
    return value if isinstance(value, str) else None


package_create = _classified(_package_shape_errors)
package_update = _classified(_package_shape_errors)
package_patch = _checked(_package_shape_errors)
resource_create = _checked(_resource_shape_errors)
resource_update = _checked(_resource_shape_errors)
resource_patch = _checked(_resource_shape_errors)
