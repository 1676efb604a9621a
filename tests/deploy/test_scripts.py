"""The Quick start scripts, run for real with bash but on fake machines: a PATH holding only
the tools each case needs (fakes for apt, Java, Maven, npm, Go, Docker, ckan), a throwaway
virtualenv path, and install.sh's dry run (BUSAN_INSTALL_DRY_RUN=1 prints the commands that
would change the machine instead of running them)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .support import ROOT

pytestmark = pytest.mark.pure

INSTALL = ROOT / "scripts/install.sh"
REAL_TOOLS = (
    "bash sh env cat cut sed grep head tail sha256sum dirname basename readlink id mkdir rm touch ln cp "
    "tar sort tr uname mktemp chmod ls"
).split()
PORTAL_APT = {
    "postgresql",
    "redis-server",
    "libgeos-dev",
    "libpq-dev",
    "build-essential",
    "python3-venv",
    "python3-dev",
    "libmagic1",
}
TEST_ONLY_APT = {"chromium", "fonts-nanum"}
FAKE_DPKG = """#!/bin/sh
# prints dpkg's status for the packages listed in $FAKE_DPKG_INSTALLED, fails for the others
for package; do :; done
for p in $FAKE_DPKG_INSTALLED; do
  if [ "$p" = "$package" ]; then printf 'install ok installed'; exit 0; fi
done
exit 1
"""
FAKE_JAVA = """#!/bin/sh
echo 'openjdk version "17.0.15" 2025-04-15' >&2
"""
RECORDER = """#!/bin/sh
printf '%s %s\\n' "$(basename "$0")" "$*" >> "$FAKE_LOG"
"""
FAILING = """#!/bin/sh
exit 1
"""
NO_COMPOSE = not (ROOT / ".local/bin/docker-compose").exists()  # else lib.sh's PATH finds it


def real_python() -> str:
    return getattr(sys, "_base_executable", sys.executable)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    path.chmod(0o755)
    return path


class FakeMachine:
    """A bin folder standing for a fresh Debian machine's PATH: coreutils, a Python, a fake
    dpkg that says nothing is installed and an apt-get that must not run in a dry run."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.bin = tmp / "bin"
        self.bin.mkdir()
        for tool in REAL_TOOLS:
            found = shutil.which(tool)
            if found:
                (self.bin / tool).symlink_to(found)
        (self.bin / "python3").symlink_to(real_python())
        write(self.bin / "dpkg-query", FAKE_DPKG)
        write(self.bin / "apt-get", "#!/bin/sh\necho 'apt-get ran in a dry run' >&2\nexit 99\n")
        self.venv = tmp / "venv"
        self.solr_lib = tmp / "solr-lib"
        self.installed: list[str] = []

    def add(self, name: str, script: str = RECORDER) -> None:
        write(self.bin / name, script)

    def add_java(self) -> None:
        self.add("java", FAKE_JAVA)
        self.add("javac", "#!/bin/sh\n")

    def install(self, profile: str) -> subprocess.CompletedProcess:
        env = {
            "PATH": str(self.bin),
            "HOME": str(self.tmp),
            "BUSAN_VENV": str(self.venv),
            "BUSAN_SOLR_LIB": str(self.solr_lib),
            "BUSAN_INSTALL_DRY_RUN": "1",
            "FAKE_DPKG_INSTALLED": " ".join(self.installed),
            "FAKE_LOG": str(self.tmp / "calls.log"),
        }
        return subprocess.run(
            [str(self.bin / "bash"), str(INSTALL), profile],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )


def planned(result: subprocess.CompletedProcess) -> list[str]:
    assert result.returncode == 0, result.stdout + result.stderr
    return [line[2:] for line in result.stdout.splitlines() if line.startswith("+ ")]


def apt_packages(plan: list[str]) -> set[str]:
    installs = [line for line in plan if "apt-get install" in line]
    packages = set()
    for line in installs:
        packages |= {word for word in line.split("--no-install-recommends", 1)[1].split()}
    return packages


def pip_installs(plan: list[str]) -> list[str]:
    return [line for line in plan if " -m pip " in line and " install " in line]


def browser_tools_current() -> bool:
    stamp = ROOT / "tests/browser/node_modules/.busan-lock"
    lock = hashlib.sha256((ROOT / "tests/browser/package-lock.json").read_bytes()).hexdigest()[:16]
    return stamp.exists() and stamp.read_text().strip() == lock


@pytest.fixture
def machine(tmp_path) -> FakeMachine:
    return FakeMachine(tmp_path)


# --- install.sh profiles ------------------------------------------------------------------------


def test_portal_profile_installs_what_the_portal_needs_and_no_test_tool(machine):
    plan = planned(machine.install("portal"))
    apt = apt_packages(plan)
    assert PORTAL_APT <= apt
    assert {"default-jdk-headless", "maven"} <= apt  # no Java, Solr jars still to fetch
    assert not apt & (TEST_ONLY_APT | {"npm", "nodejs", "docker-compose", "docker.io"})
    assert f"{machine.bin / 'python3'} -m venv --clear {machine.venv}" in plan
    pips = " ".join(pip_installs(plan))
    assert "ckan-sdist/requirements.txt" in pips and f"-e {ROOT}" in pips
    assert "dev-requirements.txt" not in pips
    assert any(line.startswith("mvn ") for line in plan)
    assert not any(word in line for line in plan for word in ("npm ", "go build", "go get"))
    assert "apt-get ran" not in machine.install("portal").stderr


def test_test_profile_adds_the_test_tools(machine):
    plan = planned(machine.install("test"))
    apt = apt_packages(plan)
    assert PORTAL_APT | TEST_ONLY_APT <= apt
    pips = pip_installs(plan)
    assert any("dev-requirements.txt" in line for line in pips)
    # playwright-core lives in this checkout's tests/browser: npm is needed only when it is stale
    if browser_tools_current():
        assert "npm" not in apt and not any("npm ci" in line for line in plan)
    else:
        assert "npm" in apt and any("npm ci" in line for line in plan)


@pytest.mark.skipif(not NO_COMPOSE, reason="this checkout has .local/bin/docker-compose")
def test_without_go_debians_docker_compose_validates_docker_folder(machine):
    plan = planned(machine.install("test"))
    assert "docker-compose" in apt_packages(plan)
    assert not any("go " in line for line in plan)


@pytest.mark.skipif(not NO_COMPOSE, reason="this checkout has .local/bin/docker-compose")
def test_with_go_the_compose_plugin_is_built_and_runs_standalone_without_a_docker_cli(machine):
    machine.add("go")
    plan = planned(machine.install("test"))
    assert "docker-compose" not in apt_packages(plan)
    builds = [line for line in plan if " go build " in f" {line}"]
    assert len(builds) == 1 and "github.com/docker/compose/v2/cmd" in builds[0]
    assert any(line.startswith("ln -sf ") and line.endswith(".local/bin/docker-compose") for line in plan)


@pytest.mark.skipif(not NO_COMPOSE, reason="this checkout has .local/bin/docker-compose")
def test_an_existing_docker_compose_is_used_as_it_is(machine):
    machine.add("go")
    machine.add("docker", FAILING)  # a docker CLI without the compose plugin
    machine.add("docker-compose")  # Debian's v1, say
    plan = planned(machine.install("test"))
    assert "docker-compose" not in apt_packages(plan)
    assert not any("go " in line for line in plan)


def test_java_and_maven_are_installed_only_when_missing_and_needed(machine):
    machine.add_java()
    machine.solr_lib.mkdir()
    (machine.solr_lib / ".complete").touch()
    plan = planned(machine.install("portal"))
    assert not apt_packages(plan) & {"default-jdk-headless", "maven"}
    assert not any(line.startswith("mvn ") for line in plan)


def test_the_test_profile_after_the_portal_one_adds_only_the_test_tools(machine):
    first = planned(machine.install("portal"))
    stamp = next(line for line in first if line.startswith("stamp ") and ".busan-portal" in line)
    _, path, value = stamp.split()
    # the machine after that portal install
    (machine.venv / "bin").mkdir(parents=True)
    (machine.venv / "bin/python").symlink_to(real_python())
    Path(path).write_text(value + "\n")
    machine.installed = sorted(apt_packages(first))
    machine.add_java()
    machine.solr_lib.mkdir()
    (machine.solr_lib / ".complete").touch()

    plan = planned(machine.install("test"))
    assert apt_packages(plan) - {"docker-compose", "nodejs", "npm"} == TEST_ONLY_APT
    pips = pip_installs(plan)
    assert len(pips) == 1 and "dev-requirements.txt" in pips[0], pips
    assert not any(" -m venv " in line or line.startswith("mvn ") for line in plan)
    # and the portal profile has nothing left to do
    assert [line for line in planned(machine.install("portal"))] == []


def test_an_unknown_profile_is_refused(machine):
    result = machine.install("everything")
    assert result.returncode == 2
    assert "usage" in result.stdout + result.stderr


# --- Python selection (scripts/lib.sh) ----------------------------------------------------------


def pick_python(machine: FakeMachine, python: str = "") -> subprocess.CompletedProcess:
    env = {"PATH": str(machine.bin), "BUSAN_VENV": str(machine.venv), "PYTHON": python}
    return subprocess.run(
        [str(machine.bin / "bash"), "-c", f". {ROOT}/scripts/lib.sh && pick_python"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def fake_python(path: Path, version: tuple[int, int]) -> Path:
    """An interpreter that answers lib.sh's version probe like Python `version` would."""
    ok = 0 if version >= (3, 10) else 1
    return write(path, f"#!/bin/sh\nexit {ok}\n")


def test_the_newest_python_of_at_least_3_10_is_picked(machine):
    (machine.bin / "python3").unlink()
    write(machine.bin / "python3.13", "#!/bin/sh\necho 'pyenv: python3.13: command not found' >&2\nexit 127\n")
    fake_python(machine.bin / "python3.12", (3, 12))
    fake_python(machine.bin / "python3.11", (3, 11))
    fake_python(machine.venv / "bin/python3.13", (3, 13))  # the project's own venv is not a candidate
    result = pick_python(machine)
    assert result.returncode == 0 and result.stdout.strip() == str(machine.bin / "python3.12")


def test_plain_python3_is_used_when_it_is_recent_enough(machine):
    (machine.bin / "python3").unlink()
    fake_python(machine.bin / "python3", (3, 14))
    assert pick_python(machine).stdout.strip() == str(machine.bin / "python3")


def test_an_old_python_is_not_picked(machine):
    (machine.bin / "python3").unlink()
    fake_python(machine.bin / "python3", (3, 9))
    result = pick_python(machine)
    assert result.returncode != 0 and result.stdout == ""


def test_PYTHON_overrides_the_choice_but_must_be_at_least_3_10(machine):
    chosen = fake_python(machine.tmp / "elsewhere/python3.10", (3, 10))
    assert pick_python(machine, str(chosen)).stdout.strip() == str(chosen)
    old = fake_python(machine.tmp / "elsewhere/python3.9", (3, 9))
    result = pick_python(machine, str(old))
    assert result.returncode != 0 and "older than Python 3.10" in result.stderr


def test_a_missing_python_stops_the_install_with_advice(machine):
    (machine.bin / "python3").unlink()
    result = machine.install("portal")
    assert result.returncode != 0
    assert "no Python >= 3.10 found" in result.stderr and "PYTHON=" in result.stderr


# --- demo.sh and test.sh ------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def checkout_with_fakes(tmp: Path, script: str, ckan: str) -> Path:
    """A copy of `script` and lib.sh in a fake checkout whose install.sh, services.sh and
    virtualenv tools (ckan, ruff, pytest) only record how they were called."""
    root = tmp / "checkout"
    (root / "scripts").mkdir(parents=True)
    for name in (script, "lib.sh"):
        shutil.copy(ROOT / "scripts" / name, root / "scripts" / name)
    for name in ("install.sh", "services.sh"):
        write(root / "scripts" / name, RECORDER)
    venv_bin = root / ".local/venv/bin"
    write(venv_bin / "ckan", ckan)
    for name in ("ruff", "pytest"):
        write(venv_bin / name, RECORDER)
    return root


FAKE_CKAN = """#!/bin/bash
printf 'ckan %s\\n' "$*" >> "$FAKE_LOG"
echo "2026-01-01 00:00:00,000 INFO  [ckan.cli] Using configuration file (noise)"
echo "2026-01-01 00:00:00,000 WARNI [ckan.config] a warning (noise)"
case "$*" in
  *"db init"*)
    if [ -n "${FAIL_DB_INIT:-}" ]; then
      echo "sqlalchemy.exc.OperationalError: could not connect to server" >&2
      exit 3
    fi
    echo "Initialising DB: SUCCESS" ;;
esac
exit 0
"""


def run_script(root: Path, script: str, *args: str, **env: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    log = root / "calls.log"
    full_env = {
        "PATH": f"/usr/bin{os.pathsep}/bin",
        "HOME": str(root),
        "FAKE_LOG": str(log),
        "BUSAN_CKAN_PORT": str(free_port()),
        **env,
    }
    result = subprocess.run(
        ["bash", str(root / "scripts" / script), *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=60,
        check=False,
    )
    calls = log.read_text().splitlines() if log.exists() else []
    return result, calls


def test_demo_installs_the_portal_profile_then_prepares_seeds_and_serves(tmp_path):
    root = checkout_with_fakes(tmp_path, "demo.sh", FAKE_CKAN)
    result, calls = run_script(root, "demo.sh")
    assert result.returncode == 0, result.stdout + result.stderr
    ini = root / "config/portal.ini"
    assert calls[:2] == ["install.sh portal", "services.sh start"]
    worker = f"ckan -c {ini} jobs worker"  # in the background: its place in the log may vary
    deadline = time.monotonic() + 10
    while worker not in calls and time.monotonic() < deadline:  # nohup'ed: may log after the script ends
        time.sleep(0.2)
        calls = (root / "calls.log").read_text().splitlines()
    assert worker in calls
    assert [re.sub(r" -p \d+", " -p PORT", call) for call in calls[2:] if call != worker] == [
        f"ckan -c {ini} db init",
        f"ckan -c {ini} db pending-migrations --apply",
        f"ckan -c {ini} busan seed-demo",
        f"ckan -c {ini} busan-showcase seed-demo",
        f"ckan -c {ini} busan seed-citizen-space",
        f"ckan -c {ini} tracking update",
        f"ckan -c {ini} run -H 127.0.0.1 -p PORT --disable-debugger --disable-reloader",
    ]
    output = result.stdout + result.stderr
    assert "Initialising DB: SUCCESS" in output
    assert "(noise)" not in output.split("Serving the portal")[0]


def test_demo_stops_at_a_failing_db_init_and_shows_its_error(tmp_path):
    root = checkout_with_fakes(tmp_path, "demo.sh", FAKE_CKAN)
    result, calls = run_script(root, "demo.sh", FAIL_DB_INIT="1")
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "sqlalchemy.exc.OperationalError: could not connect to server" in output
    assert "ckan db init failed" in output
    assert not any("seed-demo" in call or " run " in call for call in calls), calls


def test_test_sh_installs_the_test_profile_lints_then_runs_pytest_with_the_arguments(tmp_path):
    root = checkout_with_fakes(tmp_path, "test.sh", FAKE_CKAN)
    result, calls = run_script(root, "test.sh", "tests/search", "-k", "해수욕장")
    assert result.returncode == 0, result.stdout + result.stderr
    assert calls == ["install.sh test", "services.sh start", "ruff check .", "pytest -ra tests/search -k 해수욕장"]


def test_ci_runs_exactly_the_quick_start_test_command():
    lines = [line.strip() for line in (ROOT / ".ci/run").read_text().splitlines()]
    assert lines[-1] == "./scripts/test.sh"
