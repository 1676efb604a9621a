"""The interface text a visitor sees on a rendered page, and which of it is still English.

Data content is not interface text: the values a test created, URLs, e-mail addresses, file
formats and proper names are left out (EXCLUDED_WORDS says why each is there).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, Comment

# Attributes a visitor reads (tooltips, placeholders, screen-reader labels, button captions).
VISIBLE_ATTRIBUTES = ("title", "placeholder", "alt", "aria-label", "data-bs-title")
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}

# Words that stay as they are in Korean interface text, with the reason.
EXCLUDED_WORDS = frozenset(
    # product and standard names (Korean pages write them in Latin letters)
    "CKAN API APIs DCAT RDF JSON GeoJSON SPARQL Solr DataStore Datastore OpenStreetMap Leaflet Markdown SHACL "
    "JSON-LD Turtle ID URL URI UTF SQL OAI-PMH CSW WAF ISO KOGL CCL CC BY SA NC ND OGC WMS WFS DQV PROV SKOS "
    "EPSG WGS KWCAG WCAG HTTP HTTPS GitHub Chart.js Plotly ECharts "
    # file formats a resource can have
    "CSV XLS XLSX XML PDF HWP HWPX ZIP SHP KML KMZ TXT DOCX PPTX TSV ODS PNG JPG GIF SVG HTML TTL RSS Atom "
    # the language switcher names each language in that language
    "English "
    # services named by share buttons and profile pictures
    "Twitter Facebook Gravatar "
    # code sets and encodings a publisher chooses by their standard names
    "BRM CP EUC-KR UTF-8 "
    # the shape of a date a publisher types (the browser's date input shows it)
    "YYYY-MM-DD".split()
)

# Proper names of several words, removed before looking for English.
EXCLUDED_PHRASES = (
    "CKAN Action API",  # the name of CKAN's API
    "Open Definition",  # the name of the Open Knowledge standard, quoted in the licence badge
    "Observable Plot",  # a chart library the chart form offers
)

# a word of plain Latin letters, not part of an accented one (pseudo-locale text, Esperanto dates)
LATIN_WORD = re.compile(r"(?<![A-Za-zÀ-ɏḀ-ỿ])(?:[A-Za-z][A-Za-z.\-']*[A-Za-z]|[A-Za-z])(?![A-Za-zÀ-ɏḀ-ỿ])")
HANGUL = re.compile("[가-힣]+")
UUID = re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b")
# URL names (haeundae-beach-visitors) and, in brackets, API function names: (package_search)
IDENTIFIER = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)+\b|\([a-z]+(?:_[a-z]+)+\)")
# an English gloss of a Korean term in brackets: 계보(lineage), 목록개방현황 CSV (data.go.kr bulk listing)
BRACKETED_ENGLISH = re.compile(r"\(([A-Za-z][\w .-]*)\)")
URL_OR_MAIL = re.compile(
    r"(https?://|www\.|/)[^\s]*|[\w.+-]+@[\w-]+(\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+)*\.(?:kr|com|org|net)\b"
)
# a lone letter or Roman numeral-like code (A, B, x) is not a sentence
CODE_LIKE = re.compile(r"^(?:[A-Za-z]|[A-Z0-9_-]{2,}\d[A-Z0-9_-]*)$")


def interface_texts(html: str) -> list[str]:
    """Every piece of text the page shows: text nodes and visible attributes, whitespace folded."""
    soup = BeautifulSoup(html, "html.parser")
    for node in soup(["script", "style", "template", "svg", "code", "pre"]):
        # code/pre hold API examples and values; svg text is drawing content
        node.decompose()
    for comment in soup.find_all(string=lambda s: isinstance(s, Comment)):
        comment.extract()
    body = soup.body or soup
    texts = [str(s) for s in body.find_all(string=True)]
    if soup.title:
        texts.append(soup.title.get_text())
    for element in body.find_all(True):
        for attr in VISIBLE_ATTRIBUTES:
            if element.get(attr):
                texts.append(str(element[attr]))
        if element.name == "input" and element.get("type") in BUTTON_INPUT_TYPES and element.get("value"):
            texts.append(element["value"])
        if element.name == "option" and not element.get_text(strip=True) and element.get("label"):
            texts.append(element["label"])
    folded = (" ".join(t.split()) for t in texts)
    return [t for t in folded if t]


def english_words(text: str, data: set[str] = frozenset()) -> list[str]:
    """Latin-letter words of `text` that are interface English (not data, URLs or names)."""
    if HANGUL.search(text):
        # in Korean text a bracketed English term glosses the Korean one before it
        text = BRACKETED_ENGLISH.sub(" ", text)
    for pattern in (URL_OR_MAIL, UUID):
        text = pattern.sub(" ", text)
    for value in sorted(data, key=len, reverse=True):
        if value:
            # whole words only: a short value ("mar") must not cut up a longer word
            text = re.sub(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])", " ", text)
    for phrase in EXCLUDED_PHRASES:
        text = text.replace(phrase, " ")
    text = IDENTIFIER.sub(" ", text)
    words = []
    for word in LATIN_WORD.findall(text):
        if word in EXCLUDED_WORDS or word.rstrip(".") in EXCLUDED_WORDS or CODE_LIKE.match(word):
            continue
        words.append(word)
    return words


def untranslated(html: str, data: set[str] = frozenset()) -> list[str]:
    """The page's interface texts that still contain English words."""
    found = []
    for text in interface_texts(html):
        if english_words(text, data) and text not in found:
            found.append(text)
    return found


def korean_left(html: str, data: set[str] = frozenset()) -> list[str]:
    """The page's interface texts that still contain Korean (for the English pages)."""
    found = []
    for text in interface_texts(html):
        rest = text
        for value in sorted(data, key=len, reverse=True):
            rest = rest.replace(value, " ")
        # a bracketed Korean term glosses the English one before it: agency code (행정기관코드)
        rest = re.sub(r"\([가-힣·]+\)", " ", rest)
        if HANGUL.search(rest) and text not in found:
            found.append(text)
    return found
