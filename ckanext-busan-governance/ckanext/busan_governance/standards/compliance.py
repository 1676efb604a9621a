"""Column names against the common standard dictionary (표준 준수 점검).

A column name (Korean, e.g. ``등록일자``, or the English abbreviation, e.g. ``REG_YMD``) is:

- ``exact``: a standard term (용어) by name or abbreviation;
- ``composed``: made only of standard words (단어) — Korean names are segmented with a
  dynamic programme over the word dictionary (fewest unknown characters, then fewest words),
  English names split on ``_`` into word abbreviations;
- ``forbidden``: uses a forbidden word (금칙어) or a synonym (이음동의어) of a standard word or
  term, with the standard replacement suggested;
- ``non_standard``: anything else, with the closest standard terms suggested.

``exact`` and ``composed`` count as compliant in the compliance rate (표준준수율).
No CKAN import.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from .reader import split_list

EXACT, COMPOSED, FORBIDDEN, NON_STANDARD = "exact", "composed", "forbidden", "non_standard"
OUTCOMES = (EXACT, COMPOSED, FORBIDDEN, NON_STANDARD)
COMPLIANT = (EXACT, COMPOSED)
UNKNOWN_COST = 1000  # an unknown character costs more than any number of words
_ASCII_NAME = re.compile(r"^[A-Za-z0-9_]+$")


@dataclass
class Segment:
    text: str
    kind: str  # word | forbidden | synonym | unknown
    standard: str | None = None  # the standard word (for word, forbidden, synonym)
    abbr: str | None = None


@dataclass
class Result:
    column: str
    outcome: str
    term: dict | None = None
    segments: list[Segment] = field(default_factory=list)
    replacement: str | None = None
    suggestions: list[str] = field(default_factory=list)
    class_word: bool = False  # ends in a class word (형식단어): a well-formed term

    def as_dict(self) -> dict:
        return {
            "column": self.column,
            "outcome": self.outcome,
            "compliant": self.outcome in COMPLIANT,
            "term": self.term,
            "segments": [s.__dict__ for s in self.segments],
            "replacement": self.replacement,
            "suggestions": self.suggestions,
            "class_word": self.class_word,
        }


class Dictionary:
    """The word and term dictionary in the shapes the checks need."""

    def __init__(self, words: list[dict], terms: list[dict]):
        self.words = {w["name"]: w for w in words}
        self.word_abbrs = {w["abbr"].upper(): w for w in words if w.get("abbr")}
        self.terms = {t["name"]: t for t in terms}
        self.term_abbrs = {t["abbr"].upper(): t for t in terms if t.get("abbr")}
        self.term_synonyms = {s: t for t in terms for s in split_list(t.get("synonyms"))}
        # Korean vocabulary for segmentation: surface text -> (kind, standard word)
        self.vocab: dict[str, tuple[str, dict]] = {}
        for w in words:
            for s in split_list(w.get("forbidden")):
                self.vocab.setdefault(s, ("forbidden", w))
            for s in split_list(w.get("synonyms")):
                self.vocab.setdefault(s, ("synonym", w))
        for w in words:  # standard words win over a forbidden spelling of another word
            self.vocab[w["name"]] = ("word", w)
        self.longest = max((len(k) for k in self.vocab), default=1)

    # -- Korean ---------------------------------------------------------------------------
    def segment(self, name: str) -> list[Segment]:
        """Fewest unknown characters, then fewest pieces; ties prefer standard words."""
        text = re.sub(r"\s+", "", name)
        n = len(text)
        best: list[tuple[int, int] | None] = [None] * (n + 1)
        back: list[tuple[int, str, dict | None]] = [(0, "unknown", None)] * (n + 1)
        best[0] = (0, 0)
        for end in range(1, n + 1):
            for start in range(max(0, end - self.longest), end):
                if best[start] is None:
                    continue
                piece = text[start:end]
                entry = self.vocab.get(piece)
                if entry:
                    kind, word = entry
                    penalty = 0 if kind == "word" else 1
                    cost = (best[start][0] + penalty, best[start][1] + 1)
                elif end - start == 1:
                    kind, word = "unknown", None
                    cost = (best[start][0] + UNKNOWN_COST, best[start][1] + 1)
                else:
                    continue
                if best[end] is None or cost < best[end]:
                    best[end] = cost
                    back[end] = (start, kind, word)
        pieces: list[Segment] = []
        end = n
        while end > 0:
            start, kind, word = back[end]
            pieces.append(Segment(text[start:end], kind, word["name"] if word else None, word and word.get("abbr")))
            end = start
        pieces.reverse()
        # Consecutive unknown characters read better as one piece.
        merged: list[Segment] = []
        for piece in pieces:
            if merged and piece.kind == "unknown" and merged[-1].kind == "unknown":
                merged[-1].text += piece.text
            else:
                merged.append(piece)
        return merged

    # -- English abbreviations ------------------------------------------------------------
    def segment_abbr(self, name: str) -> list[Segment]:
        out = []
        for part in [p for p in name.upper().split("_") if p]:
            word = self.word_abbrs.get(part)
            out.append(Segment(part, "word" if word else "unknown", word and word["name"], word and part))
        return out

    def _suggest(self, name: str, segments: list[Segment]) -> list[str]:
        if _ASCII_NAME.match(name):
            candidates = difflib.get_close_matches(name.upper(), list(self.term_abbrs), n=3, cutoff=0.5)
            return [f"{self.term_abbrs[c]['name']} ({c})" for c in candidates]
        known = {s.standard for s in segments if s.kind == "word"}
        scored = []
        for term in self.terms:
            ratio = difflib.SequenceMatcher(None, name, term).ratio()
            shared = sum(1 for w in known if w in term)
            if ratio >= 0.5 or shared:
                scored.append((shared, ratio, term))
        scored.sort(reverse=True)
        return [f"{t} ({self.terms[t]['abbr']})" for _, _, t in scored[:3]]

    def check(self, name: str) -> Result:
        name = (name or "").strip()
        ascii_name = bool(_ASCII_NAME.match(name))
        term = self.term_abbrs.get(name.upper()) if ascii_name else self.terms.get(re.sub(r"\s+", "", name))
        if term:
            return Result(name, EXACT, term=term, class_word=True)
        if not ascii_name and name in self.term_synonyms:
            standard = self.term_synonyms[name]
            return Result(name, FORBIDDEN, term=standard, replacement=standard["name"])
        segments = self.segment_abbr(name) if ascii_name else self.segment(name)
        last = segments[-1] if segments else None
        class_word = bool(last and last.kind != "unknown" and self.words[last.standard].get("is_class_word") == "Y")
        if any(s.kind in ("forbidden", "synonym") for s in segments):
            replacement = "".join(s.standard if s.kind in ("forbidden", "synonym") else s.text for s in segments)
            result = Result(name, FORBIDDEN, segments=segments, replacement=replacement, class_word=class_word)
            result.term = self.terms.get(replacement)
            return result
        if segments and all(s.kind == "word" for s in segments):
            return Result(name, COMPOSED, segments=segments, class_word=class_word)
        return Result(name, NON_STANDARD, segments=segments, suggestions=self._suggest(name, segments))


def compliance_rate(results: list[Result | dict]) -> float | None:
    """Share of compliant columns (exact or composed), 0..1; None when there are no columns."""
    outcomes = [r["outcome"] if isinstance(r, dict) else r.outcome for r in results]
    if not outcomes:
        return None
    return sum(1 for o in outcomes if o in COMPLIANT) / len(outcomes)
