"""busan_i18n: the Korean catalogue of ckanext-busan (ckanext/busan/i18n/ko_KR).

Besides this package's own strings it corrects CKAN core wording. It is a plugin of its own
because of where it must sit in ckan.plugins: Flask-Babel merges the catalogues of the
ITranslation plugins in reverse plugin order and keeps the plural rule of the last one;
ckanext-dcat and ckanext-harvest ship no Korean catalogue, so a catalogue merged before
theirs would get the English plural rule and "{number} datasets found" would stay English.
Listed first, this catalogue is merged last and its Korean rule (one form) wins.
"""

from __future__ import annotations

from pathlib import Path

import ckan.plugins as p
from ckan.lib.plugins import DefaultTranslation

I18N_DIR = Path(__file__).resolve().parent


class BusanI18nPlugin(DefaultTranslation, p.SingletonPlugin):
    p.implements(p.ITranslation)

    def i18n_directory(self) -> str:
        return str(I18N_DIR)

    def i18n_domain(self) -> str:
        return "ckanext-busan"
