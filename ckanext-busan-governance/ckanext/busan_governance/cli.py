"""The `ckan governance ...` command group, shared by every governance plugin: each plugin
adds its commands to this group and returns it from IClick.get_commands (CKAN keeps one
group per name, so two plugins each defining "governance" would hide each other's commands)."""

from __future__ import annotations

import click


@click.group(name="governance", short_help="Busan data governance (standards, quality, metadata, privacy)")
def governance():
    """Busan data governance: standards, quality, metadata quality, freshness, privacy."""
