"""busan_i18n: the Korean catalogue of ckanext-busan (ckanext/busan/i18n/ko_KR).

Besides this package's own strings it corrects CKAN core wording. It is a plugin of its own
because of where it must sit in ckan.plugins: Flask-Babel merges the catalogues of the
ITranslation plugins in reverse plugin order and keeps the plural rule of the last one;
ckanext-dcat and ckanext-harvest ship no Korean catalogue, so a catalogue merged before
theirs would get the English plural rule and "{number} datasets found" would stay English.
Listed first, this catalogue is merged last and its Korean rule (one form) wins.

It also passes the name of a custom dataset type (showcase) through the catalogue where CKAN
builds labels from it ("Search Showcases...", the page title), which CKAN leaves untranslated,
and its templates wrap words that CKAN 2.11 and ckanext-activity print without gettext (the
follow button, activity types, the API token's label, the filters' close button, ckanext-harvest's
source form and facets, ckanext-charts' form fields and tab names, the DataStore's column types and
download menu) or hide what has no translation (the raw
resource keys under scheming's "Additional Information"). Listed first, these templates are
found first; each extends or replaces only the snippet or block it fixes.
"""

from __future__ import annotations

from pathlib import Path

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.lib.plugins import DefaultTranslation

I18N_DIR = Path(__file__).resolve().parent


@tk.chained_helper
def humanize_entity_type(next_helper, entity_type: str, object_type: str, purpose: str):
    text = next_helper(entity_type, object_type, purpose)
    # CKAN's own wording of the type's name, inserted as is into the translated template
    label = object_type.replace("_", " ").capitalize()
    if not text or label not in text:
        return text
    return text.replace(label, tk._(label))


# PostgreSQL column types of a DataStore table, as a data dictionary names them to visitors
COLUMN_TYPE_LABELS = {
    "text": "Text",
    "int": "Integer",
    "int4": "Integer",
    "int8": "Integer",
    "integer": "Integer",
    "bigint": "Integer",
    "numeric": "Number",
    "float8": "Number",
    "date": "Date",
    "time": "Time",
    "timestamp": "Date and time",
    "bool": "True or false",
    "json": "JSON",
}


def busan_column_type_label(column_type: str | None) -> str:
    """A DataStore column type in the page's language (an unknown type as it is)."""
    label = COLUMN_TYPE_LABELS.get((column_type or "").lower())
    return tk._(label) if label else column_type or ""


def busan_chart_field(field: dict) -> dict:
    """ckanext-charts' form field with the words it prints untranslated (its Python builders'
    labels, help texts, placeholders and choices) passed through the catalogue."""
    translated = dict(field)
    for key in ("label", "help_text", "placeholder"):
        if isinstance(field.get(key), str) and field[key]:
            translated[key] = tk._(field[key])
    if isinstance(field.get("choices"), list):
        # its engine choices carry a "text" (plotly) where scheming reads a "label"
        translated["choices"] = [
            dict(c, label=tk._(c.get("label") or c.get("text") or c.get("value") or "")) if isinstance(c, dict) else c
            for c in field["choices"]
        ]
    return translated


class BusanI18nPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.ITranslation)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IConfigurer)

    def update_config(self, config) -> None:
        tk.add_template_directory(config, str(I18N_DIR / "templates"))

    def get_helpers(self) -> dict:
        return {
            "humanize_entity_type": humanize_entity_type,
            "busan_chart_field": busan_chart_field,
            "busan_column_type_label": busan_column_type_label,
        }

    def i18n_directory(self) -> str:
        return str(I18N_DIR)

    def i18n_domain(self) -> str:
        return "ckanext-busan"
