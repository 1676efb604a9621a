"""Template helpers of the Busan harvesters (registered by tk.blanket.helpers)."""

from __future__ import annotations

import ckan.model as model
from sqlalchemy import func

from ckanext.harvest.model import HarvestObject


def busan_last_harvested(package_id: str | None):
    """When a harvester last saw this dataset at its source (an unchanged record counts):
    from the harvest tables, not metadata_modified, which only changes when data does."""
    if not package_id:
        return None
    return (
        model.Session.query(func.max(func.coalesce(HarvestObject.import_finished, HarvestObject.gathered)))
        .filter(HarvestObject.package_id == package_id, HarvestObject.state == "COMPLETE")
        .scalar()
    )
