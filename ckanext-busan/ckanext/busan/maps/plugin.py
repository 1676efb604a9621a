"""busan_map: district boundaries as data, and the extent of datasets that only name 구·군.

- Serves the boundaries at /busan-map/districts.geojson (the form's district widget reads it).
- Indexes a dataset with spatial_districts but no `spatial` geometry with its districts' bounding
  box (ckanext-spatial's solr-bbox fields), so the search-by-area widget finds it. Done at index
  time: stored datasets are never rewritten.
- Puts ckanext-spatial's search-by-area widget on the dataset search page, opened on Busan.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.maps import geometry


def _own_geometry(pkg_dict: dict[str, Any]) -> bool:
    return bool(pkg_dict.get("spatial") or pkg_dict.get("extras_spatial"))


# Few distinct district sets occur (the whole city alone costs ~70 ms to merge): computed once each.
@lru_cache(maxsize=512)
def _districts_outline(codes: tuple[str, ...]) -> str | None:
    return geometry.display_geojson(geometry.districts_geometry(codes, geometry.boundaries()))


@lru_cache(maxsize=512)
def _districts_bbox(codes: tuple[str, ...]) -> tuple[tuple[str, float], ...]:
    return tuple(geometry.bbox_fields(geometry.districts_geometry(codes, geometry.boundaries())).items())


def _key(value) -> tuple[str, ...]:
    return tuple(sorted(set(geometry.district_codes(value))))


def busan_map_extent(pkg: dict[str, Any]) -> dict[str, str] | None:
    """The extent to draw on a dataset's page: its own geometry, else its districts' outline."""
    if _own_geometry(pkg):
        return {"geojson": pkg.get("spatial") or pkg.get("extras_spatial"), "source": "spatial"}
    text = _districts_outline(_key(pkg.get("spatial_districts")))
    return {"geojson": text, "source": "districts"} if text else None


def busan_map_default_extent() -> str:
    """Busan's extent for ckanext-spatial's search widget (data-default_extent)."""
    return json.dumps(geometry.BUSAN_EXTENT)


@tk.blanket.helpers({"busan_map_extent": busan_map_extent, "busan_map_default_extent": busan_map_default_extent})
class BusanMapPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IPackageController, inherit=True)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        # A geometry of its own is indexed by ckanext-spatial; only fill the gap.
        if _own_geometry(pkg_dict) or pkg_dict.get("minx") is not None:
            return pkg_dict
        codes = _key(pkg_dict.get("spatial_districts") or pkg_dict.get("extras_spatial_districts"))
        pkg_dict.update(_districts_bbox(codes))
        return pkg_dict
