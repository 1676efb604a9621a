"""Field rules of the Busan dataset schema as pure functions (no CKAN import).

Each check returns the normalised value or raises RuleError with a message id (English
msgid, translated by the CKAN glue) and its parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import re

from ckanext.busan.dataset import codelists


class RuleError(ValueError):
    def __init__(self, message: str, **params):
        super().__init__(message.format(**params))
        self.message = message
        self.params = params


# ---------------------------------------------------------------- phone numbers
# Korean area codes (02 Seoul, 031-064 regions, 051 Busan), mobile 010-019, internet 070,
# and 4-digit representative numbers (1544-xxxx etc.).
_AREA = r"02|0[3-6][1-5]"
_PHONE_PATTERNS = (
    re.compile(rf"^(?P<a>{_AREA})(?P<b>\d{{3,4}})(?P<c>\d{{4}})$"),
    re.compile(r"^(?P<a>01[016789])(?P<b>\d{3,4})(?P<c>\d{4})$"),
    re.compile(r"^(?P<a>0[57]0)(?P<b>\d{3,4})(?P<c>\d{4})$"),
    re.compile(r"^(?P<a>1[5-9]\d{2})(?P<c>\d{4})$"),
)


def normalise_phone(value: str) -> str:
    """'`0518881234', '(051) 888-1234', '051.888.1234' -> '051-888-1234'."""
    raw = value.strip().lstrip("`'")  # data.go.kr exports prefix a backtick
    if raw.startswith("+82"):
        raw = "0" + raw[3:].lstrip(" -")
    if not re.fullmatch(r"[\d\s\-().]+", raw):
        raise RuleError("Enter a Korean phone number such as 051-888-1234.")
    groups = re.findall(r"\d+", raw)
    digits = "".join(groups)
    for pattern in _PHONE_PATTERNS:
        m = pattern.match(digits)
        if m:
            parts = [p for p in (m.groupdict().get("a"), m.groupdict().get("b"), m.group("c")) if p]
            # A number written in groups must be grouped as the number is: 051-888-12345 is a typo.
            if len(groups) == 1 or groups == parts:
                return "-".join(parts)
    raise RuleError("Enter a Korean phone number such as 051-888-1234.")


# ---------------------------------------------------------------- dates
def parse_date(value: str | dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d", "%Y.%m.%d", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text[:10] if fmt == "%Y-%m-%d" else text, fmt).date()
        except ValueError:
            continue
    raise RuleError("Enter a date as YYYY-MM-DD.")


def check_period(start: str | None, end: str | None) -> None:
    if start and end and parse_date(end) < parse_date(start):
        raise RuleError("The end of the time range must not be before its start.")


def check_next_registration(cycle: str | None, next_date: str | None, last_modified: dt.date) -> None:
    """A periodic update cycle needs the next registration date, not before the last change."""
    if cycle in codelists.periodic_cycles() and not next_date:
        raise RuleError("A periodic update cycle needs the next registration date.")
    if next_date and parse_date(next_date) < last_modified:
        raise RuleError(
            "The next registration date must not be before the last modification ({date}).",
            date=last_modified.isoformat(),
        )


# ---------------------------------------------------------------- spatial
# Busan's extent (EPSG:4326) with a buffer of about 5 km.
BUSAN_BBOX = (128.70, 34.85, 129.35, 35.45)


def parse_geometry(value: str) -> dict:
    """GeoJSON geometry, or a bbox 'minx,miny,maxx,maxy', as a GeoJSON geometry dict
    that lies within Busan."""
    from shapely.geometry import box, shape

    text = value.strip()
    if not text:
        raise RuleError("Enter a GeoJSON geometry or a bounding box.")
    if text.startswith("{"):
        try:
            geojson = json.loads(text)
            geom = shape(geojson.get("geometry", geojson) if geojson.get("type") == "Feature" else geojson)
        except (ValueError, TypeError, AttributeError, KeyError):
            raise RuleError("The geometry is not valid GeoJSON.") from None
    else:
        parts = [p for p in re.split(r"[,\s]+", text) if p]
        try:
            minx, miny, maxx, maxy = (float(p) for p in parts)
        except ValueError:
            raise RuleError(
                "A bounding box is four numbers: min longitude, min latitude, max longitude, " "max latitude."
            ) from None
        if minx >= maxx or miny >= maxy:
            raise RuleError(
                "A bounding box is four numbers: min longitude, min latitude, max longitude, " "max latitude."
            )
        geom = box(minx, miny, maxx, maxy)
    if geom.is_empty or not geom.is_valid:
        raise RuleError("The geometry is not valid GeoJSON.")
    if not box(*BUSAN_BBOX).contains(geom):
        raise RuleError("The geometry must lie within Busan (longitude 128.70-129.35, latitude 34.85-35.45).")
    return json.loads(json.dumps(geom.__geo_interface__))


# ---------------------------------------------------------------- codes
def check_choice(listname: str, value: str) -> str:
    if value not in codelists.values(listname):
        raise RuleError("Unknown value: {value}.", value=value)
    return value


def check_license(license_id: str) -> str:
    if license_id not in codelists.license_ids():
        raise RuleError(
            "Unknown licence: {value}. Choose a KOGL (공공누리) type or 'no restrictions'.", value=license_id
        )
    return license_id


def check_length(value: str, limit: int) -> str:
    if len(value) > limit:
        raise RuleError("Must be at most {limit} characters (now {length}).", limit=limit, length=len(value))
    return value


def check_agency_code(code: str, system: str | None) -> str:
    code = code.strip()
    if system in (None, "", "행정기관코드") and not re.fullmatch(r"\d{7}", code):
        raise RuleError("An agency code (행정기관코드) is 7 digits, e.g. 6260000.")
    if system == "data.go.kr 제공기관코드" and not re.fullmatch(r"[A-Z]\d{6}", code):
        raise RuleError("A data.go.kr provider code is a capital letter and 6 digits, e.g. B551542.")
    return code
