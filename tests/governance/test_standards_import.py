"""`ckan governance import-standards` on the real database: XLSX and CSV, bad rows, re-import
of the same edition, a new edition, an older one refused; term search and name checks."""

import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan

from .helpers import SAMPLE, sample_rows, sample_xlsx

pytestmark = pytest.mark.usefixtures("clean_governance")


def run(cli, *args):
    result = cli.invoke(ckan, ["governance", *map(str, args)])
    return result.exit_code, result.output


def counts():
    return tk.get_action("busan_standard_term_search")({}, {"q": "여부"})["counts"]


def test_csv_then_the_same_xlsx_changes_nothing(cli, tmp_path):
    code, out = run(cli, "import-standards", SAMPLE)
    assert code == 0, out
    assert "word +28" in out and "term +15" in out and "domain +13" in out
    assert {k: v for k, v in counts().items() if k != "code"} == {"word": 28, "term": 15, "domain": 13}
    code, out = run(cli, "import-standards", sample_xlsx(tmp_path / "std.xlsx"))
    assert code == 0, out
    assert "nothing changed" in out
    found = tk.get_action("busan_standard_term_search")({}, {"q": "사용여부"})
    assert [(t["name"], t["abbr"], t["domain"]) for t in found["results"]] == [("API사용여부", "API_USE_YN", "여부C1")]
    assert found["edition"] == 2


def test_bad_rows_are_reported_and_left_out(cli, tmp_path):
    def spoil(name, rows):
        if name == "terms":
            rows[1][5] = ""  # API사용여부 without a domain: sheet row 3
        return rows

    code, out = run(cli, "import-standards", sample_xlsx(tmp_path / "std.xlsx", spoil))
    assert code == 0, out
    assert "[term] row 3: missing value: domain" in out
    assert "1 bad rows left out" in out
    assert counts()["term"] == 14


def test_new_edition_updates_and_an_older_one_is_refused(cli, tmp_path):
    assert run(cli, "import-standards", SAMPLE)[0] == 0

    def third_edition(name, rows):
        if name == "terms":
            rows[1][1] = "제3차"
            rows[1][3] = "API를 쓰는지 여부 (개정)"
            del rows[2]  # 시설명 withdrawn
        return rows

    code, out = run(cli, "import-standards", sample_xlsx(tmp_path / "third.xlsx", third_edition))
    assert code == 0, out
    assert "edition 3: " in out and "term +0 ~1 -1 =13" in out
    term = tk.get_action("busan_standard_term_search")({}, {"q": "API사용여부"})["results"][0]
    assert (term["edition"], term["description"]) == ("제3차", "API를 쓰는지 여부 (개정)")
    code, out = run(cli, "import-standards", SAMPLE)
    assert code != 0 and "edition 2 is older than the imported edition 3" in out


def test_unknown_sheet_is_refused_with_a_clear_message(cli, tmp_path):
    bad = tmp_path / "terms.csv"
    header = [h for h in sample_rows("terms")[0] if h != "허용값"]
    bad.write_text(",".join(header) + "\n", encoding="cp949")
    code, out = run(cli, "import-standards", bad)
    assert code != 0 and "lacks the columns 허용값" in out


def test_name_checks_through_the_api(cli, app):
    run(cli, "import-standards", SAMPLE)
    result = app.get(
        "/api/action/busan_compliance_check", query_string={"names": "API사용여부,개방유무,시설위치,FCLT_OPN_YN"}
    )
    body = result.json["result"]
    assert [r["outcome"] for r in body["results"]] == ["exact", "forbidden", "non_standard", "composed"]
    assert body["results"][1]["replacement"] == "개방여부"
    assert body["compliance_rate"] == 0.5
    missing = app.get("/api/action/busan_compliance_check", status=409)
    assert missing.json["error"]["names"]
