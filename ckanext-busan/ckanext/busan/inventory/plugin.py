"""busan_inventory: the data inventory of city databases (데이터 전수조사 and 수집 대상 선정).

A ``busan_db_inventory`` harvest source registers every table and view of a database as an
inventory record (its own table; the alembic migration is in ckanext/busan/migration/
busan_inventory, where CKAN looks for a plugin's migrations); sysadmins and organisation
admins move records through 후보 → 선정 → 수집 / 제외 on /inventory or with the
``busan_inventory_*`` actions; the next harvest publishes selected tables as datasets.
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.inventory import actions, auth, helpers, views
from ckanext.busan.inventory.harvester import DatabaseInventoryHarvester
from ckanext.harvest.interfaces import IHarvester


@tk.blanket.actions(actions)
@tk.blanket.auth_functions(auth)
@tk.blanket.helpers(helpers)
@tk.blanket.blueprints([views.inventory])
class BusanInventoryPlugin(DatabaseInventoryHarvester, p.SingletonPlugin):
    p.implements(IHarvester)
    p.implements(p.IConfigurer)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
