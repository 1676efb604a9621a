"""The `ckan busan ...` command group, shared by the bundle's plugins: each plugin adds its
own commands to it in its own module and returns it from IClick.get_commands, so the group
exists whichever of them are enabled."""

from __future__ import annotations

import click


@click.group(short_help="Busan portal: reference data, demo content, harvest reports")
def busan():
    """Busan portal administration commands."""
