"""busan_showcase: analysis showcases (분석 실증과제) as a dataset type of their own.

ckanext-showcase 1.5.1 (the newest on PyPI, 2022) creates its tables at start-up without
migrations, so a database reset or a fresh `ckan db init` loses them: instead a showcase is a
``showcase`` dataset (schema ``showcase.yaml`` through ckanext-scheming), searchable and
permissioned like any dataset. It names the datasets it uses (``showcase_datasets``); each
dataset page lists the showcases that use it; the home page shows the latest ones. The demo
showcases come from ``ckan busan-showcase seed-demo`` (config/seed/showcases.yaml).
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.showcase import cli, logic

HELPERS = ("busan_showcase_dataset_list", "busan_showcases_using", "busan_recent_showcases", "busan_showcase_chart")
VALIDATORS = ("busan_showcase_datasets", "busan_showcase_chart_view")


class BusanShowcasePlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITemplateHelpers)
    p.implements(p.IValidators)
    p.implements(p.IClick)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    def get_helpers(self):
        return {name: getattr(logic, name) for name in HELPERS}

    def get_validators(self):
        return {name: getattr(logic, name) for name in VALIDATORS}

    def get_commands(self):
        return [cli.showcase]
