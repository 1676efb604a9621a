"""busan_seed: the `ckan busan` commands for reference data (organisations) and demo content."""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.seed.cli import busan


@tk.blanket.config_declarations
class BusanSeedPlugin(p.SingletonPlugin):
    p.implements(p.IClick)

    def get_commands(self):
        return [busan]
