"""busan_theme: the Korean-first look of the portal (templates, assets, locale defaults)."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk


@tk.blanket.config_declarations
@tk.blanket.helpers
class BusanThemePlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
        tk.add_public_directory(config, "public")
        tk.add_resource("assets", "busan_theme")
