"""The column list of a resource (its data dictionary) turned into what the diagnosis checks.

The data dictionary is the DataStore's (``fields`` with an ``info`` dict per column); this
extension adds its keys to ``info`` (see ``INFO_KEYS``). A column without a domain in the
dictionary takes the domain of the standard term it is named after (Korean name or English
abbreviation), so a file is diagnosed by its standard domains even before anyone edits the
dictionary. No CKAN import.
"""

from __future__ import annotations

from collections.abc import Callable

from ..standards.reader import split_list
from .checks import ColumnSpec, parse_domain

# info keys of a DataStore field that this extension adds (CKAN's own: label, notes, type_override).
INFO_KEYS = ("busan_domain", "busan_length", "busan_term", "busan_required", "busan_key", "busan_personal")
# Columns whose names say they hold personal data: their sample values are masked.
PERSONAL_WORDS = (
    "성명",
    "이름",
    "주민",
    "전화",
    "휴대",
    "이메일",
    "주소",
    "생년월일",
    "FLNM",
    "TELNO",
    "EMAIL",
    "ADDR",
    "RRNO",
)


def _flag(value) -> bool:
    return str(value).strip().lower() in ("true", "y", "yes", "1", "on")


def filled_info(
    fields: list[dict],
    term_of: Callable[[str], dict | None],
    domain_of: Callable[[str], dict | None],
    comments: dict[str, str] | None = None,
) -> list[dict] | None:
    """The data dictionary filled where a publisher left it empty: the Korean name from the
    source database's column comment (harvested tables), then the standard term the column's
    name or label matches, with its domain and length. None when nothing would change."""
    changed = False
    out = []
    for f in fields:
        info = dict(f.get("info") or {})
        if comments and not info.get("label") and comments.get(f["id"]):
            info["label"] = comments[f["id"]]
        if not info.get("busan_term"):
            term = term_of(info.get("label") or "") or term_of(f["id"])
            if term:
                info["busan_term"] = term["name"]
                info.setdefault("label", term["name"])
                domain = domain_of(term.get("domain") or "") or {}
                if term.get("domain") and not info.get("busan_domain"):
                    info["busan_domain"] = term["domain"]
                if domain.get("length") and not info.get("busan_length"):
                    info["busan_length"] = str(domain["length"])
        changed |= info != (f.get("info") or {})
        out.append({**f, "info": info})
    return out if changed else None


def specs_for(
    fields: list[dict],
    term_of: Callable[[str], dict | None],
    domain_of: Callable[[str], dict | None],
    codes_of: Callable[[str], list[str]],
) -> list[ColumnSpec]:
    """``fields``: [{id, type, info: {label, notes, busan_*}}] (DataStore) or [{id}] (a header).
    ``term_of(name)``: the standard term named so (Korean name or English abbreviation);
    ``domain_of(name)``: the standard domain row; ``codes_of(code_name)``: 행정표준코드 values."""
    specs = []
    for f in fields:
        name = f.get("id") or f.get("name")
        if not name or name.startswith("_"):
            continue  # DataStore's own columns (_id, _full_text)
        info = f.get("info") or {}
        title = info.get("label") or None
        term = term_of(info.get("busan_term") or "") or term_of(title or "") or term_of(name)
        domain_name = info.get("busan_domain") or (term or {}).get("domain")
        domain = domain_of(domain_name) if domain_name else None
        allowed = split_list((term or {}).get("allowed_values")) or split_list((domain or {}).get("allowed_values"))
        code_name = (term or {}).get("admin_code") or None
        length = info.get("busan_length")
        parsed = parse_domain(domain_name)
        scale = None
        if domain and domain.get("scale"):
            scale = int(domain["scale"])
        elif parsed and parsed.scale is not None:
            scale = parsed.scale
        specs.append(
            ColumnSpec(
                name=name,
                title=title or (term or {}).get("name"),
                domain=domain_name,
                length=int(length)
                if str(length or "").isdigit()
                else (int(domain["length"]) if domain and str(domain.get("length") or "").isdigit() else None),
                scale=scale,
                allowed=allowed,
                code_name=code_name,
                codes=codes_of(code_name) if code_name else [],
                required=_flag(info.get("busan_required")),
                key=_flag(info.get("busan_key")),
                personal=_flag(info.get("busan_personal"))
                or any(w in f"{name} {title or ''}".upper() for w in PERSONAL_WORDS),
                description=info.get("notes") or None,
            )
        )
    return specs
