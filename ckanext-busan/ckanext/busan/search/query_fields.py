"""Pure helpers for Korean-aware search parameters (no CKAN import, unit-testable).

CKAN sends a query without a colon to Solr's dismax parser with ``qf``; a query with a
colon (a URL, ``09:00``, ``해수욕장 res_format:CSV``) goes to the Lucene parser with
``df=text``, which knows nothing of the Korean fields. Here every such query goes to
edismax (Solr's ``busan_edismax``: edismax with q.op=OR) with the Korean fields in ``qf``; a
colon stays field syntax only after a field that people may name (``SEARCHABLE_FIELDS``),
every other colon and slash is escaped, so a URL or a time is searched as text.
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


# Braces would open local parameters ({!parser ...}): nobody may set those from the search box.
# A question mark or exclamation mark ending a word is punctuation ("어디 있어요?"), not a
# wildcard.
_BRACES = re.compile(r"[{}]")
_END_PUNCT = re.compile(r"(?<=\S)[?!？！。]+(?=\s|$)")


def plain_text(q: str) -> str:
    return _END_PUNCT.sub("", _BRACES.sub(" ", q)).strip()


def escape_unknown_fields(q: str, fields: list[str]) -> str:
    """'https://x.kr/a 해수욕장 res_format:CSV' -> 'https\\:\\/\\/x.kr\\/a 해수욕장 res_format:CSV'."""
    return _escape_outside_quotes(q, fields)


# Solr's edismax with q.op=OR (config/solr/plugin, registered in solrconfig.xml). CKAN sends
# q.op=AND, which makes every word of each field's analysis required and so switches mm off;
# q.op is not a parameter package_search passes on, so OR comes from the parser itself.
QUERY_PARSER = "busan_edismax"
# On a Solr without that plugin (parser "edismax"), OR goes in local parameters instead, which
# CKAN checks on every search (ckan.search.solr_allowed_query_parsers = edismax).
LOCAL_PARAMS = "{!edismax q.op=OR}"
# Minimum match of a text query, counted on the words left after Korean analysis (particles,
# endings, verbs and question words dropped): up to 2 words all, 3-4 all but one, 5-6 all but
# two, longer questions 60%. Questions name words a title lacks ("밤늦게 문 여는 약국").
DEFAULT_MM = "2<-1 4<-2 6<60%"
# How much a dataset covering a 구·군 named in the query is lifted (multiplies its score).
DISTRICT_BOOST = 3


def district_codes(q: str, districts: list[tuple[str, str]]) -> list[str]:
    """Codes of the districts named in the query, as a word or a word's start with a particle
    ("해운대구에", "사하구 경로당"), never inside another name ("강서구" is not "서구").

    ``districts`` is [(code, name), ...]; the short form without 구/군 counts only where it is
    not also a common word (해운대, 부산진, 동래 ... but not 수영 "swimming" or 사상).
    """
    found = []
    for code, name in districts:
        forms = [name]
        short = name[:-1]
        if len(short) >= 2 and short not in AMBIGUOUS_SHORT_NAMES:
            forms.append(short)
        if any(re.search(rf"(?<![\uac00-\ud7a3]){re.escape(f)}", q) for f in forms):
            found.append(code)
    return found


AMBIGUOUS_SHORT_NAMES = {"수영", "사상", "강서", "북", "남", "동", "서", "중"}


def district_boost(codes: list[str]) -> str:
    cond = ",".join(f"termfreq(spatial_districts,'{c}')" for c in codes)
    if len(codes) > 1:
        cond = f"or({cond})"
    return f"if({cond},{DISTRICT_BOOST},1)"


def with_korean_fields(
    search_params: dict,
    korean_fields: str,
    searchable_fields: list[str],
    *,
    mm: str = DEFAULT_MM,
    parser: str = QUERY_PARSER,
    expand=None,
    districts: list[tuple[str, str]] | None = None,
) -> dict:
    """Return search params whose query reaches the Korean-analysed fields.

    A text query goes to ``parser``, edismax with q.op=OR (whose ``sow`` defaults to false: the
    whole query is analysed per field, so multi-word synonyms and compounds split by spaces
    match, and ``mm`` counts the words each field's analysis keeps). ``expand`` rewrites the
    query (synonyms); ``districts`` lifts datasets of the 구·군 the query names.

    A caller's own ``qf`` and ``mm`` are respected (API users who ask for specific fields get
    them), and so is a parser other than dismax/edismax (the caller asked for Lucene syntax).
    """
    params = dict(search_params)
    for key in ("q", "fq", "fq_list"):
        if key in params:
            params[key] = nfc(params[key])
    def_type = params.get("defType") or "dismax"
    # busan_edismax or lucene with LOCAL_PARAMS: already rewritten (a plugin searching again
    # with the params it saw)
    if def_type not in ("dismax", "edismax"):
        return params
    q = params.get("q")
    if isinstance(q, str) and q.strip() not in ("*:*", "", '""', "''"):
        q = escape_unknown_fields(plain_text(q), searchable_fields)
        if expand is not None:
            q = expand(q)
        codes = district_codes(q, districts or [])
        if codes and not params.get("boost"):
            params["boost"] = district_boost(codes)
        params.setdefault("mm", mm)
        if parser == "edismax":
            params["defType"], params["q"] = "lucene", LOCAL_PARAMS + q
        else:
            params["defType"], params["q"] = parser, q
    if not params.get("qf") and korean_fields.strip():
        params["qf"] = f"{CKAN_QUERY_FIELDS} {korean_fields.strip()}"
    return params
