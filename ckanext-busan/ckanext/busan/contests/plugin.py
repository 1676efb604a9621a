"""busan_contests: contests and events (공모전·이벤트).

A contest page (period, theme, datasets to use, how to enter, results) under /contest; an
entry is a published showcase (busan_showcase's 'showcase' dataset type) or, for citizens who
publish no showcases, a title with a link and the datasets used; open contests on the home
page. Own tables (migration in ckanext/busan/migration/busan_contests).
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.contests import actions, auth, helpers, views


@tk.blanket.actions(actions)
@tk.blanket.auth_functions(auth)
@tk.blanket.helpers(helpers)
@tk.blanket.blueprints([views.contests])
class BusanContestsPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")
