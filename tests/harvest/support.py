"""Running harvest jobs in tests: in-process, as ckanext-harvest's own test helper does
(the real queue and consumers are exercised in test_harvest_queue.py)."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckanext.harvest.interfaces import IHarvester
from ckanext.harvest.model import HarvestJob
from ckanext.harvest.tests.lib import run_harvest_job


def harvester(name: str):
    return next(h for h in p.PluginImplementations(IHarvester) if h.info()["name"] == name)


def run_job(source: dict, harvester_name: str | None = None) -> HarvestJob:
    """One job of a harvest source, gather to import; returns the finished job."""
    job = HarvestJob(source_id=source["id"])
    job.save()
    run_harvest_job(job, harvester(harvester_name or source["source_type"]))
    return job


def site_context() -> dict:
    return {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}


@contextlib.contextmanager
def serve_documents(respond: Callable[[str], tuple[bytes, str] | None]) -> Iterator[str]:
    """A local web server standing in for a remote catalogue: `respond(path)` gives the body and
    its content type, or None for 404. Yields the server's base URL (no trailing slash)."""

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            answer = respond(self.path)
            if answer is None:
                self.send_response(404)
                self.end_headers()
                return
            data, kind = answer
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
