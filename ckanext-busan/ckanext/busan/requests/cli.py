"""`ckan busan requests-overdue`: e-mail organisation admins their requests past the legal
deadline (run daily by the docker scheduler; each request is reported once)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

from ckanext.busan.cli import busan


@busan.command("requests-overdue", short_help="e-mail organisation admins their overdue data requests")
def requests_overdue():
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    reported = tk.get_action("busan_request_notify_overdue")({"user": site, "ignore_auth": True}, {})
    for org, count in sorted(reported.items()):
        click.echo(f"{org}: {count} overdue request(s) reported")
    if not reported:
        click.echo("no new overdue requests")


@busan.command("send-emails", short_help="CKAN's activity e-mail digests, in the site's language")
@click.pass_context
def send_emails(ctx):
    """`ckan notify send_emails` in a request context: the stock command runs outside one, where
    Flask-Babel has no locale and the digests go out in English; here CKAN's locale selector
    falls back to ckan.locale_default (ko_KR)."""
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    with ctx.meta["flask_app"].test_request_context():
        tk.get_action("send_email_notifications")({"user": site}, {})
    click.echo("activity e-mail digests sent")
