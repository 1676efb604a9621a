"""The public catalogue as data.go.kr's 목록개방현황 CSV: the bulk reader and mapping read it back
to the same Busan fields, the bulk harvester re-imports it, and only sysadmins may download it."""

from __future__ import annotations

from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan as ckan_cli
from ckan.tests import factories

from ckanext.busan.harvesters.bulk_csv import read_bulk_csv
from ckanext.busan.harvesters.mapping import BULK_COLUMNS, MappingError, map_bulk_row
from tests.builders import valid_dataset
from tests.harvest.support import run_job, site_context

from .support import sysadmin_headers

# The fields the listing carries (export/datagokr.py says what it cannot).
FIELDS = (
    "title notes category brm_category dept_name dept_phone legal_basis collection_method update_cycle "
    "next_registration_date temporal_start temporal_end license_id provision_type is_charged cost_basis "
    "is_core_data is_std_data data_limitations other_notes"
).split()


NOTES = '줄바꿈\n과 "따옴표", 쉼표'


def listing_view(dataset: dict) -> dict:
    view = {k: dataset.get(k) or None for k in FIELDS}
    view["tags"] = sorted(t["name"] for t in dataset.get("tags") or [])
    view["formats"] = sorted({(r.get("format") or "").upper() for r in dataset.get("resources") or []} - {""})
    return view


@pytest.fixture
def demo(cli):
    result = cli.invoke(ckan_cli, ["busan", "seed-demo"])
    assert result.exit_code == 0, result.output
    site = site_context()
    hidden = tk.get_action("package_create")(
        dict(site), valid_dataset(name="hidden", owner_org=factories.Organization()["id"], private=True)
    )
    found = tk.get_action("package_search")({"ignore_auth": True}, {"q": "*:*", "rows": 1000})["results"]
    coded = {
        o["name"]
        for o in tk.get_action("organization_list")({}, {"all_fields": True, "include_extras": True})
        if o.get("agency_code")
    }
    return {
        "public": {d["id"]: d for d in found},
        # the listing names agencies by code: a dataset of an organisation without one cannot come back
        "returns": {d["id"]: d for d in found if d["organization"]["name"] in coded},
        "hidden": hidden,
    }


def export(cli, tmp_path: Path, *args: str) -> Path:
    path = tmp_path / f"listing-{len(list(tmp_path.iterdir()))}.csv"
    result = cli.invoke(ckan_cli, ["busan", "export-datagokr", "--output", str(path), *args])
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_listing_reads_back_to_the_same_fields(cli, tmp_path, demo):
    utf8, cp949 = export(cli, tmp_path, "--encoding", "utf-8"), export(cli, tmp_path, "--encoding", "cp949")
    assert utf8.read_bytes().startswith(b"\xef\xbb\xbf") and not cp949.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(read_bulk_csv(utf8))
    assert rows == list(read_bulk_csv(cp949))  # the demo holds nothing CP949 lacks
    assert list(rows[0]) == list(BULK_COLUMNS)
    assert {row["목록키"] for row in rows} == set(demo["public"])  # the private one is not listed
    assert set(demo["public"]) - set(demo["returns"])  # the demo has such organisations (bto, btp)
    for row in rows:
        original = demo["public"][row["목록키"]]
        if row["목록키"] not in demo["returns"]:
            assert row["제공기관"] == original["organization"]["title"] and not row["제공기관코드"]
            with pytest.raises(MappingError, match="owner_org"):
                map_bulk_row(row)
            continue
        mapped = map_bulk_row(row).dataset
        assert listing_view(mapped) == listing_view(original), original["name"]
        assert mapped["source_url"] == original.get("source_url") or f"http://test.ckan.net/dataset/{original['name']}"


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_the_bulk_harvester_re_imports_the_listing(cli, tmp_path, demo):
    path = export(cli, tmp_path)
    owner = factories.Organization()
    source = tk.get_action("harvest_source_create")(
        site_context(),
        {
            "owner_org": owner["id"],
            "url": str(path),
            "name": "re-import",
            "title": "목록개방현황 재수집",
            "source_type": "busan_datagokr_bulk",
            "config": "{}",
        },
    )
    job = run_job(source)
    errors = [e.message for o in job.objects for e in o.errors]
    harvested = tk.get_action("package_search")(
        {"ignore_auth": True}, {"q": "*:*", "fq": 'source_system:"공공데이터포털 목록개방현황"', "rows": 1000}
    )["results"]
    assert len(harvested) == len(demo["returns"]), errors
    for dataset in harvested:
        original = demo["public"][dataset["source_identifier"].removeprefix("datagokr:")]
        assert listing_view(dataset) == listing_view(original), original["name"]
        assert dataset["organization"]["name"] == original["organization"]["name"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_only_sysadmins_download_the_listing(app, demo):
    url = "/ckan-admin/export/datagokr.csv"
    assert "시스템 관리자만 카탈로그를 내보낼 수 있습니다" in app.get(url, status=403).get_data(as_text=True)
    app.get(url, headers={"Authorization": factories.UserWithToken()["token"]}, status=403)
    headers = sysadmin_headers()
    response = app.get(url, headers=headers)
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(read_bulk_csv(response.get_data()))
    assert len(rows) == len(demo["public"])
    cp949 = app.get(url, query_string={"encoding": "cp949", "organization": "busan"}, headers=headers)
    assert cp949.headers["Content-Type"] == "text/csv; charset=cp949"
    rows = list(read_bulk_csv(cp949.get_data()))
    assert rows and {row["제공기관"] for row in rows} == {"부산광역시"}
    app.get(url, query_string={"encoding": "latin-1"}, headers=headers, status=400)
    app.get(url, query_string={"organization": "없는-기관"}, headers=headers, status=404)


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_text_cp949_cannot_hold_does_not_stop_the_export(cli, tmp_path):
    org = tk.get_action("organization_create")(
        site_context(), {"name": "busan", "title": "부산광역시", "agency_code": "6260000"}
    )
    tk.get_action("package_create")(
        site_context(),
        valid_dataset(
            name="emoji", owner_org=org["id"], title="해운대 🌊 파도 관측", notes='줄바꿈\n과 "따옴표", 쉼표'
        ),
    )
    rows = list(read_bulk_csv(export(cli, tmp_path, "--encoding", "cp949")))
    assert rows[0]["목록명"] == "해운대 ? 파도 관측"
    [row] = list(read_bulk_csv(export(cli, tmp_path)))
    assert row["목록명"] == "해운대 🌊 파도 관측" and row["설명"] == '줄바꿈\n과 "따옴표", 쉼표'
