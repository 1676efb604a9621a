"""The DataStore data dictionary and the diagnosis share one column list: after the real
worker loads an upload, the dictionary is filled from the standard terms, and what a
publisher sets there (key column, required, domain) drives the next diagnosis."""

import time

import ckan.model as model
import ckan.plugins.toolkit as tk
import pytest

from .conftest import act, new_dataset, upload, wait_for_report

CSV = "시설명,개방여부,인구수,비고\n해운대도서관,Y,100,\n해운대도서관,N,,\n송정,Y,7,a\n".encode("cp949")


def filled_dictionary(resource_id: str, worker_log, seconds: int = 120) -> dict:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        model.Session.remove()
        try:
            fields = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource_id})["fields"]
        except tk.ObjectNotFound:
            fields = []
        info = {f["id"]: f.get("info") or {} for f in fields}
        if info.get("개방여부", {}).get("busan_domain"):
            return info
        time.sleep(0.5)
    pytest.fail(f"data dictionary not filled; worker log:\n{worker_log.read_text()[-3000:]}")


def test_dictionary_filled_from_standards_and_publisher_settings_drive_the_diagnosis(worker, publisher):
    dataset = new_dataset(publisher)
    resource = upload(publisher, dataset, CSV, "facilities.csv", format="CSV")
    info = filled_dictionary(resource["id"], worker)
    assert {k: (v.get("busan_term"), v.get("busan_domain"), v.get("busan_length")) for k, v in info.items()} == {
        "시설명": ("시설명", "명V100", "100"),
        "개방여부": ("개방여부", "여부C1", "1"),
        "인구수": ("인구수", "수N10", "10"),
        "비고": (None, None, None),  # no standard term: left for the publisher
    }

    # The publisher marks the key and a required column, as the dictionary form saves them.
    fields = tk.get_action("datastore_info")({"ignore_auth": True}, {"id": resource["id"]})["fields"]
    edited = []
    for f in fields:
        extra = {"시설명": {"busan_key": "true"}, "인구수": {"busan_required": "yes"}}.get(f["id"], {})
        edited.append({"id": f["id"], "type": f["type"], "info": {**(f.get("info") or {}), **extra}})
    act("datastore_create", publisher["user"], resource_id=resource["id"], force=True, fields=edited)
    with pytest.raises(tk.ValidationError):
        bad = [{**edited[0], "info": {**edited[0]["info"], "busan_length": "long"}}, *edited[1:]]
        act("datastore_create", publisher["user"], resource_id=resource["id"], force=True, fields=bad)

    before = wait_for_report(resource["id"], worker)
    act("busan_quality_scan", publisher["user"], resource_id=resource["id"])
    report = wait_for_report(resource["id"], worker, after=before["id"])
    failed = {(c["column"], c["check"]): c["failed"] for c in report["report"]["checks"] if c["failed"]}
    assert failed == {("시설명", "unique"): 1, ("인구수", "required"): 1}
    assert report["table_schema"]["primaryKey"] == ["시설명"]
