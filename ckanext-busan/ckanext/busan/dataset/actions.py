"""Actions of busan_dataset (registered by tk.blanket.actions)."""

from __future__ import annotations

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.dataset import slug


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
