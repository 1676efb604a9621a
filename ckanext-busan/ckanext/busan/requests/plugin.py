"""busan_requests: data requests (데이터 제공신청, 공공데이터법 제27조).

Signed-in users ask for data that is not open yet; others comment and add 나도 필요해요; the
target organisation's editors answer (접수 → 검토 중 → 제공 / 부분 제공 / 거부 / 중복) within
the legal deadline (deadline.py, pure), extend it once, and close the request with the dataset
that answers it, which then lists the request on its page. Own tables (alembic migration in
ckanext/busan/migration/busan_requests), actions and auth for everything, pages under
/request, e-mails to followers through CKAN's mailer and a daily overdue report to
organisation admins (`ckan busan requests-overdue`).
"""

from __future__ import annotations

import ckan.plugins as p
import ckan.plugins.toolkit as tk

from ckanext.busan.cli import busan
from ckanext.busan.requests import actions, auth, cli, helpers, views  # noqa: F401 - cli adds its command


@tk.blanket.config_declarations
@tk.blanket.actions(actions)
@tk.blanket.auth_functions(auth)
@tk.blanket.helpers(helpers)
@tk.blanket.blueprints([views.requests_bp])
class BusanRequestsPlugin(p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.IClick)

    def update_config(self, config):
        tk.add_template_directory(config, "templates")

    def get_commands(self):
        return [busan]
