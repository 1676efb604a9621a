"""A local stand-in for another CKAN portal's Action API (package_search with fq, sort, rows,
start and fl, as ckanext-harvest's CKAN harvester pages through it). Records are stock CKAN
dataset dicts; `down = True` makes every call fail with HTTP 503."""

from __future__ import annotations

import contextlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse


class FakeCKAN:
    def __init__(self, datasets: list[dict]):
        self.datasets = datasets
        self.down = False
        self._server: ThreadingHTTPServer | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def _search(self, params: dict) -> dict:
        rows, start = int(params.get("rows", 10)), int(params.get("start", 0))
        found = sorted(self.datasets, key=lambda d: d["id"])
        fq = params.get("fq", "")
        if "metadata_modified:[" in fq:
            since = fq.split("metadata_modified:[", 1)[1].split(" TO", 1)[0].rstrip("Z")
            found = [d for d in found if d["metadata_modified"] >= since]
        page = found[start : start + rows]
        if params.get("fl") == "id":
            page = [{"id": d["id"]} for d in page]
        return {"success": True, "result": {"count": len(found), "results": page}}

    def start(self) -> FakeCKAN:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                url = urlparse(self.path)
                params = {k: v[-1] for k, v in parse_qs(url.query).items()}
                if fake.down:
                    status, body = 503, {"success": False}
                elif url.path.endswith("/package_search"):
                    status, body = 200, fake._search(params)
                else:
                    status, body = 404, {"success": False, "error": {"message": "Not found"}}
                data = json.dumps(body, ensure_ascii=False).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json;charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@contextlib.contextmanager
def serve(datasets: list[dict]):
    fake = FakeCKAN(datasets).start()
    try:
        yield fake
    finally:
        fake.stop()


def stock_dataset(n: int) -> dict:
    """A dataset as a stock CKAN portal publishes it: none of the Busan fields."""
    return {
        "id": f"00000000-0000-4000-8000-{n:012d}",
        "name": f"remote-dataset-{n}",
        "title": f"원격 포털 데이터 {n}",
        "notes": f"다른 CKAN 포털의 데이터셋 {n}",
        "license_id": "cc-by",
        "license_title": "Creative Commons Attribution",
        "maintainer": "데이터담당관",
        "maintainer_email": "data@remote.example.kr",
        "metadata_created": "2025-01-01T00:00:00",
        "metadata_modified": "2025-06-01T00:00:00",
        "state": "active",
        "type": "dataset",
        "tags": [{"name": "교통"}],
        "extras": [{"key": "spatial_districts", "value": '["2635000000"]'}, {"key": "custom", "value": "x"}],
        "resources": [
            {
                "id": f"10000000-0000-4000-8000-{n:012d}",
                "url": f"https://remote.example.kr/{n}.csv",
                "format": "CSV",
                "name": "자료",
            }
        ],
        "organization": {"name": "remote-org", "title": "원격 기관"},
        "groups": [],
    }
