"""ckanext-harvest is installed with its tables and its command line works."""

from __future__ import annotations

import ckan.model as model
import pytest
import sqlalchemy as sa
from ckan.cli.cli import ckan as ckan_cli

HARVEST_TABLES = {"harvest_source", "harvest_job", "harvest_object", "harvest_gather_error", "harvest_object_error"}


@pytest.mark.usefixtures("clean_db")
def test_harvest_tables_exist():
    tables = set(sa.inspect(model.Session.get_bind()).get_table_names())
    assert tables >= HARVEST_TABLES


@pytest.mark.usefixtures("clean_db")
def test_harvester_sources_command_runs(cli):
    result = cli.invoke(ckan_cli, ["harvester", "sources"])
    assert result.exit_code == 0, result.output
    assert "0 active harvest sources" in result.output
