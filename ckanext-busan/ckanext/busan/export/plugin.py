"""``busan_export``: the public catalogue as data.go.kr's 목록개방현황 CSV (export/datagokr.py).

- ``ckan busan export-datagokr [--output FILE] [--encoding utf-8|cp949] [--organization NAME]``
- ``/ckan-admin/export/datagokr.csv`` (sysadmins only; ``?encoding=cp949``, ``?organization=``),
  streamed, so a city-sized catalogue is never held in memory.

Only what anyone may see is listed: public, active datasets of the dataset type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import ckan.authz as authz
import ckan.plugins as p
import ckan.plugins.toolkit as tk
import click
from flask import Blueprint, Response, stream_with_context

from ckanext.busan.cli import busan
from ckanext.busan.export.datagokr import ENCODINGS, csv_chunks, dataset_row

PAGE = 500


def organization_id(name_or_id: str | None) -> str | None:
    """The id of an organisation given by name or id (ObjectNotFound when there is none)."""
    if not name_or_id:
        return None
    return tk.get_action("organization_show")({"ignore_auth": True}, {"id": name_or_id})["id"]


def listing_rows(org_id: str | None = None) -> Iterator[dict[str, str]]:
    """Rows of every public dataset (oldest first), page by page through the search index."""
    fq = ["+dataset_type:dataset", "+capacity:public"]
    if org_id:
        fq.append(f'+owner_org:"{org_id}"')
    site = tk.config.get("ckan.site_url").rstrip("/")
    organizations: dict[str, dict] = {}
    start = 0
    while True:
        page = tk.get_action("package_search")(
            {"ignore_auth": True},
            {
                "q": "*:*",
                "fq_list": fq,
                "rows": PAGE,
                "start": start,
                "sort": "metadata_created asc, id asc",
                "include_private": False,
            },
        )
        for dataset in page["results"]:
            org_id = dataset.get("owner_org")
            if org_id and org_id not in organizations:
                organizations[org_id] = tk.get_action("organization_show")({"ignore_auth": True}, {"id": org_id})
            yield dataset_row(dataset, organizations.get(org_id) or {}, f"{site}/dataset/{dataset['name']}")
        start += PAGE
        if start >= page["count"] or not page["results"]:
            return


def _file_name(encoding: str) -> str:
    return f"busan-datagokr-listing-{dt.date.today():%Y%m%d}-{encoding}.csv"


@busan.command("export-datagokr")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="file (default: standard output)")
@click.option("--encoding", type=click.Choice(sorted(ENCODINGS)), default="utf-8", show_default=True)
@click.option("--organization", help="only this organisation's datasets (name or id)")
def export_datagokr(output: str | None, encoding: str, organization: str | None):
    """The public catalogue as data.go.kr's 목록개방현황 CSV (re-importable by busan_datagokr_bulk)."""
    try:
        org_id = organization_id(organization)
    except tk.ObjectNotFound:
        raise click.ClickException(f"no organisation {organization!r}") from None
    with click.open_file(output or "-", "wb") as out:
        count = -1  # the header
        for chunk in csv_chunks(listing_rows(org_id), encoding):
            out.write(chunk)
            count += 1
    if output:
        click.secho(f"{count} datasets written to {output}", fg="green", err=True)


export = Blueprint("busan_export", __name__)


@export.route("/ckan-admin/export/datagokr.csv")
def datagokr_csv():
    if not (tk.current_user.is_authenticated and authz.is_sysadmin(tk.current_user.name)):
        return tk.abort(403, tk._("Only sysadmins can export the catalogue."))
    encoding = tk.request.args.get("encoding", "utf-8")
    if encoding not in ENCODINGS:
        return tk.abort(400, tk._("Unknown encoding: {encoding}").format(encoding=encoding))
    try:
        org_id = organization_id(tk.request.args.get("organization"))
    except tk.ObjectNotFound:
        return tk.abort(404, tk._("Organization not found"))
    return Response(
        stream_with_context(csv_chunks(listing_rows(org_id), encoding)),
        headers={
            "Content-Type": f"text/csv; charset={'utf-8' if encoding == 'utf-8' else 'cp949'}",
            "Content-Disposition": f'attachment; filename="{_file_name(encoding)}"',
        },
    )


@tk.blanket.blueprints(lambda: [export])
class BusanExportPlugin(p.SingletonPlugin):
    p.implements(p.IClick)

    def get_commands(self):
        return [busan]
