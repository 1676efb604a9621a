"""Runs the portal (test.ini) as a real web server for browser tests."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests import TEST_INI

ROOT = Path(__file__).resolve().parents[2]
BROWSER_DIR = Path(__file__).resolve().parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_portal(ini: Path = TEST_INI):
    """`ckan run` on a free loopback port; yields its base URL and stops it afterwards."""
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    # CKAN core reads CKAN_SITE_URL: redirects (e.g. after login) must stay on this server.
    env = dict(os.environ, CKAN_SITE_URL=base)
    ckan = Path(sys.executable).with_name("ckan")
    log = ROOT / ".local" / "logs"
    log.mkdir(parents=True, exist_ok=True)
    with open(log / "browser-portal.log", "w") as out:
        proc = subprocess.Popen(
            [
                str(ckan),
                "-c",
                str(ini),
                "run",
                "-H",
                "127.0.0.1",
                "-p",
                str(port),
                "--disable-reloader",
                "--disable-debugger",
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + 90
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"portal exited early: see {log / 'browser-portal.log'}")
                try:
                    if requests.get(f"{base}/api/3/action/status_show", timeout=2).ok:
                        break
                except requests.ConnectionError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("portal did not answer within 90 s")
                time.sleep(0.5)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
