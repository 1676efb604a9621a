"""The image-install check: the CKAN image's Python environment, rebuilt without Docker.

docker/ckan/Dockerfile's COPY steps are applied to a folder standing for the image, a clean
virtualenv (no system site packages) gets what the official base image has (CKAN's pinned
requirements.txt, ckan itself, ckanext-envvars), and the Dockerfile's own RUN line runs the
same docker/ckan/install-bundle.sh with the requirements.txt of the same CKAN release. Then
every plugin that production.ini enables (read from the ini now, through busan.ini) must load
from the ckan.plugins entry points, and `ckan config validate` must run clean through the
image's entrypoint. A runtime dependency missing from a package's pyproject.toml fails here.

Slow on the first run (a few minutes); pip's cache in .local/cache/pip makes reruns quick.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .support import (
    CACHE,
    CKAN_DOCKERFILE,
    ROOT,
    compose_implementations,
    compose_services,
    config_validate_problems,
    example_env,
    in_image,
    ini_setting,
    plugin_list,
    service_environment,
    stage_image,
    tail,
)

pytestmark = pytest.mark.pure

# ckan/ckan-base:2.11.x is built FROM python:3.10-slim-bookworm (ckan-docker-base).
IMAGE_PYTHON = (3, 10)
# What the base image installs besides CKAN's requirements.txt (ckan-docker-base, ckan-2.11/Dockerfile).
BASE_IMAGE_EXTRAS = ["ckanext-envvars==0.0.6"]
BASE_IMAGE_PLUGINS = "image_view text_view datatables_view datastore envvars"
CKAN_REQUIREMENTS = CACHE / "ckan-sdist" / "requirements.txt"  # written by scripts/install.sh
SITE = "/srv/app/production.ini"
# CKAN logs this at ERROR level for every plugin without a config declaration: not a config error.

LOAD_PLUGINS = """
import json, sys, traceback
from importlib.metadata import entry_points
points = {ep.name: ep for ep in entry_points(group="ckan.plugins")}
report = {}
for name in json.loads(sys.argv[1]):
    if name not in points:
        report[name] = "no ckan.plugins entry point of that name is installed"
        continue
    try:
        points[name].load()
    except BaseException:
        report[name] = f"{points[name].value}: " + traceback.format_exc(limit=-1).strip().splitlines()[-1]
print(json.dumps(report))
"""


def image_python() -> str:
    """The base image's Python version when this machine has it (PATH or pyenv), else the one
    running the tests, with a warning: the check then proves less."""
    wanted = "python{}.{}".format(*IMAGE_PYTHON)
    candidates = [os.environ.get("BUSAN_IMAGE_PYTHON"), shutil.which(wanted)]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(glob.glob(str(pyenv / "versions" / "{}.{}.*".format(*IMAGE_PYTHON) / "bin" / wanted)))
    for candidate in filter(None, candidates):
        probe = subprocess.run(
            [candidate, "-c", f"import sys; print(sys.version_info[:2] == {IMAGE_PYTHON!r})"],
            capture_output=True,
            text=True,
            check=False,
        )
        if probe.stdout.strip() == "True":
            return candidate
    fallback = getattr(sys, "_base_executable", sys.executable)
    warnings.warn(f"{wanted} (the image's Python) not found: checking the image install with {fallback}", stacklevel=1)
    return fallback


def run(argv: list[str], env: dict[str, str], cwd: Path | None = None, timeout: int = 1800):
    return subprocess.run(argv, capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout, check=False)


@dataclass
class Image:
    root: Path
    venv: Path
    env: dict[str, str] = field(repr=False)
    install: subprocess.CompletedProcess = field(repr=False)

    def path(self, inside: str) -> Path:
        return in_image(self.root, inside)


@pytest.fixture(scope="module")
def image(tmp_path_factory) -> Image:
    if not CKAN_REQUIREMENTS.exists():
        pytest.fail(f"{CKAN_REQUIREMENTS} missing: run ./scripts/install.sh (it takes it from the ckan sdist)")
    root = tmp_path_factory.mktemp("image")
    runs = stage_image(CKAN_DOCKERFILE, root)
    installs = [r for r in runs if "install-bundle.sh" in r.command]
    assert len(installs) == 1, "the Dockerfile must install the bundle with one RUN of install-bundle.sh"
    words = [w for w in shlex.split(installs[0].command) if "=" not in w or w.startswith(("/", "."))]
    script, requirements = words[0], words[1:]
    assert requirements == ["/srv/app/src/ckan/requirements.txt"], requirements
    # The base image's CKAN source tree, as far as the install reads it.
    requirements_in_image = in_image(root, requirements[0])
    requirements_in_image.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(CKAN_REQUIREMENTS, requirements_in_image)

    venv = root / "venv"
    subprocess.run([image_python(), "-m", "venv", str(venv)], check=True, timeout=300)
    # The machine's environment (pip's index, certificates, proxies), less anything of the
    # project's own virtualenv or CKAN settings of the developer's shell.
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("CKAN", "PYTHON", "VIRTUAL_ENV", "PIP_NO_CACHE", "PIP_REQUIRE_VIRTUALENV"))
    }
    project_bins = {str(ROOT / ".local/venv/bin"), str(Path(sys.prefix) / "bin")}
    system_path = [entry for entry in os.environ["PATH"].split(os.pathsep) if entry not in project_bins]
    env.update(
        PATH=os.pathsep.join([str(venv / "bin"), *system_path]),
        PIP_CACHE_DIR=str(CACHE / "pip"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        LANG="C.UTF-8",
    )
    pip = [str(venv / "bin/python"), "-m", "pip", "install", "-q"]
    version = re.search(r"^ckan==(\S+)$", (ROOT / "requirements.txt").read_text(), re.M)[1]
    for step in (
        [*pip, "-U", "pip", "setuptools<82"],
        [*pip, "--no-binary", "markdown", "-r", str(requirements_in_image)],
        [*pip, "--no-deps", f"ckan=={version}"],  # its own install_requires is setuptools only
        [*pip, *BASE_IMAGE_EXTRAS],
    ):
        base = run(step, env)
        if base.returncode != 0:
            pytest.fail(f"building the base image's environment failed: {' '.join(step)}\n{tail(base.stderr)}")

    workdir = in_image(root, installs[0].workdir)
    install = run(["bash", str(workdir / script), str(requirements_in_image)], env, cwd=workdir)
    return Image(root, venv, env, install)


def test_the_bundle_installs_with_its_dependencies(image):
    assert image.install.returncode == 0, tail(image.install.stdout + image.install.stderr)


def test_every_enabled_plugin_loads(image):
    assert image.install.returncode == 0, "the install failed: see test_the_bundle_installs_with_its_dependencies"
    plugins = plugin_list(image.path(SITE))
    result = run([str(image.venv / "bin/python"), "-c", LOAD_PLUGINS, json.dumps(plugins)], image.env)
    assert result.returncode == 0, tail(result.stderr)
    failures = json.loads(result.stdout)
    assert not failures, "plugins of production.ini that do not load in the image:\n" + "\n".join(
        f"  {name}: {error}" for name, error in failures.items()
    )


def local_services() -> dict[str, str]:
    """Addresses of a reachable PostgreSQL, Solr and Redis for `ckan config validate` (CKAN
    connects at start-up): the local portal's (scripts/services.sh), only read from."""
    portal = ROOT / "config/portal.ini"
    return {
        "CKAN_SQLALCHEMY_URL": ini_setting(portal, "sqlalchemy.url"),
        "CKAN_SOLR_URL": ini_setting(portal, "solr_url"),
        "CKAN_REDIS_URL": ini_setting(portal, "ckan.redis.url"),
        "CKAN_DATASTORE_WRITE_URL": ini_setting(portal, "ckan.datastore.write_url"),
        "CKAN_DATASTORE_READ_URL": ini_setting(portal, "ckan.datastore.read_url"),
        "CKANEXT__XLOADER__JOBS_DB__URI": ini_setting(portal, "ckanext.xloader.jobs_db.uri"),
    }


def compose_ckan_environment(secret_env: dict[str, str]) -> dict[str, str]:
    implementations = compose_implementations()
    if not implementations:
        pytest.fail("no Docker Compose found: run ./scripts/install.sh test")
    services = compose_services(implementations[0][1], {**example_env(), **secret_env})
    return service_environment(services["ckan"])


def test_config_validate_is_clean_through_the_entrypoint(image, tmp_path):
    assert image.install.returncode == 0, "the install failed: see test_the_bundle_installs_with_its_dependencies"
    secrets_env = {
        "CKAN_SECRET_KEY": "k" * 12 + os.urandom(24).hex(),
        "CKAN_SYSADMIN_PASSWORD": os.urandom(12).hex(),
        "CKAN_DB_PASSWORD": os.urandom(12).hex(),
    }
    env = {
        **image.env,
        **compose_ckan_environment(secrets_env),  # what docker-compose.yml gives the ckan container
        **local_services(),
        "CKAN_STORAGE_PATH": str(tmp_path / "storage"),
        "CKAN_INI": str(image.path(SITE)),
        "CKAN__PLUGINS": BASE_IMAGE_PLUGINS,  # set by the base image
    }
    # The base image's start script writes CKAN__PLUGINS into the ini (prerun.py) before CKAN starts.
    command = (
        'ckan config-tool "$CKAN_INI" "ckan.plugins = $CKAN__PLUGINS" >/dev/null'
        ' && exec ckan -c "$CKAN_INI" config validate'
    )
    entrypoint = image.path("/srv/app/busan-entrypoint.sh")
    result = run(["bash", str(entrypoint), "bash", "-c", command], env, cwd=image.path("/srv/app"), timeout=300)
    output = result.stdout + result.stderr
    assert result.returncode == 0, tail(output)

    problems = config_validate_problems(output)
    assert not problems, "ckan config validate reported problems (are ./scripts/services.sh running?):\n" + "\n".join(
        problems
    )
    # The plugins CKAN validated are the site's, not the base image's stock list.
    assert ini_setting(image.path(SITE), "ckan.plugins").split() == plugin_list(image.path("/srv/app/busan.ini"))
