"""docker/ckan/busan-entrypoint.sh, run with bash and a fake `ckan` (no Docker): it refuses
to start with the placeholders of .env.example, a short secret key or the demo's password, and
otherwise hands the site's own plugin list and the secret key to CKAN before the command."""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .support import DOCKER, ENTRYPOINT, ROOT, example_env, plugin_list

pytestmark = pytest.mark.pure

EX_CONFIG = 78
# What the official base image sets (ckan-docker-base, ckan-2.11/Dockerfile).
BASE_IMAGE_PLUGINS = "image_view text_view datatables_view datastore envvars"
FAKE_CKAN = """#!/bin/sh
printf '%s\\n' "$*" >> "$FAKE_CKAN_LOG"
"""


def strong_key(length: int = 48) -> str:
    return secrets.token_urlsafe(length)[:length]


def demo_password() -> str:
    return yaml.safe_load((ROOT / "config/seed/demo.yaml").read_text())["sysadmin"]["password"]


def good_env() -> dict[str, str]:
    return {
        "CKAN_SECRET_KEY": strong_key(),
        "CKAN_SYSADMIN_NAME": "admin",
        "CKAN_SYSADMIN_PASSWORD": strong_key(20),
        "CKAN_SQLALCHEMY_URL": f"postgresql://ckan:{strong_key(24)}@db/ckan",
        "CKAN__PLUGINS": BASE_IMAGE_PLUGINS,
    }


@pytest.fixture
def site(tmp_path) -> Path:
    """production.ini with busan.ini beside it, as in the image (/srv/app)."""
    shutil.copy(DOCKER / "ckan/production.ini", tmp_path / "production.ini")
    shutil.copy(ROOT / "config/busan.ini", tmp_path / "busan.ini")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "ckan").write_text(FAKE_CKAN)
    (bin_dir / "ckan").chmod(0o755)
    return tmp_path


def run_entrypoint(site: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess, list[str], Path]:
    started = site / "started"
    command = ["bash", "-c", 'printf "%s" "$CKAN__PLUGINS" > "$0"', str(started)]
    full_env = {
        "PATH": f"{site / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "CKAN_INI": str(site / "production.ini"),
        "FAKE_CKAN_LOG": str(site / "ckan.log"),
        **env,
    }
    result = subprocess.run(
        ["bash", str(ENTRYPOINT), *command], capture_output=True, text=True, env=full_env, timeout=60, check=False
    )
    log = site / "ckan.log"
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls, started


def assert_refused(site: Path, env: dict[str, str], *expected: str) -> str:
    result, calls, started = run_entrypoint(site, env)
    assert result.returncode == EX_CONFIG, result.stderr
    assert "refusing to start" in result.stderr
    for text in expected:
        assert text in result.stderr
    assert calls == [], "nothing may run before the secrets are checked"
    assert not started.exists(), "the command must not run"
    return result.stderr


def test_the_example_env_is_refused_naming_every_placeholder(site):
    example = example_env()
    env = {
        **example,
        "CKAN_SQLALCHEMY_URL": f"postgresql://ckan:{example['CKAN_DB_PASSWORD']}@db/ckan",
    }
    stderr = assert_refused(site, env, "CKAN_SECRET_KEY", "CKAN_SYSADMIN_PASSWORD", "CKAN_DB_PASSWORD")
    assert example["CKAN_SECRET_KEY"] not in stderr, "never print a secret"


def test_a_missing_secret_key_is_refused(site):
    env = good_env()
    del env["CKAN_SECRET_KEY"]
    assert_refused(site, env, "CKAN_SECRET_KEY is not set")


def test_a_short_secret_key_is_refused(site):
    assert_refused(site, {**good_env(), "CKAN_SECRET_KEY": strong_key(31)}, "CKAN_SECRET_KEY is 31 characters", "32")


@pytest.mark.parametrize("value", ["change-me", "change-me-long-random-string-0123456789abcdef", "CHANGE-ME-too"])
def test_a_placeholder_secret_key_is_refused_whatever_its_length(site, value):
    assert_refused(site, {**good_env(), "CKAN_SECRET_KEY": value}, "CKAN_SECRET_KEY is the placeholder")


def test_a_placeholder_sysadmin_password_is_refused(site):
    env = {**good_env(), "CKAN_SYSADMIN_PASSWORD": "change-me-admin-password"}
    assert_refused(site, env, "CKAN_SYSADMIN_PASSWORD is the placeholder")


def test_the_demo_sysadmin_password_is_refused(site):
    env = {**good_env(), "CKAN_SYSADMIN_PASSWORD": demo_password()}
    stderr = assert_refused(site, env, "CKAN_SYSADMIN_PASSWORD is the local demo's")
    assert demo_password() not in stderr


def test_a_placeholder_database_password_is_refused(site):
    env = {**good_env(), "CKAN_SQLALCHEMY_URL": "postgresql://ckan:change-me-ckan-db@db/ckan"}
    assert_refused(site, env, "CKAN_SQLALCHEMY_URL", "CKAN_DB_PASSWORD")
    assert_refused(site, {**good_env(), "CKAN_DB_PASSWORD": "change-me-ckan-db"}, "CKAN_DB_PASSWORD is the placeholder")


def test_good_secrets_start_the_command_with_the_sites_plugins_and_key(site):
    env = good_env()
    result, calls, started = run_entrypoint(site, env)
    assert result.returncode == 0, result.stderr
    key = env["CKAN_SECRET_KEY"]
    assert calls == [
        f"config-tool {site / 'production.ini'} SECRET_KEY={key} "
        f"api_token.jwt.encode.secret=string:{key} api_token.jwt.decode.secret=string:{key}"
    ]
    # the base image's stock CKAN__PLUGINS is replaced by the site's list (read from busan.ini now)
    assert started.read_text().split() == plugin_list(site / "production.ini")
    assert "busan_dataset" in started.read_text().split()


def test_a_secret_key_of_exactly_32_characters_is_enough(site):
    result, _, started = run_entrypoint(site, {**good_env(), "CKAN_SECRET_KEY": strong_key(32)})
    assert result.returncode == 0, result.stderr
    assert started.exists()


def test_without_a_sysadmin_password_no_sysadmin_check_applies(site):
    env = good_env()
    del env["CKAN_SYSADMIN_PASSWORD"]
    result, _, started = run_entrypoint(site, env)
    assert result.returncode == 0, result.stderr
    assert started.exists()
