"""The bundle's plugins load in the documented order and the configuration validates."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import ckan.plugins as p
import ckan.plugins.toolkit as tk
import tomllib

from ..deploy.support import config_validate_problems

ROOT = Path(__file__).resolve().parents[2]
CKAN = str(Path(sys.executable).with_name("ckan"))


def test_project_plugins_are_loaded():
    for name in ("busan_i18n", "busan_security", "busan_dataset", "busan_theme", "busan_search", "busan_seed"):
        assert p.plugin_loaded(name), name


def test_korean_catalogue_is_merged_last(app):
    # Flask-Babel keeps the plural rule of the last catalogue: it must be the Korean one.
    dirs = app.flask_app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")
    assert dirs[-1].endswith("ckanext/busan/i18n"), dirs


def test_plugin_order():
    plugins = tk.aslist(tk.config["ckan.plugins"])
    pos = plugins.index
    assert pos("dcat") < pos("spatial_query")  # dcat's spatial_coverage copy reaches indexing
    assert pos("spatial_query") < pos("scheming_datasets") < pos("harvest")
    # busan_metadata_quality, busan_privacy and busan_lineage extend scheming's read template: the first
    # template directory in ckan.plugins order wins, so they come before scheming
    early = {"busan_i18n", "busan_metadata_quality", "busan_privacy", "busan_lineage"}
    assert max(pos("busan_metadata_quality"), pos("busan_privacy")) < pos("scheming_datasets")
    assert pos("harvest") < min(pos(n) for n in plugins if n.startswith("busan_") and n not in early)
    assert plugins[0] == "busan_i18n"  # see test_korean_catalogue_is_merged_last
    assert plugins[-1] == "envvars"


def test_root_setup_declares_every_plugin_of_both_packages():
    declared = {}
    for pkg in ("ckanext-busan", "ckanext-busan-governance"):
        project = tomllib.loads((ROOT / pkg / "pyproject.toml").read_text())["project"]
        declared.update(project["entry-points"]["ckan.plugins"])
    installed = {ep.name: ep.value for ep in entry_points(group="ckan.plugins") if ep.name.startswith("busan_")}
    assert installed == declared


def test_config_validate_is_clean_for_portal_and_tests():
    # `ckan config validate` exits 0 even when it reports invalid options: read its output.
    for ini in ("config/portal.ini", "test.ini"):
        result = subprocess.run(
            [CKAN, "-c", ini, "config", "validate"], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
        )
        assert result.returncode == 0, result.stdout + result.stderr
        assert config_validate_problems(result.stdout + result.stderr) == [], (ini, result.stdout + result.stderr)
