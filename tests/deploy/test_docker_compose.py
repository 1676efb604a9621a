"""docker/ holds a production deployment on the official images. Docker cannot run here, so
Compose's own `config` validates the compose file (with every Compose this machine has: the v2
plugin and/or Debian's docker-compose), and the images' COPY steps are applied to a folder
standing for the image to check what ends up in it."""

from __future__ import annotations

import re

import pytest

from .support import (
    CKAN_DOCKERFILE,
    DOCKER,
    ROOT,
    SOLR_DOCKERFILE,
    base_image,
    compose_config,
    compose_implementations,
    compose_services,
    example_env,
    in_image,
    service_environment,
    stage_image,
)

pytestmark = pytest.mark.pure

EXPECTED_SERVICES = {
    "ckan",
    "solr",
    "db",
    "redis",
    "harvest-gather",
    "harvest-fetch",
    "harvest-scheduler",
    "harvest-maintenance",
    "governance-maintenance",
}
CKAN_SERVICES = ("ckan", "harvest-gather", "harvest-fetch", "harvest-scheduler", "harvest-maintenance")
IMPLEMENTATIONS = compose_implementations()
DEMO_PASSWORD = "busan-admin-2026"


@pytest.fixture(params=IMPLEMENTATIONS or [None], ids=[name for name, _ in IMPLEMENTATIONS] or ["none"])
def compose(request) -> list[str]:
    if request.param is None:
        pytest.fail("no Docker Compose found (docker compose or docker-compose): run ./scripts/install.sh test")
    return request.param[1]


def test_compose_file_is_valid_and_defines_the_services(compose):
    services = compose_services(compose, example_env())
    assert EXPECTED_SERVICES <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert "harvester gather-consumer" in " ".join(services["harvest-gather"]["command"])
    assert "harvester fetch-consumer" in " ".join(services["harvest-fetch"]["command"])
    scheduler = " ".join(services["harvest-scheduler"]["command"])
    assert "harvester run" in scheduler and "sleep 900" in scheduler
    maintenance = " ".join(services["harvest-maintenance"]["command"])
    assert "busan harvest-prune --older-than 30" in maintenance and "sleep 86400" in maintenance
    governance = " ".join(services["governance-maintenance"]["command"])
    assert "governance freshness-notify" in governance and "governance access-log-prune" in governance
    for name in CKAN_SERVICES:
        env = service_environment(services[name])
        assert env["CKAN_SOLR_URL"] == "http://solr:8983/solr/ckan"
        # the secrets from .env reach every container of the image: its entrypoint checks them
        assert env["CKAN_SECRET_KEY"] == example_env()["CKAN_SECRET_KEY"]


@pytest.mark.parametrize("variable", ["CKAN_SECRET_KEY", "CKAN_SYSADMIN_PASSWORD", "CKAN_DB_PASSWORD"])
def test_missing_secret_is_refused_with_a_clear_message(compose, variable):
    result = compose_config(compose, {**example_env(), variable: ""})
    assert result.returncode != 0
    # the message of `${VAR:?set VAR}` ends the error line (Compose v1 also dumps the templates)
    assert re.search(rf": set {variable}$", result.stderr, re.M), result.stderr


def test_no_service_seeds_demo_content(compose):
    services = compose_services(compose, example_env())
    for name, service in services.items():
        command = service.get("command") or []
        text = " ".join(command) if isinstance(command, list) else str(command)
        assert "seed-demo" not in text, name
        assert DEMO_PASSWORD not in str(service_environment(service)), name


def test_the_ckan_image_is_the_ckan_release_the_bundle_is_tested_with():
    """The base image is pinned to the patch release of requirements.txt and install.sh."""
    image = base_image(CKAN_DOCKERFILE)
    match = re.fullmatch(r"ckan/ckan-base:(\d+\.\d+\.\d+)", image)
    assert match, f"{image}: pin the official image to a CKAN patch release (ckan/ckan-base:X.Y.Z)"
    pinned = re.search(r"^ckan==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)
    installed = re.search(r"^CKAN_VERSION=(\S+)$", (ROOT / "scripts/install.sh").read_text(), re.M)
    assert pinned and installed
    assert match[1] == pinned[1] == installed[1]


def test_the_ckan_image_holds_no_demo_content(tmp_path):
    stage_image(CKAN_DOCKERFILE, tmp_path)
    seed = in_image(tmp_path, "/srv/app/seed")
    assert (seed / "organizations.csv").is_file()
    assert not (seed / "demo.yaml").exists()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert DEMO_PASSWORD.encode() not in path.read_bytes(), path
    # what runs when a container starts: the entrypoint, the start hooks, the site file
    started = [in_image(tmp_path, "/srv/app/busan-entrypoint.sh"), in_image(tmp_path, "/srv/app/production.ini")]
    started += in_image(tmp_path, "/docker-entrypoint.d").iterdir()
    for path in started:
        assert "seed-demo" not in path.read_text(), path


def test_the_solr_image_gets_the_korean_schema_and_every_file_it_names(tmp_path):
    stage_image(SOLR_DOCKERFILE, tmp_path)
    conf = in_image(tmp_path, "/opt/solr/server/solr/configsets/ckan/conf")
    ours = ROOT / "config/solr/home/ckan/conf"
    schema = (conf / "managed-schema.xml").read_text()
    assert schema == (ours / "schema.xml").read_text()
    assert "solr.KoreanTokenizerFactory" in schema
    named = set(re.findall(r'(?:words|synonyms|userDictionary|protected|dictionary)="([^"]+)"', schema))
    assert "userdict_ko.txt" in named
    for name in named:
        if (ours / name).exists():  # our own files; the base configset brings the rest
            assert (conf / name).read_bytes() == (ours / name).read_bytes(), name


def test_the_solr_image_registers_the_query_parser_the_portal_asks_for(tmp_path):
    """busan_search sends defType=busan_edismax: the image's solrconfig.xml must name the class
    its build stage compiles, as the local one does, or every text search fails."""
    registration = '<queryParser name="busan_edismax" class="kr.busan.solr.BusanEdismaxQParserPlugin"/>'
    assert registration in (ROOT / "config/solr/home/ckan/conf/solrconfig.xml").read_text()
    runs = stage_image(SOLR_DOCKERFILE, tmp_path)
    assert any(registration in run.command for run in runs)
    assert (ROOT / "config/solr/plugin/kr/busan/solr/BusanEdismaxQParserPlugin.java").is_file()


def test_the_docker_folder_never_seeds_demo_content():
    for path in DOCKER.rglob("*"):
        if path.is_file():
            text = path.read_text(errors="replace")
            assert "seed-demo" not in text, path
            assert DEMO_PASSWORD not in text, path
