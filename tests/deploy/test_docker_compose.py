"""docker/ holds a production deployment on the official images; Docker cannot run here,
so `docker compose config` validates it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker" / "docker-compose.yml"
EXPECTED_SERVICES = {"ckan", "solr", "db", "redis", "harvest-gather", "harvest-fetch", "harvest-scheduler"}


def example_env() -> dict[str, str]:
    env = {}
    for line in (ROOT / "docker" / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    return env


def compose_config(env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "config"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **env},
        check=False,
    )


def test_compose_file_is_valid_and_defines_the_services():
    result = compose_config(example_env())
    assert result.returncode == 0, result.stderr
    config = yaml.safe_load(result.stdout)
    services = config["services"]
    assert EXPECTED_SERVICES <= set(services)
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert "harvester gather-consumer" in " ".join(services["harvest-gather"]["command"])
    assert "harvester fetch-consumer" in " ".join(services["harvest-fetch"]["command"])
    scheduler = " ".join(services["harvest-scheduler"]["command"])
    assert "harvester run" in scheduler and "sleep 900" in scheduler
    assert services["ckan"]["environment"]["CKAN_SOLR_URL"] == "http://solr:8983/solr/ckan"


def test_images_build_on_the_official_ckan_images():
    ckan = (ROOT / "docker/ckan/Dockerfile").read_text()
    solr = (ROOT / "docker/solr/Dockerfile").read_text()
    assert "FROM ckan/ckan-base:2.11" in ckan
    assert "FROM ckan/ckan-solr:2.11-solr9-spatial" in solr
    # the Korean schema and its user dictionary go into the image's configset
    assert "config/solr/home/ckan/conf/schema.xml" in solr and "userdict_ko.txt" in solr


def test_missing_secret_is_refused_with_a_clear_message():
    env = example_env()
    env.pop("CKAN_SECRET_KEY")
    result = compose_config({**env, "CKAN_SECRET_KEY": ""})
    assert result.returncode != 0
    assert "CKAN_SECRET_KEY" in result.stderr
