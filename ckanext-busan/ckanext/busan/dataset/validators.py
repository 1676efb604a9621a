"""CKAN validators of the Busan dataset and organisation schemas: thin glue that calls
the pure rules in rules.py and turns RuleError into a translated field error."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.busan.dataset import rules, slug
from ckanext.busan.dataset.codelists import codelist

Invalid = tk.Invalid
missing = tk.missing


def _invalid(err: rules.RuleError) -> tk.Invalid:
    return Invalid(tk._(err.message).format(**err.params))


def _blank(value: Any) -> bool:
    return value is missing or value is None or (isinstance(value, str) and not value.strip())


def _sibling(key: tuple, data: dict, name: str) -> Any:
    """Another field of the same dataset (or resource) as the one being validated."""
    value = data.get(key[:-1] + (name,))
    return None if _blank(value) else value


def busan_phone(value: Any) -> Any:
    if _blank(value):
        return value
    try:
        return rules.normalise_phone(str(value))
    except rules.RuleError as e:
        raise _invalid(e) from None


def busan_codelist(listname: str):
    """Only values of codelists/<listname>.csv."""

    def validator(value: Any) -> Any:
        if _blank(value):
            return value
        try:
            return rules.check_choice(listname, str(value).strip())
        except rules.RuleError as e:
            raise _invalid(e) from None

    return validator


def busan_codelist_multiple(listname: str):
    """One or more values of codelists/<listname>.csv, stored as a JSON list."""

    def validator(key, data, errors, context):
        value = data.get(key)
        if _blank(value):
            return
        if isinstance(value, str):
            try:
                items = json.loads(value) if value.startswith("[") else value.split(",")
            except ValueError:
                items = value.split(",")
        else:
            items = list(value)
        items = [str(i).strip() for i in items if str(i).strip()]
        known = [c.value for c in codelist(listname)]
        unknown = [i for i in items if i not in known]
        if unknown:
            errors[key].append(tk._("Unknown value: {value}.").format(value=", ".join(unknown)))
            return
        data[key] = json.dumps([v for v in known if v in items])  # code-list order, no duplicates

    return validator


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
    """An ISO date (YYYY-MM-DD), also accepting YYYYMMDD and YYYY.MM.DD; stored ISO."""
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


def _last_modified(context: dict, data: dict) -> dt.date:
    package = context.get("package")
    if package is None and data.get(("id",)) not in (None, missing, ""):
        package = model.Package.get(data[("id",)])
    if package is not None and package.metadata_modified:
        return package.metadata_modified.date()
    return dt.date.today()


def busan_next_registration(key, data, errors, context):
    """Required when the update cycle is periodic; not before the last modification."""
    try:
        rules.check_next_registration(
            _sibling(key, data, "update_cycle"), _sibling(key, data, key[-1]), _last_modified(context, data)
        )
    except rules.RuleError as e:
        errors[key].append(_invalid(e).error)


def busan_period_end(key, data, errors, context):
    """The end of the time range is not before its start."""
    try:
        rules.check_period(_sibling(key, data, "temporal_start"), _sibling(key, data, key[-1]))
    except rules.RuleError as e:
        errors[key].append(_invalid(e).error)


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


def get_validators() -> dict:
    return {
        "busan_phone": busan_phone,
        "busan_codelist": busan_codelist,
        "busan_codelist_multiple": busan_codelist_multiple,
        "busan_max_length": busan_max_length,
        "busan_date": busan_date,
        "busan_license": busan_license,
        "busan_geometry": busan_geometry,
        "busan_next_registration": busan_next_registration,
        "busan_period_end": busan_period_end,
        "busan_name_from_title": busan_name_from_title,
        "busan_agency_code": busan_agency_code,
    }
