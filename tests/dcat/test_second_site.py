"""A second portal harvests this one's DCAT-AP catalogue with ckanext-dcat's stock RDF harvester
(``dcat_rdf``) and gets the same Busan datasets back; private ones never leave.

Site one is the test site, served by ``ckan run`` on a free port (tests/browser/portal.py).
Site two is the same stack on its own database and Solr core (scripts/services.sh creates
``busan_test_second`` and ``ckan_test_second``), configured by an ini written at run time; it
is driven through the ``ckan`` command as an operator would: database, reference
organisations, a ``dcat_rdf`` source on site one's ``/catalog.ttl``, ``harvester run-test``.
The second site's database and core are named after the test site's (``<db>_second``,
``<core>_second``) unless ``BUSAN_TEST_SECOND_DB`` / ``BUSAN_TEST_SECOND_SOLR_CORE`` say
otherwise, so a parallel checkout with its own test ini uses its own second site.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
import requests
from sqlalchemy.engine import make_url

from tests import TEST_INI
from tests.browser.portal import ROOT, running_portal

from .support import full_dataset, graph_of, organization, shacl_report
from .test_profile import DATASET_FIELDS, RESOURCE_FIELDS

# Fields the harvesting site sets itself: provenance is about the harvest (busan_dcat's hooks).
OWN_FIELDS = {"source_system", "source_identifier"}


def second_site_names() -> tuple[str, str]:
    db = make_url(tk.config["sqlalchemy.url"]).database
    core = tk.config["solr_url"].rstrip("/").rsplit("/", 1)[-1]
    return (
        os.environ.get("BUSAN_TEST_SECOND_DB") or f"{db}_second",
        os.environ.get("BUSAN_TEST_SECOND_SOLR_CORE") or f"{core}_second",
    )


def second_site_ini(folder: Path) -> Path:
    db, core = second_site_names()
    url = make_url(tk.config["sqlalchemy.url"]).set(database=db).render_as_string(hide_password=False)
    solr = tk.config["solr_url"].rstrip("/").rsplit("/", 1)[0] + f"/{core}"
    plugins = tk.aslist(tk.config["ckan.plugins"])
    plugins.insert(plugins.index("envvars") if "envvars" in plugins else len(plugins), "dcat_rdf_harvester")
    ini = folder / "second_site.ini"
    ini.write_text(
        f"""[app:main]
use = config:{TEST_INI}
sqlalchemy.url = {url}
solr_url = {solr}
ckan.site_id = second.test
ckan.site_url = http://second.test
ckanext.dcat.base_uri = http://second.test
ckan.storage_path = {folder / "storage"}
ckan.plugins = {" ".join(plugins)}

[loggers]
keys = root

[handlers]
keys = console

[formatters]
keys = generic

[logger_root]
level = WARNING
handlers = console

[handler_console]
class = StreamHandler
args = (sys.stderr,)
level = NOTSET
formatter = generic

[formatter_generic]
format = %(levelname)s [%(name)s] %(message)s
""",
        encoding="utf-8",
    )
    return ini


def ckan(ini: Path, *args: str) -> str:
    command = [str(Path(sys.executable).with_name("ckan")), "-c", str(ini), *args]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{' '.join(args)}: {done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


def busan_view(dataset: dict, titles: dict[str, str]) -> dict:
    """The Busan fields; upstream datasets (derived_from, ids of each site) by their titles."""
    view = {k: dataset.get(k) for k in DATASET_FIELDS if k not in OWN_FIELDS}
    view["derived_from"] = sorted(titles.get(i, i) for i in dataset.get("derived_from") or [])
    view["spatial"] = json.loads(dataset["spatial"]) if dataset.get("spatial") else None
    view["tags"] = sorted(t["name"] for t in dataset.get("tags") or [])
    view["resources"] = sorted(
        ({k: r.get(k) or None for k in RESOURCE_FIELDS} for r in dataset.get("resources") or []),
        key=lambda r: r["url"],
    )
    return view


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_second_portal_harvests_the_catalogue_with_the_stock_dcat_harvester(tmp_path):
    org = organization()
    full_dataset(org)  # with its two upstream datasets (derived_from)
    full_dataset(org, name="air", title="수영구_대기질", spatial=None, resources=[], license_id="unrestricted")
    full_dataset(org, name="not-yet", title="공개 전 데이터", private=True, derived_from=[])
    published = [
        tk.get_action("package_show")({"ignore_auth": True}, {"id": d["id"]})
        for d in tk.get_action("package_search")({"ignore_auth": True}, {"fq": "capacity:public", "rows": 100})[
            "results"
        ]
    ]
    assert len(published) == 6

    ini = second_site_ini(tmp_path)
    with running_portal() as site_one:
        ckan(ini, "db", "clean", "--yes")
        ckan(ini, "db", "init")
        ckan(ini, "search-index", "clear")
        ckan(ini, "busan", "seed-orgs")
        source = ["site-one", f"{site_one}/catalog.ttl", "dcat_rdf", "부산 포털", "true", "busan", "MANUAL"]
        ckan(ini, "harvester", "source", "create", *source, json.dumps({"rdf_format": "text/turtle"}))
        report = ckan(ini, "harvester", "run-test", "site-one")
        # a derived dataset imported before its upstream could not name it yet: the next run does
        report += ckan(ini, "harvester", "run-test", "site-one")

    with running_portal(ini) as site_two:
        found = requests.get(f"{site_two}/api/3/action/package_search", params={"rows": 100}, timeout=30).json()
        harvested = {d["title"]: d for d in found["result"]["results"] if d.get("type") == "dataset"}
        republished = requests.get(f"{site_two}/catalog.ttl", timeout=30).text

    assert set(harvested) == {d["title"] for d in published}, report
    titles_one = {d["id"]: d["title"] for d in published}
    titles_two = {d["id"]: d["title"] for d in harvested.values()}
    for dataset in published:
        assert busan_view(harvested[dataset["title"]], titles_two) == busan_view(dataset, titles_one)
        assert harvested[dataset["title"]]["organization"]["name"] == "busan"
    # the second portal republishes them, still conformant, under its own URIs
    graph = graph_of(republished)
    violations, _warnings = shacl_report(graph)
    assert violations == [], "\n".join(violations)
