"""District codes to geometry: the extent of datasets that name 구·군 but carry no geometry of their own.

Pure functions over the boundary FeatureCollection (public/busan-map/districts.geojson, built by
scripts/build_district_boundaries.py); the plugin only loads the file and calls them.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path

from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.ops import unary_union

BOUNDARIES = Path(__file__).parent / "public" / "busan-map" / "districts.geojson"
# 부산광역시 전체 in districts.csv: stands for the union of all 16 구·군.
WHOLE_CITY = "2600000000"
# Busan's extent (BRIEF.md), [[south, west], [north, east]] as ckanext-spatial's widgets take it.
BUSAN_EXTENT = [[34.8806, 128.7650], [35.3933, 129.3036]]
# Display only: about 50 m, enough for a small page map and keeps the embedded GeoJSON short.
DISPLAY_TOLERANCE = 0.0005


def load_boundaries(collection: Mapping) -> dict[str, BaseGeometry]:
    """10-digit legal_dong_code -> polygon, from a FeatureCollection like districts.geojson."""
    return {f["properties"]["code"]: shape(f["geometry"]) for f in collection["features"]}


@lru_cache(maxsize=1)
def boundaries() -> dict[str, BaseGeometry]:
    return load_boundaries(json.loads(BOUNDARIES.read_text(encoding="utf-8")))


def district_codes(value) -> list[str]:
    """spatial_districts as stored or validated: a list, or its JSON text (extras and the index hold text)."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return []
        try:
            value = json.loads(text) if text.startswith("[") else [text]
        except ValueError:
            value = [text]
    if not isinstance(value, list | tuple):
        return []
    return [v.strip() for v in value if isinstance(v, str) and v.strip()]


def districts_geometry(codes: Iterable[str], shapes: Mapping[str, BaseGeometry]) -> BaseGeometry | None:
    """Union of the named districts' polygons; the whole city for 2600000000; None when none is known."""
    codes = list(codes)
    parts = list(shapes.values()) if WHOLE_CITY in codes else [shapes[c] for c in codes if c in shapes]
    if not parts:
        return None
    return unary_union(parts)


def bbox_fields(geometry: BaseGeometry | None) -> dict[str, float]:
    """solr-bbox backend's index fields (ckanext-spatial: minx maxx miny maxy) of a geometry."""
    if geometry is None or geometry.is_empty:
        return {}
    minx, miny, maxx, maxy = geometry.bounds
    return {"minx": minx, "maxx": maxx, "miny": miny, "maxy": maxy}


def display_geojson(geometry: BaseGeometry | None) -> str | None:
    """GeoJSON text for ckanext-spatial's dataset map, simplified for the page."""
    if geometry is None or geometry.is_empty:
        return None
    simple = geometry.simplify(DISPLAY_TOLERANCE, preserve_topology=True)
    return json.dumps(_rounded(mapping(simple)), separators=(",", ":"))


def _rounded(obj, decimals: int = 5):
    if isinstance(obj, float):
        return round(obj, decimals)
    if isinstance(obj, list | tuple):
        return [_rounded(o, decimals) for o in obj]
    if isinstance(obj, dict):
        return {k: _rounded(v, decimals) for k, v in obj.items()}
    return obj
