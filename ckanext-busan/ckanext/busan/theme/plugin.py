"""busan_theme: the Korean-first look of the portal (templates, assets, locale defaults), the
home page's cached aggregate and the footer's legal pages."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.theme import helpers
from ckanext.busan.theme.views import busan_theme


@tk.blanket.config_declarations
@tk.blanket.helpers(helpers)
@tk.blanket.blueprints([busan_theme])
class BusanThemePlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "busan_theme")
