"""The home page's one cached aggregate (CKAN glue around home.py).

One anonymous package_search (rows for the newest list, facets for every tile), one sorted by
recent views, and three small SQL counts, computed together at most once per
`ckanext.busan.home.cache_seconds` and kept in Redis as one JSON value. Anonymous on purpose:
the home page is the same for everyone and must never count a private dataset.
"""

from __future__ import annotations

import datetime as dt

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.plugins import plugin_loaded
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ckanext.busan import cache
from ckanext.busan.theme import home

DATASET_FQ = "+dataset_type:dataset"

# Public, active datasets with a table loaded in the DataStore (queryable through the Data API)
# or published as an open API (제공형태 오픈API): what the portal calls 오픈API.
_OPEN_APIS = text(
    """
    SELECT count(*) FROM package p
    WHERE p.state = 'active' AND p.private = false AND p.type = 'dataset' AND (
      EXISTS (SELECT 1 FROM resource r WHERE r.package_id = p.id AND r.state = 'active'
              AND r.extras IS NOT NULL AND r.extras::json->>'datastore_active' = 'true')
      OR EXISTS (SELECT 1 FROM package_extra e WHERE e.package_id = p.id AND e.state = 'active'
                 AND e.key = 'provision_type' AND e.value = 'open-api'))
    """
)
_ORGANIZATIONS = text(
    "SELECT count(*) FROM \"group\" WHERE is_organization AND state = 'active' AND type = 'organization'"
)
# Harvest sources are datasets of type harvest: count the active, public ones.
_HARVEST = text(
    """
    SELECT (SELECT count(*) FROM harvest_source s JOIN package p ON p.id = s.id
            WHERE s.active AND p.state = 'active' AND p.private = false),
           (SELECT max(j.finished) FROM harvest_job j JOIN harvest_source s ON s.id = j.source_id
            JOIN package p ON p.id = s.id
            WHERE j.status = 'Finished' AND p.state = 'active' AND p.private = false)
    """
)


def cache_key() -> str:
    return cache.site_key("busan_theme", "home_aggregate")


def _anonymous_search(**params) -> dict:
    context = {"user": "", "ignore_auth": True}
    query = {"q": "*:*", "fq": DATASET_FQ, "include_private": False, "include_drafts": False, **params}
    return tk.get_action("package_search")(context, query)


def _numbers() -> dict:
    session = model.Session
    numbers = {
        "organizations": int(session.execute(_ORGANIZATIONS).scalar() or 0),
        "open_apis": int(session.execute(_OPEN_APIS).scalar() or 0),
        "harvest_sources": 0,
        "last_harvest": None,
    }
    if plugin_loaded("harvest"):
        try:
            sources, finished = session.execute(_HARVEST).one()
        except SQLAlchemyError:  # harvest tables not migrated on this site: no harvest numbers
            session.rollback()
        else:
            numbers["harvest_sources"] = int(sources or 0)
            numbers["last_harvest"] = finished.isoformat() if finished else None
    return numbers


def compute() -> dict:
    search = _anonymous_search(
        rows=home.LIST_LENGTH,
        sort="metadata_created desc",
        **{"facet.field": list(home.FACET_FIELDS), "facet.limit": -1, "facet.mincount": 1},
    )
    popular = []
    if plugin_loaded("tracking"):
        # views_recent is indexed by the tracking plugin (`ckan tracking update`)
        popular = _anonymous_search(
            rows=home.LIST_LENGTH, sort="views_recent desc", fq=f"{DATASET_FQ} +views_recent:[1 TO *]"
        )["results"]
    summary = home.summarize(search, popular, _numbers())
    summary["computed_at"] = dt.datetime.now(dt.timezone.utc).isoformat()
    return summary


def home_aggregate() -> dict:
    """The cached aggregate, computed when missing or expired (every time without Redis)."""
    return cache.cached(cache_key(), tk.config.get("ckanext.busan.home.cache_seconds"), compute)
