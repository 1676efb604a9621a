"""`ckan governance freshness-notify`: tells each organisation's admins which of its datasets
are overdue (갱신 지연), through CKAN's mailer, and prints a summary."""

from __future__ import annotations

from collections import defaultdict

import ckan.model as model
import ckan.plugins.toolkit as tk
import click

from ckanext.busan_governance.cli import governance
from ckanext.busan_governance.metadata.freshness import OVERDUE_FILTER
from ckanext.busan_governance.metadata.rules import dataset_due_date

PAGE = 500


def overdue_datasets() -> list[dict]:
    """Every overdue dataset, private ones included (the site user sees them all)."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"]
    found, start = [], 0
    while True:
        page = tk.get_action("package_search")(
            {"user": site_user, "ignore_auth": True},
            {
                "fq": f"+dataset_type:dataset +{OVERDUE_FILTER}",
                "include_private": True,
                "rows": PAGE,
                "start": start,
                "sort": "name asc",
            },
        )
        found += page["results"]
        start += PAGE
        if start >= page["count"]:
            return found


def organisation_admins(org_id: str) -> list[model.User]:
    members = (
        model.Session.query(model.User)
        .join(model.Member, model.Member.table_id == model.User.id)
        .filter(model.Member.group_id == org_id, model.Member.table_name == "user")
        .filter(model.Member.state == "active", model.Member.capacity == "admin")
        .filter(model.User.state == "active")
    )
    return [u for u in members if u.email]


def message(org_title: str, datasets: list[dict]) -> tuple[str, str]:
    site = tk.config.get("ckan.site_title") or "Busan"
    subject = f"[{site}] 갱신 지연 데이터 {len(datasets)}건 / {len(datasets)} overdue datasets: {org_title}"
    lines = [
        f"{org_title}의 다음 데이터셋이 차기 등록 예정일 또는 갱신 주기를 넘겼습니다.",
        f"The following datasets of {org_title} are past their next registration date or update cycle.",
        "",
    ]
    for d in datasets:
        due = dataset_due_date(d)
        url = tk.url_for("dataset.read", id=d["name"], _external=True)
        lines.append(f"- {d['title']} (기한 due {due}): {url}")
    return subject, "\n".join(lines)


@governance.command("freshness-notify", short_help="E-mail organisation admins about overdue datasets")
@click.option("--dry-run", is_flag=True, help="Print the summary without sending e-mail")
def freshness_notify(dry_run: bool):
    """Run nightly (cron or the docker scheduler): one e-mail per organisation with overdue
    datasets, to each of its admins."""
    from ckan.lib.mailer import MailerException, mail_recipient

    by_org: dict[str, list[dict]] = defaultdict(list)
    for dataset in overdue_datasets():
        by_org[dataset.get("owner_org") or ""].append(dataset)
    sent = failed = 0
    with click.progressbar(sorted(by_org.items()), label="organisations", show_pos=True) as orgs:
        for org_id, datasets in orgs:
            org = model.Group.get(org_id) if org_id else None
            if org is None:
                continue
            subject, body = message(org.title or org.name, datasets)
            for admin in organisation_admins(org.id):
                if dry_run:
                    continue
                try:
                    mail_recipient(admin.display_name, admin.email, subject, body)
                    sent += 1
                except MailerException as e:
                    failed += 1
                    click.echo(f"could not e-mail {admin.name}: {e}", err=True)
    total = sum(len(v) for v in by_org.values())
    click.echo(f"갱신 지연 {total}건, 기관 {len(by_org)}곳, 메일 {sent}통 발송, 실패 {failed}통")
    click.echo(f"overdue datasets: {total} in {len(by_org)} organisations; e-mails sent: {sent}, failed: {failed}")
    if failed:
        raise SystemExit(1)
