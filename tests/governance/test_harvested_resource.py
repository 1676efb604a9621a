"""A harvested dataset's remote file is diagnosed too: harvesters create and update datasets
with package_create/package_update and remote URLs, which queue the same job; the worker
downloads the file (here from a local HTTP server) and a changed file is diagnosed again."""

import functools
import http.server
import threading

import ckan.plugins.toolkit as tk
import pytest

from ..builders import valid_dataset
from .conftest import wait_for_report


@pytest.fixture
def file_server(tmp_path):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield tmp_path, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_remote_file_of_a_harvested_dataset(worker, publisher, file_server):
    folder, base = file_server
    (folder / "open.csv").write_bytes("개방여부,등록일자\nY,20240101\nX,20241301\n".encode("cp949"))
    site = {"user": tk.get_action("get_site_user")({"ignore_auth": True}, {})["name"], "ignore_auth": True}
    resource = {"url": f"{base}/open.csv", "format": "CSV", "name": "개방 현황", "last_modified": "2026-11-01T00:00:00"}
    dataset = tk.get_action("package_create")(
        dict(site), valid_dataset(owner_org=publisher["org"]["id"], resources=[resource])
    )
    resource_id = dataset["resources"][0]["id"]
    report = wait_for_report(resource_id, worker)
    assert {(c["column"], c["check"]): c["failed"] for c in report["report"]["checks"] if c["failed"]} == {
        ("개방여부", "allowed"): 1,
        ("등록일자", "date"): 1,
    }

    # The next harvest brings a corrected file.
    (folder / "open.csv").write_bytes("개방여부,등록일자\nY,20240101\nN,20241201\n".encode("cp949"))
    updated = dict(dataset, resources=[dict(dataset["resources"][0], last_modified="2026-11-02T00:00:00")])
    tk.get_action("package_update")(dict(site), updated)
    again = wait_for_report(resource_id, worker, after=report["id"])
    assert (again["grade"], again["report"]["failed"]) == ("A", 0)
