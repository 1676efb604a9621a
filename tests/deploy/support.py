"""Helpers for the deployment tests: Docker cannot run here, so these read the deployment
files the way Docker and Compose would (a Dockerfile's COPY steps applied to a folder standing
for the image's filesystem, Compose's own `config` output) and run its shell scripts directly."""

from __future__ import annotations

import configparser
import fnmatch
import os
import posixpath
import re
import shlex
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DOCKER = ROOT / "docker"
COMPOSE_FILE = DOCKER / "docker-compose.yml"
CKAN_DOCKERFILE = DOCKER / "ckan" / "Dockerfile"
SOLR_DOCKERFILE = DOCKER / "solr" / "Dockerfile"
ENTRYPOINT = DOCKER / "ckan" / "busan-entrypoint.sh"
CACHE = ROOT / ".local" / "cache"

# A log record in the format of the project's ini files: "2026-01-01 12:00:00,000 INFO  [name] msg"
LOG_RECORD_PREFIX = r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ "


def tail(text: str, lines: int = 60) -> str:
    return "\n".join(text.splitlines()[-lines:])


# --- ini files ----------------------------------------------------------------------------------


def ini_main(path: Path) -> configparser.SectionProxy | dict:
    parser = configparser.RawConfigParser(strict=False)
    parser.optionxform = str  # keep SECRET_KEY & co. as written
    if not parser.read(path, encoding="utf-8"):
        raise FileNotFoundError(path)
    return parser["app:main"] if parser.has_section("app:main") else {}


def ini_setting(path: Path, key: str) -> str | None:
    """The value CKAN reads for `key` from the ini at `path`, following `use = config:...`."""
    for _ in range(10):
        main = ini_main(path)
        if key in main:
            return main[key]
        use = main.get("use", "")
        if not use.startswith("config:"):
            return None
        path = path.parent / use[len("config:") :]
    raise RuntimeError(f"`use = config:` chain too long from {path}")


def plugin_list(ini: Path) -> list[str]:
    """`ckan.plugins` of a site file (production.ini -> busan.ini), read at test time."""
    value = ini_setting(ini, "ckan.plugins")
    assert value, f"no ckan.plugins in {ini} or the files it uses"
    return value.split()


# --- docker compose -----------------------------------------------------------------------------


def compose_implementations() -> list[tuple[str, list[str]]]:
    """Every working Docker Compose on this machine: the v2 CLI plugin (`docker compose`), a
    standalone `docker-compose` (Debian's v1.29 where Go is missing, or v2), and the v2 binary
    scripts/install.sh links into .local/bin where no docker CLI exists."""
    candidates = [("docker compose", ["docker", "compose"]), ("docker-compose", ["docker-compose"])]
    local = ROOT / ".local" / "bin" / "docker-compose"
    if local.exists() and shutil.which("docker-compose") is None:
        candidates.append((".local/bin/docker-compose", [str(local)]))
    found = []
    for name, argv in candidates:
        try:
            ok = subprocess.run([*argv, "version"], capture_output=True, timeout=60, check=False).returncode == 0
        except OSError:
            ok = False
        if ok:
            found.append((name, argv))
    return found


def example_env() -> dict[str, str]:
    env = {}
    for line in (DOCKER / ".env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            env[key] = value
    return env


def compose_config(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    """`<compose> -f docker/docker-compose.yml config` with `env` as the only variables: an
    empty --env-file keeps a developer's docker/.env out of the result."""
    base = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "DOCKER_CONFIG", "LANG", "LC_ALL")}
    with tempfile.TemporaryDirectory() as tmp:
        empty = Path(tmp) / "empty.env"  # Compose v1 wants a regular file, not /dev/null
        empty.write_text("")
        return subprocess.run(
            [*argv, "-f", str(COMPOSE_FILE), "--env-file", str(empty), "config"],
            capture_output=True,
            text=True,
            timeout=120,
            env={**base, **env},
            check=False,
        )


def compose_services(argv: list[str], env: dict[str, str]) -> dict:
    result = compose_config(argv, env)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]


def service_environment(service: dict) -> dict[str, str]:
    """A service's environment as a mapping (Compose v1 and v2 print it as a mapping; a list
    of KEY=VALUE is accepted too)."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: "" if v is None else str(v) for k, v in env.items()}


# --- Dockerfiles --------------------------------------------------------------------------------


@dataclass
class Run:
    workdir: str  # absolute path inside the image
    command: str


def _instructions(dockerfile: Path) -> list[tuple[str, str]]:
    logical, current = [], ""
    for raw in dockerfile.read_text().splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue  # a comment inside a continued instruction
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        logical.append(current + line)
        current = ""
    out = []
    for instruction in logical:
        op, _, args = instruction.partition(" ")
        out.append((op.upper(), args.strip()))
    return out


def base_image(dockerfile: Path) -> str:
    froms = [args.split()[0] for op, args in _instructions(dockerfile) if op == "FROM"]
    assert len(froms) == 1, f"{dockerfile}: expected one FROM, found {froms}"
    return froms[0]


def _ignored(relative: str, patterns: list[str]) -> bool:
    parts = relative.split("/")
    for pattern in patterns:
        p = pattern.lstrip("/").removeprefix("**/")
        if fnmatch.fnmatch(relative, p) or any(fnmatch.fnmatch(part, p) for part in parts):
            return True
    return False


def _ignore_patterns(dockerfile: Path) -> list[str]:
    # BuildKit reads <Dockerfile>.dockerignore beside the Dockerfile before <context>/.dockerignore.
    for candidate in (dockerfile.with_name(dockerfile.name + ".dockerignore"), ROOT / ".dockerignore"):
        if candidate.exists():
            lines = candidate.read_text().splitlines()
            return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    return []


def stage_image(dockerfile: Path, image_root: Path, context: Path = ROOT) -> list[Run]:
    """Applies the Dockerfile's WORKDIR and COPY instructions (with Docker's semantics: a
    directory source copies its contents) to `image_root`, a folder standing for the image's
    `/`; returns its RUN instructions, which the caller runs or reads."""
    ignore = _ignore_patterns(dockerfile)
    instructions = _instructions(dockerfile)
    # Only the final stage is the image; earlier stages (a build stage) are not modelled.
    last_from = max(i for i, (op, _) in enumerate(instructions) if op == "FROM")
    workdir, runs = "/", []
    for op, args in instructions[last_from + 1 :]:
        if op == "WORKDIR":
            workdir = posixpath.normpath(posixpath.join(workdir, args))
            (image_root / workdir.lstrip("/")).mkdir(parents=True, exist_ok=True)
        elif op == "RUN":
            runs.append(Run(workdir, args))
        elif op in ("COPY", "ADD"):
            words = shlex.split(args)
            if any(w.startswith("--from") for w in words):
                continue  # a file built by an earlier stage or taken from another image
            *sources, dest = [w for w in words if not w.startswith("--")]
            target = posixpath.normpath(posixpath.join(workdir, dest))
            into_dir = dest.endswith("/") or len(sources) > 1
            for source in sources:
                src = context / source
                assert src.exists(), f"{dockerfile.name}: COPY source {source} does not exist"
                dst = image_root / target.lstrip("/")
                if src.is_dir():
                    for path in sorted(src.rglob("*")):
                        rel = path.relative_to(context).as_posix()
                        if path.is_dir() or _ignored(rel, ignore):
                            continue
                        out = dst / path.relative_to(src)
                        out.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copy2(path, out)
                else:
                    out = dst / src.name if into_dir or dst.is_dir() else dst
                    out.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(src, out)
    return runs


def in_image(image_root: Path, path: str) -> Path:
    return image_root / path.lstrip("/")


# CKAN logs this for plugins without config declarations (stock ones among them): not a problem.
UNDECLARED = "does not declare config options"


def config_validate_problems(output: str) -> list[str]:
    """Lines of `ckan config validate` output that report a problem. The command exits 0
    even when options are invalid, so its output is what counts: any line that is not a log
    record (validate's own report, a traceback) and any ERROR/CRITICAL record."""
    log_record = re.compile(LOG_RECORD_PREFIX + r"(?P<level>\w+)\s+\[[^\]]+\] (?P<message>.*)")
    problems = []
    for line in output.splitlines():
        record = log_record.match(line)
        if record is None:
            if line.strip():
                problems.append(line)
        elif record["level"] in ("ERROR", "CRITI", "CRITICAL") and UNDECLARED not in record["message"]:
            problems.append(line)
    return problems
