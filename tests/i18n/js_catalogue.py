"""The msgids of the JavaScript modules the portal loads, and the .pot that lists them.

CKAN's JS catalogue (/api/i18n/<lang>, built by ckan.lib.i18n.build_js_translations) only
carries msgids that some ITranslation plugin's .pot names with a `.js` occurrence. CKAN's own
ckan.pot predates several 2.11 modules, and ckanext-spatial, ckanext-geoview and CKAN's view and
DataStore plugins implement no ITranslation, so their strings never reach the browser in Korean. busan_i18n's
ckanext-busan.pot lists them; regenerate it after upgrading CKAN or an extension:

    .local/venv/bin/python -m tests.i18n.js_catalogue
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import write_po

ROOT = Path(__file__).resolve().parents[2]
POT = ROOT / "ckanext-busan/ckanext/busan/i18n/ckanext-busan.pot"


def module_dirs() -> list[Path]:
    """Folders of the JavaScript modules of CKAN and the extensions in config/busan.ini."""
    import ckan
    import ckanext.datastore
    import ckanext.datatablesview
    import ckanext.geoview
    import ckanext.spatial
    import ckanext.textview

    return [
        Path(ckan.__file__).parent / "public/base/javascript",
        Path(ckanext.datastore.__file__).parent / "assets/js",
        Path(ckanext.datatablesview.__file__).parent / "assets",
        Path(ckanext.geoview.__file__).parent / "public/js",
        Path(ckanext.spatial.__file__).parent / "assets/js",
        Path(ckanext.textview.__file__).parent / "assets",
    ]


def js_messages() -> dict[str, list[tuple[str, int]]]:
    """msgid -> occurrences in the modules' own code (vendored libraries left out)."""
    found: dict[str, list[tuple[str, int]]] = {}
    for folder in module_dirs():
        method_map = [("**/vendor/**", "ignore"), ("**.min.js", "ignore"), ("**.js", "javascript")]
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(folder), method_map, keywords={"_": None, "ngettext": (1, 2)}
        ):
            msgid = message if isinstance(message, str) else message[0]
            where = f"{folder.parent.name}/{folder.name}/{filename}"
            found.setdefault(msgid, []).append((where, lineno))
    return found


def write_pot() -> None:
    catalog = Catalog(project="ckanext-busan", fuzzy=False)
    for msgid, places in sorted(js_messages().items()):
        catalog.add(msgid, locations=places)
    with open(POT, "wb") as out:
        write_po(out, catalog, omit_header=False, sort_output=True)


if __name__ == "__main__":
    write_pot()
