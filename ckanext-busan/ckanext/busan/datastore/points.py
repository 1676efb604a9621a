"""위도/경도 columns of a DataStore table as GeoJSON points (pure: no CKAN import)."""

from __future__ import annotations

LATITUDE = ("위도", "latitude", "lat", "y좌표")
LONGITUDE = ("경도", "longitude", "lon", "lng", "x좌표")


def _find(names: list[str], candidates: tuple[str, ...]) -> str | None:
    lowered = {name: name.lower().replace(" ", "") for name in names}
    for candidate in candidates:  # an exact name first, then a header that contains 위도/경도
        for name, low in lowered.items():
            if low == candidate:
                return name
    for name, low in lowered.items():
        if candidates[0] in low:
            return name
    return None


def coordinate_columns(names: list[str]) -> tuple[str, str] | None:
    """(latitude column, longitude column) when the table has both, else None."""
    lat, lon = _find(names, LATITUDE), _find(names, LONGITUDE)
    return (lat, lon) if lat and lon and lat != lon else None


def _number(value: object) -> float | None:
    try:
        return float(str(value).replace(",", ""))
    except (TypeError, ValueError):
        return None


def to_geojson(records: list[dict], lat: str, lon: str) -> dict:
    """A FeatureCollection of the rows with valid WGS84 coordinates (others are skipped)."""
    features = []
    for record in records:
        y, x = _number(record.get(lat)), _number(record.get(lon))
        if y is None or x is None or not (-90 <= y <= 90 and -180 <= x <= 180):
            continue
        properties = {k: v for k, v in record.items() if not k.startswith("_") and k not in (lat, lon)}
        features.append(
            {"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]}, "properties": properties}
        )
    return {"type": "FeatureCollection", "features": features}
