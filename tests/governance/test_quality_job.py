"""The diagnosis as a background job in a real `ckan jobs worker`: an upload is diagnosed,
the report is stored, shown, downloadable, indexed for the grade facet, private for private
datasets; a new file gets a new report; a scan on demand; an unreadable file gets a report."""

import io
import time

import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan
from werkzeug.datastructures import FileStorage

from .conftest import act, new_dataset, upload, wait_for_report

HEADER = "시설명,개방여부,등록일자,시군구코드,인구수,이용률,시작시각,연락처"
ROWS = [
    "해운대도서관,Y,20240131,26350,100,12.5,0930,051-123-4567",
    "광안리,X,20240230,99999,1a,12.345,2460,051",
    "송정,N,2024-02-29,26110,,1,23:59,051",
]
CSV = ("\n".join([HEADER, *ROWS]) + "\n").encode("cp949")


def searched(fq: str, seconds: int = 60) -> dict:
    """Search results once the job's reindex (just after it stores the report) shows up."""
    deadline = time.monotonic() + seconds
    while True:
        found = tk.get_action("package_search")({}, {"fq": fq, "facet.field": ["busan_quality_grade"]})
        if found["results"] or time.monotonic() > deadline:
            return found
        time.sleep(0.3)


def failing(report):
    return {(c["column"], c["check"]): c["failed"] for c in report["report"]["checks"] if c["failed"]}


def test_upload_is_diagnosed_shown_and_indexed(worker, publisher, app):
    dataset = new_dataset(publisher)
    resource = upload(publisher, dataset, CSV, "facilities.csv", format="CSV")
    report = wait_for_report(resource["id"], worker)
    assert report["status"] == "done", report["message"]
    assert report["report"]["encoding"] == "cp949"
    # Columns named after standard terms get their domains' checks; 연락처 is no term.
    assert failing(report) == {
        ("개방여부", "allowed"): 1,
        ("등록일자", "date"): 1,
        ("시군구코드", "code"): 1,
        ("인구수", "numeric"): 1,
        ("이용률", "scale"): 1,
        ("시작시각", "time"): 1,
    }
    assert (report["grade"], report["score"]) == ("C", round(100 * (1 - 6 / report["report"]["checked"]), 2))
    outcomes = {c["column"]: c["outcome"] for c in report["report"]["compliance"]}
    assert outcomes["개방여부"] == "exact" and outcomes["연락처"] == "non_standard"
    assert report["compliance_rate"] == pytest.approx(7 / 8)
    assert report["table_schema"]["fields"][1]["constraints"]["enum"] == ["Y", "N"]

    # The dataset was reindexed with its grade: search filters and facets by it.
    found = searched("busan_quality_grade:C")
    assert [d["id"] for d in found["results"]] == [dataset["id"]]
    assert found["facets"]["busan_quality_grade"] == {"C": 1}

    # The resource page shows it in Korean; the CSV report and the Table Schema download.
    page = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}")
    assert "데이터 품질 진단" in page.body and "20240230" in page.body
    csv_report = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/quality.csv")
    assert "개방여부,allowed,3,1" in csv_report.body
    schema = app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/table-schema.json").json
    assert schema["fields"][0]["name"] == "시설명"
    # The organisation's compliance rate: 7 of its 8 columns are standard terms.
    assert "87.5%" in app.get("/governance/compliance").body

    # A new file is a new version: diagnosed again.
    fixed = ("\n".join([HEADER, ROWS[0]]) + "\n").encode("cp949")

    act("resource_patch", publisher["user"], id=resource["id"], upload=FileStorage(io.BytesIO(fixed), "facilities.csv"))
    again = wait_for_report(resource["id"], worker, after=report["id"])
    assert (again["grade"], again["rows"], failing(again)) == ("A", 1, {})


def test_private_reports_scan_on_demand_and_unreadable_files(worker, publisher, app, cli):
    dataset = new_dataset(publisher, private=True)
    resource = upload(publisher, dataset, b"PK\x03\x04 broken", "broken.xlsx", format="XLSX")
    report = wait_for_report(resource["id"], worker)
    assert (report["status"], report["grade"]) == ("done", "D")
    assert report["report"]["file_checks"][0]["check"] == "parse"

    # Visitors see neither the report nor the dataset's; the publisher does.
    with pytest.raises(tk.NotAuthorized):
        act("busan_quality_report_show", None, resource_id=resource["id"])
    app.get(f"/dataset/{dataset['name']}/resource/{resource['id']}/quality.csv", status=403)
    shown = act("busan_quality_report_show", publisher["user"], package_id=dataset["id"])
    assert shown["summary"]["grade"] == "D"

    # A scan on demand: only for those who may edit the dataset.
    with pytest.raises(tk.NotAuthorized):
        act("busan_quality_scan", None, resource_id=resource["id"])
    queued = act("busan_quality_scan", publisher["user"], resource_id=resource["id"])
    assert queued["queued"]
    rescanned = wait_for_report(resource["id"], worker, after=report["id"])
    assert rescanned["grade"] == "D"

    # Operators rescan from the command line, here and now (no worker needed).
    result = cli.invoke(ckan, ["governance", "quality-scan", "--force", dataset["name"]])
    assert result.exit_code == 0, result.output
    assert "1 resources diagnosed" in result.output
    assert wait_for_report(resource["id"], worker, after=rescanned["id"])["grade"] == "D"
