"""A value computed at most once per time-to-live and kept in Redis (CKAN's own connection).

Shared by the plugins that cache what every visitor sees alike (the home page's aggregate, a
public dataset's schema.org JSON-LD). Without Redis the value is computed every time: a cache
outage slows pages down but never breaks them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.lib.redis import connect_to_redis

log = logging.getLogger(__name__)


def site_key(*parts: str) -> str:
    """A Redis key of this site (several portals may share one Redis)."""
    return ":".join([str(tk.config.get("ckan.site_id")), *parts])


def cached(key: str, ttl: int, compute: Callable[[], Any]) -> Any:
    """``compute()``'s JSON-serialisable value, from Redis when a fresh one is there."""
    if ttl <= 0:
        return compute()
    redis = None
    try:
        redis = connect_to_redis()
        hit = redis.get(key)
        if hit:
            return json.loads(hit)
    except Exception:  # noqa: BLE001 - a cache outage must not break the page
        log.warning("cache %s: Redis unavailable, computing without cache", key, exc_info=True)
        redis = None
    value = compute()
    if redis is not None:
        try:
            redis.setex(key, ttl, json.dumps(value, ensure_ascii=False))
        except Exception:  # noqa: BLE001
            log.warning("cache %s: could not store", key, exc_info=True)
    return value
