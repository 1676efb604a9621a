"""data.go.kr (공공데이터포털) catalog records to Busan dataset dicts (pure: no CKAN import).

Two sources give the same lists: the catalog API "목록조회서비스" (odcloud, one record per file
or API operation, English field names) and the monthly bulk CSV "목록개방현황" (one row per
list, Korean column names). A bulk row is first turned into an API-shaped record, so both go
through one mapping.

The mapping returns a `MappedRecord` whose `dataset` holds the Busan schema fields only
(never owner_org, name or id: the harvester chooses those). A required field that cannot be
mapped fails the record with `MappingError`; an optional field whose value is unusable is left
out and reported as a `FieldWarning`. Nothing here depends on today's date, so the same record
always maps to the same dataset and the same `content_hash`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from functools import cache, lru_cache
from pathlib import Path

from ckanext.busan.dataset import codelists, rules

DATA_GO_KR = "https://www.data.go.kr"
CITY_DISTRICT = "2600000000"  # 법정동코드 of 부산광역시 (districts.csv)
CITY_NAME = "부산광역시"
CODE_SYSTEM_ADMIN = "행정기관코드"
CODE_SYSTEM_DATAGOKR = "data.go.kr 제공기관코드"
GUID_PREFIX = "datagokr:"

# Columns of the monthly bulk CSV "공공데이터포털 목록개방현황" (file dataset 15062804), in order.
BULK_COLUMNS = (
    "목록키",
    "목록유형",
    "목록명",
    "파일데이터명",
    "분류체계",
    "제공기관코드",
    "제공기관",
    "관리 부서명",
    "관리부서 전화번호",
    "보유근거",
    "수집방법",
    "업데이트 주기",
    "차기 등록 예정일",
    "매체유형",
    "전체행",
    "확장자(데이터포맷)",
    "키워드",
    "다운로드_활용신청건수",
    "등록일",
    "수정일",
    "데이터 한계",
    "제공형태",
    "설명",
    "기타 유의사항",
    "공간범위",
    "시간범위",
    "비용부과유무",
    "비용부과기준 및 단위",
    "이용허락범위",
    "API 유형",
    "신청가능 트래픽",
    "심의 유형",
    "조회수",
    "목록 URL",
    "국가중점여부",
    "표준데이터여부",
)

# Bulk column -> the API field with the same meaning (fields the API lacks get descriptive names).
_BULK_TO_API = {
    "목록키": "list_id",
    "목록유형": "list_type",
    "목록명": "list_title",
    "파일데이터명": "title",
    "제공기관코드": "org_cd",
    "제공기관": "org_nm",
    "관리 부서명": "dept_nm",
    "관리부서 전화번호": "dept_tel",
    "보유근거": "ownership_grounds",
    "수집방법": "collection_method",
    "업데이트 주기": "update_cycle",
    "차기 등록 예정일": "next_registration_date",
    "매체유형": "media_type",
    "전체행": "row_count",
    "확장자(데이터포맷)": "ext",
    "키워드": "keywords",
    "다운로드_활용신청건수": "download_cnt",
    "등록일": "created_at",
    "수정일": "updated_at",
    "데이터 한계": "data_limit",
    "제공형태": "provision_form",
    "설명": "desc",
    "기타 유의사항": "etc",
    "공간범위": "spatial_range",
    "시간범위": "temporal_range",
    "비용부과유무": "is_charged",
    "비용부과기준 및 단위": "cost_unit",
    "이용허락범위": "license",
    "API 유형": "api_type",
    "신청가능 트래픽": "traffic",
    "심의 유형": "review_type",
    "조회수": "view_cnt",
    "목록 URL": "meta_url",
    "국가중점여부": "is_core_data",
    "표준데이터여부": "is_std_data",
}

# Field names tried in order (the catalog API names first, then other spellings seen in exports).
_PHONE_KEYS = ("dept_tel", "dept_phone", "dept_telno", "dept_tel_no", "tel_no", "telno", "phone")
_EMAIL_KEYS = ("contact_email", "dept_email", "email")
_LICENCE_KEYS = ("license", "licence", "license_nm", "lcns_nm", "use_permission", "이용허락범위")
_COLLECTION_KEYS = ("collection_method", "collect_method", "clct_mthd")
_TEMPORAL_KEYS = ("temporal_range", "time_range", "temporal")
_EPSG_KEYS = ("epsg", "srid", "crs", "좌표계")
# (x, y) field pairs; the first four are declared longitude/latitude.
_COORD_PAIRS = (
    ("경도", "위도"),
    ("longitude", "latitude"),
    ("lon", "lat"),
    ("lng", "lat"),
    ("x", "y"),
    ("X", "Y"),
    ("x좌표", "y좌표"),
    ("X좌표", "Y좌표"),
    ("xcord", "ycord"),
)
_LONLAT_PAIRS = _COORD_PAIRS[:4]

# Length limits of the schema (dataset.yaml): longer text is cut, with a warning.
_LIMITS = {
    "title": 200,
    "notes": 10000,
    "brm_category": 200,
    "dept_name": 100,
    "legal_basis": 1000,
    "collection_method": 1000,
    "cost_basis": 500,
    "data_limitations": 2000,
    "other_notes": 2000,
    "resource_name": 200,
    "resource_description": 5000,
}
TAG_MIN, TAG_MAX = 2, 100  # ckan.model.MIN_TAG_LENGTH / MAX_TAG_LENGTH


# ---------------------------------------------------------------- public types
@dataclass(frozen=True)
class Agency:
    """The publishing organisation a record belongs to."""

    code: str  # '6260000' (행정기관코드) or 'B551542' (data.go.kr 제공기관코드)
    code_system: str  # '행정기관코드' | 'data.go.kr 제공기관코드' (as in organizations.csv)
    name: str  # '부산광역시', '부산교통공사'


@dataclass(frozen=True)
class FieldWarning:
    """An optional field left out (or a value replaced) because the source value was unusable."""

    field: str
    value: str
    message: str


class MappingError(ValueError):
    """A required field could not be mapped: the record cannot be imported."""

    def __init__(self, field: str, value, message: str):
        super().__init__(f"{field}: {message} (value: {value!r})")
        self.field = field
        self.value = value
        self.message = message


@dataclass(frozen=True)
class MappedRecord:
    guid: str  # 'datagokr:{list_id}'
    agency: Agency
    dataset: dict  # Busan schema fields; no owner_org, name or id
    warnings: tuple[FieldWarning, ...]
    source_modified: str | None  # ISO date-time or date of the last change at the source
    content_hash: str  # sha256 of canonical JSON of dataset + agency + source_modified


# ---------------------------------------------------------------- text helpers
_EMPTY_VALUES = frozenset({"", "-", "--", "—", "–", "null", "none", "n/a"})
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _text(value) -> str | None:
    """A clean NFC string without control characters, or None for empty/placeholder values."""
    if value is None or isinstance(value, dict | list | tuple | set):
        return None
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        value = int(value)
    text = rules.nfc(str(value)).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).strip()
    return None if text.casefold() in _EMPTY_VALUES else text


def _first(record: dict, *keys: str) -> str | None:
    for key in keys:
        value = _text(record.get(key))
        if value:
            return value
    return None


def _key(text: str, *, drop: str = "") -> str:
    """Lookup key: NFC, case-folded, without spaces and punctuation (and `drop` characters)."""
    key = rules.nfc(text).casefold()
    key = re.sub(r"\b\d\.\d\b", "", key)  # licence versions: CC BY 4.0
    return "".join(c for c in key if c.isalnum() and c not in drop)


def _list_id(record: dict) -> str | None:
    value = _first(record, "list_id", "목록키")
    if not value:
        ident = _first(record, "id")
        value = ident if ident and ident.isdigit() else None
    if value and re.fullmatch(r"[0-9]+\.0+", value):
        value = value.split(".")[0]
    return value


def _is_yes(value) -> bool:
    return (_text(value) or "").upper() in ("Y", "YES", "TRUE", "1")


# ---------------------------------------------------------------- code lists
@cache
def _table(name: str, column: str, drop: str = "") -> dict[str, str]:
    return {_key(c.value, drop=drop): c.get(column) for c in codelists.codelist(name)}


def category_id(text: str) -> str | None:
    """'교통물류', '교통및물류', '통일·외교', 'transport-logistics' -> a categories.csv id."""
    if text in codelists.values("categories"):
        return text
    return _table("datagokr_categories", "category", "및").get(_key(text, drop="및"))


def map_licence(text: str | None) -> str | None:
    """A data.go.kr 이용허락범위 string (or KOGL/CC wording) -> a licenses.json id, or None."""
    value = _text(text)
    if not value:
        return None
    key = _key(value)
    found = _table("datagokr_licences", "license_id").get(key)
    if found:
        return found
    if "출처표시" in key:  # 공공저작물_출처표시 with its conditions in any order or spelling
        no_commercial = "상업적이용금지" in key or "상업적이용불가" in key or "비영리" in key
        no_derivatives = "변경금지" in key or "변경불가" in key
        return ("kogl-type1", "kogl-type2", "kogl-type3", "kogl-type4")[no_commercial + 2 * no_derivatives]
    return None


def map_update_cycle(text: str | None) -> str | None:
    """업데이트 주기 ('연간', '-', 'monthly' ...) -> an update_cycles.csv id; empty or '-' -> 'irregular'."""
    raw = rules.nfc(str(text)).strip() if text is not None else ""
    if raw in ("", "-"):
        return "irregular"
    if raw in codelists.values("update_cycles"):
        return raw
    return _table("datagokr_update_cycles", "update_cycle").get(_key(raw))


_PROVISION = {
    "파일데이터": "file",
    "파일": "file",
    "file": "file",
    "filedata": "file",
    "오픈api": "open-api",
    "openapi": "open-api",
    "api": "open-api",
    "표준데이터": "standard-data",
    "표준데이터셋": "standard-data",
    "standard": "standard-data",
    "standarddata": "standard-data",
    "std": "standard-data",
    "링크": "link",
    "link": "link",
}

_YES_NO = {
    "y": "Y",
    "yes": "Y",
    "true": "Y",
    "1": "Y",
    "예": "Y",
    "유": "Y",
    "유료": "Y",
    "o": "Y",
    "n": "N",
    "no": "N",
    "false": "N",
    "0": "N",
    "아니오": "N",
    "아니요": "N",
    "무": "N",
    "무료": "N",
    "x": "N",
}


# ---------------------------------------------------------------- agencies
@cache
def _known_agencies() -> tuple[dict[str, str], dict[str, str]]:
    """Names of the city and its 16 districts by 행정기관코드, and codes by name (from districts.csv)."""
    names: dict[str, str] = {}
    for code in codelists.codelist("districts"):
        admin = code.get("admin_code")
        if admin:
            names[admin] = CITY_NAME if code.value == CITY_DISTRICT else f"{CITY_NAME} {code.ko}"
    by_name = {_key(name): admin for admin, name in names.items()}
    for admin, name in names.items():  # '부산 해운대구'
        by_name.setdefault(_key(name.replace(CITY_NAME, "부산")), admin)
    return names, by_name


def agency_of(code: str | None, name: str | None) -> Agency | None:
    """The agency of a record from its 제공기관코드 and name: 7 digits are a 행정기관코드, a capital
    letter and 6 digits a data.go.kr 제공기관코드. Without a code, only Busan's own names are known.
    None when no agency can be identified."""
    names, by_name = _known_agencies()
    code_t = _text(code)
    name_t = _text(name)
    if code_t:
        code_t = rules.ascii_digits(code_t).strip().strip("`'").upper()
    elif name_t:
        code_t = by_name.get(_key(name_t))
    if not code_t:
        return None
    if re.fullmatch(r"[0-9]{7}", code_t):
        system = CODE_SYSTEM_ADMIN
    elif re.fullmatch(r"[A-Z][0-9]{6}", code_t):
        system = CODE_SYSTEM_DATAGOKR
    else:
        return None
    return Agency(code=code_t, code_system=system, name=name_t or names.get(code_t) or code_t)


def wanted_agency_codes(organizations_csv: Path) -> set[str]:
    """The default filter of the harvesters: every agency_code of config/seed/organizations.csv."""
    from ckanext.busan.seed.data import read_organizations

    return {org["agency_code"] for org in read_organizations(Path(organizations_csv)) if org.get("agency_code")}


@cache
def _district_by_admin_code() -> dict[str, str]:
    return {c.get("admin_code"): c.value for c in codelists.codelist("districts") if c.get("admin_code")}


# ---------------------------------------------------------------- coordinates
WGS84 = 4326
SUPPORTED_CRS = (WGS84, 5174, 5179, 5186, 5187, 3857)


@cache
def _crs_ranges() -> dict[int, tuple[float, float, float, float]]:
    """Busan's extent (rules.BUSAN_BBOX, buffered) in each supported coordinate system.

    The ranges do not overlap (5186 and 5174 differ by about 100 km in y, 5187 by about 180 km
    in x), so a point inside Busan identifies its system."""
    from pyproj import Transformer

    ranges = {WGS84: rules.BUSAN_BBOX}
    for epsg in SUPPORTED_CRS[1:]:
        transformer = Transformer.from_crs(WGS84, epsg, always_xy=True)
        ranges[epsg] = transformer.transform_bounds(*rules.BUSAN_BBOX, densify_pts=21)
    return ranges


def detect_crs(x: float, y: float) -> int | None:
    """The EPSG code (4326, 5174, 5179, 5186, 5187 or 3857) in which (x, y) lies within Busan,
    or None when it lies within Busan in none of them."""
    try:
        x, y = float(x), float(y)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(x) and math.isfinite(y)):
        return None
    for epsg, (minx, miny, maxx, maxy) in _crs_ranges().items():
        if minx <= x <= maxx and miny <= y <= maxy:
            return epsg
    return None


@lru_cache(maxsize=16)
def _to_wgs84_transformer(epsg: int):
    from pyproj import Transformer

    return Transformer.from_crs(epsg, WGS84, always_xy=True)


def to_wgs84(x: float, y: float, epsg: int) -> tuple[float, float]:
    """(x, y) in EPSG:`epsg` as (longitude, latitude) in WGS84; ValueError when it cannot be converted."""
    if int(epsg) == WGS84:
        lon, lat = float(x), float(y)
    else:
        try:
            lon, lat = _to_wgs84_transformer(int(epsg)).transform(float(x), float(y))
        except Exception as e:  # noqa: BLE001 - pyproj raises CRSError/ProjError for unknown systems
            raise ValueError(f"cannot convert from EPSG:{epsg}: {e}") from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise ValueError(f"({x}, {y}) has no WGS84 position in EPSG:{epsg}")
    return lon, lat


def _number(value) -> float:
    number = float(rules.ascii_digits(str(value)).strip().replace(",", ""))
    if not math.isfinite(number):
        raise ValueError(value)
    return number


def _epsg_hint(record: dict) -> int | None:
    text = _first(record, *_EPSG_KEYS)
    m = re.search(r"([0-9]{4,5})", text or "")
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------- the mapping
class _Warnings(list):
    def add(self, field: str, value, message: str) -> None:
        self.append(FieldWarning(field, "" if value is None else str(value), message))


def _limit(value: str, limit_key: str, field: str, warnings: _Warnings) -> str:
    limit = _LIMITS[limit_key]
    if len(value) <= limit:
        return value
    warnings.add(field, value[:80] + "…", f"longer than {limit} characters: cut to {limit}")
    return value[: limit - 1].rstrip() + "…"


def _iso_date(value) -> str | None:
    try:
        return rules.parse_date(value).isoformat()
    except rules.RuleError:
        return None


_DATETIME = re.compile(
    r"(?P<d>[0-9]{4}[-./][0-9]{1,2}[-./][0-9]{1,2}|[0-9]{8})[T ]+(?P<h>[0-9]{1,2}):(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2}))?"
    r"(?:\.[0-9]{1,6})?"
)


def _iso_moment(value: str | None) -> str | None:
    """'2023-05-10 10:20:30' -> '2023-05-10T10:20:30'; a date alone -> '2023-05-10'; else None."""
    if not value:
        return None
    text = rules.ascii_digits(value).strip()
    m = _DATETIME.fullmatch(text)
    if m:
        day = _iso_date(m["d"])
        try:
            moment = dt.time(int(m["h"]), int(m["m"]), int(m["s"] or 0))
        except ValueError:
            return day
        return f"{day}T{moment.isoformat()}" if day else None
    return _iso_date(text)


_VERSION_SUFFIX = re.compile(r"^(?P<title>.+?)_(?P<date>[0-9]{8})$")


def _split_version(title: str) -> tuple[str, str | None]:
    """'부산광역시_버스정류장_20230510' -> ('부산광역시_버스정류장', '2023-05-10')."""
    m = _VERSION_SUFFIX.match(title)
    if m:
        version = _iso_date(m["date"])
        if version:
            return m["title"].strip(), version
    return title, None


_TAG_SPLIT = re.compile(r"[,，;、#\n]+")
_TAG_FORBIDDEN = re.compile(r"[^\w \-.]")


def _tags(raw: str | None, warnings: _Warnings) -> list[dict]:
    """Comma-joined keywords as CKAN tags: characters CKAN refuses dropped, 2-100 characters,
    duplicates (ignoring case) removed, first-seen order kept."""
    tags: list[dict] = []
    seen: set[str] = set()
    for part in _TAG_SPLIT.split(raw or ""):
        part = part.strip()
        if not part:
            continue
        tag = re.sub(r"\s+", " ", _TAG_FORBIDDEN.sub("", part)).strip()
        if len(tag) > TAG_MAX:
            tag = tag[:TAG_MAX].rstrip()
        if len(tag) < TAG_MIN:
            warnings.add("tags", part, f"a keyword needs {TAG_MIN} or more letters or digits: left out")
            continue
        if tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append({"name": tag})
    return tags


def _category(record: dict, warnings: _Warnings) -> tuple[str, str | None]:
    new = _first(record, "new_category_nm")
    brm = _first(record, "category_nm")
    for value, derived in ((new, False), (brm, True)):
        if not value:
            continue
        head = re.split(r"\s*(?:>|\s-\s|-|/)\s*", value, maxsplit=1)[0]
        category = category_id(value) or category_id(head)
        if category:
            if derived:
                warnings.add(
                    "category", brm, "new_category_nm missing or unknown: category taken from the BRM classification"
                )
            brm_category = brm or (value if head != value else None)
            return category, brm_category
    raise MappingError("category", new or brm, "cannot be mapped to one of the 16 categories (분류체계)")


def _phone(record: dict, default_phone: str | None, warnings: _Warnings) -> str:
    raw = _first(record, *_PHONE_KEYS)
    if raw:
        try:
            return rules.normalise_phone(raw)
        except rules.RuleError:
            if not default_phone:
                raise MappingError("dept_phone", raw, "not a Korean phone number") from None
            warnings.add("dept_phone", raw, "not a Korean phone number: the default phone was used")
    if not default_phone:
        raise MappingError("dept_phone", raw, "the record has no department phone and no default phone was given")
    try:
        return rules.normalise_phone(default_phone)
    except rules.RuleError:
        raise MappingError("dept_phone", default_phone, "the default phone is not a Korean phone number") from None


def _cycle_and_next_date(record: dict, dataset: dict, warnings: _Warnings) -> None:
    raw_cycle = record.get("update_cycle")
    cycle = map_update_cycle(_text(raw_cycle) or "")
    if cycle is None:
        warnings.add("update_cycle", raw_cycle, "unknown update cycle: imported as irregular (비정기)")
        cycle = "irregular"
    raw_next = _first(record, "next_registration_date")
    next_date = _iso_date(raw_next) if raw_next else None
    if raw_next and not next_date:
        warnings.add("next_registration_date", raw_next, "not a date: left out")
    if cycle in codelists.periodic_cycles() and not next_date:
        warnings.add(
            "update_cycle",
            raw_cycle,
            "a periodic cycle needs the next registration date, which is missing or unreadable: imported as irregular",
        )
        cycle = "irregular"
    dataset["update_cycle"] = cycle
    if next_date:
        dataset["next_registration_date"] = next_date  # a past (overdue) date is kept as it is


_YEAR_MONTH = re.compile(r"(?P<y>[0-9]{4})(?:\s*[-./년]\s*(?P<m>[0-9]{1,2})\s*월?)?\s*년?\.?")


def _period_bound(text: str, end: bool) -> dt.date | None:
    try:
        return rules.parse_date(text)
    except rules.RuleError:
        pass
    m = _YEAR_MONTH.fullmatch(rules.ascii_digits(text).strip())
    if not m:
        return None
    year = int(m["y"])
    month = int(m["m"]) if m["m"] else (12 if end else 1)
    if not 1 <= month <= 12:
        return None
    if not end:
        return dt.date(year, month, 1)
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _temporal(record: dict, dataset: dict, warnings: _Warnings) -> None:
    raw = _first(record, *_TEMPORAL_KEYS)
    if not raw:
        return
    parts = [p.strip() for p in re.split(r"\s*[~∼〜]\s*|\s+-\s+", raw) if p.strip()]
    if not 1 <= len(parts) <= 2:
        warnings.add("temporal_start", raw, "not a time range: left out")
        return
    start = _period_bound(parts[0], end=False)
    end = _period_bound(parts[-1], end=True)
    if len(parts) == 1 and start and end and start == end:
        end = start
    if not start or not end:
        warnings.add("temporal_start", raw, "not a time range: left out")
        return
    if end < start:
        warnings.add("temporal_end", raw, "the time range ends before it starts: left out")
        return
    dataset["temporal_start"] = start.isoformat()
    dataset["temporal_end"] = end.isoformat()


def _spatial(record: dict, warnings: _Warnings) -> str | None:
    given = _first(record, "spatial")
    if given:
        try:
            return json.dumps(rules.parse_geometry(given), ensure_ascii=False)
        except rules.RuleError as e:
            warnings.add("spatial", given, f"{e}: left out")
            return None
    for kx, ky in _COORD_PAIRS:
        rx, ry = _text(record.get(kx)), _text(record.get(ky))
        if rx is None or ry is None:
            continue
        try:
            x, y = _number(rx), _number(ry)
        except ValueError:
            warnings.add("spatial", f"{rx}, {ry}", "the coordinates are not numbers: left out")
            return None
        epsg = _epsg_hint(record) or detect_crs(x, y)
        if epsg is None and (kx, ky) in _LONLAT_PAIRS and detect_crs(y, x) == WGS84:
            x, y, epsg = y, x, WGS84  # latitude and longitude swapped
        if epsg is None:
            warnings.add(
                "spatial",
                f"{rx}, {ry}",
                "the point lies outside Busan in EPSG:4326, 5174, 5179, 5186, 5187 and 3857: left out",
            )
            return None
        try:
            lon, lat = to_wgs84(x, y, epsg)
            geometry = {"type": "Point", "coordinates": [round(lon, 7), round(lat, 7)]}
            rules.parse_geometry(json.dumps(geometry))
        except (ValueError, rules.RuleError) as e:
            warnings.add("spatial", f"{rx}, {ry}", f"EPSG:{epsg}: {e}: left out")
            return None
        return json.dumps(geometry)
    return None


def _url(value: str | None) -> str | None:
    if not value:
        return None
    try:
        rules.check_resource_url(value)
    except rules.RuleError:
        return None
    return value if "://" in value else None


def _formats(raw: str | None) -> list[str]:
    """'JSON+XML' -> ['JSON', 'XML']; 'csv' -> ['CSV']."""
    formats: list[str] = []
    for part in re.split(r"[+,/;|\s]+", raw or ""):
        fmt = part.strip().strip(".").upper()
        if fmt and fmt not in formats:
            formats.append(fmt)
    return formats


def _entry_is_api(entry: dict, provision: str) -> bool:
    if _first(entry, "api_type", "end_point_url", "data_format"):
        return True
    kind = _PROVISION.get(_key(_first(entry, "list_type") or ""))
    return (kind or provision) in ("open-api", "link")


def _provision(record: dict, entries: list[dict]) -> str:
    if (_first(record, "api_type") or "").upper() == "LINK":
        return "link"
    kind = _PROVISION.get(_key(_first(record, "list_type") or ""))
    if kind:
        return kind
    if any(_first(e, "api_type", "end_point_url", "data_format") for e in entries):
        return "open-api"
    return "standard-data" if _is_yes(record.get("is_std_data")) else "file"


def _resources(
    entries: list[dict], *, list_title: str, list_page: str, notes: str, provision: str, warnings: _Warnings
) -> list[dict]:
    resources: list[dict] = []
    seen: set[tuple] = set()
    for entry in entries:
        if _is_yes(entry.get("is_deleted")):
            continue  # a file or operation withdrawn at the source
        api = _entry_is_api(entry, provision)
        name = _first(entry, "title", "list_title") or list_title
        if api:
            formats = _formats(_first(entry, "data_format", "ext"))
            raw_url = _first(entry, "end_point_url", "guide_url")
        else:
            formats = _formats(_first(entry, "ext", "data_format"))
            raw_url = _first(entry, "download_url", "file_download_url", "link_url", "url")
        url = _url(raw_url)
        if raw_url and not url:
            warnings.add("resources", raw_url, "not a web address: the list page is linked instead")
        url = url or list_page
        entry_desc = _first(entry, "desc")
        for fmt in formats or [None]:
            label = f"{name} ({fmt})" if fmt and (api or len(formats) > 1) else name
            if entry_desc and entry_desc != notes:
                description = entry_desc
            elif api:
                api_type = _first(entry, "api_type") or "REST"
                description = f"공공데이터포털 오픈API ({api_type}{', ' + fmt if fmt else ''})"
            else:
                description = f"공공데이터포털 파일데이터{' (' + fmt + ')' if fmt else ''}"
            resource = {
                "name": _limit(label, "resource_name", "resources", warnings),
                "url": url,
                "description": _limit(description, "resource_description", "resources", warnings),
            }
            if fmt:
                resource["format"] = fmt
            key = (resource["url"], fmt, resource["name"])
            if key not in seen:
                seen.add(key)
                resources.append(resource)
    return resources


def _map(record: dict, entries: list[dict], *, default_phone: str | None) -> MappedRecord:
    warnings = _Warnings()
    dataset: dict = {}

    list_id = _list_id(record)
    if not list_id:
        raise MappingError("guid", record.get("list_id"), "the record has no list id (list_id / 목록키)")
    agency = agency_of(record.get("org_cd"), record.get("org_nm"))
    if agency is None:
        raise MappingError("owner_org", record.get("org_cd"), "no agency code (org_cd / 제공기관코드) names the agency")

    raw_title = _first(record, "list_title", "title")
    if not raw_title:
        raise MappingError("title", None, "the record has no title")
    title, version = _split_version(raw_title)
    dataset["title"] = _limit(title, "title", "title", warnings)

    notes = _first(record, "desc")
    if not notes:
        warnings.add("notes", None, "no description: the title is used")
        notes = title
    dataset["notes"] = _limit(notes, "notes", "notes", warnings)

    tags = _tags(_first(record, "keywords"), warnings)
    if tags:
        dataset["tags"] = tags

    dataset["category"], brm = _category(record, warnings)
    if brm:
        dataset["brm_category"] = _limit(brm, "brm_category", "brm_category", warnings)

    dept = _first(record, "dept_nm")
    if not dept:
        warnings.add("dept_name", None, "no managing department: the agency name is used")
        dept = agency.name
    dataset["dept_name"] = _limit(dept, "dept_name", "dept_name", warnings)
    dataset["dept_phone"] = _phone(record, default_phone, warnings)

    email = _first(record, *_EMAIL_KEYS)
    if email:
        if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            dataset["contact_email"] = email
        else:
            warnings.add("contact_email", email, "not an e-mail address: left out")

    for field, keys in (
        ("legal_basis", ("ownership_grounds",)),
        ("collection_method", _COLLECTION_KEYS),
    ):
        value = _first(record, *keys)
        if value:
            dataset[field] = _limit(value, field, field, warnings)

    _cycle_and_next_date(record, dataset, warnings)

    district = _district_by_admin_code().get(agency.code)
    dataset["spatial_districts"] = [district or CITY_DISTRICT]
    spatial = _spatial(record, warnings)
    if spatial:
        dataset["spatial"] = spatial
    _temporal(record, dataset, warnings)

    raw_licence = _first(record, *_LICENCE_KEYS)
    if raw_licence:
        licence = map_licence(raw_licence)
        if licence:
            dataset["license_id"] = licence
        else:
            warnings.add("license_id", raw_licence, "unknown licence: left out (the default KOGL Type 1 applies)")

    provision = _provision(record, entries)
    dataset["provision_type"] = provision

    for field, key in (("is_charged", "is_charged"), ("is_core_data", "is_core_data"), ("is_std_data", "is_std_data")):
        raw = _first(record, key)
        if raw:
            flag = _YES_NO.get(raw.casefold())
            if flag:
                dataset[field] = flag
            else:
                warnings.add(field, raw, "not a yes/no value: left out")
    if provision == "standard-data" and "is_std_data" not in dataset:
        dataset["is_std_data"] = "Y"

    for field, key in (("cost_basis", "cost_unit"), ("data_limitations", "data_limit"), ("other_notes", "etc")):
        value = _first(record, key)
        if value:
            dataset[field] = _limit(value, field, field, warnings)

    page_kind = "openapi" if provision in ("open-api", "link") else "fileData"
    default_page = f"{DATA_GO_KR}/data/{list_id}/{page_kind}.do"
    list_page = _url(_first(record, "meta_url")) or default_page
    raw_source = _first(record, "link_url", "meta_url")
    source_url = _url(raw_source)
    if raw_source and not source_url:
        warnings.add("source_url", raw_source, "not a web address: the data.go.kr page is linked instead")
    dataset["source_url"] = source_url or default_page
    if version:
        dataset["version"] = version

    dataset["resources"] = _resources(
        entries, list_title=title, list_page=list_page, notes=notes, provision=provision, warnings=warnings
    )

    moments = []
    for item in [record, *entries]:
        raw = _first(item, "updated_at")
        moment = _iso_moment(raw)
        if raw and not moment:
            warnings.add("source_modified", raw, "not a date: the source's change date is unknown")
        elif moment:
            moments.append(moment)
    source_modified = max(moments) if moments else None

    canonical = json.dumps(
        {"agency": asdict(agency), "dataset": dataset, "source_modified": source_modified},
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return MappedRecord(
        guid=f"{GUID_PREFIX}{list_id}",
        agency=agency,
        dataset=dataset,
        warnings=tuple(dict.fromkeys(warnings)),
        source_modified=source_modified,
        content_hash=hashlib.sha256(canonical.encode("utf-8")).hexdigest(),
    )


# ---------------------------------------------------------------- public entry points
def _entries(record: dict) -> list[dict]:
    resources = record.get("resources")
    if isinstance(resources, list) and resources:
        return [e for e in resources if isinstance(e, dict)]
    return [record]


def map_catalog_record(record: dict, *, default_phone: str | None = None) -> MappedRecord:
    """One record of the catalog API (file-data-list, open-data-list, standard-data-list,
    dataset), or a list merged by `group_by_list` (its `resources` are the entries)."""
    return _map(record, _entries(record), default_phone=default_phone)


def _column_key(name) -> str:
    return re.sub(r"\s+", "", rules.nfc(str(name)))


def bulk_row_to_record(row: dict) -> dict:
    """A 목록개방현황 row (Korean column names) as an API-shaped record. Column names are matched
    ignoring spaces; 분류체계 ('공공행정 - 법제') gives the category and is kept whole as the BRM."""
    by_key = {_column_key(k): v for k, v in row.items() if k is not None}
    record = {api: by_key[_column_key(col)] for col, api in _BULK_TO_API.items() if _column_key(col) in by_key}
    classification = _text(by_key.get("분류체계"))
    if classification:
        record["new_category_nm"] = re.split(r"\s*(?:>|\s-\s|-|/)\s*", classification, maxsplit=1)[0]
        if record["new_category_nm"] != classification:
            record["category_nm"] = classification
    return record


def map_bulk_row(row: dict, *, default_phone: str | None = None) -> MappedRecord:
    """One row of the 목록개방현황 bulk CSV: one resource per format of 확장자(데이터포맷), linking the list URL."""
    record = bulk_row_to_record(row)
    return _map(record, [record], default_phone=default_phone)


def list_key(record: dict) -> str:
    """The data.go.kr list an entry of the catalog API belongs to (what group_by_list merges by)."""
    return _list_id(record) or _first(record, "id") or json.dumps(record, sort_keys=True, default=str)


def group_by_list(records: Iterable[dict]) -> list[dict]:
    """Entries of the catalog API (one per file or API operation) merged by list_id into one
    record per data.go.kr list: the first entry's fields plus `resources`, every entry in
    first-seen order (an entry id seen twice is kept once). Grouping twice changes nothing."""
    groups: dict[str, dict] = {}
    seen: dict[str, set[str]] = {}
    for record in records:
        key = list_key(record)
        if key not in groups:
            groups[key] = {**record, "resources": []}
            seen[key] = set()
        for entry in _entries(record):
            entry_id = _first(entry, "id") or json.dumps(entry, sort_keys=True, default=str)
            if entry_id not in seen[key]:
                seen[key].add(entry_id)
                groups[key]["resources"].append(entry)
    return list(groups.values())


def is_withdrawn(record: dict) -> bool:
    """The list is deleted at the source (is_list_deleted = Y), or every entry of it is."""
    if _is_yes(record.get("is_list_deleted")):
        return True
    entries = _entries(record)
    return bool(entries) and all(_is_yes(e.get("is_deleted")) or _is_yes(e.get("is_list_deleted")) for e in entries)
