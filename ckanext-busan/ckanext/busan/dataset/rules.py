"""Field rules of the Busan dataset schema as pure functions (no CKAN import).

Each check returns the normalised value or raises RuleError with a message id (English
msgid, translated by the CKAN glue) and its parameters.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import unicodedata
from urllib.parse import urlsplit

from ckanext.busan.dataset import codelists


class RuleError(ValueError):
    def __init__(self, message: str, **params):
        super().__init__(message.format(**params))
        self.message = message
        self.params = params


# ---------------------------------------------------------------- text
def nfc(value: str) -> str:
    """Decomposed Hangul (NFD: macOS file names, some pasted text) composed to NFC, so that
    lengths, URL names and search terms are the same whichever form arrived."""
    return unicodedata.normalize("NFC", value)


def ascii_digits(value: str) -> str:
    """Full-width digits and punctuation (０５１－８８８) as ASCII; any other non-ASCII digit
    (Arabic-Indic, superscripts) is left for the caller's ASCII-only check to refuse."""
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in value)


# ---------------------------------------------------------------- phone numbers
# Korean area codes (02 Seoul, 031-064 regions, 051 Busan), mobile 010-019, internet 070,
# and 4-digit representative numbers (1544-xxxx etc.).
_AREA = r"02|0[3-6][1-5]"
_PHONE_PATTERNS = (
    re.compile(rf"^(?P<a>{_AREA})(?P<b>[0-9]{{3,4}})(?P<c>[0-9]{{4}})$"),
    re.compile(r"^(?P<a>01[016789])(?P<b>[0-9]{3,4})(?P<c>[0-9]{4})$"),
    re.compile(r"^(?P<a>0[57]0)(?P<b>[0-9]{3,4})(?P<c>[0-9]{4})$"),
    re.compile(r"^(?P<a>1[5-9][0-9]{2})(?P<c>[0-9]{4})$"),
)
_PHONE_ERROR = "Enter a Korean phone number such as 051-888-1234."


def normalise_phone(value: str) -> str:
    """'`0518881234', '(051) 888-1234', '051.888.1234', '０５１-８８８-１２３４' -> '051-888-1234'."""
    raw = ascii_digits(value).strip().lstrip("`'")  # data.go.kr exports prefix a backtick
    if raw.startswith("+82"):
        raw = "0" + raw[3:].lstrip(" -")
    # ASCII only: \d would also take Arabic-Indic and other Unicode digits.
    if not re.fullmatch(r"[0-9 \-().]+", raw):
        raise RuleError(_PHONE_ERROR)
    groups = re.findall(r"[0-9]+", raw)
    digits = "".join(groups)
    for pattern in _PHONE_PATTERNS:
        m = pattern.match(digits)
        if m:
            parts = [p for p in (m.groupdict().get("a"), m.groupdict().get("b"), m.group("c")) if p]
            # A number written in groups must be grouped as the number is: 051-888-12345 is a typo.
            if len(groups) == 1 or groups == parts:
                return "-".join(parts)
    raise RuleError(_PHONE_ERROR)


# ---------------------------------------------------------------- dates
# Whole-string patterns: strptime alone would take '2025111' as 2025-11-1 and a prefix
# check would take '2025-01-01junk'.
_DATE_PATTERNS = (
    re.compile(r"(?P<y>[0-9]{4})(?P<sep>[-./])(?P<m>[0-9]{1,2})(?P=sep)(?P<d>[0-9]{1,2})\.?"),
    re.compile(r"(?P<y>[0-9]{4})(?P<m>[0-9]{2})(?P<d>[0-9]{2})"),
    re.compile(r"(?P<y>[0-9]{4})년\s*(?P<m>[0-9]{1,2})월\s*(?P<d>[0-9]{1,2})일"),
    # ISO date-times as harvested records and CKAN itself write them: the date part counts.
    re.compile(
        r"(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2})"
        r"[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?(Z|[+-][0-9]{2}:?[0-9]{2})?"
    ),
)
_DATE_ERROR = "Enter a date as YYYY-MM-DD."


def parse_date(value: str | dt.date) -> dt.date:
    """A real calendar date from '2025-07-01', '20250701', '2025.07.01', '2025/7/1',
    '2025년 7월 1일' or an ISO date-time; anything else raises RuleError."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        raise RuleError(_DATE_ERROR)
    text = ascii_digits(nfc(value)).strip()
    for pattern in _DATE_PATTERNS:
        m = pattern.fullmatch(text)
        if m:
            try:
                return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
            except ValueError:
                break  # 2025-02-30: the right shape, not a real day
    raise RuleError(_DATE_ERROR)


def check_period(start: dt.date | str | None, end: dt.date | str | None) -> None:
    """The end of a time range is not before its start (both already valid dates)."""
    if start and end and parse_date(end) < parse_date(start):
        raise RuleError("The end of the time range must not be before its start.")


def check_next_registration(cycle: str | None, next_date: str | None) -> None:
    """A periodic update cycle needs a next registration date. A date in the past is allowed:
    overdue (갱신 지연) is a governance state shown to people, never a reason to refuse."""
    if cycle in codelists.periodic_cycles() and not next_date:
        raise RuleError("A periodic update cycle needs the next registration date.")


def must_be_private(classification: str | None) -> bool:
    """A dataset that is not disclosed (비공개) is CKAN-private: every stock endpoint hides it."""
    code = codelists.lookup("security_classifications", (classification or "").strip())
    return bool(code) and code.get("private") == "yes"


_WITHHELD_MESSAGES = {
    "withheld_scope": "A partly disclosed dataset must say what was withheld.",
    "withheld_legal_ground": "A partly disclosed dataset must name the legal ground for withholding.",
    "withheld_request_info": "A partly disclosed dataset must say how to request the withheld part.",
}


def check_withheld(field: str):
    """For 부분공개: what was withheld, on which ground, and how to ask for it are all stated."""

    def check(classification: str | None, value: str | None) -> None:
        if classification == "partial" and not value:
            raise RuleError(_WITHHELD_MESSAGES[field])

    return check


def next_registration_after(cycle: str | None, last: str | dt.date | None) -> str | None:
    """The next registration date a record without one is expected to have: one period of
    its cycle (update_cycles.csv, column days) after its last change, or after today."""
    code = codelists.lookup("update_cycles", cycle or "")
    days = code.get("days") if code else ""
    if not days:
        return None
    try:
        start = parse_date(last) if last else dt.date.today()
    except RuleError:
        start = dt.date.today()
    return (start + dt.timedelta(days=int(days))).isoformat()


def is_overdue(next_date: str | dt.date | None, today: dt.date) -> bool:
    """The next registration date has passed (an unreadable date is not judged)."""
    if not next_date:
        return False
    try:
        return parse_date(next_date) < today
    except RuleError:
        return False


# ---------------------------------------------------------------- spatial
# Busan's extent (EPSG:4326) with a buffer of about 5 km.
BUSAN_BBOX = (128.70, 34.85, 129.35, 35.45)
_BBOX_ERROR = "A bounding box is four numbers: min longitude, min latitude, max longitude, max latitude."
_GEOJSON_ERROR = "The geometry is not valid GeoJSON."
_GEOJSON_TYPES = {"Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"}


def _finite_numbers(coords) -> bool:
    """GeoJSON coordinates nest lists of numbers; nan, inf, booleans and strings are refused."""
    if isinstance(coords, bool):
        return False
    if isinstance(coords, int | float):
        return math.isfinite(coords)
    if isinstance(coords, list) and coords:
        return all(_finite_numbers(c) for c in coords)
    return False


def _geojson_shape(text: str):
    from shapely.geometry import shape

    try:
        geojson = json.loads(text)
    except ValueError:
        raise RuleError(_GEOJSON_ERROR) from None
    if isinstance(geojson, dict) and geojson.get("type") == "Feature":
        geojson = geojson.get("geometry")
    if (
        not isinstance(geojson, dict)
        or geojson.get("type") not in _GEOJSON_TYPES
        or not _finite_numbers(geojson.get("coordinates"))
    ):
        raise RuleError(_GEOJSON_ERROR)
    try:
        return shape(geojson)
    # shapely/GEOS raise many types for malformed rings and one-point lines
    except Exception:  # noqa: BLE001
        raise RuleError(_GEOJSON_ERROR) from None


def _bbox_shape(text: str):
    from shapely.geometry import box

    parts = [p for p in re.split(r"[,\s]+", text) if p]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise RuleError(_BBOX_ERROR) from None
    if len(numbers) != 4 or not all(math.isfinite(n) for n in numbers):
        raise RuleError(_BBOX_ERROR)
    minx, miny, maxx, maxy = numbers
    if minx >= maxx or miny >= maxy:
        raise RuleError(_BBOX_ERROR)
    return box(minx, miny, maxx, maxy)


def parse_geometry(value: str) -> dict:
    """GeoJSON geometry, or a bbox 'minx,miny,maxx,maxy', as a GeoJSON geometry dict
    that lies within Busan."""
    from shapely.geometry import box

    text = ascii_digits(value).strip()
    if not text:
        raise RuleError("Enter a GeoJSON geometry or a bounding box.")
    geom = _geojson_shape(text) if text.startswith("{") else _bbox_shape(text)
    try:
        valid = not geom.is_empty and geom.is_valid
    except Exception:  # noqa: BLE001 - GEOS errors on degenerate input
        valid = False
    if not valid:
        raise RuleError(_GEOJSON_ERROR)
    if not box(*BUSAN_BBOX).contains(geom):
        raise RuleError("The geometry must lie within Busan (longitude 128.70-129.35, latitude 34.85-35.45).")
    return json.loads(json.dumps(geom.__geo_interface__))


# ---------------------------------------------------------------- resource links
LINK_SCHEMES = ("http", "https", "ftp", "ftps")
_URL_ERROR = "Enter a valid web address (http or https)."


def check_resource_url(value: str, is_upload: bool = False) -> str:
    """A link CKAN can parse later, with a web or FTP scheme.

    CKAN stores a link without a scheme as 'http://' + link, and parses stored links again on
    every later update of the dataset: a link it cannot parse then ('{"a": [1, 2]}' becomes
    the host '{"a": [1, 2') would break every edit, so the stored form is checked here.
    'javascript:' and 'data:' links would run in visitors' browsers. An uploaded file's name
    is not a link and only has to parse."""
    link = value.strip()
    parts = None
    try:
        parts = urlsplit(link if is_upload or "://" in link else f"http://{link}")
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if parts is None:
        raise RuleError(_URL_ERROR)
    if is_upload:
        return value
    host = parts.hostname or ""
    if parts.scheme.lower() not in LINK_SCHEMES or not re.fullmatch(r"[\w.\-]+|[0-9a-f:.]+", host):
        raise RuleError(_URL_ERROR)
    return value


# ---------------------------------------------------------------- codes
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
    code = ascii_digits(code).strip()
    if system in (None, "", "행정기관코드") and not re.fullmatch(r"[0-9]{7}", code):
        raise RuleError("An agency code (행정기관코드) is 7 digits, e.g. 6260000.")
    if system == "data.go.kr 제공기관코드" and not re.fullmatch(r"[A-Z][0-9]{6}", code):
        raise RuleError("A data.go.kr provider code is a capital letter and 6 digits, e.g. B551542.")
    return code
