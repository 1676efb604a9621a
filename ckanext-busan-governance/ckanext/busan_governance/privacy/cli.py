"""`ckan governance access-log-prune`: drops access log entries older than the retention
period (ckanext.busan.privacy.access_log_days)."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import click

from ckanext.busan_governance.cli import governance
from ckanext.busan_governance.privacy.actions import prune_access_log


@governance.command("access-log-prune", short_help="Drop access log entries past their retention period")
def access_log_prune():
    days = tk.config.get("ckanext.busan.privacy.access_log_days")
    deleted = prune_access_log(int(days))
    click.echo(
        f"접속기록 {deleted}건 삭제 ({days}일 경과) / {deleted} access log entries older than {days} days deleted"
    )
