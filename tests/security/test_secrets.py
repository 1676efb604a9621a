"""The portal refuses to start with a placeholder or short secret, also when the secret comes
from an environment variable (checked after ckanext-envvars has applied it)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ckanext.busan.security.policy import InsecureConfiguration, check_secrets, weak_secret_reason
from tests import TEST_INI

ROOT = Path(__file__).resolve().parents[2]
CKAN = str(Path(sys.executable).with_name("ckan"))
STRONG = "x7Qp2sVd9LmN4rTb8WcY1zKe5HuJ3gFa6"


@pytest.mark.pure
@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("", "empty"),
        ("change-me-long-random-string-0123456789", "placeholder"),
        ("string:CHANGEME-0123456789012345678901234567", "placeholder"),
        ("short", "5 characters"),
    ],
)
def test_weak_secrets_are_named(value, reason):
    assert reason in weak_secret_reason("SECRET_KEY", value, 32)


@pytest.mark.pure
def test_strong_secret_passes_and_the_value_is_never_printed():
    assert weak_secret_reason("SECRET_KEY", STRONG, 32) is None
    secret = "change-me-but-do-not-print-this-value-anywhere"
    with pytest.raises(InsecureConfiguration) as refused:
        check_secrets({"SECRET_KEY": secret}, 32)
    assert "SECRET_KEY" in str(refused.value) and secret not in str(refused.value)


def _start(env_secret: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CKAN")}
    if env_secret is not None:
        env["CKAN___SECRET_KEY"] = env_secret  # ckanext-envvars: CKAN___X -> X
    return subprocess.run(
        [CKAN, "-c", str(TEST_INI), "config", "validate"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def test_placeholder_secret_from_the_environment_stops_start_up():
    result = _start("change-me-long-random-string-from-env-file")
    assert result.returncode != 0
    assert "Refusing to start with weak secrets: SECRET_KEY is a placeholder" in result.stdout + result.stderr


def test_strong_secret_from_the_environment_starts():
    result = _start(STRONG)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "weak secrets" not in result.stdout + result.stderr
