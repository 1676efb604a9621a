"""Readable URL names for datasets titled in Korean (pure: no CKAN import).

Hangul is romanised with the Revised Romanization of Korean (korean-romanizer), then
python-slugify makes a CKAN-valid name: lowercase ASCII, digits, '-' and '_', 2-100 chars.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from korean_romanizer.romanizer import Romanizer
from slugify import slugify

MAX_LENGTH = 100
_HANGUL = re.compile(r"[\uac00-\ud7a3]+")


def romanise(text: str) -> str:
    """Romanise each run of Hangul syllables, leaving other text as it is."""
    return _HANGUL.sub(lambda m: Romanizer(m.group(0)).romanize(), text)


def slug_from_title(title: str, max_length: int = MAX_LENGTH - 4) -> str:
    """'해운대해수욕장 방문객 통계' -> 'haeundaehaesuyokjang-bangmungaek-tonggye'.

    Leaves room (4 chars) for a uniqueness suffix. Returns '' when nothing usable is left.
    """
    slug = slugify(romanise(title), max_length=max_length, word_boundary=True, separator="-")
    return slug if len(slug) >= 2 else ""


def unique_name(base: str, taken: Callable[[str], bool], fallback: str = "dataset") -> str:
    """base, or base-2, base-3 ... whichever is not taken."""
    base = base or fallback
    if not taken(base):
        return base
    n = 2
    while taken(f"{base}-{n}"):
        n += 1
    return f"{base}-{n}"
