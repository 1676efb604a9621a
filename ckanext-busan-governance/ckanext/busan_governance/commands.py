"""`ckan governance import-standards | import-codes | quality-scan` (added to the shared group)."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import governance


@governance.command("import-standards")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--force", is_flag=True, help="Import even an edition older than the one imported.")
def import_standards(files, force):
    """Import the common standard dictionary: the official XLSX (three sheets), or the three
    sheets as CSV files (UTF-8 or CP949), or a folder of them. Idempotent."""
    from . import store
    from .standards.reader import HeaderError, read_standards

    try:
        standards = read_standards(files)
    except HeaderError as error:
        raise click.ClickException(str(error)) from None
    for error in standards.errors:
        click.secho(f"  {error}", fg="yellow", err=True)
    try:
        result = store.import_standards(standards, force=force)
    except store.OlderEdition as error:
        raise click.ClickException(f"{error} (--force to import it anyway)") from None
    changes = [
        f"{kind} +{c['inserted']} ~{c['updated']} -{c['deleted']} ={c['unchanged']}"
        for kind, c in result["counts"].items()
    ]
    click.echo(f"edition {result['edition']}: " + "; ".join(changes))
    click.echo(f"{len(standards.errors)} bad rows left out" if standards.errors else "no bad rows")
    if not result["changed"]:
        click.echo("nothing changed")


@governance.command("import-codes")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_codes(files):
    """Import 행정표준코드 lists: CSV files with the columns 코드명, 코드, 코드값명."""
    from . import store

    try:
        result = store.import_codes(list(files))
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{result['codes']} codes in {', '.join(result['lists'])}")


@governance.command("quality-scan")
@click.argument("datasets", nargs=-1)
@click.option("--force", is_flag=True, help="Diagnose again even when the file has not changed.")
def quality_scan(datasets, force):
    """Diagnose the tabular resources of the given datasets (all datasets when none is given),
    here and now, with a progress bar."""
    import ckan.model as model

    from . import jobs

    ids = list(datasets) or [
        i for (i,) in model.Session.query(model.Package.id).filter(model.Package.state == "active").all()
    ]
    written = 0
    with click.progressbar(ids, label="quality diagnosis", show_pos=True, item_show_func=lambda i: i or "") as bar:
        for package_id in bar:
            package = model.Package.get(package_id)
            if package is None:
                raise click.ClickException(f"no dataset {package_id}")
            written += len(jobs.scan_dataset(package.id, force=force))
    click.echo(f"{written} resources diagnosed")
