"""CKAN validators of the Busan dataset and organisation schemas: thin glue that calls
the pure rules in rules.py and turns RuleError into a translated field error.

Registered with ``tk.blanket.validators`` (the names in ``__all__``). Field validators run in
CKAN's key order, so rules that compare two fields are schema-level ``after_validators``
(``busan_dataset_rules``): they see both converted values and skip fields already in error.
"""

from __future__ import annotations

import json
import math
import unicodedata
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.dataset import rules, slug
from ckanext.scheming.validation import scheming_validator

__all__ = [
    "busan_clean_input",
    "busan_dataset_rules",
    "busan_phone",
    "busan_list_of_strings",
    "busan_max_length",
    "busan_date",
    "busan_license",
    "busan_geometry",
    "busan_resource_url",
    "busan_keep_stored",
    "busan_name_from_title",
    "busan_agency_code",
]

Invalid = tk.Invalid
missing = tk.missing
_SINGLE_VALUE = "Enter a single value, not a list."
_LIST_OF_CODES = "Expected a list of codes."
_TEXT_VALUE = "Enter a text value, not true/false or NaN."


def _invalid(err: rules.RuleError) -> tk.Invalid:
    return Invalid(tk._(err.message).format(**err.params))


def _blank(value: Any) -> bool:
    return value is missing or value is None or (isinstance(value, str) and not value.strip())


def _sibling(key: tuple, data: dict, name: str) -> Any:
    """Another field of the same dataset (or resource) as the one being validated."""
    value = data.get(key[:-1] + (name,))
    return None if _blank(value) else value


# ---------------------------------------------------------------- whole-record input cleaning
def _clean_text(value: str) -> str:
    """NFC, without control characters (PostgreSQL refuses NUL; Solr refuses most C0) and
    without lone surrogates (not encodable as UTF-8). Tab and line breaks stay."""
    value = rules.nfc(value)
    return "".join(c for c in value if c in "\t\n\r" or unicodedata.category(c) not in ("Cc", "Cs"))


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        return _clean_text(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def _list_fields(fields: list[dict]) -> set[str]:
    """Fields that take a list (scheming's multiple_* presets, or marked `takes_list: true`)."""
    return {f["field_name"] for f in fields if str(f.get("preset", "")).startswith("multiple_") or f.get("takes_list")}


@scheming_validator
def busan_clean_input(field, schema):
    """Schema-level before-validator: every string of the record NFC-normalised and cleaned,
    and a list or object given for a single-valued field refused on that field (CKAN would
    otherwise store its Python repr or fail in the database)."""
    dataset_fields = schema.get("dataset_fields", [])
    resource_fields = schema.get("resource_fields", [])
    lists = _list_fields(dataset_fields)
    scalar = {f["field_name"] for f in dataset_fields} - lists
    resource_scalar = {f["field_name"] for f in resource_fields} - _list_fields(resource_fields)

    def validator(key, data, errors, context):
        # A list of objects for one of our fields arrives flattened, ('field', 0, 'x'), and
        # navl has put it in __junk: refuse it on the field, not as "unexpected input".
        junk = data.get(("__junk",))
        if isinstance(junk, dict):
            for jk in [jk for jk in junk if isinstance(jk, tuple) and jk]:
                if jk[0] in scalar | lists:
                    field_key = jk[:1]
                elif jk[0] == "resources" and len(jk) > 3 and jk[2] in resource_scalar:
                    field_key = jk[:3]
                else:
                    continue
                del junk[jk]
                message = tk._(_SINGLE_VALUE if field_key[-1] not in lists else _LIST_OF_CODES)
                if message not in errors.setdefault(field_key, []):
                    errors[field_key].append(message)
            if not junk:
                del data[("__junk",)]
        for k in list(data):
            data[k] = _clean(data[k])
            value = data[k]
            name = k[-1] if isinstance(k[-1], str) else None
            in_resource = len(k) == 3 and k[0] == "resources"
            single = (len(k) == 1 and name in scalar) or (in_resource and name in resource_scalar)
            if not single:
                continue
            if isinstance(value, list | dict):
                errors.setdefault(k, []).append(tk._(_SINGLE_VALUE))
                data[k] = missing
            elif isinstance(value, bool) or (isinstance(value, float) and not math.isfinite(value)):
                errors.setdefault(k, []).append(tk._(_TEXT_VALUE))
                data[k] = missing
            elif isinstance(value, int | float):
                data[k] = str(value)  # 2025 or 1.5 sent as JSON numbers: read as the text they show

    return validator


@scheming_validator
def busan_dataset_rules(field, schema):
    """Schema-level after-validator: the rules between fields. One error, on the field
    that is wrong, and only when neither field already has an error of its own."""

    def validator(key, data, errors, context):
        def value(name):
            if errors.get((name,)):
                raise LookupError(name)
            v = data.get((name,))
            return None if _blank(v) else v

        checks = (
            (("temporal_start", "temporal_end"), "temporal_end", rules.check_period),
            (("update_cycle", "next_registration_date"), "next_registration_date", rules.check_next_registration),
            *(
                (("security_classification", name), name, rules.check_withheld(name))
                for name in ("withheld_scope", "withheld_legal_ground", "withheld_request_info")
            ),
        )
        for names, target, check in checks:
            try:
                args = [value(n) for n in names]
            except LookupError:
                continue
            try:
                check(*args)
            except rules.RuleError as e:
                errors.setdefault((target,), []).append(_invalid(e).error)

    return validator


# ---------------------------------------------------------------- field validators
def busan_phone(value: Any) -> Any:
    if _blank(value):
        return value
    try:
        return rules.normalise_phone(str(value))
    except rules.RuleError as e:
        raise _invalid(e) from None


def busan_list_of_strings(key, data, errors, context):
    """Before scheming_multiple_choice: a list of codes, given as a list, one string, a
    JSON list or a comma-separated string (as data.go.kr exports write them). Numbers are
    read as codes; anything else is a field error rather than a server error."""
    value = data.get(key)
    if _blank(value):
        return
    if isinstance(value, str):
        text = value.strip()
        try:
            items = json.loads(text) if text.startswith("[") else text.split(",")
        except ValueError:
            items = text.split(",")
    else:
        items = value if isinstance(value, list) else [value]
    if not isinstance(items, list) or not all(isinstance(i, str | int) and not isinstance(i, bool) for i in items):
        errors[key].append(tk._(_LIST_OF_CODES))
        return
    data[key] = [str(i).strip() for i in items if str(i).strip()]


def busan_max_length(limit: str | int):
    limit = int(limit)

    def validator(value: Any) -> Any:
        if isinstance(value, str):
            try:
                rules.check_length(value, limit)
            except rules.RuleError as e:
                raise _invalid(e) from None
        return value

    return validator


def busan_date(value: Any) -> Any:
    """A real date as YYYY-MM-DD (also YYYYMMDD, YYYY.MM.DD, 2025년 7월 1일), stored ISO."""
    if _blank(value):
        return value
    try:
        return rules.parse_date(value).isoformat()
    except rules.RuleError as e:
        raise _invalid(e) from None


def busan_license(value: Any) -> Any:
    try:
        return rules.check_license(str(value))
    except rules.RuleError as e:
        raise _invalid(e) from None


def busan_geometry(value: Any) -> Any:
    """GeoJSON or 'minx,miny,maxx,maxy' within Busan; a bbox is stored as a GeoJSON polygon
    (the form ckanext-spatial indexes)."""
    if _blank(value):
        return value
    try:
        geometry = rules.parse_geometry(str(value))
    except rules.RuleError as e:
        raise _invalid(e) from None
    return value if str(value).strip().startswith("{") else json.dumps(geometry)


def busan_resource_url(key, data, errors, context):
    """A resource link that CKAN can store and parse again (see rules.check_resource_url)."""
    value = data.get(key)
    if _blank(value):
        return
    try:
        rules.check_resource_url(str(value), is_upload=_sibling(key, data, "url_type") == "upload")
    except rules.RuleError as e:
        errors[key].append(_invalid(e).error)


def busan_keep_stored(key, data, errors, context):
    """Fields the form does not show (harvest provenance) keep their stored value when an
    update leaves them out, so a publisher's edit does not erase where a dataset came from."""
    if not _blank(data.get(key)):
        return
    package = context.get("package")
    if package is None or data.get(("id",)) not in (package.id, package.name):
        return
    stored = package.extras.get(key[-1])
    if stored:
        data[key] = stored


def busan_name_from_title(key, data, errors, context):
    """An empty URL name is made from the (Korean) title: romanised, readable and unique."""
    if not _blank(data.get(key)):
        return
    title = _sibling(key, data, "title")
    if not title:
        return
    own_id = data.get(("id",))

    def taken(name: str) -> bool:
        pkg = model.Package.by_name(name)
        return pkg is not None and pkg.id != own_id

    data[key] = slug.unique_name(slug.slug_from_title(str(title)), taken)


def busan_agency_code(key, data, errors, context):
    """7-digit 행정기관코드 (or data.go.kr provider code), unique among organisations."""
    code = data.get(key)
    if _blank(code):
        return
    try:
        code = rules.check_agency_code(str(code), _sibling(key, data, "agency_code_system"))
    except rules.RuleError as e:
        errors[key].append(_invalid(e).error)
        return
    own_id = data.get(("id",))
    clash = (
        model.Session.query(model.Group)
        .join(model.GroupExtra, model.GroupExtra.group_id == model.Group.id)
        .filter(model.GroupExtra.key == "agency_code", model.GroupExtra.value == code)
        .filter(model.GroupExtra.state == "active", model.Group.state != "deleted")
    )
    if own_id not in (None, missing, ""):  # organization_patch passes the name as id
        clash = clash.filter(model.Group.id != own_id, model.Group.name != own_id)
    other = clash.first()
    if other is not None:
        errors[key].append(tk._("Agency code {code} is already used by {org}.").format(code=code, org=other.title))
        return
    data[key] = code
