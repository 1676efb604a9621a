"""Typo-tolerant title matching for dataset autocomplete (pure: no CKAN import).

CKAN's package_autocomplete finds titles that contain the typed text. When it finds fewer than
asked, busan_search asks Solr for candidates sharing fuzzy character n-grams with the text
(``candidate_query``) and ranks them here by similarity. Korean typos change one letter
(jamo) of a syllable (경노당/경로당, 어린이짐/어린이집), so titles are compared letter by letter
after Unicode decomposition, against the part of the title the text lines up with best.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

_NOT_WORD = re.compile(r"[\W_]+")
# Below this similarity a title is not offered (0.75: one wrong letter in a three-syllable word).
MIN_SIMILARITY = 0.75
MAX_TERMS = 12


def normalise(text: str) -> str:
    """Lower case, compatibility forms folded, spaces and punctuation removed."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text or "").lower())


def _jamo(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def candidate_query(q: str, field: str = "title_ngram") -> str | None:
    """Solr query for titles sharing any 3-gram at edit distance 1, or any 2-gram, with q.

    ``field`` holds CKAN's 2-10 character n-grams of titles (title_ngram).
    """
    text = normalise(q)
    if len(text) < 2:
        return None
    grams = [text[i : i + 3] for i in range(len(text) - 2)]
    terms = [f"{g}~1" for g in grams[:MAX_TERMS]]
    terms += [text[i : i + 2] for i in range(len(text) - 1)][:MAX_TERMS]
    # n-grams are letters and digits only (normalise), so they need no escaping
    return f"{field}:(" + " OR ".join(terms) + ")"


def similarity(q: str, title: str) -> float:
    """Best letter-level similarity of q with any stretch of the title about q's length."""
    a, t = normalise(q), normalise(title)
    if not a or not t:
        return 0.0
    if a in t:
        return 1.0
    aj = _jamo(a)
    best = 0.0
    n = len(a)
    for size in {max(1, n - 1), n, n + 1}:
        for i in range(max(1, len(t) - size + 1)):
            r = SequenceMatcher(None, aj, _jamo(t[i : i + size]), autojunk=False).ratio()
            best = max(best, r)
    return best


def rank(q: str, candidates: list[dict], limit: int, minimum: float = MIN_SIMILARITY) -> list[dict]:
    """Candidates ({name, title}) similar enough to q, most similar first (shorter titles first
    on ties: the closer match)."""
    scored = [(similarity(q, c.get("title") or ""), c) for c in candidates]
    scored = [(s, c) for s, c in scored if s >= minimum]
    scored.sort(key=lambda sc: (-sc[0], len(sc[1].get("title") or ""), sc[1]["name"]))
    return [c for _s, c in scored[:limit]]
