"""ckanext-harvest runs beside the Busan plugins: its command line works and its search
page keeps its own facets."""

from __future__ import annotations

from collections import OrderedDict

import ckan.plugins as p
import pytest
from ckan.cli.cli import ckan as ckan_cli


@pytest.mark.usefixtures("clean_db")
def test_harvester_sources_command_runs(cli):
    result = cli.invoke(ckan_cli, ["harvester", "sources"])
    assert result.exit_code == 0, result.output
    assert "0 active harvest sources" in result.output


def _facets(package_type: str) -> OrderedDict:
    # The chain CKAN's search view runs: every IFacets plugin in order.
    facets = OrderedDict([("organization", "Organizations")])
    for plugin in p.PluginImplementations(p.IFacets):
        facets = plugin.dataset_facets(facets, package_type)
    return facets


def test_harvest_search_keeps_harvest_facets_and_gets_no_busan_ones():
    harvest = _facets("harvest")
    assert {"frequency", "source_type"} <= set(harvest)
    assert "category" not in harvest and "spatial_districts" not in harvest


def test_dataset_search_gets_busan_facets_and_keeps_others():
    dataset = _facets("dataset")
    assert {"category", "spatial_districts", "update_cycle", "organization"} <= set(dataset)
