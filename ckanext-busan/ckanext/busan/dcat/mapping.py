"""Busan schema values <-> DCAT-AP 3 IRIs and literals (pure: no CKAN import).

Both directions live here so that the profile's serializer and parser, and the DCAT harvester
(``harvesters/dcat_catalog.py``), read one mapping. The data are the schema's code lists
(``dataset/codelists/*.csv``, ``dataset/licenses.json``); nothing is listed twice.

IRIs minted by the portal are built on its base URI (``ckanext.dcat.base_uri``):

- ``{base}/vocab/category`` and ``{base}/vocab/category/{id}``: the 16 categories (SKOS);
- ``{base}/vocab/district`` and ``{base}/vocab/district/{법정동코드}``: 부산 and its 16 구·군.

They are read back whatever the base (``/vocab/{scheme}/{code}`` at the end of the path), so a
second Busan portal harvesting this one understands them. Properties without a DCAT-AP
equivalent use the ``busan:`` vocabulary (BUSAN below), whose IRI does not depend on the
deployment.
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache

from ckanext.busan.dataset import codelists, rules

BUSAN_NS = "https://data.busan.go.kr/def/busan#"
BUSAN_LICENCE_BASE = "https://data.busan.go.kr/def/licence/"
BUSAN_FILE_TYPE_BASE = "https://data.busan.go.kr/def/file-type/"
EU_FILE_TYPE_BASE = "http://publications.europa.eu/resource/authority/file-type/"
EU_LANGUAGE_KOR = "http://publications.europa.eu/resource/authority/language/KOR"
EU_ACCESS_RIGHT_BASE = "http://publications.europa.eu/resource/authority/access-right/"
EU_ACCESS_PUBLIC = EU_ACCESS_RIGHT_BASE + "PUBLIC"
# 공개 구분 (security_classifications.csv) -> the EU access-right authority
ACCESS_RIGHTS = {"open": "PUBLIC", "partial": "RESTRICTED", "closed": "NON_PUBLIC"}
IANA_MEDIA_TYPE_BASE = "https://www.iana.org/assignments/media-types/"

# vocabulary path -> code list
SCHEMES = {"category": "categories", "district": "districts", "withholding-ground": "withholding_grounds"}
THEME_SCHEMES = ("category", "district")  # the catalogue's dcat:themeTaxonomy
SCHEME_TITLES = {
    "category": ("부산 데이터 분류체계 (공공데이터포털 16개 분류)", "Busan data categories (data.go.kr's 16)"),
    "district": ("부산광역시 구·군 (법정동코드)", "Busan districts (legal-dong codes)"),
    "withholding-ground": ("비공개 근거 (공공데이터법·정보공개법)", "Legal grounds for withholding data"),
}


# ---------------------------------------------------------------- vocabularies of the portal
def scheme_uri(base: str, scheme: str) -> str:
    return f"{base.rstrip('/')}/vocab/{scheme}"


def concept_uri(base: str, scheme: str, code: str) -> str:
    return f"{scheme_uri(base, scheme)}/{code}"


def concept_code(uri: str, scheme: str) -> str | None:
    """The code of a concept IRI of our vocabulary (any base), when the code list has it."""
    m = re.search(rf"/vocab/{re.escape(scheme)}/([^/?#]+)/?$", str(uri or ""))
    if m and m.group(1) in codelists.values(SCHEMES[scheme]):
        return m.group(1)
    return None


def theme_category(value: str) -> str | None:
    """A dcat:theme as a category id: our concept IRI, or data.go.kr's literal ('보건 - 건강보험',
    '교통물류'), or the last path segment of another IRI that names one of ours."""
    from ckanext.busan.harvesters.mapping import category_id  # pure; imported late (it imports pyproj lazily)

    text = str(value or "").strip()
    found = concept_code(text, "category")
    if found:
        return found
    head = text.rsplit("/", 1)[-1].split(" - ")[0].split(">")[0].strip()
    return category_id(head) if head else None


def dataset_ref_of(uri, base: str) -> str | None:
    """The id (or name) at the end of a dataset IRI of the portal at `base` ({base}/dataset/{ref})."""
    prefix = f"{base.rstrip('/')}/dataset/"
    text = str(uri or "")
    if not text.startswith(prefix):
        return None
    ref = text[len(prefix) :].strip("/")
    return ref if ref and "/" not in ref else None


# ---------------------------------------------------------------- access rights
def access_right_uri(classification: str | None) -> str | None:
    """A security_classifications.csv id -> the EU access-right IRI."""
    code = ACCESS_RIGHTS.get(classification or "")
    return EU_ACCESS_RIGHT_BASE + code if code else None


def classification_of(uri) -> str | None:
    """An EU access-right IRI -> the 공개 구분 id."""
    text = str(uri or "").strip()
    return next((k for k, v in ACCESS_RIGHTS.items() if text == EU_ACCESS_RIGHT_BASE + v), None)


# ---------------------------------------------------------------- update cycles
@cache
def _frequency_rows() -> tuple[dict, ...]:
    with (codelists.CODELISTS / "eu_frequencies.csv").open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def update_cycle_of(frequency) -> str | None:
    """dct:accrualPeriodicity (an EU frequency IRI) -> an update_cycles.csv id."""
    text = str(frequency or "").strip()
    return next((r["update_cycle"] for r in _frequency_rows() if r["eu_frequency"] == text), None)


def eu_frequency(cycle: str | None) -> str | None:
    """An update_cycles.csv id -> the EU frequency IRI published for it (column ``published``)."""
    return next(
        (r["eu_frequency"] for r in _frequency_rows() if r["update_cycle"] == cycle and r.get("published") == "yes"),
        None,
    )


# ---------------------------------------------------------------- licences
def licence_uri(license_id: str | None) -> str | None:
    """The IRI of a licences.json licence: its kogl.or.kr page, or a busan: IRI when it has none."""
    lic = next((lic for lic in codelists.licenses() if lic["id"] == license_id), None)
    if lic is None:
        return None
    return lic.get("url") or f"{BUSAN_LICENCE_BASE}{lic['id']}"


def licence_titles(license_id: str) -> tuple[str, str]:
    lic = next(lic for lic in codelists.licenses() if lic["id"] == license_id)
    return lic["title"], lic.get("title_en") or lic["title"]


def license_id_of(uri) -> str | None:
    text = str(uri or "").strip()
    if not text:
        return None
    for lic in codelists.licenses():
        if text in (lic.get("url"), f"{BUSAN_LICENCE_BASE}{lic['id']}"):
            return lic["id"]
    return None


# ---------------------------------------------------------------- phones
def tel_uri(phone: str | None) -> str | None:
    """'051-888-1234' -> 'tel:+82-51-888-1234' (RFC 3966)."""
    if not phone:
        return None
    try:
        local = rules.normalise_phone(phone)
    except rules.RuleError:
        return None
    return "tel:+82-" + local.removeprefix("0")


def phone_of(value) -> str | None:
    """'tel:+82-51-888-1234' or a written number -> '051-888-1234'; None when it is not one."""
    text = str(value or "").strip().removeprefix("tel:")
    if not text:
        return None
    try:
        return rules.normalise_phone(text)
    except rules.RuleError:
        return None


# ---------------------------------------------------------------- formats
@cache
def _file_types() -> tuple[dict, ...]:
    with (codelists.CODELISTS / "file_types.csv").open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def _format_key(fmt: str) -> str:
    return re.sub(r"[^A-Z0-9]", "", str(fmt or "").upper())


def format_uri(fmt: str | None) -> str | None:
    """A resource format ('CSV') -> its EU file-type IRI, or a busan: file-type IRI for formats
    the EU list lacks (HWP) or that no list knows."""
    key = _format_key(fmt or "")
    if not key:
        return None
    row = next((r for r in _file_types() if _format_key(r["format"]) == key), None)
    if row and row["eu_file_type"]:
        return EU_FILE_TYPE_BASE + row["eu_file_type"]
    return BUSAN_FILE_TYPE_BASE + (row["format"] if row else key)


def media_type_uri(fmt: str | None) -> str | None:
    key = _format_key(fmt or "")
    row = next((r for r in _file_types() if _format_key(r["format"]) == key), None)
    return IANA_MEDIA_TYPE_BASE + row["media_type"] if row and row["media_type"] else None


def format_of(uri) -> str | None:
    """An EU or busan: file-type IRI -> the resource format ('CSV')."""
    text = str(uri or "")
    for base in (EU_FILE_TYPE_BASE, BUSAN_FILE_TYPE_BASE):
        if text.startswith(base):
            code = text[len(base) :]
            row = next((r for r in _file_types() if code in (r["eu_file_type"], r["format"])), None)
            return row["format"] if row else code
    return None


# ---------------------------------------------------------------- yes/no
def boolean_of(value) -> str | None:
    text = str(value).strip().lower()
    return {"true": "Y", "1": "Y", "y": "Y", "false": "N", "0": "N", "n": "N"}.get(text)


# ---------------------------------------------------------------- geometry
def geometry_of(spatial) -> dict | None:
    """A 공간범위 value (GeoJSON text) as a GeoJSON dict, when it is valid and within Busan."""
    if not spatial:
        return None
    try:
        return rules.parse_geometry(str(spatial))
    except rules.RuleError:
        return None


@lru_cache(maxsize=4096)
def geometry_literals(spatial: str | None) -> tuple[str, str, str] | None:
    """WKT of a 공간범위 value, of its bounding box and of its centroid (None when it is not a
    valid geometry within Busan). Cached: many datasets share a district's outline."""
    geometry = geometry_of(spatial)
    if geometry is None:
        return None
    return geometry_wkt(geometry), bbox_wkt(geometry), centroid_wkt(geometry)


def _wkt(geometry) -> str:
    from shapely import to_wkt

    return to_wkt(geometry, rounding_precision=-1, trim=True)


def geometry_wkt(geometry: dict) -> str:
    from shapely.geometry import shape

    return _wkt(shape(geometry))


def bbox_wkt(geometry: dict) -> str:
    from shapely.geometry import box, shape

    return _wkt(box(*shape(geometry).bounds))


def centroid_wkt(geometry: dict) -> str:
    from shapely.geometry import shape

    return _wkt(shape(geometry).centroid)
