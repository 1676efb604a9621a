"""Pure helpers for Korean-aware search parameters (no CKAN import, unit-testable).

CKAN sends a query without a colon to Solr's dismax parser with ``qf``; a query with a
colon (a URL, ``09:00``, ``해수욕장 res_format:CSV``) goes to the Lucene parser with
``df=text``, which knows nothing of the Korean fields. Here every such query goes to
edismax with the Korean fields in ``qf``; a colon stays field syntax only after a field
that people may name (``SEARCHABLE_FIELDS``), every other colon and slash is escaped, so a
URL or a time is searched as text.
"""

from __future__ import annotations

import re
import unicodedata
from fnmatch import fnmatchcase

# CKAN's own default qf (ckan.lib.search.query.QUERY_FIELDS), kept so English and
# exact-name matching behave as in stock CKAN.
CKAN_QUERY_FIELDS = "name^4 title^4 tags^2 groups^2 text"

# A colon that is not escaped, with the field-like word before it (maybe empty).
_COLON = re.compile(r"(?P<field>[\w.*]*)(?<!\\):")
_QUOTED = re.compile(r'"(?:\\.|[^"\\])*"?')


def nfc(value):
    """Strings (also inside lists) in NFC: the index holds NFC, so must the query."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


def is_searchable_field(name: str, fields: list[str]) -> bool:
    return any(fnmatchcase(name, pattern) for pattern in fields)


def _escape_outside_quotes(text: str, fields: list[str]) -> str:
    def colon(m: re.Match) -> str:
        name = m.group("field")
        if name and not name[0].isdigit() and is_searchable_field(name, fields):
            return m.group(0)
        return f"{name}\\:"

    def fix(segment: str) -> str:
        segment = re.sub(r"(?<!\\)/", r"\\/", segment)  # '/' starts a regex in Solr syntax
        return _COLON.sub(colon, segment)

    out, pos = [], 0
    for m in _QUOTED.finditer(text):
        out.append(fix(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(fix(text[pos:]))
    return "".join(out)


def escape_unknown_fields(q: str, fields: list[str]) -> str:
    """'https://x.kr/a 해수욕장 res_format:CSV' -> 'https\\:\\/\\/x.kr\\/a 해수욕장 res_format:CSV'."""
    return _escape_outside_quotes(q, fields)


def with_korean_fields(search_params: dict, korean_fields: str, searchable_fields: list[str]) -> dict:
    """Return search params whose query reaches the Korean-analysed fields.

    A caller's own ``qf`` is respected (API users who ask for specific fields get them), and
    so is a parser other than dismax/edismax (the caller asked for Lucene syntax on purpose).
    """
    params = dict(search_params)
    for key in ("q", "fq", "fq_list"):
        if key in params:
            params[key] = nfc(params[key])
    def_type = params.get("defType") or "dismax"
    if def_type not in ("dismax", "edismax"):
        return params
    q = params.get("q")
    if isinstance(q, str) and (":" in q or "/" in q or def_type == "edismax") and q.strip() not in ("*:*", ""):
        # CKAN keeps dismax/qf only without a colon, or when edismax is asked for.
        params["defType"] = "edismax"
        params["q"] = escape_unknown_fields(q, searchable_fields)
    if not params.get("qf") and korean_fields.strip():
        params["qf"] = f"{CKAN_QUERY_FIELDS} {korean_fields.strip()}"
    return params
