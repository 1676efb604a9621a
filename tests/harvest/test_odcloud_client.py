"""The catalog API client (ckanext/busan/harvesters/odcloud.py) against the local fake data.go.kr."""

from __future__ import annotations

import json
import logging
import math
import traceback
from urllib.parse import quote, quote_plus

import pytest
import requests

from ckanext.busan.harvesters.odcloud import CatalogClient, CatalogError, QuotaExceeded, SourceFault

from .fake_datagokr import ENDPOINT_LIST_TYPES, error_envelope, make_records, serve

pytestmark = pytest.mark.pure

KEY = "ab+cd/ef=="  # data.go.kr keys carry + / =
KEY_FORMS = {KEY, quote_plus(KEY), quote(KEY, safe=""), quote(KEY), quote_plus(KEY).lower(), "ab cd/ef=="}
PER_PAGE = 10


def assert_no_key(text: str) -> None:
    for form in KEY_FORMS:
        assert form not in text, f"the API key ({form}) leaked into: {text}"


@pytest.fixture(scope="module")
def records():
    return make_records(87, seed=11)


@pytest.fixture
def fake(records):
    with serve(records, api_key=KEY) as server:
        server.timeout_delay = 1.0
        yield server
        # whatever a test did, the server's log holds no key
        assert_no_key(json.dumps(server.requests, ensure_ascii=False))


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(fake, key: str = KEY, **options) -> CatalogClient:
    options = {"per_page": PER_PAGE, "timeout": 0.3, "retries": 2, "backoff": 0.5, "sleep": Sleeps(), **options}
    return CatalogClient(fake.base_url, key, **options)


def ids(records) -> list[str]:
    return [r["id"] for r in records]


def of_type(records, endpoint: str) -> list[dict]:
    return [r for r in records if r["list_type"] == ENDPOINT_LIST_TYPES[endpoint]]


def failure(fn) -> CatalogError:
    with pytest.raises(CatalogError) as e:
        fn()
    error = e.value
    assert_no_key(str(error))
    assert_no_key(repr(error))
    assert_no_key("".join(traceback.format_exception(error)))
    return error


# ---------------------------------------------------------------- paging
@pytest.mark.parametrize("endpoint", ["file-data-list", "open-data-list", "standard-data-list"])
def test_pages_through_every_record_of_an_endpoint(fake, records, endpoint):
    expected = of_type(records, endpoint)
    got = list(client_for(fake).iter_records(endpoint))
    assert ids(got) == ids(expected)
    pages = [r["params"] for r in fake.requests]
    # the last page is known from totalCount: no extra request for an empty page
    assert [p["page"] for p in pages] == [str(i) for i in range(1, math.ceil(len(expected) / PER_PAGE) + 1)]
    assert all(p["perPage"] == str(PER_PAGE) and p["serviceKey"] == "***" for p in pages)
    assert all(r["path"] == f"/api/15077093/v1/{endpoint}" and r["status"] == 200 for r in fake.requests)


def test_the_dataset_endpoint_lists_everything(fake, records):
    assert ids(client_for(fake, per_page=500).iter_records("dataset")) == ids(records)
    assert len(fake.requests) == 1


def test_filtering_by_agency_pages_by_match_count(fake, records):
    codes = ["3330000", "B551542", "3330000"]  # a repeated code is read once
    got = list(client_for(fake).iter_records("dataset", org_codes=codes))
    expected = [r for c in ("3330000", "B551542") for r in records if r["org_cd"] == c]
    assert ids(got) == ids(expected)
    for code in ("3330000", "B551542"):
        sent = [r["params"] for r in fake.requests if r["params"].get("cond[org_cd::EQ]") == code]
        matching = sum(r["org_cd"] == code for r in records)
        # matchCount, not totalCount (87), decides the number of pages
        assert len(sent) == math.ceil(matching / PER_PAGE)
    assert len(fake.requests) < math.ceil(len(records) / PER_PAGE) * 2


def test_an_agency_without_records_costs_one_request(fake):
    assert list(client_for(fake).iter_records("file-data-list", org_codes=["9999999"])) == []
    assert len(fake.requests) == 1


def test_filtering_by_change_date(fake, records):
    since = "2024-06-01"
    got = list(client_for(fake).iter_records("file-data-list", updated_since=since))
    expected = [r for r in of_type(records, "file-data-list") if r["updated_at"][:10] >= since]
    assert ids(got) == ids(expected) and expected
    assert {r["params"]["cond[updated_at::GTE]"] for r in fake.requests} == {since}


def test_a_page_with_one_record_as_an_object(fake, records):
    fake.single_object_pages = True
    everything = ids(records)
    got = list(client_for(fake, per_page=len(records) - 1).iter_records("dataset"))
    assert ids(got) == everything  # the second page holds one record, sent as an object


def test_records_repeated_across_pages_are_yielded_once(fake, records):
    fake.duplicate_ids = True
    got = ids(client_for(fake).iter_records("dataset"))
    assert got == ids(records)
    assert len(fake.requests) > math.ceil(len(records) / PER_PAGE)  # the repeats took extra pages


def test_a_key_in_encoded_form_works_as_well(fake, records):
    assert len(list(client_for(fake, key=quote(KEY, safe="")).iter_records("standard-data-list"))) == len(
        of_type(records, "standard-data-list")
    )


def test_the_fake_takes_the_key_in_the_authorization_header(fake):
    url = f"{fake.base_url}/dataset"
    assert requests.get(url, headers={"Authorization": f"Infuser {KEY}"}, timeout=5).status_code == 200
    assert requests.get(url, headers={"Authorization": "Infuser wrong"}, timeout=5).status_code == 401
    assert fake.requests[0]["authorization"] == "Infuser ***"


class StubSession:
    """Answers requests with canned pages (for answers the fake does not give)."""

    def __init__(self, *pages):
        self.pages = list(pages)
        self.calls: list[dict] = []

    def get(self, url, params=None, headers=None, timeout=None):
        self.calls.append(params)
        response = requests.Response()
        response.status_code = 200
        response._content = json.dumps(self.pages.pop(0)).encode()
        return response


def test_without_counts_paging_stops_at_an_empty_or_short_page():
    full = {"data": [{"id": f"r{i}"} for i in range(3)]}
    session = StubSession(full, {"data": [{"id": f"s{i}"} for i in range(3)]}, {"data": []})
    client = CatalogClient("https://api.example/v1", KEY, per_page=3, session=session)
    assert len(list(client.iter_records("dataset"))) == 6
    assert [c["page"] for c in session.calls] == [1, 2, 3]
    short = StubSession(full, {"data": [{"id": "t"}]})
    assert len(list(CatalogClient("https://api.example/v1", KEY, per_page=3, session=short).iter_records("x"))) == 4


def test_a_server_repeating_the_same_page_does_not_loop_forever():
    page = {"data": [{"id": "a"}, {"id": "b"}]}
    session = StubSession(*([page] * 5))
    assert ids(CatalogClient("https://x/v1", KEY, per_page=2, session=session).iter_records("dataset")) == ["a", "b"]
    assert len(session.calls) == 2


def test_an_empty_page_ends_paging_even_when_the_count_says_more():
    session = StubSession({"totalCount": 100, "data": [{"id": "a"}]}, {"totalCount": 100, "data": []})
    assert ids(CatalogClient("https://x/v1", KEY, per_page=1, session=session).iter_records("dataset")) == ["a"]


# ---------------------------------------------------------------- faults
def test_server_errors_are_retried_with_exponential_backoff(fake, records):
    fake.fail_next(2, status=502)
    client = client_for(fake)
    assert len(list(client.iter_records("dataset"))) == len(records)
    assert client.sleep == [0.5, 1.0]
    assert [r["status"] for r in fake.requests[:3]] == [502, 502, 200]


def test_persistent_server_errors_become_a_source_fault(fake):
    fake.fail_next(10, status=500)
    client = client_for(fake, retries=3)
    error = failure(lambda: list(client.iter_records("dataset")))
    assert isinstance(error, SourceFault) and "HTTP 500" in str(error) and "4 attempts" in str(error)
    assert len(fake.requests) == 4 and client.sleep == [0.5, 1.0, 2.0]


def test_a_slow_answer_is_retried(fake, records):
    fake.timeout_next(1)
    client = client_for(fake)
    assert len(list(client.iter_records("dataset"))) == len(records)
    assert client.sleep == [0.5]


def test_persistent_timeouts_become_a_source_fault(fake):
    fake.timeout_next(3)
    error = failure(lambda: list(client_for(fake, retries=2).iter_records("dataset")))
    assert isinstance(error, SourceFault) and "no answer within" in str(error)


def test_a_truncated_page_is_a_source_fault_without_retry(fake):
    fake.truncate_next_page()
    error = failure(lambda: list(client_for(fake).iter_records("dataset")))
    assert isinstance(error, SourceFault) and "not valid JSON" in str(error)
    assert len(fake.requests) == 1


def test_a_connection_dropped_mid_paging_is_a_source_fault_after_retries(fake):
    fake.die_after_page(2)
    client = client_for(fake)
    got = []
    with pytest.raises(SourceFault) as e:
        for record in client.iter_records("dataset"):
            got.append(record)
    assert len(got) == 2 * PER_PAGE  # the pages read before the failure were yielded
    assert "connection failed" in str(e.value) and "page=3" in str(e.value)
    assert len(fake.requests) == 2 + 3
    assert_no_key(str(e.value))


@pytest.mark.parametrize("fmt", ["xml", "json"])
@pytest.mark.parametrize("status", [429, 500, 200])
def test_the_quota_envelope_stops_cleanly(fake, fmt, status):
    fake.error_format = fmt
    fake.quota_after(2, status=status)
    client = client_for(fake)
    got = []
    with pytest.raises(QuotaExceeded) as e:
        for record in client.iter_records("dataset"):
            got.append(record)
    assert len(got) == 2 * PER_PAGE
    assert len(fake.requests) == 3 and client.sleep == []  # no retry
    assert "quota" in str(e.value)
    assert_no_key(str(e.value))


def test_http_429_alone_is_the_quota(fake):
    fake.respond_next(429, "Too Many Requests", "text/plain")
    error = failure(lambda: list(client_for(fake).iter_records("dataset")))
    assert isinstance(error, QuotaExceeded)


@pytest.mark.parametrize("fmt", ["xml", "json"])
def test_a_wrong_key_is_a_clear_error_without_retry(fake, fmt):
    fake.error_format = fmt
    client = client_for(fake, key="xy+zz/ww==")
    error = failure(lambda: list(client.iter_records("dataset")))
    assert type(error) is CatalogError
    assert "not registered" in str(error) and "SERVICE_KEY_IS_NOT_REGISTERED_ERROR" in str(error)
    assert "xy+zz/ww==" not in str(error) and quote_plus("xy+zz/ww==") not in str(error)
    assert len(fake.requests) == 1 and fake.requests[0]["status"] == 401


def test_odcloud_error_answers(fake):
    fake.respond_next(401, json.dumps({"code": -401, "msg": "유효하지 않은 인증키 입니다."}))
    error = failure(lambda: list(client_for(fake).iter_records("dataset")))
    assert type(error) is CatalogError and "유효하지 않은 인증키" in str(error)
    fake.respond_next(200, json.dumps({"code": -3, "msg": "서비스 처리 중 오류"}))
    error = failure(lambda: list(client_for(fake).iter_records("dataset")))
    assert isinstance(error, SourceFault)


def test_other_gateway_envelopes_are_source_faults(fake):
    body, ctype = error_envelope("99", "UNKNOWN_ERROR")
    fake.respond_next(200, body, ctype)
    assert isinstance(failure(lambda: list(client_for(fake).iter_records("dataset"))), SourceFault)
    body, ctype = error_envelope("31", "DEADLINE_HAS_EXPIRED_ERROR", "json")
    fake.respond_next(401, body, ctype)
    assert "expired" in str(failure(lambda: list(client_for(fake).iter_records("dataset"))))


def test_a_page_without_data_is_malformed(fake):
    fake.respond_next(200, json.dumps({"page": 1, "totalCount": 3}))
    assert isinstance(failure(lambda: list(client_for(fake).iter_records("dataset"))), SourceFault)


def test_an_unknown_endpoint_is_refused(fake):
    error = failure(lambda: list(client_for(fake).iter_records("no-such-list")))
    assert type(error) is CatalogError and "404" in str(error)
    with pytest.raises(CatalogError):
        list(client_for(fake).iter_records("../admin"))


def test_an_unreachable_server_is_a_source_fault():
    client = CatalogClient("http://127.0.0.1:9/api/15077093/v1", KEY, retries=1, sleep=Sleeps(), timeout=1)
    error = failure(lambda: list(client.iter_records("dataset")))
    assert isinstance(error, SourceFault)


# ---------------------------------------------------------------- the key stays secret
def test_redact_hides_every_form_of_the_key():
    client = CatalogClient("https://api.odcloud.kr/api/15077093/v1", KEY)
    text = " | ".join(
        [
            KEY,
            f"https://api.odcloud.kr/x?page=1&serviceKey={quote_plus(KEY)}&perPage=2",
            quote(KEY, safe="").lower(),
            "serviceKey=some-other-key",
            "Authorization: Infuser some-other-key",
        ]
    )
    redacted = client.redact(text)
    assert_no_key(redacted)
    assert "some-other-key" not in redacted
    assert "page=1" in redacted and "perPage=2" in redacted
    assert_no_key(repr(client))


def test_no_log_line_shows_the_key(fake, caplog, monkeypatch):
    caplog.set_level(logging.DEBUG)
    # CKAN's logging configuration (test.ini, fileConfig) sets levels of its own and disables
    # loggers that existed before it was read: turn them back on for this test.
    for name in ("ckanext", "ckanext.busan.harvesters.odcloud", "urllib3", "urllib3.connectionpool", "requests"):
        caplog.set_level(logging.DEBUG, logger=name)
        monkeypatch.setattr(logging.getLogger(name), "disabled", False)
    fake.fail_next(1)
    fake.timeout_next(1)
    client = client_for(fake)
    list(client.iter_records("dataset", org_codes=["6260000"]))
    fake.truncate_next_page()
    with pytest.raises(SourceFault):
        list(client.iter_records("dataset"))
    assert "serviceKey=***" in caplog.text or "retry" in caplog.text
    assert_no_key(caplog.text)


def test_a_record_that_mentions_the_envelope_is_no_error():
    page = {"totalCount": 1, "data": [{"id": "a", "desc": "오류 시 OpenAPI_ServiceResponse 반환"}]}
    client = CatalogClient("https://x/v1", KEY, session=StubSession(page))
    assert ids(client.iter_records("dataset")) == ["a"]
