"""A pseudo locale: every msgid the portal can translate, written back accented and bracketed.

Rendered in it, a page shows marked text as ⟦Ŝéàŕçĥ⟧; Latin text left over was never passed
through gettext (or is data). The catalogue holds the msgids of every catalogue the portal
loads and of every `_()` in the sources of CKAN, the extensions in config/busan.ini and this
project, so a string that is marked but not yet in any catalogue is not mistaken for unmarked.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from babel.dates import format_timedelta
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from jinja2 import TemplateSyntaxError

# Esperanto: a locale Babel knows that neither CKAN nor any extension ships
LOCALE = "eo"
ROOT = Path(__file__).resolve().parents[2]

ACCENTED = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
        "àƀçđéƒĝĥîĵķĺḿñöþǫŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹḾÑÖÞǪŔŠŢÛṼŴẊÝŽ",
        strict=True,
    )
)
# placeholders, markup and entities stay as they are
KEEP = re.compile(r"%\([^)]*\)[sdfr]|%[sdfr]|\{[^}]*\}|<[^>]*>|&[#\w]+;")


# text a visitor reads inside markup of a msgid: <a title="Markdown quick reference">
READ_ATTRIBUTE = re.compile(r'((?:title|alt|aria-label|placeholder)=")([^"]*)(")')


def _accent(text: str) -> str:
    return "".join(ACCENTED.get(c, c) for c in text)


def pseudo(text: str) -> str:
    out, last = [], 0
    for kept in KEEP.finditer(text):
        out.append(_accent(text[last : kept.start()]))
        out.append(READ_ATTRIBUTE.sub(lambda m: m[1] + _accent(m[2]) + m[3], kept.group()))
        last = kept.end()
    out.append(_accent(text[last:]))
    return "⟦" + "".join(out) + "⟧"


def locale_words() -> set[str]:
    """What Babel itself writes in the pseudo locale (month, unit and language names in dates,
    times and the language switcher): not interface text of the portal."""
    from babel import Locale

    locale = Locale.parse(LOCALE)
    words = {locale.display_name, locale.display_name.capitalize()}
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            words.update(locale.months[context][width].values())
            words.update(locale.days[context][width].values())
    # relative times ("antaŭ 18 sekundoj")
    for seconds in (1, 30, 60, 600, 3600, 7200, 86400, 3 * 86400, 8 * 86400, 20 * 86400, 40 * 86400, 400 * 86400):
        for sign in (1, -1):
            phrase = format_timedelta(timedelta(seconds=sign * seconds), add_direction=True, locale=locale)
            words.update(re.findall(r"[^\W\d_]+", phrase))
    return words


def source_dirs() -> list[Path]:
    import ckan
    import ckanext.activity
    import ckanext.charts
    import ckanext.datastore
    import ckanext.datatablesview
    import ckanext.dcat
    import ckanext.geoview
    import ckanext.harvest
    import ckanext.imageview
    import ckanext.pdfview
    import ckanext.scheming
    import ckanext.spatial
    import ckanext.textview
    import ckanext.xloader

    packages = (
        ckanext.activity, ckanext.charts, ckanext.datastore, ckanext.datatablesview, ckanext.dcat,
        ckanext.geoview, ckanext.harvest, ckanext.imageview, ckanext.pdfview, ckanext.scheming,
        ckanext.spatial, ckanext.textview, ckanext.xloader,
    )  # fmt: skip
    ckan_dir = Path(ckan.__file__).parent
    return [
        ckan_dir / "templates",
        ckan_dir / "views",
        ckan_dir / "logic",
        ckan_dir / "lib",
        *(Path(p.__file__).parent for p in packages),
        ROOT / "ckanext-busan/ckanext",
        ROOT / "ckanext-busan-governance/ckanext",
    ]


METHODS = {".html": "ckan", ".py": "python"}
SKIPPED_DIRS = {"tests", "migration", "node_modules", "vendor", "__pycache__"}


def extracted(folder: Path):
    for path in sorted(folder.rglob("*")):
        method = METHODS.get(path.suffix)
        if method is None or SKIPPED_DIRS & set(path.relative_to(folder).parts):
            continue
        try:
            yield from extract_from_file(method, str(path))
        except TemplateSyntaxError:
            # legacy templates of old CKAN versions that 2.11 never renders ({% resource %})
            continue


def marked_messages() -> set:
    """Every msgid (a string, or a (singular, plural) pair) the portal can translate."""
    messages: set = set()
    for folder in source_dirs():
        for _line, message, _comments, _context in extracted(folder):
            messages.add(tuple(message) if isinstance(message, list | tuple) else message)
    from ckan.lib.i18n import get_ckan_i18n_dir
    from ckan.plugins import PluginImplementations
    from ckan.plugins.interfaces import ITranslation

    catalogues = [Path(get_ckan_i18n_dir()) / "ko_KR/LC_MESSAGES/ckan.po"]
    for plugin in PluginImplementations(ITranslation):
        folder, domain = Path(plugin.i18n_directory()), plugin.i18n_domain()
        catalogues += [folder / f"{domain}.pot", folder / f"ko_KR/LC_MESSAGES/{domain}.po"]
    for path in catalogues:
        if path.exists():
            with open(path, "rb") as po:
                messages.update(m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(po) if m.id)
    return messages


def write_catalogue(i18n_dir: Path, messages: set) -> None:
    """ckan.mo of the pseudo locale under i18n_dir (a ckan.i18n_directory)."""
    catalog = Catalog(locale=LOCALE, domain="ckan")
    for message in messages:
        if isinstance(message, tuple):
            catalog.add(message[:2], string=(pseudo(message[0]), pseudo(message[1])))
        else:
            catalog.add(message, string=pseudo(message))
    target = i18n_dir / LOCALE / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "ckan.mo", "wb") as mo:
        write_mo(mo, catalog)
    # the default and English locales must exist in CKAN's i18n directory
    (i18n_dir / "ko_KR" / "LC_MESSAGES").mkdir(parents=True)
