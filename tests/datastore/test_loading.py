"""Korean tables loaded through the real queue and worker: CP949 with UHC-only syllables and
long Hangul headers, XLSX, typed columns, and a broken file reported in Korean."""

from __future__ import annotations

import io
import random
import unicodedata

import ckan.plugins.toolkit as tk
import openpyxl
import pytest

from .conftest import act, new_dataset, upload, wait_for_load

ROWS = 100_000
# 30 syllables each; the first 21 (63 bytes) are the same, so shortening must keep them apart.
LONG_A = "부산광역시해운대구해수욕장방문객수월별통계자료집계결과값합계"
LONG_B = LONG_A[:27] + "관측일"
assert len(LONG_A) == len(LONG_B) == 30 and LONG_A[:21] == LONG_B[:21]
NAMES = ["똠방각하", "햏자", "해운대", "광안리", "송정"]


def cp949_csv(rows: int) -> bytes:
    rng = random.Random(13)
    lines = [f"구분,{LONG_A},{LONG_B},코드"]
    for i in range(rows):
        visitors = rng.randint(1, 9_999_999)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        lines.append(f'{NAMES[i % 5]},"{visitors:,}",2024년 {month}월 {day}일,{i % 1000:03d}')
    return ("\r\n".join(lines) + "\r\n").encode("cp949")


def loaded(worker, publisher: dict, data: bytes, filename: str) -> tuple[dict, dict]:
    """(dataset, resource) of an upload that the worker loaded completely."""
    dataset = new_dataset(publisher)
    resource = upload(publisher, dataset, data, filename)
    status = wait_for_load(resource["id"], worker)
    assert status["state"] == "complete", status["error"]
    return dataset, resource


def primary_key(resource_id: str) -> list[str]:
    """The DataStore table's primary key columns (the load drops it while rows go in)."""
    import sqlalchemy as sa

    engine = sa.create_engine(tk.config["ckan.datastore.write_url"])
    try:
        with engine.connect() as conn:
            return list(
                conn.execute(
                    sa.text(
                        "SELECT a.attname FROM pg_index x JOIN pg_attribute a ON a.attrelid = x.indrelid"
                        " AND a.attnum = ANY(x.indkey) WHERE x.indrelid = CAST(:t AS regclass) AND x.indisprimary"
                    ),
                    {"t": f'"{resource_id}"'},
                ).scalars()
            )
    finally:
        engine.dispose()


def column_types(publisher: dict, resource: dict) -> list[tuple[str, str]]:
    return [(f["id"], f["type"]) for f in act("datastore_info", publisher["user"], id=resource["id"])["fields"]]


def unqueued_resource(publisher: dict, tmp_path, text: str) -> tuple[dict, dict, str]:
    """(dataset, resource, file) for a load run in this process: a link resource that nothing
    queues (format DAT) and a CP949 file to load into it."""
    dataset = new_dataset(publisher)
    resource = act(
        "resource_create", publisher["user"], package_id=dataset["id"], url="http://x.invalid/t.dat", format="DAT"
    )
    source = tmp_path / "t.csv"
    source.write_bytes(text.encode("cp949"))
    return dataset, resource, str(source)


def test_cp949_csv_loads_with_hangul_headers_and_typed_columns(worker, publisher):
    dataset = new_dataset(publisher)
    resource = upload(publisher, dataset, cp949_csv(ROWS), "visitors.csv")
    assert resource["encoding"] == "CP949"

    status = wait_for_load(resource["id"], worker)
    assert status["state"] == "complete", status["error"]
    assert "typed copy" in status["value"]["steps"]  # read and typed by Arrow, streamed by COPY
    assert primary_key(resource["id"]) == ["_id"]  # made again once the rows are in

    info = act("datastore_info", publisher["user"], id=resource["id"])
    fields = {f["id"]: f for f in info["fields"]}
    ids = list(fields)
    assert ids[0] == "구분" and ids[-1] == "코드"
    long_a, long_b = ids[1], ids[2]
    assert long_a != long_b and long_a.startswith(LONG_A[:20]) and long_b.startswith(LONG_B[:19])
    assert all(len(name.encode()) <= 63 for name in ids)
    # the full headers stay in the data dictionary
    assert fields[long_a]["info"]["label"] == LONG_A and fields[long_b]["info"]["label"] == LONG_B
    assert [fields[i]["type"] for i in ids] == ["text", "numeric", "date", "text"]
    assert info["meta"]["count"] == ROWS

    found = act("datastore_search", None, resource_id=resource["id"], filters={"구분": "똠방각하"}, limit=3)
    assert found["total"] == ROWS // 5
    record = found["records"][0]
    assert record["구분"] == "똠방각하"
    assert isinstance(record[long_a], int | float) or str(record[long_a]).isdigit()
    assert len(record[long_b]) >= 10 and record[long_b][:4] == "2024"  # a date, not Korean text
    assert len(record["코드"]) == 3  # codes keep their leading zeros

    sql = act(
        "datastore_search_sql",
        None,
        sql=f'SELECT count(*) AS n FROM "{resource["id"]}" WHERE "구분" = \'햏자\' AND "{long_a}" > 0',
    )
    assert int(sql["records"][0]["n"]) == ROWS // 5


def test_xlsx_with_korean_headers_loads_typed(worker, publisher):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["측정소", "미세먼지(㎍/㎥)", "측정일", "비고"])
    for i in range(250):
        sheet.append(
            [["연산동", "광복동", "좌동"][i % 3], 10 + i % 40, f"2024-03-{i % 28 + 1:02d}", "정상" if i % 2 else None]
        )
    buffer = io.BytesIO()
    book.save(buffer)
    _dataset, resource = loaded(worker, publisher, buffer.getvalue(), "air_quality.xlsx")
    assert column_types(publisher, resource) == [
        ("측정소", "text"),
        ("미세먼지(㎍/㎥)", "numeric"),
        ("측정일", "date"),
        ("비고", "text"),
    ]
    assert act("datastore_info", publisher["user"], id=resource["id"])["meta"]["count"] == 250
    rows = act("datastore_search", None, resource_id=resource["id"], filters={"측정소": "좌동"})
    assert rows["total"] == 83 and rows["records"][0]["측정소"] == "좌동"


@pytest.mark.parametrize(
    ("data", "filename", "words"),
    [
        ("구분,방문객수\n해운대,1\n광안리,2,3,4\n".encode("cp949"), "shifted.csv", "3행"),
        (b"PK\x03\x04 not really a workbook", "broken.xlsx", "XLSX"),
    ],
)
def test_a_broken_file_is_reported_in_korean_on_the_resource_page(worker, publisher, app, data, filename, words):
    dataset = new_dataset(publisher)
    resource = upload(publisher, dataset, data, filename)
    status = wait_for_load(resource["id"], worker)
    assert status["state"] == "error"

    page = app.get(
        f"/dataset/{dataset['name']}/resource/{resource['id']}", headers={"Authorization": publisher["token"]}
    )
    assert page.status_code == 200
    assert "데이터 API로 불러오지 못했습니다" in page.body
    assert words in page.body
    # xloader's own DataStore tab shows the message as stored: in the site's language
    auth = {"Authorization": publisher["token"]}
    tab = app.get(f"/dataset/{dataset['name']}/resource_data/{resource['id']}", headers=auth)
    assert tab.status_code == 200 and words in tab.body
    assert "Row 3 has" not in tab.body and "cannot be read as an Excel" not in tab.body


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("http://127.0.0.1:5433/table.csv", "허용된 호스트 목록에 없습니다"),
        ("http://files.example.org/table.csv", "허용된 호스트 목록에 없습니다"),
    ],
)
def test_a_linked_file_off_the_allow_list_is_never_fetched(worker, publisher, app, url, words):
    dataset = new_dataset(publisher)
    resource = act("resource_create", publisher["user"], package_id=dataset["id"], url=url, format="CSV", name="표")
    status = wait_for_load(resource["id"], worker)
    assert status["state"] == "error"
    page = app.get(
        f"/dataset/{dataset['name']}/resource/{resource['id']}", headers={"Authorization": publisher["token"]}
    )
    assert words in page.body


STOPS_CP949 = '정류소명,승차인원\n부산역,"1,234"\n서면,56\n'.encode("cp949")


def _xlsx_bytes() -> bytes:
    book = openpyxl.Workbook()
    book.active.append(["측정소", "농도"])
    for i in range(30):
        book.active.append([["연산동", "광복동", "좌동"][i % 3], 10 + i])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "data", "file_format", "stored"),
    [
        ("대기질.xlsx", None, "XLSX", "daegijil.xlsx"),
        ("버스 정류소.csv", STOPS_CP949, "CSV", "beoseu-jeongryuso.csv"),
    ],
)
def test_a_hangul_only_file_name_gets_its_format_and_loads(worker, publisher, filename, data, file_format, stored):
    dataset = new_dataset(publisher)
    resource = upload(publisher, dataset, data or _xlsx_bytes(), filename)
    assert resource["format"] == file_format
    assert resource["url"].endswith("/" + stored)  # CKAN's ASCII-only file names kept nothing of it before

    status = wait_for_load(resource["id"], worker)
    assert status["state"] == "complete", status["error"]
    info = act("datastore_info", publisher["user"], id=resource["id"])
    assert [f["type"] for f in info["fields"]] == ["text", "numeric"]
    assert info["meta"]["count"] == (30 if file_format == "XLSX" else 2)


def test_quotes_inside_unquoted_values_are_read_as_python_reads_them(worker, publisher):
    # PostgreSQL's CSV reader would open a quoted section at 55" and join the next line to it
    data = '품목,규격,수량\n모니터,"27"" 화면",3\nTV,55" 화면,2\nTV,65" 화면,"1,000"\n'.encode("cp949")
    _dataset, resource = loaded(worker, publisher, data, "tv.csv")
    rows = act("datastore_search", None, resource_id=resource["id"], sort="_id")["records"]
    assert [(r["품목"], r["규격"], float(r["수량"])) for r in rows] == [
        ("모니터", '27" 화면', 3),
        ("TV", '55" 화면', 2),
        ("TV", '65" 화면', 1000),
    ]


def test_a_value_past_the_sample_that_breaks_its_column_type_makes_the_column_text(worker, publisher):
    # the first 10,000 rows (the sample) look numeric and date; further down they are not
    lines = ["구분,방문객수,측정일,기온"]
    lines += [f'해운대,"{1000 + i:,}",2024년 1월 {i % 28 + 1}일,{i % 30}.5' for i in range(10_000)]
    lines += ['광안리,"1,23",2024년 2월 30일,7', '송정,"12,345",2024년 3월 1일,-3.5']
    dataset = new_dataset(publisher)
    resource = upload(publisher, dataset, ("\n".join(lines) + "\n").encode("cp949"), "late.csv")
    status = wait_for_load(resource["id"], worker)
    assert status["state"] == "complete", status["error"]
    assert "checked insert" in status["value"]["steps"]  # typed in PostgreSQL over whole columns
    assert column_types(publisher, resource) == [
        ("구분", "text"),
        ("방문객수", "text"),
        ("측정일", "text"),
        ("기온", "numeric"),
    ]
    assert act("datastore_info", publisher["user"], id=resource["id"])["meta"]["count"] == 10_002
    rows = act("datastore_search", None, resource_id=resource["id"], filters={"구분": ["광안리", "송정"]}, sort="_id")
    assert [(r["방문객수"], r["측정일"], float(r["기온"])) for r in rows["records"]] == [
        ("1,23", "2024년 2월 30일", 7.0),
        ("12,345", "2024년 3월 1일", -3.5),
    ]
    # full-text search works once the load is complete
    assert act("datastore_search", None, resource_id=resource["id"], q="광안리")["total"] == 1


def test_while_its_full_text_is_indexed_the_page_says_the_table_already_answers(worker, publisher, app):
    from ckanext.busan.datastore.jobs import set_status

    dataset, resource = loaded(worker, publisher, "구분,방문객수\n해운대,1\n".encode("cp949"), "small.csv")
    page_url = f"/dataset/{dataset['name']}/resource/{resource['id']}"
    assert "행 전체 검색은 잠시 후" not in app.get(page_url).body

    # the moment between the typed rows and the full-text index (set as the job sets it)
    set_status(resource["id"], "running", {"stage": "indexing", "rows": 1, "served": 0.1})
    page = app.get(page_url).body
    assert "표와 데이터 API, 내려받기는 바로 이용할 수 있습니다" in page
    assert "이 파일로 데이터 API를 준비하고 있습니다" not in page
    assert "/datastore/dump/" in page  # the downloads are offered already


@pytest.mark.usefixtures("clean_datastore")
def test_a_table_that_cannot_be_indexed_stays_served_and_says_why(publisher, app, tmp_path, monkeypatch):
    # the load run in this process (as the worker runs it), with the index step failing
    from ckanext.busan.datastore import jobs
    from ckanext.busan.datastore.table import TableError

    dataset, resource, source = unqueued_resource(publisher, tmp_path, '구분,방문객수\n해운대,"1,234"\n')

    def broken(*args, **kwargs):
        raise RuntimeError("no space left for the index")

    monkeypatch.setattr(jobs, "complete", broken)
    with pytest.raises(TableError) as raised:
        jobs._load(resource, source, "CP949")
    assert "full-text search or indexes could not be made" in raised.value.message
    # the typed rows answer all the same
    found = act("datastore_search", None, resource_id=resource["id"], filters={"구분": "해운대"})
    assert found["records"][0]["방문객수"] == 1234
    jobs.set_status(resource["id"], "error", {}, jobs.error_payload(raised.value))
    page = app.get(
        f"/dataset/{dataset['name']}/resource/{resource['id']}", headers={"Authorization": publisher["token"]}
    ).body
    assert "표는 불러와 이용할 수 있지만, 행 전체 검색 또는 색인을 만들지 못했습니다" in page
    assert "데이터 API로 불러오지 못했습니다" not in page


@pytest.mark.usefixtures("clean_datastore")
def test_a_data_dictionary_edit_while_the_table_is_indexed_does_not_break_the_load(publisher, tmp_path, monkeypatch):
    # the load run in this process; a publisher saves the data dictionary in the indexing window
    from ckanext.busan.datastore import jobs

    _dataset, resource, source = unqueued_resource(publisher, tmp_path, '구분,방문객수\n해운대,"1,234"\n광안리,5\n')
    complete = jobs.complete

    def edited_then_complete(engine, table, *args, **kwargs):
        fields = [{"id": "구분", "info": {"notes": "해수욕장 이름"}}, {"id": "방문객수", "type": "numeric"}]
        act("datastore_create", publisher["user"], resource_id=table, fields=fields, force=True)
        return complete(engine, table, *args, **kwargs)

    monkeypatch.setattr(jobs, "complete", edited_then_complete)
    assert jobs._load(resource, source, "CP949")["rows"] == 2
    assert act("datastore_search", None, resource_id=resource["id"], q="광안리")["total"] == 1
    info = act("datastore_info", publisher["user"], id=resource["id"])
    assert info["fields"][0]["info"]["notes"] == "해수욕장 이름"
    assert primary_key(resource["id"]) == ["_id"]


@pytest.mark.usefixtures("clean_datastore")
def test_a_column_empty_in_the_sample_is_typed_by_its_later_values(publisher, tmp_path):
    # the sample (10,000 rows) has no value in 측정값 and 비고; 측정값 has numbers further down
    from ckanext.busan.datastore import jobs

    lines = ["구분,측정값,비고"] + [f"해운대{i},," for i in range(10_000)] + ['광안리,"1,234",', "송정,-5,"]
    _dataset, resource, source = unqueued_resource(publisher, tmp_path, "\n".join(lines) + "\n")
    assert jobs._load(resource, source, "CP949")["rows"] == 10_002
    assert column_types(publisher, resource) == [("구분", "text"), ("측정값", "numeric"), ("비고", "text")]
    found = act("datastore_search", None, resource_id=resource["id"], filters={"구분": ["광안리", "송정"]}, sort="_id")
    assert [r["측정값"] for r in found["records"]] == [1234, -5]


def test_odd_cells_load_as_the_rules_read_them(worker, publisher):
    # NFD Hangul (macOS), numbers padded with a no-break or ideographic space, a blank line
    nfd = unicodedata.normalize("NFD", "해운대")
    text = f'구분,방문객수\n{nfd},"\u00a01,234"\n\n광안리,\u300056\u3000\n송정,\n'
    _dataset, resource = loaded(worker, publisher, text.encode("utf-8"), "odd.csv")
    assert column_types(publisher, resource) == [("구분", "text"), ("방문객수", "numeric")]
    rows = act("datastore_search", None, resource_id=resource["id"], sort="_id")["records"]
    assert [(r["구분"], r["방문객수"]) for r in rows] == [("해운대", 1234), ("광안리", 56), ("송정", None)]
    assert act("datastore_search", None, resource_id=resource["id"], filters={"구분": "해운대"})["total"] == 1


@pytest.mark.usefixtures("clean_datastore")
def test_a_file_with_only_its_header_changes_nothing_and_says_so(publisher, tmp_path):
    from ckanext.busan.datastore import jobs
    from ckanext.busan.datastore.table import TableError

    _dataset, resource, source = unqueued_resource(publisher, tmp_path, "구분,방문객수\n\n")
    with pytest.raises(TableError) as raised:
        jobs._load(resource, source, "CP949")
    assert raised.value.message == "The file has a header row but no data rows."
    with pytest.raises(tk.ObjectNotFound):  # no empty table left behind
        act("datastore_search", None, resource_id=resource["id"])


@pytest.mark.usefixtures("clean_datastore")
def test_an_impossible_date_past_the_sample_makes_the_column_text(publisher, tmp_path):
    # Arrow reads the shape; PostgreSQL refuses 29 February 2023 as the rules do
    from ckanext.busan.datastore import jobs

    lines = ["구분,측정일"] + [f"해운대,2024년 1월 {i % 28 + 1}일" for i in range(10_000)] + ["광안리,2023년 2월 29일"]
    _dataset, resource, source = unqueued_resource(publisher, tmp_path, "\n".join(lines) + "\n")
    loaded = jobs._load(resource, source, "CP949")
    assert loaded["rows"] == 10_001 and "checked insert" in loaded["steps"]
    assert column_types(publisher, resource) == [("구분", "text"), ("측정일", "text")]
    found = act("datastore_search", None, resource_id=resource["id"], filters={"구분": "광안리"})
    assert found["records"][0]["측정일"] == "2023년 2월 29일"


@pytest.mark.usefixtures("clean_datastore")
@pytest.mark.parametrize("failure", ["a COPY refuses a row", "the rows stop coming"])
def test_a_streamed_copy_that_fails_stops_every_copy_and_says_why(failure):
    import psycopg2
    import sqlalchemy as sa

    from ckanext.busan.datastore.load import stream_copy

    engine = sa.create_engine(tk.config["ckan.datastore.write_url"])
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE TABLE "streamed" (_id int, "일자" date)'))
    good = "".join(f"{i},2024-1-1\n" for i in range(1, 5001)).encode()

    def chunks():
        for _ in range(20):  # more chunks than the queue holds: both COPYs are busy
            yield good
        if failure == "a COPY refuses a row":
            yield b"5001,2023-2-29\n"
            yield from [good] * 20
        else:
            raise RuntimeError("the file went away")

    expected = psycopg2.DataError if failure == "a COPY refuses a row" else RuntimeError
    with pytest.raises(expected):
        stream_copy(engine, "streamed", [{"id": "일자"}], chunks(), workers=2)
    engine.dispose()
